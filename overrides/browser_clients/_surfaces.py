"""Vendor-specific surfaces: each document operation as a method returning the generated, typed model."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from browser_clients._inventory import AsyncInventory, Inventory
from browser_clients._vendors import browser_use, browserai

if TYPE_CHECKING:
    from browser_use_client.models.create_session_request import CreateSessionRequest
    from browser_use_client.models.session_view import SessionView
    from browser_use_client.models.stop_strategy import StopStrategy
    from browserai_client.models.create_task_request import CreateTaskRequest
    from browserai_client.models.create_task_response import CreateTaskResponse
    from browserai_client.models.get_results_response import GetResultsResponse
    from browserai_client.models.get_task_response import GetTaskResponse
    from browserai_client.models.stop_task_response import StopTaskResponse


T = TypeVar("T")


def _session_body(body: CreateSessionRequest | None) -> CreateSessionRequest:
    """Return ``body``, or the empty request (every field at the server's default) when there is none."""
    from browser_use_client.models import CreateSessionRequest

    return CreateSessionRequest() if body is None else body


SyncSend = Callable[..., Any]
AsyncSend = Callable[..., Awaitable[Any]]


class BrowserAI:
    """BrowserAI's Task API operations (sync)."""

    def __init__(self, send: SyncSend) -> None:
        self._send = send

    def create_task(self, body: CreateTaskRequest, **options: Any) -> CreateTaskResponse:
        """Create a task (``POST /tasks``); it is never sent twice, so a lost answer is an error, not a retry."""
        result: CreateTaskResponse = self._send(browserai.create_task_call(body), **options)
        return result

    def get_task(self, session_id: str, **options: Any) -> GetTaskResponse:
        """Return a task's metadata (``GET /tasks/{session_id}``)."""
        result: GetTaskResponse = self._send(browserai.get_task_call(session_id), **options)
        return result

    def get_task_results(self, session_id: str, **options: Any) -> GetResultsResponse:
        """Return a task's results, step by step (``GET /results/{session_id}``)."""
        result: GetResultsResponse = self._send(browserai.get_task_results_call(session_id), **options)
        return result

    def stop_task(self, session_id: str, **options: Any) -> StopTaskResponse:
        """Force-stop a running task (``POST /tasks/{session_id}/command``)."""
        result: StopTaskResponse = self._send(browserai.stop_task_call(session_id), **options)
        return result


class AsyncBrowserAI:
    """BrowserAI's Task API operations (async)."""

    def __init__(self, send: AsyncSend) -> None:
        self._send = send

    async def create_task(self, body: CreateTaskRequest, **options: Any) -> CreateTaskResponse:
        """Create a task (``POST /tasks``); it is never sent twice, so a lost answer is an error, not a retry."""
        result: CreateTaskResponse = await self._send(browserai.create_task_call(body), **options)
        return result

    async def get_task(self, session_id: str, **options: Any) -> GetTaskResponse:
        """Return a task's metadata (``GET /tasks/{session_id}``)."""
        result: GetTaskResponse = await self._send(browserai.get_task_call(session_id), **options)
        return result

    async def get_task_results(self, session_id: str, **options: Any) -> GetResultsResponse:
        """Return a task's results, step by step (``GET /results/{session_id}``)."""
        result: GetResultsResponse = await self._send(browserai.get_task_results_call(session_id), **options)
        return result

    async def stop_task(self, session_id: str, **options: Any) -> StopTaskResponse:
        """Force-stop a running task (``POST /tasks/{session_id}/command``)."""
        result: StopTaskResponse = await self._send(browserai.stop_task_call(session_id), **options)
        return result


class BrowserUse(Inventory):
    """Browser-Use Cloud API v3 operations (sync); the inventory operations come from Inventory."""

    def __init__(self, send: SyncSend) -> None:
        self._send = send

    def create_session(self, body: CreateSessionRequest | None = None, **options: Any) -> SessionView:
        """Create a session or dispatch a task to one (``POST /sessions``); it is never sent twice."""
        result: SessionView = self._send(browser_use.create_session_call(_session_body(body)), **options)
        return result

    def get_session(self, session_id: str | uuid.UUID, **options: Any) -> SessionView:
        """Return a session and its current state (``GET /sessions/{session_id}``)."""
        result: SessionView = self._send(browser_use.get_session_call(session_id), **options)
        return result

    def stop_session(
        self, session_id: str | uuid.UUID, strategy: StopStrategy | str | None = None, **options: Any
    ) -> SessionView:
        """Stop a session, or only its task with ``strategy="task"`` (``POST /sessions/{session_id}/stop``)."""
        result: SessionView = self._send(browser_use.stop_session_call(session_id, strategy), **options)
        return result


class AsyncBrowserUse(AsyncInventory):
    """Browser-Use Cloud API v3 operations (async); the inventory operations come from AsyncInventory."""

    def __init__(self, send: AsyncSend) -> None:
        self._send = send

    async def create_session(self, body: CreateSessionRequest | None = None, **options: Any) -> SessionView:
        """Create a session or dispatch a task to one (``POST /sessions``); it is never sent twice."""
        result: SessionView = await self._send(browser_use.create_session_call(_session_body(body)), **options)
        return result

    async def get_session(self, session_id: str | uuid.UUID, **options: Any) -> SessionView:
        """Return a session and its current state (``GET /sessions/{session_id}``)."""
        result: SessionView = await self._send(browser_use.get_session_call(session_id), **options)
        return result

    async def stop_session(
        self, session_id: str | uuid.UUID, strategy: StopStrategy | str | None = None, **options: Any
    ) -> SessionView:
        """Stop a session, or only its task with ``strategy="task"`` (``POST /sessions/{session_id}/stop``)."""
        result: SessionView = await self._send(browser_use.stop_session_call(session_id, strategy), **options)
        return result
