"""``browser-clients stop VENDOR --from-file ids.txt``: stop every id of a file.

Reads one id a line (blank lines and ``#`` comments skipped; ``-`` reads standard input), stops them all with
``stop_many``, and prints one JSON line per id in the file's order (or, with ``--summary``, one summary line). A
progress bar is drawn on standard error when it is a terminal; elsewhere nothing but a final summary goes there.
The exit code is 0 when every stop succeeded, else the code of the failures' class when they share one, else 1.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TextIO

from browser_clients._constants import CONCURRENCY
from browser_clients._errors import InvalidArgumentError
from browser_clients._types import StopOutcome
from browser_clients.cli import flags
from browser_clients.cli.exits import exit_code

EXIT_SOME_FAILED = 1


def add_arguments(stop: argparse.ArgumentParser) -> None:
    """Add the bulk options to the ``stop`` subcommand."""
    stop.add_argument("--from-file", metavar="PATH", help="stop every id in PATH, one a line ('-' reads stdin)")
    stop.add_argument("--concurrency", type=int, default=CONCURRENCY, help=f"stops in flight (default {CONCURRENCY})")
    stop.add_argument(
        "--summary", action="store_true", help="with --from-file: print one summary line, not a JSON line per id"
    )


def read_ids(path: str) -> list[str]:
    """Return the ids in ``path`` (or standard input for ``-``), one a line, without blanks and ``#`` comments."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidArgumentError(f"cannot read ids from {path}: {exc}") from None
    ids = [line.strip() for line in text.splitlines()]
    return [line for line in ids if line and not line.startswith("#")]


class ProgressBar:
    """Draw ``stopped 120/5000 [####......] 2% ok 118 failed 2`` in place on a terminal, at most 10 times a second."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self._total = total
        self._stream = stream
        self._ok = self._failed = 0
        self._drawn = 0.0

    def update(self, outcome: StopOutcome) -> None:
        """Count one outcome and redraw when enough time has passed."""
        if outcome.ok:
            self._ok += 1
        else:
            self._failed += 1
        self._total = max(self._total, self._ok + self._failed)  # a sweep finds more work while it stops
        now = time.monotonic()
        if now - self._drawn >= 0.1 or self._ok + self._failed == self._total:
            self._drawn = now
            self._draw()

    def _draw(self) -> None:
        done = self._ok + self._failed
        filled = self.WIDTH * done // max(self._total, 1)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        percent = 100 * done // max(self._total, 1)
        self._stream.write(f"\rstopped {done}/{self._total} [{bar}] {percent}% ok {self._ok} failed {self._failed}")
        self._stream.flush()

    def finish(self) -> None:
        """End the bar's line."""
        self._stream.write("\n")
        self._stream.flush()


def summary(outcomes: list[StopOutcome]) -> str:
    """Return one line: how many stopped, how many failed, and the failures by error class."""
    failed = Counter(type(o.error).__name__ for o in outcomes if o.error is not None)
    line = f"stopped {len(outcomes) - sum(failed.values())} of {len(outcomes)}"
    if failed:
        kinds = ", ".join(f"{name} {count}" for name, count in sorted(failed.items()))
        line += f"; {sum(failed.values())} failed ({kinds})"
    return line


def exit_status(outcomes: list[StopOutcome]) -> int:
    """Return 0 when all stopped, the failures' own exit code when they share one, else 1."""
    codes = {exit_code(o.error) for o in outcomes if o.error is not None}
    if not codes:
        return 0
    return codes.pop() if len(codes) == 1 else EXIT_SOME_FAILED


def command(args: argparse.Namespace) -> int:
    """Stop every id of ``args.from_file`` on ``args.vendor``; print the outcomes; return the exit code."""
    if args.id is not None:
        raise InvalidArgumentError("give an id or --from-file, not both")
    ids = read_ids(args.from_file)
    bar = ProgressBar(len(ids), sys.stderr) if sys.stderr.isatty() and ids else None
    try:
        with flags.clients() as clients:
            outcomes = clients.stop_many(
                args.vendor,
                ids,
                concurrency=args.concurrency,
                strategy=args.strategy,
                on_progress=None if bar is None else bar.update,
                **flags.request_options(args),
            )
    finally:
        if bar is not None:  # end the bar's line, even when interrupted, before anything else is printed
            bar.finish()
    if args.summary:
        print(summary(outcomes))
    else:
        for outcome in outcomes:
            print(json.dumps(outcome.to_dict(), sort_keys=True, default=str))
        print(summary(outcomes), file=sys.stderr)
    return exit_status(outcomes)
