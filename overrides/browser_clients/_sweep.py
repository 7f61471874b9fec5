"""The decisions of a sweep (``stop_all``), with no I/O: which passes run, what is stopped, and the report.

The rules:

- a pass lists every kind of active work of the account's APIs, and each piece of work it finds that this sweep has
  not tried yet is claimed and stopped (the I/O, ``_bulk.sweep``, stops it as soon as its page arrives);
- each piece of work is stopped at most once per sweep (plus the retries of that one stop): one already stopped,
  already ended or failed is never sent again, even when a later list still shows it;
- a 404 on a stop means the work ended (or vanished) on its own: ``already_ended``, not a failure (a source may
  name other answers that mean the same, ``ActiveSource.gone``);
- sweeps go on until a pass finds nothing new to stop (a runaway loop keeps creating work while it is stopped);
  no pass starts after ``deadline`` seconds or past ``max_passes``, and then the report is not ``complete``;
- a dry run lists once and stops nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

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
    """One sweep's state: ``begin_pass()``, then ``claim()`` each listed piece of work and ``record()`` each stop,
    then ``end_pass()``; ``report()`` at any time."""

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
        self.dry_run = dry_run
        self._max_passes = max_passes
        self._clock = clock
        self._ends_at = None if deadline is None else clock() + deadline
        self._items: dict[tuple[WorkKind, str], SweptItem] = {}
        self._skipped: dict[Vendor, str] = {}
        self._claimed = 0
        self.passes = 0
        self._complete = False
        self._done = False

    def begin_pass(self) -> bool:
        """Tell whether another pass runs (and count it): not after a quiet pass, the deadline or max passes."""
        if self._done:
            return False
        if self.passes >= self._max_passes or (self._ends_at is not None and self._clock() >= self._ends_at):
            self._done = True
            return False
        self.passes += 1
        self._claimed = 0
        return True

    def claim(self, work: ActiveWork) -> bool:
        """Tell whether to stop ``work`` now: listed and never tried before (a dry run notes it and stops nothing).

        Work is known by its kind and id, whichever API lists it: a browser two APIs list is one browser.
        """
        key = (work.kind, work.id)
        if key in self._items:
            return False
        self._items[key] = SweptItem(work, SweepState.FOUND, work.cost, self.passes)
        if self.dry_run:
            return False
        self._claimed += 1
        return True

    def record(self, source: ActiveSource, work: ActiveWork, outcome: StopOutcome) -> None:
        """Keep what a stop did: stopped, already ended (a 404, or another answer the source says means so) or
        failed."""
        cost = work.cost
        if outcome.result is not None:
            state = SweepState.STOPPED
            reported = source.cost(outcome.result)
            cost = work.cost if reported is None else reported
        elif isinstance(outcome.error, source.gone):
            state = SweepState.ALREADY_ENDED
        else:
            state = SweepState.FAILED
        found = self._items[(work.kind, work.id)]
        self._items[(work.kind, work.id)] = SweptItem(work, state, cost, found.sweep_pass, outcome)

    def skip(self, vendor: Vendor, why: str) -> None:
        """Note that ``vendor``'s API was not swept, and why (not a failure: e.g. not enabled for the project)."""
        self._skipped.setdefault(vendor, why)

    def end_pass(self) -> None:
        """Close the pass: a pass that found nothing new (or a dry run's one pass) ends the sweep, complete."""
        if self._claimed == 0 or self.dry_run:
            self._complete = self._done = True

    def report(self, listing_seconds: float = 0.0, stopping_seconds: float = 0.0) -> SweepReport:
        """Return the report of the sweep so far (with the time it spent listing and stopping).

        Its items come kind by kind in the order of the sources, each kind in the order it was found (the pages of
        a sweep arrive in any order, the report does not).
        """
        rank = {(source.vendor, source.kind): index for index, source in enumerate(self.sources)}
        items = sorted(self._items.values(), key=lambda item: rank.get((item.work.vendor, item.kind), len(rank)))
        return SweepReport(
            self.vendor,
            tuple(items),
            self.passes,
            self._complete,
            self.dry_run,
            tuple(self._skipped.items()),
            listing_seconds,
            stopping_seconds,
        )
