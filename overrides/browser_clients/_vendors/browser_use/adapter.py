"""Browser-Use's Cloud API v3 (agent sessions) through the vendor contract: stop, run, get and results."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from browser_clients._contract import ActiveSource
from browser_clients._convert import decimal_or_none, enum_option, known
from browser_clients._engine import Steps, single
from browser_clients._errors import InvalidArgumentError, InvalidSessionIdError
from browser_clients._types import Handle, Snapshot, StopResult, TaskResults
from browser_clients._vendors.browser_use import listing, requests
from browser_clients._vendors.browser_use.answers import sent_id, snapshot, stop_call
from browser_clients._vendors.browser_use.options import BrowserUseOptions
from browser_use_client import client
from browser_use_client.models import CreateSessionRequest, ModelTier, ProxyCountryCode, SessionView
from browser_use_client.models.create_session_request_output_schema import CreateSessionRequestOutputSchema

if TYPE_CHECKING:
    from browser_use_client.models import StopStrategy

VENDOR = requests.VENDOR
ACCOUNT = "browser-use"
OPTIONS = BrowserUseOptions
"""The options run() takes on Browser-Use."""


def default_base_url() -> str:
    """Return the first server of Browser-Use's document."""
    return client.DEFAULT_BASE_URL


def document_version() -> str:
    """Return the version of Browser-Use's document the generated package was made from."""
    return client.DOCUMENT_VERSION


def auth_headers(key: str) -> Mapping[str, str]:
    """Return the header the document's security scheme names (``X-Browser-Use-API-Key: <key>``)."""
    return {client.AUTH_HEADER_NAME: f"{client.AUTH_PREFIX} {key}" if client.AUTH_PREFIX else key}


def stop(id: str | uuid.UUID, strategy: StopStrategy | str | None) -> Steps[StopResult[SessionView]]:
    """Describe stop(): stop the session (its sandbox too, unless ``strategy="task"``)."""
    return single(stop_call(id, strategy))


def create_request(task: str, options: Mapping[str, Any]) -> CreateSessionRequest:
    """Build the typed create-session body for ``task`` and run()'s Browser-Use options."""
    unknown = sorted(set(options) - known(BrowserUseOptions))
    if unknown:
        raise InvalidArgumentError(
            f"Browser-Use's run() takes no {', '.join(unknown)}; it takes {', '.join(sorted(known(BrowserUseOptions)))}"
        )
    if not isinstance(task, str) or not task.strip():
        raise InvalidArgumentError("the task must be a non-empty string")
    fields: dict[str, Any] = {}
    for name, given in options.items():
        if name == "model":
            # The vendor adds models without notice: a name this client does not list yet still goes through
            # (ModelTier.parse keeps it), and the server judges it.
            if not isinstance(given, str) or not given.strip():
                raise InvalidArgumentError(f"model must be a ModelTier or a model name, got {given!r}")
            fields[name] = given if isinstance(given, ModelTier) else ModelTier.parse(given.strip())
        elif name in ("session_id", "profile_id", "workspace_id"):
            fields[name] = _uuid(given, name)
        elif name in ("keep_alive", "enable_recording"):
            fields[name] = _flag(given, name)
        elif name == "max_cost_usd":
            amount = decimal_or_none(given)
            if amount is None or amount < 0:
                raise InvalidArgumentError(f"max_cost_usd must be a non-negative amount, got {given!r}")
            fields[name] = str(amount)  # a decimal string: the document takes one, and no float rounds it
        elif name == "proxy_country_code":
            fields[name] = (
                None if given is None else enum_option(ProxyCountryCode, str(given).lower(), name, "Browser-Use")
            )
        elif name == "output_schema":
            if given is not None and not isinstance(given, Mapping):
                raise InvalidArgumentError(f"output_schema must be a JSON Schema object, got {type(given).__name__}")
            fields[name] = None if given is None else CreateSessionRequestOutputSchema.from_dict(dict(given))
    return CreateSessionRequest(task=task, **fields)


def _uuid(given: object, option: str) -> uuid.UUID:
    try:
        return requests.check_id(given)
    except InvalidSessionIdError:
        raise InvalidArgumentError(f"{option} must be a UUID, got {given!r}") from None


def _flag(given: object, option: str) -> bool:
    if not isinstance(given, bool):
        raise InvalidArgumentError(f"{option} must be True or False, got {given!r}")
    return given


def run(task: str, options: Mapping[str, Any]) -> Steps[Handle[SessionView]]:
    """Describe run() on Browser-Use: create a session (or dispatch to one) and hand back its handle."""

    def handle(data: Any) -> Handle[SessionView]:
        model = SessionView.from_dict(data)
        found = sent_id(model)
        if found is None:  # the session exists, but nothing can name it: raise, with the body kept on the error
            raise ValueError("the answer carries no session id, so the session cannot be followed")
        return Handle(VENDOR, found, model)

    return single(requests.create_session(create_request(task, options)).reading(handle))


def get(id: str) -> Steps[Snapshot[SessionView]]:
    """Describe get() on Browser-Use: read the session."""
    return single(requests.get_session(id).reading(lambda data: snapshot(id, data), tolerant=True))


def results(id: str) -> Steps[TaskResults[Any]]:
    """Refuse results() on Browser-Use v3, which reports no step results: the output is in the session."""
    raise InvalidArgumentError(
        f"Browser-Use has no step results (session {id}): its output is in the session "
        f"(browser-clients status browser-use {id} --json; get(handle).output in Python)"
    )


def active_sources() -> Sequence[ActiveSource]:
    """Return where Browser-Use v3's active work is listed: agent sessions, then browser sessions."""
    return listing.SOURCES


if TYPE_CHECKING:  # mypy checks here that this module keeps the vendor contract and lists its work
    import browser_clients._vendors.browser_use.adapter as _this  # noqa: PLW0406 (the contract is checked on this very module)
    from browser_clients._contract import ListsActiveWork, VendorModule

    _CONTRACT: VendorModule = _this
    _LISTS: ListsActiveWork = _this
