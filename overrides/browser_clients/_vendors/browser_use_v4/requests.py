"""Browser-Use v4's operations as Calls, each from the generated browser_use_v4_client package.

Every function checks its arguments (raising InvalidArgumentError before any request) and returns the Call the
typed surface (``surface.py``), the adapter and the listing send. Lists page three ways: runs and sessions by the
server's cursor (``nextCursor``), a run's events by the last event id (``after``), browsers by page number.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Unpack

from browser_clients._constants import PAGE_SIZE
from browser_clients._contract import Vendor
from browser_clients._convert import check_uuid, one_of, value
from browser_clients._engine import Call
from browser_clients._errors import InvalidArgumentError
from browser_clients._pages import Cursored, CursorWalk, Numbered, PageWalk, check_page, check_size, listed_id, skimming
from browser_clients._surface import Listing
from browser_use_v4_client.api.browsers import (
    create_browser_session as create_browser_api,
)
from browser_use_v4_client.api.browsers import (
    get_browser_session as get_browser_api,
)
from browser_use_v4_client.api.browsers import (
    list_browser_sessions as list_browsers_api,
)
from browser_use_v4_client.api.browsers import (
    update_browser_session as update_browser_api,
)
from browser_use_v4_client.api.runs import (
    cancel_run as cancel_run_api,
)
from browser_use_v4_client.api.runs import (
    create_run as create_run_api,
)
from browser_use_v4_client.api.runs import (
    get_run as get_run_api,
)
from browser_use_v4_client.api.runs import (
    get_run_status as get_run_status_api,
)
from browser_use_v4_client.api.runs import (
    list_run_attachments as list_attachments_api,
)
from browser_use_v4_client.api.runs import (
    list_run_events as list_events_api,
)
from browser_use_v4_client.api.runs import (
    list_runs as list_runs_api,
)
from browser_use_v4_client.api.sessions import (
    cancel_queued_message as cancel_message_api,
)
from browser_use_v4_client.api.sessions import (
    get_session as get_session_api,
)
from browser_use_v4_client.api.sessions import (
    list_queued_messages as list_queue_api,
)
from browser_use_v4_client.api.sessions import (
    list_sessions as list_sessions_api,
)
from browser_use_v4_client.api.sessions import (
    send_message as send_message_api,
)
from browser_use_v4_client.models import (
    BrowserSessionAction,
    BrowserSessionPage,
    BrowserSessionStatus,
    BrowserSessionView,
    CreateBrowserSessionRequest,
    CreatedRun,
    CreateRunRequest,
    MessageQueue,
    QueuedMessage,
    RunAttachmentList,
    RunEvent,
    RunEventPage,
    RunPage,
    RunStatusView,
    RunView,
    SendMessageRequest,
    SessionPage,
    SessionSummary,
    UpdateBrowserSessionRequest,
)

if TYPE_CHECKING:
    from browser_clients._options import RequestOptions

VENDOR = Vendor.BROWSER_USE_V4
Id = str | uuid.UUID


def check_id(given: object, what: str = "run") -> uuid.UUID:
    """Return ``given`` as a UUID, or raise InvalidSessionIdError: Browser-Use's ids are UUIDs."""
    return check_uuid(given, f"Browser-Use v4 {what}")


def check_message_id(given: object) -> int:
    """Return a queued message's id (a whole number), or raise InvalidArgumentError."""
    if isinstance(given, bool) or not isinstance(given, int | str) or not str(given).strip().isdigit():
        raise InvalidArgumentError(f"a queued message's id is a whole number, got {given!r}")
    return int(given)


def check_filter(status: BrowserSessionStatus | str | None) -> BrowserSessionStatus | None:
    """Return ``status`` as the generated BrowserSessionStatus, or raise InvalidArgumentError."""
    return one_of(BrowserSessionStatus, status, "browser session status")


def _cursor(given: object) -> str | None:
    if given is not None and (not isinstance(given, str) or not given):
        raise InvalidArgumentError(f"cursor must be the nextCursor of the page before, got {given!r}")
    return given


def _nothing_to_check(given: int, option: str) -> int:
    if isinstance(given, bool) or not isinstance(given, int) or given < 0:
        raise InvalidArgumentError(f"{option} must be a whole number >= 0, got {given!r}")
    return given


def create_run(body: CreateRunRequest, **options: Unpack[RequestOptions]) -> Call[CreatedRun]:
    """Start a run (``POST /runs``); it is never sent twice, so a lost answer is an error, not a retry."""
    request = create_run_api._get_kwargs(body=body)
    return Call(VENDOR, "create_run", request, CreatedRun.from_dict, idempotent=False, options=options)


