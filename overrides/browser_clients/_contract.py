"""The vendor contract: the vendor APIs the facade speaks to, what each one's adapter provides, and how it loads.

``Vendor`` and ``ADAPTERS`` are the facade's table of vendor APIs: one member and one line each, checked against
the generator's registry by tests/structure/test_registry.py, so no vendor can be left out here.

A vendor API lives in ``_vendors/<vendor>/``; its ``adapter.py`` implements VendorModule and ends with the
``_CONTRACT: VendorModule = _this`` check mypy runs. Every facade operation is ``Steps`` (``_engine``): a
generator of the requests it takes, so an operation may need several (a stop that finds the work on another API
of the account). Two parts are optional:

- ``base_url_from(configured)``: the API's base URL derived from another API's, when only that one is set;
- listing active work (``ListsActiveWork``): ``active_sources()``, which lets active(), stop_all() and
  ``stop --all-active`` find the vendor's work. An adapter without it may say why in ``NOT_LISTED``.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from browser_clients._errors import BrowserClientError, ConfigurationError, InvalidArgumentError, NotFoundError

if TYPE_CHECKING:
    from browser_clients._engine import Call, Steps
    from browser_clients._pages import Walk
    from browser_clients._types import ActiveWork, Handle, Snapshot, StopResult, TaskResults, WorkKind


class Vendor(StrEnum):
    """A vendor API; its value is the name the command line and ``stop("browser-use", ...)`` accept."""

    BROWSERAI = "browserai"
    BROWSER_USE = "browser-use"
    BROWSER_USE_V4 = "browser-use-v4"

    @classmethod
    def parse(cls, value: Vendor | str) -> Vendor:
        """Return the vendor named ``value`` (case and ``_``/``-`` insensitive) or raise ConfigurationError."""
        if isinstance(value, Vendor):
            return value
        key = str(value).strip().lower().replace("_", "-")
        for vendor in cls:
            if key in (vendor.value, vendor.value.replace("-", "")):
                return vendor
        known = ", ".join(v.value for v in cls)
        raise ConfigurationError(f"unknown vendor {value!r}: expected one of {known}")


ADAPTERS: Mapping[Vendor, str] = MappingProxyType(
    {
        Vendor.BROWSERAI: "browser_clients._vendors.browserai.adapter",
        Vendor.BROWSER_USE: "browser_clients._vendors.browser_use.adapter",
        Vendor.BROWSER_USE_V4: "browser_clients._vendors.browser_use_v4.adapter",
    }
)
"""The module that speaks to each vendor API (its adapter): imported on first use of that vendor."""


@runtime_checkable
class VendorModule(Protocol):
    """What a vendor API's adapter module provides to the facade."""

    @property
    def VENDOR(self) -> Vendor:
        """The vendor API this module speaks to."""

    @property
    def ACCOUNT(self) -> str:
        """The account the API belongs to: whose key it takes and whose rate limit it shares (its vendor's name,
        or that of the API whose account it shares)."""

    @property
    def OPTIONS(self) -> type[Any]:
        """The TypedDict of the options run() takes on this vendor."""

    def default_base_url(self) -> str:
        """Return the first server of the vendor's document."""

    def document_version(self) -> str:
        """Return the version (``info.version``) of the document the vendor's package was generated from."""

    def auth_headers(self, key: str, /) -> Mapping[str, str]:
        """Return the headers that carry ``key``, as the document's security scheme says."""

    def stop(self, id: str | uuid.UUID, strategy: Any, /) -> Steps[StopResult[Any]]:
        """Describe stop(): a 2xx answer is a stop that happened, whatever its body."""

    def run(self, task: str, options: Mapping[str, Any], /) -> Steps[Handle[Any]]:
        """Describe run(): start ``task`` with run()'s vendor options."""

    def get(self, id: str, /) -> Steps[Snapshot[Any]]:
        """Describe get(): read where the work is."""

    def results(self, id: str, /) -> Steps[TaskResults[Any]]:
        """Describe results(), or raise InvalidArgumentError when the vendor reports no results of its own."""


