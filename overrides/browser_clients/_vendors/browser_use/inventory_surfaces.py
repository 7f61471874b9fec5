"""Browser-Use's inventory operations as surface methods (sessions listed, deleted, their messages, and browser
sessions), sync and async; clients.browser_use has them through BrowserUse and AsyncBrowserUse.

Each list operation has two methods: ``list_x(...)`` iterates every item, walking the pages as it goes (the rules
in browser_clients._pages: each item once, a bounded walk), and ``list_x_page(...)`` returns one page, the
generated typed model, as the vendor answers it. Per-call options (``timeout``, ``max_retries``) apply to each
page's request.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Unpack

from browser_clients._pages import MAX_PAGE_SIZE, AsyncPages, Pages
from browser_clients._request_options import RequestOptions
from browser_clients._vendors.browser_use import inventory

if TYPE_CHECKING:
    from browser_use_client.models.browser_session_page import BrowserSessionPage
    from browser_use_client.models.browser_session_status import BrowserSessionStatus
    from browser_use_client.models.browser_session_view import BrowserSessionView
    from browser_use_client.models.create_browser_session_request import CreateBrowserSessionRequest
    from browser_use_client.models.message_page import MessagePage
    from browser_use_client.models.message_view import MessageView
    from browser_use_client.models.session_page import SessionPage
    from browser_use_client.models.session_view import SessionView
    from browser_use_client.models.update_browser_session_request import UpdateBrowserSessionRequest

Id = str | uuid.UUID


class Inventory:
    """Browser-Use's sessions and browser sessions, listed, read, deleted and stopped (sync)."""

    _send: Callable[..., Any]

    def list_sessions(self, *, page_size: int = MAX_PAGE_SIZE, **options: Unpack[RequestOptions]) -> Pages[SessionView]:
        """Iterate every session, walking the pages of ``GET /sessions``, ``page_size`` sessions a page."""
        return Pages(self._send, inventory.session_walks(page_size), options)

    def list_sessions_page(self, page: int = 1, page_size: int = 20, **options: Unpack[RequestOptions]) -> SessionPage:
        """Return one page of sessions and their total (``GET /sessions``; pages count from 1)."""
        result: SessionPage = self._send(inventory.list_sessions_call(page, page_size), **options)
        return result

    def delete_session(self, session_id: Id, **options: Unpack[RequestOptions]) -> None:
        """Delete a session, which the server stops first if it runs (``DELETE /sessions/{session_id}``)."""
        self._send(inventory.delete_session_call(session_id), **options)

    def list_session_messages(
        self, session_id: Id, *, after: Id | None = None, limit: int = MAX_PAGE_SIZE, **options: Unpack[RequestOptions]
    ) -> Pages[MessageView]:
        """Iterate a session's messages, oldest first, by cursor on ``GET /sessions/{session_id}/messages``."""
        return Pages(self._send, inventory.message_walks(session_id, limit, after), options)

    def list_session_messages_page(
        self,
        session_id: Id,
        *,
        after: Id | None = None,
        before: Id | None = None,
        limit: int = 10,
        **options: Unpack[RequestOptions],
    ) -> MessagePage:
        """Return one page of a session's messages (``GET /sessions/{session_id}/messages``); see ``has_more``."""
        call = inventory.list_session_messages_call(session_id, after, before, limit)
        result: MessagePage = self._send(call, **options)
        return result

    def list_browser_sessions(
        self,
        *,
        filter_by: BrowserSessionStatus | str | None = None,
        page_size: int = MAX_PAGE_SIZE,
        **options: Unpack[RequestOptions],
    ) -> Pages[BrowserSessionView]:
        """Iterate every browser session (only those in ``filter_by``, if given), walking ``GET /browsers``."""
        return Pages(self._send, inventory.browser_session_walks(page_size, filter_by), options)

    def list_browser_sessions_page(
        self,
        *,
        page_number: int = 1,
        page_size: int = 10,
        filter_by: BrowserSessionStatus | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BrowserSessionPage:
        """Return one page of browser sessions and their total (``GET /browsers``; pages count from 1)."""
        call = inventory.list_browser_sessions_call(page_number, page_size, filter_by)
        result: BrowserSessionPage = self._send(call, **options)
        return result

    def create_browser_session(
        self, body: CreateBrowserSessionRequest | None = None, **options: Unpack[RequestOptions]
    ) -> BrowserSessionView:
        """Start a browser session, billed by the hour (``POST /browsers``); it is never sent twice."""
        result: BrowserSessionView = self._send(inventory.create_browser_session_call(body), **options)
        return result

    def get_browser_session(self, session_id: Id, **options: Unpack[RequestOptions]) -> BrowserSessionView:
        """Return a browser session and its state (``GET /browsers/{session_id}``)."""
        result: BrowserSessionView = self._send(inventory.get_browser_session_call(session_id), **options)
        return result

    def update_browser_session(
        self, session_id: Id, body: UpdateBrowserSessionRequest, **options: Unpack[RequestOptions]
    ) -> BrowserSessionView:
        """Act on a browser session; stop is the one action (``PATCH /browsers/{session_id}``)."""
        result: BrowserSessionView = self._send(inventory.update_browser_session_call(session_id, body), **options)
        return result

    def stop_browser_session(self, session_id: Id, **options: Unpack[RequestOptions]) -> BrowserSessionView:
        """Stop a browser session for good (``PATCH /browsers/{session_id}`` with the stop action)."""
        result: BrowserSessionView = self._send(inventory.update_browser_session_call(session_id), **options)
        return result


class AsyncInventory:
    """Browser-Use's sessions and browser sessions, listed, read, deleted and stopped (async)."""

    _send: Callable[..., Awaitable[Any]]

    def list_sessions(
        self, *, page_size: int = MAX_PAGE_SIZE, **options: Unpack[RequestOptions]
    ) -> AsyncPages[SessionView]:
        """Iterate every session, walking the pages of ``GET /sessions``, ``page_size`` sessions a page."""
        return AsyncPages(self._send, inventory.session_walks(page_size), options)

    async def list_sessions_page(
        self, page: int = 1, page_size: int = 20, **options: Unpack[RequestOptions]
    ) -> SessionPage:
        """Return one page of sessions and their total (``GET /sessions``; pages count from 1)."""
        result: SessionPage = await self._send(inventory.list_sessions_call(page, page_size), **options)
        return result

    async def delete_session(self, session_id: Id, **options: Unpack[RequestOptions]) -> None:
        """Delete a session, which the server stops first if it runs (``DELETE /sessions/{session_id}``)."""
        await self._send(inventory.delete_session_call(session_id), **options)

    def list_session_messages(
        self, session_id: Id, *, after: Id | None = None, limit: int = MAX_PAGE_SIZE, **options: Unpack[RequestOptions]
    ) -> AsyncPages[MessageView]:
        """Iterate a session's messages, oldest first, by cursor on ``GET /sessions/{session_id}/messages``."""
        return AsyncPages(self._send, inventory.message_walks(session_id, limit, after), options)

    async def list_session_messages_page(
        self,
        session_id: Id,
        *,
        after: Id | None = None,
        before: Id | None = None,
        limit: int = 10,
        **options: Unpack[RequestOptions],
    ) -> MessagePage:
        """Return one page of a session's messages (``GET /sessions/{session_id}/messages``); see ``has_more``."""
        call = inventory.list_session_messages_call(session_id, after, before, limit)
        result: MessagePage = await self._send(call, **options)
        return result

    def list_browser_sessions(
        self,
        *,
        filter_by: BrowserSessionStatus | str | None = None,
        page_size: int = MAX_PAGE_SIZE,
        **options: Unpack[RequestOptions],
    ) -> AsyncPages[BrowserSessionView]:
        """Iterate every browser session (only those in ``filter_by``, if given), walking ``GET /browsers``."""
        return AsyncPages(self._send, inventory.browser_session_walks(page_size, filter_by), options)

    async def list_browser_sessions_page(
        self,
        *,
        page_number: int = 1,
        page_size: int = 10,
        filter_by: BrowserSessionStatus | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BrowserSessionPage:
        """Return one page of browser sessions and their total (``GET /browsers``; pages count from 1)."""
        call = inventory.list_browser_sessions_call(page_number, page_size, filter_by)
        result: BrowserSessionPage = await self._send(call, **options)
        return result

    async def create_browser_session(
        self, body: CreateBrowserSessionRequest | None = None, **options: Unpack[RequestOptions]
    ) -> BrowserSessionView:
        """Start a browser session, billed by the hour (``POST /browsers``); it is never sent twice."""
        result: BrowserSessionView = await self._send(inventory.create_browser_session_call(body), **options)
        return result

    async def get_browser_session(self, session_id: Id, **options: Unpack[RequestOptions]) -> BrowserSessionView:
        """Return a browser session and its state (``GET /browsers/{session_id}``)."""
        result: BrowserSessionView = await self._send(inventory.get_browser_session_call(session_id), **options)
        return result

    async def update_browser_session(
        self, session_id: Id, body: UpdateBrowserSessionRequest, **options: Unpack[RequestOptions]
    ) -> BrowserSessionView:
        """Act on a browser session; stop is the one action (``PATCH /browsers/{session_id}``)."""
        call = inventory.update_browser_session_call(session_id, body)
        result: BrowserSessionView = await self._send(call, **options)
        return result

    async def stop_browser_session(self, session_id: Id, **options: Unpack[RequestOptions]) -> BrowserSessionView:
        """Stop a browser session for good (``PATCH /browsers/{session_id}`` with the stop action)."""
        result: BrowserSessionView = await self._send(inventory.update_browser_session_call(session_id), **options)
        return result
