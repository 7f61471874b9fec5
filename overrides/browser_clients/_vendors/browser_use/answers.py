"""Browser-Use v3's answers read into the facade's common types: stop results and snapshots.

Any 2xx answer to a stop is a stop that happened, whatever its body: what cannot be read is UNKNOWN, kept as sent.
A stop answer about another session than the one asked is a crossed answer (``_engine.CrossedAnswer``).
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from browser_clients._convert import aware_or_none, decimal_or_none, status_word, value
from browser_clients._engine import SHAPE_ERRORS, Call, CrossedAnswer, NotJSON
from browser_clients._types import Costs, Snapshot, StopResult
from browser_clients._vendors.browser_use import requests
from browser_clients._vendors.browser_use.statuses import browser_status, read_session_status
from browser_use_client.models import BrowserSessionView, SessionView

if TYPE_CHECKING:
    from browser_use_client.models import StopStrategy

VENDOR = requests.VENDOR


def read_session(data: Any) -> tuple[SessionView | None, Any]:
    """Return the typed session (None when the answer cannot be read into one) and the answer as sent."""
    if isinstance(data, NotJSON):
        return None, data.text
    try:
        return SessionView.from_dict(data), data
    except SHAPE_ERRORS:
        return None, data


def _text(field: object) -> str | None:
    found = value(field)
    return found if isinstance(found, str) and found else None


def _id(model: SessionView | None, asked: object) -> str:
    """Return the session's id: the one the answer names, when it reads as one, else the one asked for."""
    found = None if model is None else value(model.id)
    return str(asked if found is None else found)


def sent_id(model: SessionView) -> str | None:
    """Return the id a new session's answer names, as the vendor sent it (an upper-case UUID is kept as it is)."""
    found = value(model.id)
    if found is None:
        sent = model.to_dict().get("id")
        found = sent.strip() if isinstance(sent, str) and sent.strip() else None
    return None if found is None else str(found)


def session_result(asked: object, data: Any, uuid_asked: uuid.UUID | None = None) -> StopResult[SessionView]:
    """Turn a stop answer into the common stop result: any 2xx answer is a stop that happened, whatever its body.

    An answer that names another session than the one asked about is a crossed answer (CrossedAnswer).
    """
    model, raw = read_session(data)
    found = None if model is None else value(model.id)
    if isinstance(found, uuid.UUID) and found != (uuid_asked or requests.check_id(asked)):
        raise CrossedAnswer(f"the answer is about {found}, not {asked}")
    status, word = read_session_status(raw)
    summary = None if model is None else _text(model.last_step_summary)
    return StopResult(VENDOR, str(asked if found is None else found), status, word, summary, model, raw)


def stop_call(session_id: object, strategy: StopStrategy | str | None) -> Call[StopResult[SessionView]]:
    """Describe the stop of a session (``strategy="task"`` keeps it): tolerant, so a 2xx answer never raises."""
    checked = requests.check_id(session_id)
    inner = requests.stop_session(checked, strategy)
    return inner.reading(lambda data: session_result(session_id, data, checked), tolerant=True)


def snapshot(session_id: object, data: Any) -> Snapshot[SessionView]:
    """Turn a session answer into the common snapshot; an unreadable one is UNKNOWN, kept as sent."""
    model, raw = read_session(data)
    status, word = read_session_status(raw)
    if model is None:
        return Snapshot(vendor=VENDOR, id=str(session_id), status=status, raw_status=word, model=None, raw=raw)
    total = decimal_or_none(value(model.total_cost_usd))
    costs = Costs(
        total=Decimal(0) if total is None else total,  # the document's default when the field is left out
        llm=decimal_or_none(value(model.llm_cost_usd)),
        proxy=decimal_or_none(value(model.proxy_cost_usd)),
        browser=decimal_or_none(value(model.browser_cost_usd)),
        limit=decimal_or_none(value(model.max_cost_usd)),
    )
    steps = value(model.step_count)
    return Snapshot(
        vendor=VENDOR,
        id=_id(model, session_id),
        status=status,
        raw_status=word,
        model=model,
        step_count=steps if isinstance(steps, int) else None,
        last_step_summary=_text(model.last_step_summary),
        costs=costs,
        created_at=aware_or_none(value(model.created_at)),
        updated_at=aware_or_none(value(model.updated_at)),
        output=value(model.output),
        raw=raw,
    )


def browser_result(session_id: str, data: Any) -> StopResult[BrowserSessionView]:
    """Turn a browser session's stop answer into the common stop result; any 2xx answer is one."""
    model = None
    if isinstance(data, dict):
        try:
            model = BrowserSessionView.from_dict(data)
        except SHAPE_ERRORS:
            model = None
    raw = data.text if isinstance(data, NotJSON) else data
    said = None if model is None else status_word(model.status)
    if said is None and isinstance(raw, dict) and isinstance(raw.get("status"), str):
        said = raw["status"]
    found = None if model is None else value(model.id)
    return StopResult(VENDOR, str(session_id if found is None else found), browser_status(said), said, None, model, raw)


def _sum(*amounts: Decimal | None) -> Decimal | None:
    known = [amount for amount in amounts if amount is not None]
    return sum(known, Decimal(0)) if known else None


def browser_cost(item: Any) -> Decimal | None:
    """Return what a browser session has cost so far: the browser and its proxy, where reported."""
    return _sum(decimal_or_none(value(item.browser_cost)), decimal_or_none(value(item.proxy_cost)))
