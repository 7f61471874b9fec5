"""What a bulk stop has done so far, in counts, and the summaries made of them, for people and for scripts.

Counts are kept per id given (a duplicate counts with its first appearance's outcome, and as a duplicate); a
404 is ``already ended``, its own count, and no failure. Only the first ``SHOWN_FAILURES`` failures are kept
(id and error), so the summary fits a screen and memory stays flat however many ids stream through.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from browser_clients._constants import SHOWN_FAILURES
from browser_clients.cli.exits import exit_code
from browser_clients.cli.output import one_line

if TYPE_CHECKING:
    from browser_clients._types import StopOutcome

"""How many failed ids a summary names; it says how many more there are and where the record is."""
EXIT_SOME_FAILED = 1


def exit_status(codes: Iterable[int]) -> int:
    """Return the exit code of failures with these codes: 0 for none, their code when they share one, else 1."""
    distinct = set(codes)
    if not distinct:
        return 0
    return distinct.pop() if len(distinct) == 1 else EXIT_SOME_FAILED


class Tally:
    """The counts of a bulk stop's outcomes, the first failures, and the exit code they make."""

    def __init__(self, total: int | None = None) -> None:
        self.total = total
        self.stopped = self.already_ended = self.failed = self.duplicates = 0
        self.kinds: Counter[str] = Counter()
        self.failures: list[tuple[str, str, str]] = []
        """The first failures: (API, id, error), for people."""
        self._distinct_failures = 0
        self._codes: set[int] = set()
        self._seen: set[str] = set()

    @property
    def done(self) -> int:
        """Return how many ids have their outcome."""
        return self.stopped + self.already_ended + self.failed

    def count(self, outcome: StopOutcome) -> bool:
        """Count one id's outcome; return True when the id was given before (a duplicate, stopped once)."""
        key = f"{outcome.vendor.value}:{outcome.id}"
        duplicate = key in self._seen
        if duplicate:
            self.duplicates += 1
        else:
            self._seen.add(key)
        error = outcome.error
        if error is None:
            self.stopped += 1
        elif outcome.already_ended:
            self.already_ended += 1
        else:
            self.failed += 1
            self.kinds[type(error).__name__] += 1
            self._codes.add(exit_code(error))
            if not duplicate:
                self._distinct_failures += 1
                if len(self.failures) < SHOWN_FAILURES:
                    said = f"{type(error).__name__}: {one_line(error)}"
                    self.failures.append((outcome.vendor.value, outcome.id, said))
        return duplicate

    def exit_status(self) -> int:
        """Return 0 when nothing failed (already ended is no failure), the failures' code when they share one,
        else 1."""
        return exit_status(self._codes)

    def counts(self) -> str:
        """Return the counts on one line: ``stopped 1990 of 2000; already ended 3; failed 7 (ServerError 7)``."""
        line = f"stopped {self.stopped} of {self.done if self.total is None else self.total}"
        if self.already_ended:
            line += f"; already ended {self.already_ended}"
        if self.failed:
            kinds = ", ".join(f"{name} {count}" for name, count in sorted(self.kinds.items()))
            line += f"; failed {self.failed} ({kinds})"
        if self.duplicates:
            line += f"; {self.duplicates} duplicate{'' if self.duplicates == 1 else 's'} (each stopped once)"
        return line

    def failure_lines(self, record: str | None) -> list[str]:
        """Return a line per failure kept, then how many more there are and where the record is."""
        lines = [f"failed: {api} {id}: {error}" for api, id, error in self.failures]
        more = self._distinct_failures - len(self.failures)
        if more > 0:
            where = f"see the record, {record}" if record is not None else "see the JSON lines on standard output"
            lines.append(f"... and {more} more failed: {where}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        """Return the counts as a JSON-ready dict (the first failures included)."""
        return {
            "summary": True,
            "ids": self.done if self.total is None else self.total,
            "stopped": self.stopped,
            "already_ended": self.already_ended,
            "failed": self.failed,
            "duplicates": self.duplicates,
            "failed_by_error": dict(sorted(self.kinds.items())),
            "failures": [{"vendor": api, "id": id, "error": error} for api, id, error in self.failures],
        }

    def to_json(self, **more: Any) -> str:
        """Return the summary as one JSON line, with ``more`` fields (the record's path, an interruption)."""
        return json.dumps({**self.to_dict(), **more}, sort_keys=True, default=str)
