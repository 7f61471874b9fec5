"""BrowserAI's Task API operations as Calls, each from the generated browserai_client package.

Every function checks its arguments (raising InvalidArgumentError before any request) and returns the Call the
typed surface (``surface.py``) and the adapter send.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from browser_clients._contract import Vendor
from browser_clients._engine import Call
from browser_clients._errors import InvalidSessionIdError
from browserai_client.api.result import get_task as get_task_api
from browserai_client.api.result import get_task_results as get_task_results_api
from browserai_client.api.task import create_task as create_task_api
from browserai_client.api.task import stop_task as stop_task_api
from browserai_client.models import (
    CreateTaskRequest,
    CreateTaskResponse,
    GetResultsResponse,
    GetTaskResponse,
    StopTaskRequest,
    StopTaskResponse,
    TaskCommand,
)

if TYPE_CHECKING:
    from browser_clients._options import RequestOptions

VENDOR = Vendor.BROWSERAI


def check_task_id(task_id: object) -> str:
    """Return ``task_id`` as a string the generated code escapes into one path segment, else InvalidSessionIdError."""
    given = str(task_id) if task_id is not None else ""
    if not given.strip() or given in (".", ".."):
        raise InvalidSessionIdError(f"BrowserAI task id {given!r} is empty or a dot segment")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in given):
        raise InvalidSessionIdError(f"BrowserAI task id {given!r} contains control characters")
    return given


def create_task(body: CreateTaskRequest, **options: Unpack[RequestOptions]) -> Call[CreateTaskResponse]:
    """Create a task (``POST /tasks``); it is never sent twice, so a lost answer is an error, not a retry."""
    request = create_task_api._get_kwargs(body=body)
    return Call(VENDOR, "create_task", request, CreateTaskResponse.from_dict, idempotent=False, options=options)


def get_task(session_id: str, **options: Unpack[RequestOptions]) -> Call[GetTaskResponse]:
    """Return a task's metadata (``GET /tasks/{session_id}``)."""
    request = get_task_api._get_kwargs(check_task_id(session_id))
    return Call(VENDOR, "get_task", request, GetTaskResponse.from_dict, options=options)


def get_task_results(session_id: str, **options: Unpack[RequestOptions]) -> Call[GetResultsResponse]:
    """Return a task's results, step by step (``GET /results/{session_id}``)."""
    request = get_task_results_api._get_kwargs(check_task_id(session_id))
    return Call(VENDOR, "get_task_results", request, GetResultsResponse.from_dict, options=options)


def stop_task(session_id: str, **options: Unpack[RequestOptions]) -> Call[StopTaskResponse]:
    """Force-stop a running task (``POST /tasks/{session_id}/command`` with ``{"command": "stop"}``)."""
    request = stop_task_api._get_kwargs(check_task_id(session_id), body=StopTaskRequest(command=TaskCommand.STOP))
    return Call(VENDOR, "stop_task", request, StopTaskResponse.from_dict, options=options)
