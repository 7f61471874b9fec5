"""Browser-Use's Cloud API v3: build each operation's Call from the generated browser_use_client package."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

import httpx

from browser_clients._call import SHAPE_ERRORS, Call, NotJSON
from browser_clients._convert import aware_or_none, decimal_or_none, enum_option, known, value
from browser_clients._errors import InvalidArgumentError, InvalidSessionIdError
from browser_clients._results import CommonStatus, StopResult
from browser_clients._snapshot import Costs, Handle, Snapshot, TaskResults
from browser_clients._vendor import Vendor
from browser_clients._vendors.browser_use.options import BrowserUseOptions
from browser_use_client.api.sessions import stop_session
from browser_use_client.models.session_view import SessionView
from browser_use_client.types import UNSET, is_canonical_uuid, match_canonical_uuid

if TYPE_CHECKING:
    from browser_use_client.models.create_session_request import CreateSessionRequest
    from browser_use_client.models.stop_strategy import StopStrategy

VENDOR = Vendor.BROWSER_USE
OPTIONS = BrowserUseOptions
"""The options run() takes on Browser-Use."""
LISTS_ACTIVE_WORK = "browser_clients._vendors.browser_use.sweep"
"""The module that lists Browser-Use's active work (see _contract.ListsActiveWork), imported on first use."""

_STATUS = {
    "created": CommonStatus.QUEUED,
    "idle": CommonStatus.IDLE,
    "running": CommonStatus.RUNNING,
    "stopped": CommonStatus.STOPPED,
    "timed_out": CommonStatus.TIMED_OUT,
    "error": CommonStatus.FAILED,
}


def default_base_url() -> str:
    """Return the first server of Browser-Use's document."""
    from browser_use_client.client import DEFAULT_BASE_URL

    return DEFAULT_BASE_URL


def document_version() -> str:
    """Return the version of Browser-Use's document the generated package was made from."""
    from browser_use_client.client import DOCUMENT_VERSION

    return DOCUMENT_VERSION


def auth(token: str) -> httpx.Auth:
    """Return the auth the document's security scheme describes (``X-Browser-Use-API-Key: <key>``)."""
    from browser_use_client.client import ApiKeyAuth

    return ApiKeyAuth(token)


def check_session_id(session_id: object) -> uuid.UUID:
    """Return ``session_id`` as a UUID, or raise InvalidSessionIdError: Browser-Use ids are UUIDs."""
    if isinstance(session_id, uuid.UUID):
        return session_id
    try:
        return uuid.UUID(str(session_id).strip())
    except ValueError:
        raise InvalidSessionIdError(f"Browser-Use session ids are UUIDs; {str(session_id)!r} is not one") from None


def check_strategy(strategy: StopStrategy | str | None) -> StopStrategy | None:
    """Return ``strategy`` as the generated StopStrategy enum, or raise InvalidArgumentError."""
    if strategy is None:
        return None
    from browser_use_client.models import StopStrategy

    if isinstance(strategy, StopStrategy):
        return strategy
    try:
        return StopStrategy(str(strategy))
    except ValueError:
        known = ", ".join(s.value for s in StopStrategy)
        raise InvalidArgumentError(f"unknown stop strategy {strategy!r}: expected one of {known}") from None


def common_status(raw: str, verdict: bool | None = None) -> CommonStatus:
    """Map a Browser-Use session status, and the task's verdict if given, to the common vocabulary.

    A session that is ``idle`` or ``stopped`` after its task (keep-alive sessions return to idle, others stop)
    reports the task's success in ``isTaskSuccessful``: with a verdict it is SUCCEEDED or FAILED, without one
    (no task ran, or the task was stopped) IDLE or STOPPED. A ``timed_out`` session whose task had succeeded
    is SUCCEEDED. Values no document lists map to UNKNOWN.
    """
    status = _STATUS.get(raw, CommonStatus.UNKNOWN)
    if verdict is None or status is CommonStatus.UNKNOWN:
        return status
    if status in (CommonStatus.IDLE, CommonStatus.STOPPED):
        return CommonStatus.SUCCEEDED if verdict else CommonStatus.FAILED
    if status is CommonStatus.TIMED_OUT and verdict:
        return CommonStatus.SUCCEEDED
    return status


_COMMON = {(word, verdict): common_status(word, verdict) for word in _STATUS for verdict in (None, True, False)}
"""The common status of each documented status word and verdict, mapped once."""

_PLACEHOLDER = uuid.UUID(int=0)
"""The id the default stop's request is built around once, to be cut out and filled in per call."""


