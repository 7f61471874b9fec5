"""BrowserAI's typed surface: each document operation as a method returning the generated model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from browser_clients._surface import AsyncSend, SyncSend
from browser_clients._vendors.browserai import adapter as browserai

if TYPE_CHECKING:
    from browserai_client.models.create_task_request import CreateTaskRequest
    from browserai_client.models.create_task_response import CreateTaskResponse
    from browserai_client.models.get_results_response import GetResultsResponse
    from browserai_client.models.get_task_response import GetTaskResponse
    from browserai_client.models.stop_task_response import StopTaskResponse


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
