"""Browser-Use's active work, for clients.active() and stop_all(): agent sessions and browser sessions.

Agent sessions are active while ``created``, ``idle`` or ``running``: ``GET /sessions`` has no status filter, so
every session is walked and the others are left alone. Browser sessions are walked with ``filterBy=active``, and
each one's status is checked again here (a list answer is never trusted to have filtered). An agent session is
stopped with strategy ``session`` (the sandbox too, not only its task); a browser session with the PATCH stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from browser_clients._active import ActiveSource, ActiveWork, WorkKind
from browser_clients._call import SHAPE_ERRORS, Call, NotJSON
from browser_clients._convert import decimal_or_none, value
from browser_clients._pages import MAX_PAGE_SIZE
from browser_clients._results import CommonStatus, StopResult
from browser_clients._vendors.browser_use import inventory
from browser_clients._vendors.browser_use.adapter import VENDOR, common_status, stop_call

if TYPE_CHECKING:
    from browser_use_client.models.browser_session_view import BrowserSessionView

ACTIVE_SESSION = frozenset({"created", "idle", "running"})
"""The agent session statuses that are active work (a keep-alive session waiting for its next task is idle)."""
ACTIVE_BROWSER = "active"
_BROWSER_STATUS = {"active": CommonStatus.RUNNING, "stopped": CommonStatus.STOPPED}


def _word(field: object) -> str | None:
    found = value(field)
    word = getattr(found, "value", found)
    return word if isinstance(word, str) else None


def _sum(*amounts: Decimal | None) -> Decimal | None:
    known = [amount for amount in amounts if amount is not None]
    return sum(known, Decimal(0)) if known else None


def read_session(item: Any) -> ActiveWork | None:
    """Return a listed agent session as ActiveWork, or None when it is not active or has no id."""
    found, word = value(item.id), _word(item.status)
    if found is None or word not in ACTIVE_SESSION:
        return None
    cost = decimal_or_none(value(item.total_cost_usd))
    return ActiveWork(VENDOR, WorkKind.AGENT_SESSION, str(found), common_status(word), word, cost, item)


def browser_cost(item: Any) -> Decimal | None:
    """Return what a browser session has cost so far: the browser and its proxy, where reported."""
    return _sum(decimal_or_none(value(item.browser_cost)), decimal_or_none(value(item.proxy_cost)))


def read_browser(item: Any) -> ActiveWork | None:
    """Return a listed browser session as ActiveWork, or None when it is not active or has no id."""
    found, word = value(item.id), _word(item.status)
    if found is None or word != ACTIVE_BROWSER:
        return None
    status = _BROWSER_STATUS[word]
    return ActiveWork(VENDOR, WorkKind.BROWSER_SESSION, str(found), status, word, browser_cost(item), item)


def stop_session_call(session_id: str) -> Call[StopResult]:
    """Describe the stop of an agent session and its sandbox (strategy ``session``)."""
    return stop_call(session_id, "session")


def _browser_view(data: Any) -> BrowserSessionView | None:
    from browser_use_client.models import BrowserSessionView

    if isinstance(data, NotJSON) or data is None:
        return None
    try:
        return BrowserSessionView.from_dict(data)
    except SHAPE_ERRORS:
        return None


def browser_result(session_id: str, data: Any) -> StopResult:
    """Turn a browser session's stop answer into the common stop result; any 2xx answer is one."""
    model = _browser_view(data)
    raw = data.text if isinstance(data, NotJSON) else data
    word = None if model is None else _word(model.status)
    if word is None and isinstance(raw, dict) and isinstance(raw.get("status"), str):
        word = raw["status"]
    status = CommonStatus.UNKNOWN if word is None else _BROWSER_STATUS.get(word, CommonStatus.UNKNOWN)
    found = None if model is None else value(model.id)
    return StopResult(VENDOR, str(session_id if found is None else found), status, word, None, model, raw)


def stop_browser_call(session_id: str) -> Call[StopResult]:
    """Describe the PATCH stop of a browser session: tolerant, so a 2xx answer never raises."""
    inner = inventory.update_browser_session_call(session_id)
    return Call(VENDOR, inner.operation, inner.request, lambda d: browser_result(session_id, d), tolerant=True)


def session_stop_cost(result: StopResult) -> Decimal | None:
    """Return the total cost an agent session's stop answer reports."""
    return None if result.model is None else decimal_or_none(value(getattr(result.model, "total_cost_usd", None)))


def browser_stop_cost(result: StopResult) -> Decimal | None:
    """Return the cost a browser session's stop answer reports."""
    return None if result.model is None else browser_cost(result.model)


SOURCES = (
    ActiveSource(
        WorkKind.AGENT_SESSION,
        inventory.session_walks(MAX_PAGE_SIZE),
        read_session,
        stop_session_call,
        session_stop_cost,
    ),
    ActiveSource(
        WorkKind.BROWSER_SESSION,
        inventory.browser_session_walks(MAX_PAGE_SIZE, ACTIVE_BROWSER),
        read_browser,
        stop_browser_call,
        browser_stop_cost,
    ),
)
"""Where Browser-Use's active work is listed, and how each piece is stopped."""


def active_sources() -> Sequence[ActiveSource]:
    """Return where Browser-Use's active work is listed: agent sessions, then browser sessions."""
    return SOURCES


if TYPE_CHECKING:  # mypy checks here that this module keeps the listing capability
    import browser_clients._vendors.browser_use.sweep as _this  # noqa: PLW0406 (the capability is checked on this very module)
    from browser_clients._contract import ListsActiveWork

    _LISTS: ListsActiveWork = _this