def list_runs_page(
    *, limit: int = 50, cursor: str | None = None, session_id: Id | None = None, **options: Unpack[RequestOptions]
) -> Call[RunPage]:
    """Return one page of runs, newest first (``GET /runs``); pass its ``next_cursor`` for the next."""
    request = list_runs_api._get_kwargs(
        limit=check_size(limit, "limit"),
        cursor=_cursor(cursor),
        session_id=None if session_id is None else check_id(session_id, "session"),
    )
    return Call(VENDOR, "list_runs", request, RunPage.from_dict, options=options)


def get_run(run_id: Id, **options: Unpack[RequestOptions]) -> Call[RunView]:
    """Return a run and everything about it (``GET /runs/{run_id}``)."""
    return Call(VENDOR, "get_run", get_run_api._get_kwargs(check_id(run_id)), RunView.from_dict, options=options)


def get_run_status(run_id: Id, **options: Unpack[RequestOptions]) -> Call[RunStatusView]:
    """Return a run's status alone, the cheap call to poll (``GET /runs/{run_id}/status``)."""
    request = get_run_status_api._get_kwargs(check_id(run_id))
    return Call(VENDOR, "get_run_status", request, RunStatusView.from_dict, options=options)


def cancel_run(run_id: Id, **options: Unpack[RequestOptions]) -> Call[RunView]:
    """Cancel a run (``POST /runs/{run_id}/cancel``); a run that has ended is answered as it is."""
    request = cancel_run_api._get_kwargs(check_id(run_id))
    return Call(VENDOR, "cancel_run", request, RunView.from_dict, options=options)


def list_run_events_page(
    run_id: Id, *, after: int = 0, limit: int = 200, **options: Unpack[RequestOptions]
) -> Call[RunEventPage]:
    """Return one page of a run's events, oldest first, after event ``after`` (``GET /runs/{run_id}/events``)."""
    request = list_events_api._get_kwargs(
        check_id(run_id), after=_nothing_to_check(after, "after"), limit=_nothing_to_check(limit, "limit")
    )
    return Call(VENDOR, "list_run_events", request, RunEventPage.from_dict, options=options)


def list_run_attachments(run_id: Id, **options: Unpack[RequestOptions]) -> Call[RunAttachmentList]:
    """Return the files a run produced (``GET /runs/{run_id}/attachments``)."""
    request = list_attachments_api._get_kwargs(check_id(run_id))
    return Call(VENDOR, "list_run_attachments", request, RunAttachmentList.from_dict, options=options)


def list_sessions_page(
    *, limit: int = 20, cursor: str | None = None, **options: Unpack[RequestOptions]
) -> Call[SessionPage]:
    """Return one page of sessions, each with its latest run's status (``GET /sessions``)."""
    request = list_sessions_api._get_kwargs(limit=check_size(limit, "limit"), cursor=_cursor(cursor))
    return Call(VENDOR, "list_sessions", request, SessionPage.from_dict, options=options)


def get_session(session_id: Id, **options: Unpack[RequestOptions]) -> Call[SessionSummary]:
    """Return a session and its latest run's status (``GET /sessions/{session_id}``)."""
    request = get_session_api._get_kwargs(check_id(session_id, "session"))
    return Call(VENDOR, "get_session", request, SessionSummary.from_dict, options=options)


def send_message(session_id: Id, body: SendMessageRequest, **options: Unpack[RequestOptions]) -> Call[QueuedMessage]:
    """Queue a message for a session: a run once the session's run ends (``POST /sessions/{session_id}/queue``)."""
    request = send_message_api._get_kwargs(check_id(session_id, "session"), body=body)
    return Call(VENDOR, "send_message", request, QueuedMessage.from_dict, idempotent=False, options=options)


def list_queued_messages(session_id: Id, **options: Unpack[RequestOptions]) -> Call[MessageQueue]:
    """Return a session's pending messages, oldest first (``GET /sessions/{session_id}/queue``)."""
    request = list_queue_api._get_kwargs(check_id(session_id, "session"))
    return Call(VENDOR, "list_queued_messages", request, MessageQueue.from_dict, options=options)


def cancel_queued_message(
    session_id: Id, message_id: int | str, **options: Unpack[RequestOptions]
) -> Call[QueuedMessage]:
    """Cancel a pending message before it becomes a run (``DELETE /sessions/{session_id}/queue/{message_id}``)."""
    request = cancel_message_api._get_kwargs(check_id(session_id, "session"), check_message_id(message_id))
    return Call(VENDOR, "cancel_queued_message", request, QueuedMessage.from_dict, options=options)


