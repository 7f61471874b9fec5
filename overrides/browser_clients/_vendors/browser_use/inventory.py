"""Browser-Use's inventory: list, delete and read sessions, and the browser sessions, each Call from the generated
package, plus the walks that read every page of a list (browser_clients._pages)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from browser_clients._call import Call
from browser_clients._convert import value
from browser_clients._errors import InvalidArgumentError
from browser_clients._pages import Cursored, CursorWalk, Numbered, PageWalk, check_page, check_size
from browser_clients._vendors.browser_use.adapter import VENDOR, check_session_id

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


def _nothing(_data: Any) -> None:
    """Read a 204's (absent) body."""


def check_filter(status: BrowserSessionStatus | str | None) -> BrowserSessionStatus | None:
    """Return ``status`` as the generated BrowserSessionStatus, or raise InvalidArgumentError."""
    from browser_use_client.models import BrowserSessionStatus

    if status is None or isinstance(status, BrowserSessionStatus):
        return status
    try:
        return BrowserSessionStatus(str(status))
    except ValueError:
        known = ", ".join(s.value for s in BrowserSessionStatus)
        raise InvalidArgumentError(f"unknown browser session status {status!r}: expected one of {known}") from None


def _cursor(value: object, option: str) -> Any:
    """Return a message cursor as a UUID (or None), or raise InvalidArgumentError."""
    if value is None:
        return None
    try:
        return check_session_id(value)
    except InvalidArgumentError:  # InvalidSessionIdError is one: the message says session, this is a message
        raise InvalidArgumentError(f"{option} must be a message id (a UUID), got {value!r}") from None


def list_sessions_call(page: int, page_size: int) -> Call[SessionPage]:
    """Describe ``GET /sessions`` for one page."""
    from browser_use_client.api.sessions import list_sessions
    from browser_use_client.models import SessionPage

    kwargs = list_sessions._get_kwargs(page=check_page(page, "page"), page_size=check_size(page_size, "page_size"))
    return Call(VENDOR, "list_sessions", kwargs, SessionPage.from_dict)


def delete_session_call(session_id: object) -> Call[None]:
    """Describe ``DELETE /sessions/{session_id}`` (answered with 204 and no body)."""
    from browser_use_client.api.sessions import delete_session

    return Call(VENDOR, "delete_session", delete_session._get_kwargs(check_session_id(session_id)), _nothing)


def list_session_messages_call(
    session_id: object, after: object = None, before: object = None, limit: int = 10
) -> Call[MessagePage]:
    """Describe ``GET /sessions/{session_id}/messages`` for one page."""
    from browser_use_client.api.sessions import list_session_messages
    from browser_use_client.models import MessagePage

    kwargs = list_session_messages._get_kwargs(
        check_session_id(session_id),
        after=_cursor(after, "after"),
        before=_cursor(before, "before"),
        limit=check_size(limit, "limit"),
    )
    return Call(VENDOR, "list_session_messages", kwargs, MessagePage.from_dict)


def list_browser_sessions_call(
    page_number: int, page_size: int, filter_by: BrowserSessionStatus | str | None = None
) -> Call[BrowserSessionPage]:
    """Describe ``GET /browsers`` for one page, optionally only the browser sessions in one status."""
    from browser_use_client.api.browsers import list_browser_sessions
    from browser_use_client.models import BrowserSessionPage

    kwargs = list_browser_sessions._get_kwargs(
        page_number=check_page(page_number, "page_number"),
        page_size=check_size(page_size, "page_size"),
        filter_by=check_filter(filter_by),
    )
    return Call(VENDOR, "list_browser_sessions", kwargs, BrowserSessionPage.from_dict)


def create_browser_session_call(body: CreateBrowserSessionRequest | None) -> Call[BrowserSessionView]:
    """Describe ``POST /browsers``: never repeated once it reached the server, as each browser bills."""
    from browser_use_client.api.browsers import create_browser_session
    from browser_use_client.models import BrowserSessionView, CreateBrowserSessionRequest

    kwargs = create_browser_session._get_kwargs(body=CreateBrowserSessionRequest() if body is None else body)
    return Call(VENDOR, "create_browser_session", kwargs, BrowserSessionView.from_dict, idempotent=False)


def get_browser_session_call(session_id: object) -> Call[BrowserSessionView]:
    """Describe ``GET /browsers/{session_id}``."""
    from browser_use_client.api.browsers import get_browser_session
    from browser_use_client.models import BrowserSessionView

    kwargs = get_browser_session._get_kwargs(check_session_id(session_id))
    return Call(VENDOR, "get_browser_session", kwargs, BrowserSessionView.from_dict)


def update_browser_session_call(
    session_id: object, body: UpdateBrowserSessionRequest | None = None
) -> Call[BrowserSessionView]:
    """Describe ``PATCH /browsers/{session_id}``; without a body it is the stop (the one action there is)."""
    from browser_use_client.api.browsers import update_browser_session
    from browser_use_client.models import BrowserSessionAction, BrowserSessionView, UpdateBrowserSessionRequest

    body = UpdateBrowserSessionRequest(action=BrowserSessionAction.STOP) if body is None else body
    kwargs = update_browser_session._get_kwargs(check_session_id(session_id), body=body)
    return Call(VENDOR, "update_browser_session", kwargs, BrowserSessionView.from_dict)


def _id(item: Any) -> object:
    # An item whose id deviates from the document (UNSET) is still an item of its own, never a duplicate.
    found = value(item.id)
    return ("unreadable id", id(item)) if found is None else found


def session_walks(page_size: int) -> Callable[[], PageWalk[SessionPage, SessionView]]:
    """Check the arguments now, and return what starts a walk through every session, ``page_size`` a page."""
    size = check_size(page_size, "page_size")

    def read(page: SessionPage) -> Numbered[SessionView]:
        return Numbered(value(page.sessions) or [], value(page.total), value(page.page_size))

    return lambda: PageWalk(lambda number: list_sessions_call(number, size), read, _id, size)


def browser_session_walks(
    page_size: int, filter_by: BrowserSessionStatus | str | None = None
) -> Callable[[], PageWalk[BrowserSessionPage, BrowserSessionView]]:
    """Check the arguments now, and return what starts a walk through every browser session (in ``filter_by``)."""
    size, status = check_size(page_size, "page_size"), check_filter(filter_by)

    def read(page: BrowserSessionPage) -> Numbered[BrowserSessionView]:
        return Numbered(value(page.items) or [], value(page.total_items), value(page.page_size))

    return lambda: PageWalk(lambda number: list_browser_sessions_call(number, size, status), read, _id, size)


def message_walks(
    session_id: object, limit: int, after: object = None
) -> Callable[[], CursorWalk[MessagePage, MessageView]]:
    """Check the arguments now, and return what starts a walk through a session's messages, oldest first."""
    sid, size, start = check_session_id(session_id), check_size(limit, "limit"), _cursor(after, "after")

    def read(page: MessagePage) -> Cursored[MessageView]:
        return Cursored(value(page.messages) or [], value(page.has_more) is True)

    first = None if start is None else str(start)
    return lambda: CursorWalk(lambda cursor: list_session_messages_call(sid, cursor, None, size), read, _id, first)
