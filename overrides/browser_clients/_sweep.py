"""The decisions of a sweep (``stop_all``), with no I/O: which passes run, what each one stops, and the report.

The rules:

- a pass lists every active piece of work, then stops what this sweep has not tried yet (each kind of work in a
  batch of its own, on stop_many's machinery: retries, the 429 pause, one outcome per id);
- each piece of work is stopped at most once per sweep (plus the retries of that one stop): one already stopped,
  already ended or failed is never sent again, even when a later list still shows it;
- a 404 on a stop means the work ended (or vanished) on its own: ``already_ended``, not a failure;
- sweeps go on until a pass finds nothing new to stop (a runaway loop keeps creating work while it is stopped);
  no pass starts after ``deadline`` seconds or past ``max_passes``, and then the report is not ``complete``;
- a dry run lists once and stops nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from browser_clients._active import ActiveSource, ActiveWork, WorkKind
from browser_clients._errors import BrowserClientError, InvalidArgumentError, NotFoundError
from browser_clients._vendor import Vendor

if TYPE_CHECKING:
    from browser_clients._bulk import StopOutcome

DEFAULT_DEADLINE = 300.0
"""Seconds after which a sweep starts no new pass, unless ``deadline`` says otherwise."""
DEFAULT_MAX_PASSES = 10
"""The most passes (list, then stop) a sweep runs, unless ``max_passes`` says otherwise."""


class SweepState(StrEnum):
    """What a sweep did to one piece of work."""

    STOPPED = "stopped"
    ALREADY_ENDED = "already_ended"
    FAILED = "failed"
    FOUND = "found"
    """Listed by a dry run, and left alone."""


@dataclass(frozen=True)
class SweptItem:
    """One piece of work a sweep found: what it was, what happened to it, and the cost it had reached.

    ``cost`` is the cost the stop answer reports, else the one listed, else None. ``outcome`` is the stop's
    StopOutcome (None in a dry run); ``sweep_pass`` the pass (from 1) that found it.
    """

    work: ActiveWork
    state: SweepState
    cost: Decimal | None
    sweep_pass: int
    outcome: StopOutcome | None = None

    @property
    def id(self) -> str:
        """Return the id of the work."""
        return self.work.id

    @property
    def kind(self) -> WorkKind:
        """Return the kind of the work."""
        return self.work.kind

    @property
    def error(self) -> BrowserClientError | None:
        """Return the error that kept the work from stopping (None unless FAILED or ALREADY_ENDED)."""
        return None if self.outcome is None else self.outcome.error

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: the work, the state, the cost, and the error if any."""
        error = self.error
        return {
            **self.work.to_dict(),
            "state": self.state.value,
            "cost": None if self.cost is None else str(self.cost),
            "pass": self.sweep_pass,
            "error": None if error is None else type(error).__name__,
            "message": None if error is None else str(error),
        }


