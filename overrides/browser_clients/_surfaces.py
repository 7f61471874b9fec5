"""Vendor-specific surfaces: each document operation as a method returning the generated, typed model."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from browser_clients._vendors import browser_use, browserai

if TYPE_CHECKING:
    from browser_use_client.models.session_view import SessionView
    from browser_use_client.models.stop_strategy import StopStrategy
    from browserai_client.models.stop_task_response import StopTaskResponse



T = TypeVar("T")
SyncSend = Callable[..., Any]
AsyncSend = Callable[..., Awaitable[Any]]


class BrowserAI:
    """BrowserAI's Task API operations (sync)."""

    def __init__(self, send: SyncSend) -> None:
        self._send = send

    def stop_task(self, session_id: str, **options: Any) -> StopTaskResponse:
        """Force-stop a running task (``POST /tasks/{session_id}/command``)."""
        result: StopTaskResponse = self._send(browserai.stop_task_call(session_id), **options)
        return result


class AsyncBrowserAI:
    """BrowserAI's Task API operations (async)."""

    def __init__(self, send: AsyncSend) -> None:
        self._send = send

    async def stop_task(self, session_id: str, **options: Any) -> StopTaskResponse:
        """Force-stop a running task (``POST /tasks/{session_id}/command``)."""
        result: StopTaskResponse = await self._send(browserai.stop_task_call(session_id), **options)
        return result


class BrowserUse:
    """Browser-Use Cloud API v3 operations (sync)."""

    def __init__(self, send: SyncSend) -> None:
        self._send = send

    def stop_session(
        self, session_id: str | uuid.UUID, strategy: StopStrategy | str | None = None, **options: Any
    ) -> SessionView:
        """Stop a session, or only its task with ``strategy="task"`` (``POST /sessions/{session_id}/stop``)."""
        result: SessionView = self._send(browser_use.stop_session_call(session_id, strategy), **options)
        return result


class AsyncBrowserUse:
    """Browser-Use Cloud API v3 operations (async)."""

    def __init__(self, send: AsyncSend) -> None:
        self._send = send

    async def stop_session(
        self, session_id: str | uuid.UUID, strategy: StopStrategy | str | None = None, **options: Any
    ) -> SessionView:
        """Stop a session, or only its task with ``strategy="task"`` (``POST /sessions/{session_id}/stop``)."""
        result: SessionView = await self._send(browser_use.stop_session_call(session_id, strategy), **options)
        return result


