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

from browser_clients._contract import ActiveSource, Vendor
from browser_clients._errors import InvalidArgumentError
from browser_clients._types import ActiveWork, StopOutcome, SweepReport, SweepState, SweptItem, WorkKind


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
        self.skipped: list[tuple[Vendor, str]] = []
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
            (source, batch)
            for source in self.sources
            if (batch := [work for work in new if work.kind == source.kind and work.vendor is source.vendor])
        ]

    def skip(self, vendor: Vendor, why: str) -> None:
        """Note that ``vendor``'s API could not be listed, and why (not a failure: e.g. not enabled for the project).

        Each pass lists again, and is refused again: the API is noted once.
        """
        if all(noted is not vendor for noted, _ in self.skipped):
            self.skipped.append((vendor, why))

    def record(self, source: ActiveSource, works: Sequence[ActiveWork], outcomes: Sequence[StopOutcome]) -> None:
        """Keep what each stop of a batch did: stopped, already ended (a 404) or failed."""
        for work, outcome in zip(works, outcomes, strict=True):
            cost = work.cost
            if outcome.result is not None:
                state = SweepState.STOPPED
                reported = source.cost(outcome.result)
                cost = work.cost if reported is None else reported
            elif isinstance(outcome.error, source.gone):
                state = SweepState.ALREADY_ENDED
            else:
                state = SweepState.FAILED
            self._items[(work.kind, work.id)] = SweptItem(work, state, cost, self.passes, outcome)

    def report(self) -> SweepReport:
        """Return the report of the sweep so far."""
        return SweepReport(
            self.vendor, tuple(self._items.values()), self.passes, self._complete, self._dry_run, tuple(self.skipped)
        )
