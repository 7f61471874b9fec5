"""Browser-Use's Cloud API v4 (agent runs) through the vendor contract: stop, run, get and results.

v4 shares v3's account (one key, one rate limit, one incident sweep). Its base URL follows v3's when only
``BROWSER_USE_BASE_URL`` is set and ends in ``/api/v3``, so that one setting moves the whole account.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from browser_clients._contract import ActiveSource, Vendor
from browser_clients._convert import decimal_or_none, known
from browser_clients._engine import Steps, single
from browser_clients._errors import ConfigurationError, InvalidArgumentError, InvalidSessionIdError
from browser_clients._types import Handle, Snapshot, StopResult, TaskResults
from browser_clients._vendors.browser_use_v4 import listing, requests
from browser_clients._vendors.browser_use_v4.answers import cancel_result, run_results, run_snapshot, status_snapshot
from browser_clients._vendors.browser_use_v4.options import BrowserUseV4Options
from browser_use_client.models import CustomProxy as V3CustomProxy
from browser_use_v4_client import client
from browser_use_v4_client.models import (
    BrowserSettings,
    CreatedRun,
    CreateRunRequest,
    CustomProxy,
    ProxyCountryCode,
    RunModel,
    RunView,
)
from browser_use_v4_client.types import UNSET

VENDOR = requests.VENDOR
ACCOUNT = "browser-use"
OPTIONS = BrowserUseV4Options
"""The options run() takes on Browser-Use v4."""
_V3_PATH, _V4_PATH = "/api/v3", "/api/v4"
_BROWSER = ("profile_id", "proxy_country_code", "custom_proxy", "screen_width", "screen_height", "record")
"""run()'s options that go into the run's browser settings."""


def default_base_url() -> str:
    """Return the first server of Browser-Use v4's document."""
    return client.DEFAULT_BASE_URL


def base_url_from(configured: Callable[[Vendor], str | None]) -> str | None:
    """Return v4's base URL derived from v3's when only that is set: ``.../api/v3`` becomes ``.../api/v4``."""
    v3 = configured(Vendor.BROWSER_USE)
    if v3 is None:
        return None
    if v3.endswith(_V3_PATH):
        return v3[: -len(_V3_PATH)] + _V4_PATH
    raise ConfigurationError(
        f"BROWSER_USE_BASE_URL is {v3}, which does not end in {_V3_PATH}, so Browser-Use v4's URL cannot follow "
        "it: set BROWSER_USE_V4_BASE_URL"
    )


def document_version() -> str:
    """Return the version of Browser-Use v4's document the generated package was made from."""
    return client.DOCUMENT_VERSION


def auth_headers(key: str) -> Mapping[str, str]:
    """Return the header the document's security scheme names (``X-Browser-Use-API-Key: <key>``)."""
    return {client.AUTH_HEADER_NAME: f"{client.AUTH_PREFIX} {key}" if client.AUTH_PREFIX else key}


def stop(id: str | uuid.UUID, strategy: Any) -> Steps[StopResult[RunView]]:
    """Describe stop(): cancel the run; one that has ended is answered as it is, so a second stop never raises."""
    if strategy is not None:
        raise InvalidArgumentError("Browser-Use v4 stops a run whole: it takes no strategy")
    checked = requests.check_id(id)
    return single(requests.cancel_run(checked).reading(lambda data: cancel_result(id, data, checked), tolerant=True))


def _uuid(given: object, option: str) -> uuid.UUID:
    try:
        return requests.check_id(given)
    except InvalidSessionIdError:
        raise InvalidArgumentError(f"{option} must be a UUID, got {given!r}") from None


def create_request(task: str, options: Mapping[str, Any]) -> CreateRunRequest:
    """Build the typed create-run body: the task and only the options given (the server decides the rest).

    A follow-up run inherits its session's browser settings, so none is sent on its behalf: browser settings go
    out only when an option of theirs was given, and then only the ones given.
    """
    unknown = sorted(set(options) - known(BrowserUseV4Options))
    if unknown:
        takes = ", ".join(sorted(known(BrowserUseV4Options)))
        raise InvalidArgumentError(f"Browser-Use v4's run() takes no {', '.join(unknown)}; it takes {takes}")
    if not isinstance(task, str) or not task.strip():
        raise InvalidArgumentError("the task must be a non-empty string")
    request = CreateRunRequest(task=task)
    if "model" in options:
        model = options["model"]
        if not isinstance(model, str) or not model.strip():
            raise InvalidArgumentError(f"model must be a RunModel or a model name, got {model!r}")
        request.model = model if isinstance(model, RunModel) else RunModel.parse(model.strip())
    for name in ("session_id", "workspace_id"):
        if name in options:
            setattr(request, name, _uuid(options[name], name))
    if "max_cost_usd" in options:
        amount = decimal_or_none(options["max_cost_usd"])
        if amount is None or amount < 0:
            raise InvalidArgumentError(f"max_cost_usd must be a non-negative amount, got {options['max_cost_usd']!r}")
        request.max_cost_usd = str(amount)  # a decimal string: the document takes one, and no float rounds it
    if any(name in options for name in _BROWSER):
        request.browser_settings = _browser_settings(options)
    return request