@dataclass(frozen=True)
class SweepReport:
    """What stop_all() did: every piece of work it found, in the order found, and whether the sweep finished.

    ``complete`` is True when the last pass found nothing new to stop (or the dry run listed), False when the
    deadline or ``max_passes`` ended the sweep first. ``ok`` is True when it is complete and nothing failed.
    """

    vendor: Vendor
    items: tuple[SweptItem, ...]
    passes: int
    complete: bool
    dry_run: bool = False

    def _in(self, state: SweepState) -> tuple[SweptItem, ...]:
        return tuple(item for item in self.items if item.state is state)

    @property
    def stopped(self) -> tuple[SweptItem, ...]:
        """Return the work this sweep stopped."""
        return self._in(SweepState.STOPPED)

    @property
    def already_ended(self) -> tuple[SweptItem, ...]:
        """Return the work that had ended (or vanished) before its stop arrived: a 404."""
        return self._in(SweepState.ALREADY_ENDED)

    @property
    def failed(self) -> tuple[SweptItem, ...]:
        """Return the work whose stop failed, each with its error."""
        return self._in(SweepState.FAILED)

    @property
    def found(self) -> tuple[SweptItem, ...]:
        """Return the work a dry run listed."""
        return self._in(SweepState.FOUND)

    @property
    def total_cost(self) -> Decimal:
        """Return the sum of the costs the work had reached, where reported."""
        return sum((item.cost for item in self.items if item.cost is not None), Decimal(0))

    @property
    def ok(self) -> bool:
        """Tell whether the sweep finished with nothing failed."""
        return self.complete and not self.failed

    def summary(self) -> str:
        """Return one line for people: the counts, the cost, the passes and whether the sweep finished."""
        if self.dry_run:
            line = f"found {len(self.items)} active ({_kinds(self.items)}), cost so far ${self.total_cost}; "
            return line + "nothing stopped (dry run)"
        line = (
            f"stopped {len(self.stopped)}, already ended {len(self.already_ended)}, failed {len(self.failed)}; "
            f"cost reached ${self.total_cost}; {self.passes} pass{'' if self.passes == 1 else 'es'}"
        )
        return line if self.complete else line + "; INCOMPLETE: the deadline or max passes ended the sweep"

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as a JSON-ready dict (the items are each ``SweptItem.to_dict()``)."""
        return {
            "summary": True,
            "vendor": self.vendor.value,
            "dry_run": self.dry_run,
            "complete": self.complete,
            "ok": self.ok,
            "passes": self.passes,
            "found": len(self.items),
            "stopped": len(self.stopped),
            "already_ended": len(self.already_ended),
            "failed": len(self.failed),
            "total_cost": str(self.total_cost),
        }


def _kinds(items: Iterable[SweptItem]) -> str:
    counts: dict[WorkKind, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    words = (f"{n} {kind.value.replace('_', ' ')}{'' if n == 1 else 's'}" for kind, n in counts.items())
    return ", ".join(words) or "nothing"


def check_limits(deadline: float | None, max_passes: int) -> None:
    """Raise InvalidArgumentError unless ``deadline`` is None or positive seconds and ``max_passes`` is >= 1."""
    if deadline is not None and (isinstance(deadline, bool) or not isinstance(deadline, int | float) or deadline <= 0):
        raise InvalidArgumentError(f"deadline must be a positive number of seconds or None, got {deadline!r}")
    if isinstance(max_passes, bool) or not isinstance(max_passes, int) or max_passes < 1:
        raise InvalidArgumentError(f"max_passes must be a whole number >= 1, got {max_passes!r}")


class SweepPlan:
    """One sweep's state: ask ``next_pass()``, give each pass's listing to ``take()``, each batch to ``record()``."""

    def __init__(
        self,
        vendor: Vendor,
        sources: Sequence[ActiveSource],
        *,
        dry_run: bool,
        deadline: float | None,
        max_passes: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        check_limits(deadline, max_passes)
        self.vendor = vendor
        self.sources = tuple(sources)
        self._dry_run = dry_run
        self._max_passes = max_passes
        self._clock = clock
        self._ends_at = None if deadline is None else clock() + deadline
        self._items: dict[tuple[WorkKind, str], SweptItem] = {}
        self.passes = 0
        self._complete = False
        self._done = False

    def next_pass(self) -> bool:
        """Tell whether another pass runs (and count it): not after a quiet pass, the deadline or max passes."""
        if self._done:
            return False
        if self.passes >= self._max_passes or (self._ends_at is not None and self._clock() >= self._ends_at):
            self._done = True
            return False
        self.passes += 1
        return True

    def take(self, listed: Iterable[ActiveWork]) -> list[tuple[ActiveSource, list[ActiveWork]]]:
        """Return what this pass stops, a batch per kind of work: what the listing shows that was never tried."""
        new = [work for work in listed if (work.kind, work.id) not in self._items]
        if not new or self._dry_run:
            for work in new:
                self._items[(work.kind, work.id)] = SweptItem(work, SweepState.FOUND, work.cost, self.passes)
            self._complete = self._done = True
            return []
        return [
            (source, batch) for source in self.sources if (batch := [work for work in new if work.kind is source.kind])
        ]

    def record(self, source: ActiveSource, works: Sequence[ActiveWork], outcomes: Sequence[StopOutcome]) -> None:
        """Keep what each stop of a batch did: stopped, already ended (a 404) or failed."""
        for work, outcome in zip(works, outcomes, strict=True):
            cost = work.cost
            if outcome.result is not None:
                state = SweepState.STOPPED
                reported = source.cost(outcome.result)
                cost = work.cost if reported is None else reported
            elif isinstance(outcome.error, NotFoundError):
                state = SweepState.ALREADY_ENDED
            else:
                state = SweepState.FAILED
            self._items[(work.kind, work.id)] = SweptItem(work, state, cost, self.passes, outcome)

    def report(self) -> SweepReport:
        """Return the report of the sweep so far."""
        return SweepReport(self.vendor, tuple(self._items.values()), self.passes, self._complete, self._dry_run)
