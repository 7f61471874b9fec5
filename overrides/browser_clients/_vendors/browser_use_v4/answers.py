"""Browser-Use v4's answers read into the facade's common types: stop results, snapshots and results.

Any 2xx answer to a cancel is a stop that happened, whatever its body; the cancel endpoint answers a run that has
already ended as it is, so stopping one twice returns its final state. An answer about another run than the one
asked is a crossed answer (``_engine.CrossedAnswer``).
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from browser_clients._convert import aware_or_none, decimal_or_none, status_word, value
from browser_clients._engine import CrossedAnswer, read_answer
from browser_clients._types import CommonStatus, Costs, Snapshot, StopResult, TaskResults
from browser_clients._vendors.browser_use_v4 import requests
from browser_clients._vendors.browser_use_v4.statuses import PENDING_MESSAGE, run_status
from browser_use_v4_client.models import QueuedMessage, RunAttachmentList, RunStatusView, RunView

VENDOR = requests.VENDOR


def _status(model: Any, raw: Any) -> tuple[CommonStatus, str | None]:
    """Return the common status and the vendor's word: read by the model, else from the answer as sent."""
    word = None if model is None else status_word(model.status)
    if word is None and isinstance(raw, dict) and isinstance(raw.get("status"), str):
        word = raw["status"]
    return run_status(word), word


def cancel_result(asked: object, data: Any, uuid_asked: uuid.UUID | None = None) -> StopResult[RunView]:
    """Turn a cancel answer into the common stop result: the run's state, final or not, read from the answer."""
    raw, model = read_answer(RunView.from_dict, data)
    found = None if model is None else value(model.id)
    if isinstance(found, uuid.UUID) and found != (uuid_asked or requests.check_id(asked)):
        raise CrossedAnswer(f"the answer is about run {found}, not {asked}")
    status, word = _status(model, raw)
    return StopResult(VENDOR, str(asked if found is None else found), status, word, None, model, raw)


def message_result(work_id: str, data: Any) -> StopResult[QueuedMessage]:
    """Turn a queued message's cancel answer into the common stop result (cancelled is STOPPED)."""
    raw, model = read_answer(QueuedMessage.from_dict, data)
    word = None if model is None else status_word(model.status)
    status = CommonStatus.STOPPED if word == "cancelled" else CommonStatus.UNKNOWN
    if word == PENDING_MESSAGE:
        status = CommonStatus.QUEUED
    return StopResult(VENDOR, work_id, status, word, None, model, raw)


def run_snapshot(run_id: str, data: Any) -> Snapshot[RunView]:
    """Turn a whole run into the common snapshot: status, costs, times and its result; kept as sent."""
    raw, model = read_answer(RunView.from_dict, data)
    status, word = _status(model, raw)
    if model is None:
        return Snapshot(vendor=VENDOR, id=run_id, status=status, raw_status=word, model=None, raw=raw)
    total = decimal_or_none(value(model.total_cost_usd))
    found = value(model.id)
    return Snapshot(
        vendor=VENDOR,
        id=run_id if found is None else str(found),
        status=status,
        raw_status=word,
        model=model,
        costs=Costs(total=Decimal(0) if total is None else total),
        created_at=aware_or_none(value(model.created_at)),
        updated_at=aware_or_none(value(model.updated_at)),
        output=value(model.result),
        raw=raw,
    )


def status_snapshot(run_id: str, data: Any) -> Snapshot[RunStatusView]:
    """Turn the cheap status answer into a snapshot of the run: its status alone."""
    raw, model = read_answer(RunStatusView.from_dict, data)
    status, word = _status(model, raw)
    return Snapshot(vendor=VENDOR, id=run_id, status=status, raw_status=word, model=model, raw=raw)


def run_results(run: RunView, attachments: RunAttachmentList) -> TaskResults[RunView]:
    """Turn a run and its attachments into the common results: its output and the files it produced."""
    status, word = _status(run, None)
    found = value(attachments.attachments)
    return TaskResults(
        vendor=VENDOR,
        id=str(value(run.id)),
        status=status,
        raw_status=word,
        steps=(),
        model=run,
        started_at=aware_or_none(value(run.created_at)),
        completed_at=aware_or_none(value(run.updated_at)) if status.is_terminal else None,
        output=value(run.result),
        attachments=tuple(found if isinstance(found, list) else []),
    )


def run_cost(result: StopResult[Any]) -> Decimal | None:
    """Return the total cost a cancel answer reports."""
    return None if result.model is None else decimal_or_none(value(getattr(result.model, "total_cost_usd", None)))