def _stop_template() -> tuple[str, str, str] | None:
    """Return the default stop's method and its URL around the id, as the generated builder makes them, or None.

    None means the generated request carries more than a method, a URL and no headers: it is then built per call.
    """
    request = stop_session._get_kwargs(_PLACEHOLDER, body=UNSET)
    head, found, tail = str(request["url"]).partition(str(_PLACEHOLDER))
    if not found or str(_PLACEHOLDER) in tail or request.keys() != {"method", "url", "headers"} or request["headers"]:
        return None
    return str(request["method"]), head, tail


_STOP_TEMPLATE = _stop_template()


def _stop_request(session_id: object, strategy: StopStrategy | str | None) -> dict[str, Any]:
    """Return the request of ``POST /sessions/{session_id}/stop``; without a strategy it has no body."""
    if strategy is None and _STOP_TEMPLATE is not None and type(session_id) is str and match_canonical_uuid(session_id):
        # A canonical id is its own UUID's text, and needs no escaping: the generated request with it filled in.
        method, head, tail = _STOP_TEMPLATE
        return {"method": method, "url": head + session_id + tail, "headers": {}}
    sid = check_session_id(session_id)
    chosen = check_strategy(strategy)
    if chosen is None:  # the common stop: the server's default strategy
        return stop_session._get_kwargs(sid, body=UNSET)
    from browser_use_client.models import StopSessionRequest

    return stop_session._get_kwargs(sid, body=StopSessionRequest(strategy=chosen))


def stop_session_call(session_id: object, strategy: StopStrategy | str | None = None) -> Call[SessionView]:
    """Describe ``POST /sessions/{session_id}/stop``; without a strategy no body is sent (the server default)."""
    return Call(VENDOR, "stop_session", _stop_request(session_id, strategy), SessionView.from_dict)


def read_session(data: Any) -> tuple[SessionView | None, Any]:
    """Return the typed session (None when the answer cannot be read into one) and the answer as sent."""
    if isinstance(data, NotJSON):
        return None, data.text
    try:
        return SessionView.from_dict(data), data
    except SHAPE_ERRORS:
        return None, data


def session_status(raw: Any) -> tuple[CommonStatus, str | None]:
    """Return a session's common status and the vendor's word for it: one mapping for stop(), get() and wait().

    The status is read from the answer as sent, which is what the typed model reads too (a status string is its
    SessionStatus's value, a boolean its ``is_task_successful``) without making its enum; a status that cannot be
    read at all is UNKNOWN, with whatever value came kept as the raw status.
    """
    sent = raw if isinstance(raw, dict) else {}
    word = sent.get("status")
    verdict = sent.get("isTaskSuccessful")
    if not isinstance(word, str):
        return CommonStatus.UNKNOWN, None if word is None else json.dumps(word, default=str)
    return common_status(word, verdict if isinstance(verdict, bool) else None), word


def _text(field: object) -> str | None:
    found = value(field)
    return found if isinstance(found, str) and found else None


def _summary(model: SessionView | None, raw: Any) -> str | None:
    """Return the last step's summary: the answer's string, which the model reads as it is, when there is one."""
    if model is None:
        return None
    sent = raw.get("lastStepSummary") if isinstance(raw, dict) else None
    return _text(sent) if isinstance(sent, str) else _text(model.last_step_summary)


def session_result(session_id: object, data: Any) -> StopResult:
    """Turn a Browser-Use stop answer into the common stop result; any 2xx answer is one, whatever its body.

    The common answer (an object with the id asked for, a status word, and a summary that is text or null) is
    read in one pass, as ``_session_result`` reads it; anything else goes the long way, through it.
    """
    if type(data) is dict:
        word, verdict = data.get("status"), data.get("isTaskSuccessful")
        sent, summary = data.get("id"), data.get("lastStepSummary")
        if type(word) is str and type(sent) is str and sent == session_id and (summary is None or type(summary) is str):
            status = _COMMON.get((word, verdict)) if verdict is None or type(verdict) is bool else None
            if status is not None:
                return StopResult(VENDOR, sent, status, word, summary or None, SessionView.from_dict(data), data)
    return _session_result(session_id, data)


def _session_result(session_id: object, data: Any) -> StopResult:
    model, raw = read_session(data)
    status, word = session_status(raw)
    return StopResult(VENDOR, _id(model, session_id, raw), status, word, _summary(model, raw), model, raw)


def _id(model: SessionView | None, session_id: object, raw: Any = None) -> str:
    sent = raw.get("id") if isinstance(raw, dict) else None
    if type(sent) is str and sent == session_id:
        return sent  # the id asked for, sent back: what either branch below returns, without a pattern match
    if model is not None and isinstance(sent, str) and is_canonical_uuid(sent):
        return sent  # what str(model.id) gives (the model reads exactly these), without making the UUID
    found = None if model is None else value(model.id)
    return str(session_id if found is None else found)


