"""Browser-Use's Cloud API v3 operations as Calls, each from the generated browser_use_client package.

Every function checks its arguments (raising InvalidArgumentError before any request) and returns the Call the
typed surface (``surface.py``) and the adapter send; the list walks read every page (``_pages``).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Unpack

from browser_clients._constants import PAGE_SIZE
from browser_clients._contract import Vendor
from browser_clients._convert import check_uuid, one_of, value
from browser_clients._engine import Call
from browser_clients._errors import InvalidArgumentError, InvalidSessionIdError
from browser_clients._pages import Cursored, CursorWalk, Numbered, PageWalk, check_page, check_size, listed_id, skimming
from browser_clients._surface import Listing
from browser_use_client.api.browsers import (
    create_browser_session as create_browser_api,
)
from browser_use_client.api.browsers import (
    get_browser_session as get_browser_api,
)
from browser_use_client.api.browsers import (
    list_browser_sessions as list_browsers_api,
)
from browser_use_client.api.browsers import (
    update_browser_session as update_browser_api,
)
from browser_use_client.api.sessions import (
    create_session as create_session_api,
)
from browser_use_client.api.sessions import (
    delete_session as delete_session_api,
)
from browser_use_client.api.sessions import (
    get_session as get_session_api,
)
from browser_use_client.api.sessions import (
    list_session_messages as list_messages_api,
)
from browser_use_client.api.sessions import (
    list_sessions as list_sessions_api,
)
from browser_use_client.api.sessions import (
    stop_session as stop_session_api,
)
from browser_use_client.models import (
    BrowserSessionAction,
    BrowserSessionPage,
    BrowserSessionStatus,
    BrowserSessionView,
    CreateBrowserSessionRequest,
    CreateSessionRequest,
    MessagePage,
    MessageView,
    SessionPage,
    SessionView,
    StopSessionRequest,
    StopStrategy,
    UpdateBrowserSessionRequest,
)
from browser_use_client.types import UNSET

if TYPE_CHECKING:
    from browser_clients._options import RequestOptions

VENDOR = Vendor.BROWSER_USE
Id = str | uuid.UUID


def check_id(given: object, what: str = "session") -> uuid.UUID:
    """Return ``given`` as a UUID, or raise InvalidSessionIdError: Browser-Use's ids are UUIDs."""
    return check_uuid(given, f"Browser-Use {what}")


def check_strategy(strategy: StopStrategy | str | None) -> StopStrategy | None:
    """Return ``strategy`` as the generated StopStrategy enum, or raise InvalidArgumentError."""
    return one_of(StopStrategy, strategy, "stop strategy")


def check_filter(status: BrowserSessionStatus | str | None) -> BrowserSessionStatus | None:
    """Return ``status`` as the generated BrowserSessionStatus, or raise InvalidArgumentError."""
    return one_of(BrowserSessionStatus, status, "browser session status")


def _message_cursor(given: object, option: str) -> uuid.UUID | None:
    if given is None:
        return None
    try:
        return check_id(given, "message")
    except InvalidSessionIdError:
        raise InvalidArgumentError(f"{option} must be a message id (a UUID), got {given!r}") from None


def _nothing(_data: Any) -> None:
    """Read a 204's (absent) body."""


def create_session(body: CreateSessionRequest | None = None, **options: Unpack[RequestOptions]) -> Call[SessionView]:
    """Create a session or dispatch a task to one (``POST /sessions``); it is never sent twice."""
    request = create_session_api._get_kwargs(body=CreateSessionRequest() if body is None else body)
    return Call(VENDOR, "create_session", request, SessionView.from_dict, idempotent=False, options=options)


def get_session(session_id: Id, **options: Unpack[RequestOptions]) -> Call[SessionView]:
    """Return a session and its current state (``GET /sessions/{session_id}``)."""
    request = get_session_api._get_kwargs(check_id(session_id))
    return Call(VENDOR, "get_session", request, SessionView.from_dict, options=options)


