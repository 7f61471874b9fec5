"""What Browser-Use v4 lists as active work, for active() and stop_all(): runs, and messages queued behind them.

``GET /runs`` has no status filter: every run is walked (by the server's cursor; skimmed, so that an ended one is
never read into a model) and the ones not active are left alone. A message sent to a busy session waits in its queue
and becomes a run as soon as the session's run ends: so the queues of the sessions whose latest run is active are
read, their pending messages cancelled first, and only then the runs (``ActiveSource.after``). Browsers are the
account's: v3's listing stops them, once.
"""

from __future__ import annotations

from typing import Any

from browser_clients._contract import ActiveSource
from browser_clients._convert import decimal_or_none, status_word, value
from browser_clients._engine import Call
from browser_clients._errors import ConflictError, NotFoundError
from browser_clients._pages import CursorWalk, Ended
from browser_clients._types import ActiveWork, StopResult, WorkKind
from browser_clients._vendors.browser_use_v4 import requests
from browser_clients._vendors.browser_use_v4.answers import cancel_result, message_result, run_cost
from browser_clients._vendors.browser_use_v4.statuses import ACTIVE_RUN, PENDING_MESSAGE, run_status
from browser_use_v4_client.models import MessageQueue, QueuedMessage, SessionPage, SessionSummary

VENDOR = requests.VENDOR
RUN = WorkKind("run")
"""A v4 run: the unit of work."""
QUEUED_MESSAGE = WorkKind("queued_message")
"""A message waiting in a session's queue to become the session's next run."""


class QueueWalk:
    """Walk every session, then the queue of each whose latest run is active: its pending messages.

    The queues are asked for one by one (``next_call``), or all at once (``rest``) once the sessions are listed.
    """

    def __init__(self) -> None:
        self._sessions: CursorWalk[SessionPage, SessionSummary] = requests.session_walk(active=ACTIVE_RUN)
        self._busy: list[str] = []

    def next_call(self) -> Call[Any] | None:
        """Return the next request: a page of sessions, then a busy session's queue; None at the end."""
        call = self._sessions.next_call()
        if call is not None:
            return call
        return requests.list_queued_messages(self._busy.pop(0)) if self._busy else None

    def rest(self) -> list[Call[Any]]:
        """Return, once every session is listed, the requests of all the busy sessions' queues."""
        if self._sessions.next_call() is not None:
            return []
        calls = [requests.list_queued_messages(session) for session in self._busy]
        self._busy = []
        return calls

    def take(self, answer: Any) -> list[tuple[str, QueuedMessage]]:
        """Return a queue's messages with their session; from a page of sessions, note the busy ones."""
        if not isinstance(answer, MessageQueue):
            for session in self._sessions.take(answer):
                if isinstance(session, Ended):  # its latest run has ended: nothing waits behind it
                    continue
                found = value(session.session_id)
                if found is not None and status_word(session.status) in ACTIVE_RUN:
                    self._busy.append(str(found))
            return []
        messages = (message for message in value(answer.queue) or [] if value(message.session_id) is not None)
        return [(str(value(message.session_id)), message) for message in messages]


def read_message(item: tuple[str, QueuedMessage]) -> ActiveWork | None:
    """Return a queued message as ActiveWork (its id: ``<session>/<message>``), or None unless it is pending."""
    session, message = item
    found, word = value(message.id), status_word(message.status)
    if found is None or word != PENDING_MESSAGE:
        return None
    return ActiveWork(VENDOR, QUEUED_MESSAGE, f"{session}/{found}", run_status("queued"), word, None, message, session)


def stop_message(work: ActiveWork) -> Call[StopResult[Any]]:
    """Describe the cancel of a pending message, before it becomes a run."""
    message = work.id.rpartition("/")[2]
    inner = requests.cancel_queued_message(work.parent or "", message)
    return inner.reading(lambda data: message_result(work.id, data), tolerant=True)


def read_run(item: Any) -> ActiveWork | None:
    """Return a listed run as ActiveWork, or None when it is not active or has no id."""
    found, word = value(item.id), status_word(item.status)
    if found is None or word not in ACTIVE_RUN:
        return None
    cost = decimal_or_none(value(item.total_cost_usd))
    return ActiveWork(VENDOR, RUN, str(found), run_status(word), word, cost, item)


def stop_run(work: ActiveWork) -> Call[StopResult[Any]]:
    """Describe the cancel of a run: tolerant, so a 2xx answer never raises."""
    return requests.cancel_run(work.id).reading(lambda data: cancel_result(work.id, data), tolerant=True)


SOURCES = (
    # A message that is no longer pending (409) became a run or was cancelled: the next pass finds that run.
    ActiveSource(
        VENDOR,
        QUEUED_MESSAGE,
        QueueWalk,
        read_message,
        stop_message,
        lambda _r: None,
        (),
        (NotFoundError, ConflictError),
    ),
    ActiveSource(
        VENDOR, RUN, lambda: requests.run_walk(active=ACTIVE_RUN), read_run, stop_run, run_cost, (QUEUED_MESSAGE,)
    ),
)
"""Where Browser-Use v4's active work is listed, and how each piece is stopped: queued messages, then runs."""