@dataclass(frozen=True)
class ActiveSource:
    """Where one kind of a vendor's active work is listed, and how each piece of it is stopped.

    ``walks`` starts a walk through the list (``_pages``: each call walks anew); ``read`` returns a listed item as
    ActiveWork, or None when it is not active; ``stop`` describes the stop of one piece (a 2xx is a stop that
    happened); ``cost`` reads the cost a stop answer reports. ``after`` names the kinds whose stops must all be
    over before this kind's begin (a run is cancelled only once the messages queued behind it are); ``gone``
    the errors of a stop that mean the work had already ended (a 404, and whatever else the vendor answers).
    """

    vendor: Vendor
    kind: WorkKind
    walks: Callable[[], Walk[Any]]
    read: Callable[[Any], ActiveWork | None]
    stop: Callable[[ActiveWork], Call[StopResult[Any]]]
    cost: Callable[[StopResult[Any]], Decimal | None]
    after: tuple[WorkKind, ...] = ()
    gone: tuple[type[BrowserClientError], ...] = (NotFoundError,)


@runtime_checkable
class ListsActiveWork(Protocol):
    """An optional capability of an adapter: it lists the vendor's active work, so stop_all() can stop it all."""

    def active_sources(self) -> Sequence[ActiveSource]:
        """Return where each kind of the vendor's active work is listed, and how each piece is stopped."""


_LOADED: dict[Vendor, VendorModule] = {}


def adapter(vendor: Vendor | str) -> VendorModule:
    """Return the adapter of ``vendor`` (imported on first use); raise ConfigurationError when it has none."""
    chosen = Vendor.parse(vendor)
    found = _LOADED.get(chosen)
    if found is not None:
        return found
    name = ADAPTERS.get(chosen)
    if name is None:
        raise ConfigurationError(f"no adapter is registered for vendor {chosen.value!r} (see _contract.ADAPTERS)")
    module = importlib.import_module(name)
    if not isinstance(module, VendorModule):
        missing = sorted(m for m in _MEMBERS if not hasattr(module, m))
        raise ConfigurationError(f"{name} does not implement the vendor contract: it lacks {', '.join(missing)}")
    found = _LOADED[chosen] = cast("VendorModule", module)
    return found


def account_of(vendor: Vendor | str) -> str:
    """Return the account ``vendor`` belongs to."""
    return adapter(vendor).ACCOUNT


def account_apis(vendor: Vendor | str) -> tuple[Vendor, ...]:
    """Return the vendor APIs of ``vendor``'s account: ``vendor`` first, then the others in registry order."""
    chosen = Vendor.parse(vendor)
    account = account_of(chosen)
    return (chosen, *(other for other in Vendor if other is not chosen and account_of(other) == account))


def lister(vendor: Vendor) -> ListsActiveWork:
    """Return the adapter of ``vendor`` as a lister of its active work; raise InvalidArgumentError when it is none."""
    module = adapter(vendor)
    if not isinstance(module, ListsActiveWork):
        reason = getattr(module, "NOT_LISTED", f"{vendor.value} publishes no way to list its work")
        raise InvalidArgumentError(
            f"{reason}: stop its work by id (browser-clients stop {vendor.value} --from-file ids.txt)"
        )
    return cast("ListsActiveWork", module)


def document_versions() -> Mapping[str, str]:
    """Return each vendor API's name and the ``info.version`` of the document its generated package was made from."""
    return {vendor.value: adapter(vendor).document_version() for vendor in Vendor}


_MEMBERS = (
    "VENDOR",
    "ACCOUNT",
    "OPTIONS",
    "default_base_url",
    "document_version",
    "auth_headers",
    "stop",
    "run",
    "get",
    "results",
)