def stop_session(
    session_id: Id, strategy: StopStrategy | str | None = None, **options: Unpack[RequestOptions]
) -> Call[SessionView]:
    """Stop a session, or only its task with ``strategy="task"`` (``POST /sessions/{session_id}/stop``).

    Without a strategy no body is sent, and the server applies its default (the whole session).
    """
    chosen = check_strategy(strategy)
    body = UNSET if chosen is None else StopSessionRequest(strategy=chosen)
    request = stop_session_api._get_kwargs(check_id(session_id), body=body)
    return Call(VENDOR, "stop_session", request, SessionView.from_dict, options=options)


def delete_session(session_id: Id, **options: Unpack[RequestOptions]) -> Call[None]:
    """Delete a session, which the server stops first if it runs (``DELETE /sessions/{session_id}``)."""
    request = delete_session_api._get_kwargs(check_id(session_id))
    return Call(VENDOR, "delete_session", request, _nothing, options=options)


def list_sessions_page(page: int = 1, page_size: int = 20, **options: Unpack[RequestOptions]) -> Call[SessionPage]:
    """Return one page of sessions and their total (``GET /sessions``; pages count from 1)."""
    request = list_sessions_api._get_kwargs(page=check_page(page, "page"), page_size=check_size(page_size, "page_size"))
    return Call(VENDOR, "list_sessions", request, SessionPage.from_dict, options=options)


def list_session_messages_page(
    session_id: Id,
    *,
    after: Id | None = None,
    before: Id | None = None,
    limit: int = 10,
    **options: Unpack[RequestOptions],
) -> Call[MessagePage]:
    """Return one page of a session's messages (``GET /sessions/{session_id}/messages``); see ``has_more``."""
    request = list_messages_api._get_kwargs(
        check_id(session_id),
        after=_message_cursor(after, "after"),
        before=_message_cursor(before, "before"),
        limit=check_size(limit, "limit"),
    )
    return Call(VENDOR, "list_session_messages", request, MessagePage.from_dict, options=options)


def list_browser_sessions_page(
    *,
    page_number: int = 1,
    page_size: int = 10,
    filter_by: BrowserSessionStatus | str | None = None,
    **options: Unpack[RequestOptions],
) -> Call[BrowserSessionPage]:
    """Return one page of browser sessions and their total (``GET /browsers``; pages count from 1)."""
    request = list_browsers_api._get_kwargs(
        page_number=check_page(page_number, "page_number"),
        page_size=check_size(page_size, "page_size"),
        filter_by=check_filter(filter_by),
    )
    return Call(VENDOR, "list_browser_sessions", request, BrowserSessionPage.from_dict, options=options)


def create_browser_session(
    body: CreateBrowserSessionRequest | None = None, **options: Unpack[RequestOptions]
) -> Call[BrowserSessionView]:
    """Start a browser session, billed by the hour (``POST /browsers``); it is never sent twice."""
    request = create_browser_api._get_kwargs(body=CreateBrowserSessionRequest() if body is None else body)
    return Call(
        VENDOR, "create_browser_session", request, BrowserSessionView.from_dict, idempotent=False, options=options
    )


def get_browser_session(session_id: Id, **options: Unpack[RequestOptions]) -> Call[BrowserSessionView]:
    """Return a browser session and its state (``GET /browsers/{session_id}``)."""
    request = get_browser_api._get_kwargs(check_id(session_id, "browser session"))
    return Call(VENDOR, "get_browser_session", request, BrowserSessionView.from_dict, options=options)


def update_browser_session(
    session_id: Id, body: UpdateBrowserSessionRequest, **options: Unpack[RequestOptions]
) -> Call[BrowserSessionView]:
    """Act on a browser session; stop is the one action (``PATCH /browsers/{session_id}``)."""
    request = update_browser_api._get_kwargs(check_id(session_id, "browser session"), body=body)
    return Call(VENDOR, "update_browser_session", request, BrowserSessionView.from_dict, options=options)


