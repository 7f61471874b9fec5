"""Browser-Use's Cloud API v3: build each operation's Call from the generated browser_use_client package."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import httpx

from browser_clients._call import Call
from browser_clients._errors import InvalidArgumentError, InvalidSessionIdError
from browser_clients._results import CommonStatus, StopResult
from browser_clients._vendor import Vendor

if TYPE_CHECKING:
    from browser_use_client.models.session_view import SessionView
    from browser_use_client.models.stop_strategy import StopStrategy

VENDOR = Vendor.BROWSER_USE

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
    from browser_use_client.models import StopStrategy

    if strategy is None or isinstance(strategy, StopStrategy):
        return strategy
    try:
        return StopStrategy(str(strategy))
    except ValueError:
        known = ", ".join(s.value for s in StopStrategy)
        raise InvalidArgumentError(f"unknown stop strategy {strategy!r}: expected one of {known}") from None


def common_status(raw: str) -> CommonStatus:
    """Map a Browser-Use session status to the common vocabulary (unknown values to UNKNOWN)."""
    return _STATUS.get(raw, CommonStatus.UNKNOWN)


def stop_session_call(session_id: object, strategy: StopStrategy | str | None = None) -> Call[SessionView]:
    """Describe ``POST /sessions/{session_id}/stop``; without a strategy no body is sent (the server default)."""
    from browser_use_client.api.sessions import stop_session
    from browser_use_client.models import SessionView, StopSessionRequest
    from browser_use_client.types import UNSET

    sid = check_session_id(session_id)
    chosen = check_strategy(strategy)
    body = UNSET if chosen is None else StopSessionRequest(strategy=chosen)
    return Call(VENDOR, "stop_session", stop_session._get_kwargs(sid, body=body), SessionView.from_dict)


def session_result(model: SessionView) -> StopResult:
    """Turn a Browser-Use session into the common stop result."""
    raw = str(model.status.value if hasattr(model.status, "value") else model.status)
    return StopResult(VENDOR, str(model.id), common_status(raw), raw, model.last_step_summary or None, model)


def stop_call(session_id: object, strategy: StopStrategy | str | None) -> Call[StopResult]:
    """Describe the facade's stop for Browser-Use."""
    inner = stop_session_call(session_id, strategy)
    return Call(VENDOR, inner.operation, inner.request, lambda d: session_result(inner.parse(d)))
