"""What Browser-Use v3 lists as active work, for active() and stop_all(): agent sessions and browser sessions.

``GET /sessions`` has no status filter: every session is walked (skimmed: an ended one is never read into a model)
and the ones not active are left alone. Browser
sessions are walked with ``filterBy=active``, and each one's status is checked again here (a list answer is never
trusted to have filtered). An agent session is stopped with strategy ``session`` (the sandbox too, not only its
task); a browser session with the PATCH stop.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from browser_clients._contract import ActiveSource
from browser_clients._convert import decimal_or_none, status_word, value
from browser_clients._engine import Call
from browser_clients._types import ActiveWork, StopResult, WorkKind
from browser_clients._vendors.browser_use import requests
from browser_clients._vendors.browser_use.answers import browser_cost, browser_result, stop_call
from browser_clients._vendors.browser_use.statuses import ACTIVE_BROWSER, ACTIVE_SESSION, browser_status, session_status

VENDOR = requests.VENDOR


def read_session(item: Any) -> ActiveWork | None:
    """Return a listed agent session as ActiveWork, or None when it is not active or has no id."""
    found, word = value(item.id), status_word(item.status)
    if found is None or word not in ACTIVE_SESSION:
        return None
    cost = decimal_or_none(value(item.total_cost_usd))
    return ActiveWork(VENDOR, WorkKind.AGENT_SESSION, str(found), session_status(word), word, cost, item)


def read_browser(item: Any) -> ActiveWork | None:
    """Return a listed browser session as ActiveWork, or None when it is not active or has no id."""
    found, word = value(item.id), status_word(item.status)
    if found is None or word != ACTIVE_BROWSER:
        return None
    return ActiveWork(
        VENDOR, WorkKind.BROWSER_SESSION, str(found), browser_status(word), word, browser_cost(item), item
    )


def stop_session(work: ActiveWork) -> Call[StopResult[Any]]:
    """Describe the stop of an agent session and its sandbox (strategy ``session``)."""
    return stop_call(work.id, "session")


def stop_browser(work: ActiveWork) -> Call[StopResult[Any]]:
    """Describe the PATCH stop of a browser session: tolerant, so a 2xx answer never raises."""
    inner = requests.stop_browser_session(work.id)
    return inner.reading(lambda data: browser_result(work.id, data), tolerant=True)


def session_stop_cost(result: StopResult[Any]) -> Decimal | None:
    """Return the total cost an agent session's stop answer reports."""
    return None if result.model is None else decimal_or_none(value(getattr(result.model, "total_cost_usd", None)))


def browser_stop_cost(result: StopResult[Any]) -> Decimal | None:
    """Return the cost a browser session's stop answer reports."""
    return None if result.model is None else browser_cost(result.model)


SOURCES = (
    ActiveSource(
        VENDOR,
        WorkKind.AGENT_SESSION,
        lambda: requests.session_walk(active=ACTIVE_SESSION),
        read_session,
        stop_session,
        session_stop_cost,
    ),
    ActiveSource(
        VENDOR,
        WorkKind.BROWSER_SESSION,
        lambda: requests.browser_walk(filter_by=ACTIVE_BROWSER),
        read_browser,
        stop_browser,
        browser_stop_cost,
    ),
)
"""Where Browser-Use v3's active work is listed, and how each piece is stopped."""