def stop_browser_session(session_id: Id, **options: Unpack[RequestOptions]) -> Call[BrowserSessionView]:
    """Stop a browser session for good (``PATCH /browsers/{session_id}`` with the stop action)."""
    body = UpdateBrowserSessionRequest(action=BrowserSessionAction.STOP)
    return update_browser_session(session_id, body, **options)


def session_walk(
    page_size: int = PAGE_SIZE, active: Collection[str] | None = None
) -> PageWalk[SessionPage, SessionView]:
    """Return a walk through every session, ``page_size`` a page; with ``active``, skimmed (``_pages``)."""
    size = check_size(page_size, "page_size")

    def read(page: SessionPage) -> Numbered[SessionView]:
        return Numbered(value(page.sessions) or [], value(page.total), value(page.page_size))

    def call_for(number: int) -> Call[Any]:
        call = list_sessions_page(number, size)
        return call if active is None else skimming(call, "sessions", lambda page: value(page.sessions), active)

    return PageWalk(call_for, read, listed_id, size)


def browser_walk(
    page_size: int = PAGE_SIZE, filter_by: BrowserSessionStatus | str | None = None
) -> PageWalk[BrowserSessionPage, BrowserSessionView]:
    """Return a walk through every browser session (only those in ``filter_by``, if given)."""
    size, status = check_size(page_size, "page_size"), check_filter(filter_by)

    def read(page: BrowserSessionPage) -> Numbered[BrowserSessionView]:
        return Numbered(value(page.items) or [], value(page.total_items), value(page.page_size))

    return PageWalk(
        lambda number: list_browser_sessions_page(page_number=number, page_size=size, filter_by=status),
        read,
        listed_id,
        size,
    )


def list_sessions(*, page_size: int = PAGE_SIZE, **options: Unpack[RequestOptions]) -> Listing[SessionView]:
    """Iterate every session, walking the pages of ``GET /sessions``, ``page_size`` sessions a page."""
    check_size(page_size, "page_size")
    return Listing(lambda: session_walk(page_size), options)


def list_session_messages(
    session_id: Id, *, after: Id | None = None, limit: int = PAGE_SIZE, **options: Unpack[RequestOptions]
) -> Listing[MessageView]:
    """Iterate a session's messages, oldest first, by cursor on ``GET /sessions/{session_id}/messages``."""
    sid, size, start = check_id(session_id), check_size(limit, "limit"), _message_cursor(after, "after")

    def read(page: MessagePage) -> Cursored[MessageView]:
        return Cursored(value(page.messages) or [], value(page.has_more) is True)

    def walk() -> CursorWalk[MessagePage, MessageView]:
        first = None if start is None else str(start)
        return CursorWalk(
            lambda cursor: list_session_messages_page(sid, after=cursor, limit=size), read, listed_id, first
        )

    return Listing(walk, options)


def list_browser_sessions(
    *,
    filter_by: BrowserSessionStatus | str | None = None,
    page_size: int = PAGE_SIZE,
    **options: Unpack[RequestOptions],
) -> Listing[BrowserSessionView]:
    """Iterate every browser session (only those in ``filter_by``, if given), walking ``GET /browsers``."""
    check_size(page_size, "page_size")
    check_filter(filter_by)
    return Listing(lambda: browser_walk(page_size, filter_by), options)


__all__ = [
    "MessageView",
    "check_id",
    "create_browser_session",
    "create_session",
    "delete_session",
    "get_browser_session",
    "get_session",
    "list_browser_sessions",
    "list_browser_sessions_page",
    "list_session_messages",
    "list_session_messages_page",
    "list_sessions",
    "list_sessions_page",
    "stop_browser_session",
    "stop_session",
    "update_browser_session",
]
