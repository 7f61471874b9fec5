"""Browser-Use's typed surface: each document operation as a method returning the generated model."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Unpack

from browser_clients._raw import RawView, araw, raw
from browser_clients._surface import AsyncSend, SyncSend
from browser_clients._vendors.browser_use import adapter as browser_use
from browser_clients._vendors.browser_use.inventory_surfaces import AsyncInventory, Inventory

if TYPE_CHECKING:
    from browser_clients._request_options import RequestOptions
    from browser_use_client.models.create_session_request import CreateSessionRequest
    from browser_use_client.models.session_view import SessionView
    from browser_use_client.models.stop_strategy import StopStrategy


def _session_body(body: CreateSessionRequest | None) -> CreateSessionRequest:
    """Return ``body``, or the empty request (every field at the server's default) when there is none."""
    from browser_use_client.models import CreateSessionRequest

    return CreateSessionRequest() if body is None else body


class BrowserUse(Inventory):
    """Browser-Use Cloud API v3 operations (sync)."""

    def __init__(self, send: SyncSend) -> None:
        self._send = send

    def create_session(
        self, body: CreateSessionRequest | None = None, **options: Unpack[RequestOptions]
    ) -> SessionView:
        """Create a session or dispatch a task to one (``POST /sessions``); it is never sent twice."""
        result: SessionView = self._send(browser_use.create_session_call(_session_body(body)), **options)
        return result

    def get_session(self, session_id: str | uuid.UUID, **options: Unpack[RequestOptions]) -> SessionView:
        """Return a session and its current state (``GET /sessions/{session_id}``)."""
        result: SessionView = self._send(browser_use.get_session_call(session_id), **options)
        return result

    def stop_session(
        self, session_id: str | uuid.UUID, strategy: StopStrategy | str | None = None, **options: Unpack[RequestOptions]
    ) -> SessionView:
        """Stop a session, or only its task with ``strategy="task"`` (``POST /sessions/{session_id}/stop``)."""
        result: SessionView = self._send(browser_use.stop_session_call(session_id, strategy), **options)
        return result


class AsyncBrowserUse(AsyncInventory):
    """Browser-Use Cloud API v3 operations (async)."""

    def __init__(self, send: AsyncSend) -> None:
        self._send = send

    async def create_session(
        self, body: CreateSessionRequest | None = None, **options: Unpack[RequestOptions]
    ) -> SessionView:
        """Create a session or dispatch a task to one (``POST /sessions``); it is never sent twice."""
        result: SessionView = await self._send(browser_use.create_session_call(_session_body(body)), **options)
        return result

    async def get_session(self, session_id: str | uuid.UUID, **options: Unpack[RequestOptions]) -> SessionView:
        """Return a session and its current state (``GET /sessions/{session_id}``)."""
        result: SessionView = await self._send(browser_use.get_session_call(session_id), **options)
        return result

    async def stop_session(
        self, session_id: str | uuid.UUID, strategy: StopStrategy | str | None = None, **options: Unpack[RequestOptions]
    ) -> SessionView:
        """Stop a session, or only its task with ``strategy="task"`` (``POST /sessions/{session_id}/stop``)."""
        result: SessionView = await self._send(browser_use.stop_session_call(session_id, strategy), **options)
        return result


class RawBrowserUse(RawView):
    """BrowserUse's operations, each returning a RawResponse of the model the plain call returns."""

    create_session = raw(BrowserUse.create_session)
    get_session = raw(BrowserUse.get_session)
    stop_session = raw(BrowserUse.stop_session)
    list_sessions_page = raw(BrowserUse.list_sessions_page)
    delete_session = raw(BrowserUse.delete_session)
    list_session_messages_page = raw(BrowserUse.list_session_messages_page)
    list_browser_sessions_page = raw(BrowserUse.list_browser_sessions_page)
    create_browser_session = raw(BrowserUse.create_browser_session)
    get_browser_session = raw(BrowserUse.get_browser_session)
    update_browser_session = raw(BrowserUse.update_browser_session)
    stop_browser_session = raw(BrowserUse.stop_browser_session)


class AsyncRawBrowserUse(RawView):
    """AsyncBrowserUse's operations, each returning (awaited) a RawResponse of the model the plain call returns."""

    create_session = araw(AsyncBrowserUse.create_session)
    get_session = araw(AsyncBrowserUse.get_session)
    stop_session = araw(AsyncBrowserUse.stop_session)
    list_sessions_page = araw(AsyncBrowserUse.list_sessions_page)
    delete_session = araw(AsyncBrowserUse.delete_session)
    list_session_messages_page = araw(AsyncBrowserUse.list_session_messages_page)
    list_browser_sessions_page = araw(AsyncBrowserUse.list_browser_sessions_page)
    create_browser_session = araw(AsyncBrowserUse.create_browser_session)
    get_browser_session = araw(AsyncBrowserUse.get_browser_session)
    update_browser_session = araw(AsyncBrowserUse.update_browser_session)
    stop_browser_session = araw(AsyncBrowserUse.stop_browser_session)
