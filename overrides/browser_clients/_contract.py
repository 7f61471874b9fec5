"""The vendor contract: what each vendor's adapter module provides, and the one way to load it.

A vendor lives in ``_vendors/<vendor>/``: ``adapter.py`` implements VendorModule (mypy checks it there, at the
bottom of the module), ``surfaces.py`` its typed surface, ``options.py`` the TypedDict of its run() options.
``_vendor.ADAPTERS`` names each vendor's adapter; a vendor with none is an error, never another vendor's adapter.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from browser_clients._errors import ConfigurationError, InvalidArgumentError
from browser_clients._vendor import ADAPTERS, Vendor

if TYPE_CHECKING:
    import httpx

    from browser_clients._active import ActiveSource
    from browser_clients._call import Call
    from browser_clients._results import StopResult
    from browser_clients._snapshot import Handle, Snapshot, TaskResults


@runtime_checkable
class VendorModule(Protocol):
    """What a vendor's adapter module provides to the facade."""

    @property
    def VENDOR(self) -> Vendor:
        """The vendor this module speaks to."""

    @property
    def OPTIONS(self) -> type[Any]:
        """The TypedDict of the options run() takes on this vendor."""

    def default_base_url(self) -> str:
        """Return the first server of the vendor's document."""

    def document_version(self) -> str:
        """Return the version (``info.version``) of the document the vendor's package was generated from."""

    def auth(self, token: str, /) -> httpx.Auth:
        """Return the auth the document's security scheme describes."""

    def stop_call(self, id: str | uuid.UUID, strategy: Any, /) -> Call[StopResult]:
        """Describe stop(): a 2xx answer is a stop that happened, whatever its body."""

    def run_call(self, task: str, options: Mapping[str, Any], /) -> Call[Handle]:
        """Describe run(): start ``task`` with run()'s vendor options."""

    def get_call(self, id: str, /) -> Call[Snapshot]:
        """Describe get(): read where the work is."""

    def results_call(self, id: str, /) -> Call[TaskResults]:
        """Describe results(), or raise InvalidArgumentError when the vendor reports no step results."""


@runtime_checkable
class ListsActiveWork(Protocol):
    """An optional capability: a module that lists a vendor's active work, so that stop_all() can stop it all.

    The vendor's adapter names that module in ``LISTS_ACTIVE_WORK`` (a module path, imported on first use); the
    module ends with ``_LISTS: ListsActiveWork = _this`` (mypy checks it there). An adapter without one may say
    why in ``NOT_LISTED``, the message active() and stop_all() raise for it.
    """

    def active_sources(self) -> Sequence[ActiveSource]:
        """Return where each kind of the vendor's active work is listed, and how each piece is stopped."""


_LOADED: dict[Vendor | str, VendorModule] = {}
"""Each adapter loaded, by its Vendor (which its exact value finds too)."""


def adapter(vendor: Vendor) -> VendorModule:
    """Return the adapter module of ``vendor`` (imported on first use); raise ConfigurationError when it has none."""
    found = _LOADED.get(vendor)
    if found is not None:
        return found
    name = ADAPTERS.get(vendor)
    if name is None:
        raise ConfigurationError(f"no adapter is registered for vendor {vendor!r} (see _vendor.ADAPTERS)")
    module = importlib.import_module(name)
    if not isinstance(module, VendorModule):
        missing = sorted(m for m in _MEMBERS if not hasattr(module, m))
        raise ConfigurationError(f"{name} does not implement the vendor contract: it lacks {', '.join(missing)}")
    found = _LOADED[vendor] = cast("VendorModule", module)
    return found


def adapter_named(vendor: Vendor | str) -> VendorModule:
    """Return the adapter of ``vendor``, a Vendor or any name Vendor.parse takes: one lookup once it is loaded."""
    # A Vendor is a StrEnum: its exact value finds it in _LOADED too (equal, and hashed alike).
    found = _LOADED.get(vendor) if type(vendor) is str or type(vendor) is Vendor else None
    return found if found is not None else adapter(Vendor.parse(vendor))


def lister(vendor: Vendor) -> ListsActiveWork:
    """Return the module that lists ``vendor``'s active work; raise InvalidArgumentError when it has none."""
    module = adapter(vendor)
    name = getattr(module, "LISTS_ACTIVE_WORK", None)
    if not isinstance(name, str):
        reason = getattr(module, "NOT_LISTED", f"{vendor.value} publishes no way to list its work")
        raise InvalidArgumentError(
            f"{reason}: stop its work by id with stop_many(), or from a shell with "
            f"`browser-clients stop {vendor.value} --from-file ids.txt`"
        )
    found = importlib.import_module(name)
    if not isinstance(found, ListsActiveWork):
        raise ConfigurationError(f"{name} does not implement ListsActiveWork: it lacks active_sources")
    return cast("ListsActiveWork", found)


def document_versions() -> Mapping[str, str]:
    """Return each vendor's name and the ``info.version`` of the document its generated package was made from."""
    return MappingProxyType({vendor.value: adapter(vendor).document_version() for vendor in Vendor})


_MEMBERS = (
    "VENDOR",
    "OPTIONS",
    "default_base_url",
    "document_version",
    "auth",
    "stop_call",
    "run_call",
    "get_call",
    "results_call",
)