def list_browser_sessions_page(
    *,
    page_number: int = 1,
    page_size: int = 10,
    filter_by: BrowserSessionStatus | str | None = None,
    agent_session_id: Id | None = None,
    **options: Unpack[RequestOptions],
) -> Call[BrowserSessionPage]:
    """Return one page of browser sessions and their total (``GET /browsers``; pages count from 1)."""
    request = list_browsers_api._get_kwargs(
        page_number=check_page(page_number, "page_number"),
        page_size=check_size(page_size, "page_size"),
        filter_by=check_filter(filter_by),
        agent_session_id=None if agent_session_id is None else check_id(agent_session_id, "session"),
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


def run_walk(
    limit: int = PAGE_SIZE, session_id: Id | None = None, active: Collection[str] | None = None
) -> CursorWalk[RunPage, RunView]:
    """Return a walk through every run (of one session, if given), newest first, by the server's cursor; with
    ``active``, skimmed (``_pages``)."""
    size = check_size(limit, "limit")

    def read(page: RunPage) -> Cursored[RunView]:
        cursor = value(page.next_cursor)
        return Cursored(
            value(page.runs) or [], value(page.has_more) is True, cursor if isinstance(cursor, str) else None
        )

    def call_for(cursor: str | None) -> Call[Any]:
        call = list_runs_page(limit=size, cursor=cursor, session_id=session_id)
        return call if active is None else skimming(call, "runs", lambda page: value(page.runs), active)

    return CursorWalk(call_for, read, listed_id)


def session_walk(
    limit: int = PAGE_SIZE, active: Collection[str] | None = None
) -> CursorWalk[SessionPage, SessionSummary]:
    """Return a walk through every session, by the server's cursor; with ``active``, skimmed (``_pages``)."""
    size = check_size(limit, "limit")

    def read(page: SessionPage) -> Cursored[SessionSummary]:
        cursor = value(page.next_cursor)
        found = value(page.sessions) or []
        return Cursored(found, value(page.has_more) is True, cursor if isinstance(cursor, str) else None)

    def call_for(cursor: str | None) -> Call[Any]:
        call = list_sessions_page(limit=size, cursor=cursor)
        return (
            call
            if active is None
            else skimming(call, "sessions", lambda page: value(page.sessions), active, "sessionId")
        )

    return CursorWalk(call_for, read, lambda s: value(s.session_id))


def event_walk(run_id: Id, limit: int = 200, after: int = 0) -> CursorWalk[RunEventPage, RunEvent]:
    """Return a walk through a run's events, oldest first, each page after the last event of the one before."""
    rid, size, start = check_id(run_id), _nothing_to_check(limit, "limit"), _nothing_to_check(after, "after")

    def read(page: RunEventPage) -> Cursored[RunEvent]:
        following = value(page.next_after)
        cursor = str(following) if isinstance(following, int) else None
        return Cursored(value(page.events) or [], value(page.has_more) is True, cursor)

    def call(cursor: str | None) -> Call[RunEventPage]:
        return list_run_events_page(rid, after=start if cursor is None else int(cursor), limit=size)

    return CursorWalk(call, read, listed_id)


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


def list_runs(
    *, limit: int = PAGE_SIZE, session_id: Id | None = None, **options: Unpack[RequestOptions]
) -> Listing[RunView]:
    """Iterate every run (of one session, if given), newest first, walking the pages of ``GET /runs``."""
    run_walk(limit, session_id)  # checks the arguments now
    return Listing(lambda: run_walk(limit, session_id), options)


def list_sessions(*, limit: int = PAGE_SIZE, **options: Unpack[RequestOptions]) -> Listing[SessionSummary]:
    """Iterate every session, walking the pages of ``GET /sessions``."""
    check_size(limit, "limit")
    return Listing(lambda: session_walk(limit), options)


def list_run_events(
    run_id: Id, *, after: int = 0, limit: int = 200, **options: Unpack[RequestOptions]
) -> Listing[RunEvent]:
    """Iterate a run's events, oldest first (after event ``after``), walking ``GET /runs/{run_id}/events``."""
    event_walk(run_id, limit, after)  # checks the arguments now
    return Listing(lambda: event_walk(run_id, limit, after), options)


def list_browser_sessions(
    *,
    filter_by: BrowserSessionStatus | str | None = None,
    page_size: int = PAGE_SIZE,
    **options: Unpack[RequestOptions],
) -> Listing[BrowserSessionView]:
    """Iterate every browser session (only those in ``filter_by``, if given), walking ``GET /browsers``."""
    browser_walk(page_size, filter_by)  # checks the arguments now
    return Listing(lambda: browser_walk(page_size, filter_by), options)
