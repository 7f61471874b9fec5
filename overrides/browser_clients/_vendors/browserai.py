"""BrowserAI's Task API: build each operation's Call from the generated browserai_client package."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from browser_clients._call import Call
from browser_clients._errors import InvalidArgumentError, InvalidSessionIdError
from browser_clients._results import CommonStatus, StopResult
from browser_clients._vendor import Vendor

if TYPE_CHECKING:
    from browserai_client.models.stop_task_response import StopTaskResponse

VENDOR = Vendor.BROWSERAI


def default_base_url() -> str:
    """Return the first server of BrowserAI's document."""
    from browserai_client.client import DEFAULT_BASE_URL

    return DEFAULT_BASE_URL


def auth(token: str) -> httpx.Auth:
    """Return the auth the document's security scheme describes (``Authorization: apikey <key>``)."""
    from browserai_client.client import ApiKeyAuth

    return ApiKeyAuth(token)


def check_task_id(task_id: object) -> str:
    """Return ``task_id`` as a path-safe string, or raise InvalidSessionIdError."""
    value = str(task_id) if task_id is not None else ""
    if not value.strip() or value in (".", ".."):
        raise InvalidSessionIdError(f"BrowserAI session id {value!r} is empty or a dot segment")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise InvalidSessionIdError(f"BrowserAI session id {value!r} contains control characters")
    return value


def stop_task_call(task_id: object) -> Call[StopTaskResponse]:
    """Describe ``POST /tasks/{session_id}/command`` with ``{"command": "stop"}``."""
    from browserai_client.api.task import stop_task
    from browserai_client.models import StopTaskRequest, StopTaskResponse, TaskCommand

    session_id = check_task_id(task_id)
    request = stop_task._get_kwargs(session_id, body=StopTaskRequest(command=TaskCommand.STOP))
    return Call(VENDOR, "stop_task", request, StopTaskResponse.from_dict, idempotent=True)


def stop_result(task_id: object, model: StopTaskResponse) -> StopResult:
    """Turn BrowserAI's stop answer into the common result: an accepted stop means stopped."""
    from browserai_client.types import UNSET

    message = None if model.message is UNSET else str(model.message)
    return StopResult(VENDOR, str(task_id), CommonStatus.STOPPED, None, message, model)


def stop_call(task_id: object, strategy: Any) -> Call[StopResult]:
    """Describe the facade's stop for BrowserAI (which has no strategies)."""
    if strategy is not None:
        raise InvalidArgumentError("BrowserAI's stop takes no strategy: it always stops the whole task")
    inner = stop_task_call(task_id)
    return Call(VENDOR, inner.operation, inner.request, lambda d: stop_result(task_id, inner.parse(d)))
