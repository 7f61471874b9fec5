"""BrowserAI's typed surface: each document operation as a method returning the generated model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from browser_clients._raw import RawView, araw, raw
from browser_clients._surface import AsyncSend, SyncSend
from browser_clients._vendors.browserai import adapter as browserai

if TYPE_CHECKING:
    from browser_clients._request_options import RequestOptions
    from browserai_client.models.create_task_request import CreateTaskRequest
    from browserai_client.models.create_task_response import CreateTaskResponse
    from browserai_client.models.get_results_response import GetResultsResponse
    from browserai_client.models.get_task_response import GetTaskResponse
    from browserai_client.models.stop_task_response import StopTaskResponse


class BrowserAI:
    """BrowserAI's Task API operations (sync)."""

    def __init__(self, send: SyncSend) -> None:
        self._send = send

    def create_task(self, body: CreateTaskRequest, **options: Unpack[RequestOptions]) -> CreateTaskResponse:
        """Create a task (``POST /tasks``); it is never sent twice, so a lost answer is an error, not a retry."""
        result: CreateTaskResponse = self._send(browserai.create_task_call(body), **options)
        return result

    def get_task(self, session_id: str, **options: Unpack[RequestOptions]) -> GetTaskResponse:
        """Return a task's metadata (``GET /tasks/{session_id}``)."""
        result: GetTaskResponse = self._send(browserai.get_task_call(session_id), **options)
        return result

    def get_task_results(self, session_id: str, **options: Unpack[RequestOptions]) -> GetResultsResponse:
        """Return a task's results, step by step (``GET /results/{session_id}``)."""
        result: GetResultsResponse = self._send(browserai.get_task_results_call(session_id), **options)
        return result

    def stop_task(self, session_id: str, **options: Unpack[RequestOptions]) -> StopTaskResponse:
        """Force-stop a running task (``POST /tasks/{session_id}/command``)."""
        result: StopTaskResponse = self._send(browserai.stop_task_call(session_id), **options)
        return result


class AsyncBrowserAI:
    """BrowserAI's Task API operations (async)."""

    def __init__(self, send: AsyncSend) -> None:
        self._send = send

    async def create_task(self, body: CreateTaskRequest, **options: Unpack[RequestOptions]) -> CreateTaskResponse:
        """Create a task (``POST /tasks``); it is never sent twice, so a lost answer is an error, not a retry."""
        result: CreateTaskResponse = await self._send(browserai.create_task_call(body), **options)
        return result

    async def get_task(self, session_id: str, **options: Unpack[RequestOptions]) -> GetTaskResponse:
        """Return a task's metadata (``GET /tasks/{session_id}``)."""
        result: GetTaskResponse = await self._send(browserai.get_task_call(session_id), **options)
        return result

    async def get_task_results(self, session_id: str, **options: Unpack[RequestOptions]) -> GetResultsResponse:
        """Return a task's results, step by step (``GET /results/{session_id}``)."""
        result: GetResultsResponse = await self._send(browserai.get_task_results_call(session_id), **options)
        return result

    async def stop_task(self, session_id: str, **options: Unpack[RequestOptions]) -> StopTaskResponse:
        """Force-stop a running task (``POST /tasks/{session_id}/command``)."""
        result: StopTaskResponse = await self._send(browserai.stop_task_call(session_id), **options)
        return result


class RawBrowserAI(RawView):
    """BrowserAI's operations, each returning a RawResponse of the model the plain call returns."""

    create_task = raw(BrowserAI.create_task)
    get_task = raw(BrowserAI.get_task)
    get_task_results = raw(BrowserAI.get_task_results)
    stop_task = raw(BrowserAI.stop_task)


class AsyncRawBrowserAI(RawView):
    """AsyncBrowserAI's operations, each returning (awaited) a RawResponse of the model the plain call returns."""

    create_task = araw(AsyncBrowserAI.create_task)
    get_task = araw(AsyncBrowserAI.get_task)
    get_task_results = araw(AsyncBrowserAI.get_task_results)
    stop_task = araw(AsyncBrowserAI.stop_task)