def stop_call(session_id: object, strategy: StopStrategy | str | None) -> Call[StopResult]:
    """Describe the facade's stop for Browser-Use: tolerant, so a 2xx answer never raises."""
    request = _stop_request(session_id, strategy)
    return Call(VENDOR, "stop_session", request, partial(session_result, session_id), tolerant=True)


def create_session_call(body: CreateSessionRequest) -> Call[SessionView]:
    """Describe ``POST /sessions``: never repeated once it reached the server, as that could start work twice."""
    from browser_use_client.api.sessions import create_session

    return Call(
        VENDOR, "create_session", create_session._get_kwargs(body=body), SessionView.from_dict, idempotent=False
    )


def get_session_call(session_id: object) -> Call[SessionView]:
    """Describe ``GET /sessions/{session_id}``."""
    from browser_use_client.api.sessions import get_session

    return Call(VENDOR, "get_session", get_session._get_kwargs(check_session_id(session_id)), SessionView.from_dict)


def _uuid(value: object, option: str) -> uuid.UUID:
    try:
        return check_session_id(value)
    except InvalidSessionIdError:
        raise InvalidArgumentError(f"{option} must be a UUID, got {value!r}") from None


def _flag(value: object, option: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgumentError(f"{option} must be True or False, got {value!r}")
    return value


def create_request(task: str, options: Mapping[str, Any]) -> CreateSessionRequest:
    """Build the typed create-session body for ``task`` and run()'s Browser-Use options."""
    from browser_use_client.models import CreateSessionRequest, ModelTier, ProxyCountryCode
    from browser_use_client.models.create_session_request_output_schema import CreateSessionRequestOutputSchema

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


def run_call(task: str, options: Mapping[str, Any]) -> Call[Handle]:
    """Describe run() on Browser-Use: create a session (or dispatch to one) and hand back its handle."""
    inner = create_session_call(create_request(task, options))

    def handle(data: Any) -> Handle:
        model = inner.parse(data)
        found = value(model.id)
        if found is None:  # the id deviates (an upper-case UUID, say): follow the id as the vendor sent it
            sent = model.to_dict().get("id")
            found = sent.strip() if isinstance(sent, str) and sent.strip() else None
        if found is None:  # the session exists, but nothing can name it: raise, with the body kept on the error
            raise ValueError("the answer carries no session id, so the session cannot be followed")
        return Handle(VENDOR, str(found), model)

    return Call(VENDOR, inner.operation, inner.request, handle, idempotent=False)


def snapshot(session_id: object, data: Any) -> Snapshot:
    """Turn a Browser-Use session answer into the common snapshot; an unreadable one is UNKNOWN, kept as sent."""
    model, raw = read_session(data)
    status, word = session_status(raw)
    if model is None:
        return Snapshot(vendor=VENDOR, id=str(session_id), status=status, raw_status=word, model=None, raw=raw)
    total = decimal_or_none(value(model.total_cost_usd))
    costs = Costs(
        total=Decimal(0) if total is None else total,  # the document's default when the field is left out
        llm=decimal_or_none(value(model.llm_cost_usd)),
        proxy=decimal_or_none(value(model.proxy_cost_usd)),
        browser=decimal_or_none(value(model.browser_cost_usd)),
        limit=decimal_or_none(value(model.max_cost_usd)),
    )
    steps = value(model.step_count)
    return Snapshot(
        vendor=VENDOR,
        id=_id(model, session_id, raw),
        status=status,
        raw_status=word,
        model=model,
        step_count=steps if isinstance(steps, int) else None,
        last_step_summary=_summary(model, raw),
        costs=costs,
        created_at=aware_or_none(value(model.created_at)),
        updated_at=aware_or_none(value(model.updated_at)),
        output=value(model.output),
        raw=raw,
    )


def get_call(session_id: str) -> Call[Snapshot]:
    """Describe get() on Browser-Use: read the session."""
    inner = get_session_call(session_id)
    return Call(VENDOR, inner.operation, inner.request, lambda data: snapshot(session_id, data), tolerant=True)


def results_call(session_id: str) -> Call[TaskResults]:
    """Refuse results() on Browser-Use, which reports no step results: its output is in the snapshot."""
    raise InvalidArgumentError(
        f"Browser-Use has no step results (session {session_id}): read get(handle).output and .last_step_summary"
    )


if TYPE_CHECKING:  # mypy checks here that this module keeps the vendor contract
    import browser_clients._vendors.browser_use.adapter as _this  # noqa: PLW0406 (the contract is checked on this very module)
    from browser_clients._contract import VendorModule

    _CONTRACT: VendorModule = _this