def _browser_settings(options: Mapping[str, Any]) -> BrowserSettings:
    # The document's default proxy country ("us") is the server's to apply: left out unless given.
    settings = BrowserSettings(proxy_country_code=UNSET)
    if "profile_id" in options:
        settings.profile_id = _uuid(options["profile_id"], "profile_id")
    if "proxy_country_code" in options:
        given = options["proxy_country_code"]
        settings.proxy_country_code = None if given is None else _country(given)
    if "custom_proxy" in options:
        settings.custom_proxy = _proxy(options["custom_proxy"])
    for name in ("screen_width", "screen_height"):
        if name in options:
            size = options[name]
            if isinstance(size, bool) or not isinstance(size, int) or size < 1:
                raise InvalidArgumentError(f"{name} must be a whole number of pixels, got {size!r}")
            setattr(settings, name, size)
    if "record" in options:
        if not isinstance(options["record"], bool):
            raise InvalidArgumentError(f"record must be True or False, got {options['record']!r}")
        settings.record = options["record"]
    return settings


def _proxy(given: object) -> CustomProxy | None:
    # The CustomProxy browser_clients exports is v3's model (the names clash); both documents give it one shape.
    if given is None or isinstance(given, CustomProxy):
        return given
    if isinstance(given, V3CustomProxy):
        return CustomProxy.from_dict(given.to_dict())
    raise InvalidArgumentError(f"custom_proxy must be a CustomProxy, got {type(given).__name__}")


def _country(given: object) -> ProxyCountryCode:
    try:
        return ProxyCountryCode(str(given).lower())
    except ValueError:
        raise InvalidArgumentError(f"proxy_country_code={given!r} is not one of Browser-Use v4's countries") from None


def run(task: str, options: Mapping[str, Any]) -> Steps[Handle[CreatedRun]]:
    """Describe run() on Browser-Use v4: start a run and hand back its handle."""

    def handle(data: Any) -> Handle[CreatedRun]:
        model = CreatedRun.from_dict(data)
        found = model.id
        sent = model.to_dict().get("id")
        if isinstance(found, uuid.UUID):
            return Handle(VENDOR, str(found), model)
        if isinstance(sent, str) and sent.strip():  # an id off the document is followed as the vendor sent it
            return Handle(VENDOR, sent.strip(), model)
        raise ValueError("the answer carries no run id, so the run cannot be followed")

    return single(requests.create_run(create_request(task, options)).reading(handle))


def get(id: str) -> Steps[Snapshot[Any]]:
    """Describe get(): poll the cheap status, and read the whole run once it has ended (as the vendor's SDK)."""
    status: Snapshot[Any] = yield requests.get_run_status(id).reading(
        lambda data: status_snapshot(id, data), tolerant=True
    )
    if not status.is_terminal:
        return status
    whole: Snapshot[Any] = yield requests.get_run(id).reading(lambda data: run_snapshot(id, data), tolerant=True)
    return whole


def results(id: str) -> Steps[TaskResults[RunView]]:
    """Describe results(): the run's output and the files it produced."""
    run_view = yield requests.get_run(id)
    attachments = yield requests.list_run_attachments(id)
    return run_results(run_view, attachments)


def active_sources() -> Sequence[ActiveSource]:
    """Return where Browser-Use v4's active work is listed: messages queued behind runs, then runs."""
    return listing.SOURCES


if TYPE_CHECKING:  # mypy checks here that this module keeps the vendor contract and lists its work
    import browser_clients._vendors.browser_use_v4.adapter as _this  # noqa: PLW0406 (the contract is checked on this very module)
    from browser_clients._contract import ListsActiveWork, VendorModule

    _CONTRACT: VendorModule = _this
    _LISTS: ListsActiveWork = _this
