"""Show lifecycle results to people: progress redrawn in place on a terminal, plain lines elsewhere, summaries."""

from __future__ import annotations

import json
import shutil
import time
from typing import TYPE_CHECKING, Any, TextIO

from browser_clients._constants import REDRAW_INTERVAL
from browser_clients._errors import printable

if TYPE_CHECKING:
    from browser_clients._types import Handle, Snapshot, StopOutcome, TaskResults

_CLEAR_LINE = "\r\x1b[2K"


def _status(status: str, raw: str | None) -> str:
    return status if raw is None or raw == status else f"{status} ({raw})"


def progress_line(snapshot: Snapshot[Any]) -> str:
    """Return one line: status, steps, cost so far and the last step, whichever the vendor reports."""
    parts = [_status(snapshot.status.value, snapshot.raw_status)]
    if snapshot.step_count is not None:
        parts.append(f"{snapshot.step_count} step{'' if snapshot.step_count == 1 else 's'}")
    if snapshot.costs is not None:
        parts.append(f"${snapshot.costs.total}")
    if snapshot.last_step_summary:
        parts.append(snapshot.last_step_summary)
    return one_line(" · ".join(parts))


class ProgressView:
    """Show each snapshot of a wait: redrawn in place on a terminal, else a plain line whenever it changes."""

    def __init__(self, stream: TextIO, *, terminal: bool | None = None) -> None:
        self._stream = stream
        self.terminal = stream.isatty() if terminal is None else terminal
        self._last: str | None = None

    def show(self, snapshot: Snapshot[Any]) -> None:
        """Show ``snapshot``'s progress."""
        line = progress_line(snapshot)
        if self.terminal:
            width = max(20, shutil.get_terminal_size().columns - 1)
            shown = line if len(line) <= width else line[: width - 1] + "…"
            self._stream.write(_CLEAR_LINE + shown)
        elif line != self._last:
            self._stream.write(line + "\n")
        self._stream.flush()
        self._last = line

    def close(self) -> None:
        """End the redrawn line, so what follows starts on a line of its own."""
        if self.terminal and self._last is not None:
            self._stream.write("\n")
            self._stream.flush()
            self._last = None


def one_line(text: object) -> str:
    """Return ``text`` with every run of whitespace, newlines included, as one space, and no control characters
    (a vendor's text never reaches a terminal with its escape sequences)."""
    return printable(str(text))


def print_json(value: Any) -> None:
    """Print ``value`` as the indented, key-sorted JSON every command uses."""
    print(json.dumps(value, indent=2, sort_keys=True, default=str))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def snapshot_text(snapshot: Snapshot[Any]) -> str:
    """Return a short human summary of a snapshot."""
    lines = [f"{snapshot.handle}: {_status(snapshot.status.value, snapshot.raw_status)}"]
    details = []
    if snapshot.step_count is not None:
        details.append(f"steps {snapshot.step_count}")
    if snapshot.costs is not None:
        details.append(f"cost ${snapshot.costs.total}")
    if snapshot.finished_at is not None:
        details.append(f"finished {snapshot.finished_at.isoformat()}")
    elif snapshot.updated_at is not None:
        details.append(f"updated {snapshot.updated_at.isoformat()}")
    if details:
        lines.append("  " + " · ".join(details))
    if snapshot.last_step_summary:
        lines.append(f"  last step: {snapshot.last_step_summary}")
    if snapshot.output is not None:
        lines.append(f"  output: {snapshot.output if isinstance(snapshot.output, str) else _json(snapshot.output)}")
    return printable("\n".join(lines), lines=True)


def handle_text(handle: Handle[Any]) -> str:
    """Return what a person needs after run(): the id and how to follow the work."""
    return f"{handle}\n  follow it: browser-clients wait {handle.vendor.value} {handle.id}"


def results_text(results: TaskResults[Any]) -> str:
    """Return a short human summary of a task's step results."""
    lines = [f"{results.vendor.value}:{results.id}: {_status(results.status.value, results.raw_status)}"]
    for number, step in enumerate(results.steps, start=1):
        said = step.model_output if isinstance(step.model_output, str) else ""
        got = step.result if isinstance(step.result, str) else ""
        lines.append(f"  {number}. {said}" + (f" -> {got}" if got else ""))
    return printable("\n".join(lines), lines=True)


class ProgressBar:
    """Draw ``stopped 120/5000 [###...] 2% ok 118 already ended 1 failed 1`` in place on a terminal, at most 10
    times a second; drawn at once, before the first answer. Without a total (ids from standard input) it counts.
    A sweep's bar (``listing``) shows how much it has listed too: ``listed 5000 · stopped 120/5000 ...``."""

    WIDTH = 30

    def __init__(self, total: int | None, stream: TextIO, *, listing: bool = False) -> None:
        self._total = total
        self._stream = stream
        self._ok = self._ended = self._failed = 0
        self._found: int | None = 0 if listing else None
        self._drawn = 0.0

    def start(self) -> None:
        """Draw the bar before anything is sent, so a person sees the command has begun."""
        self._draw()

    def listed(self) -> None:
        """Count one piece of work the sweep listed (and so will stop)."""
        if self._found is not None:
            self._found += 1
            self._total = max(self._total or 0, self._found)
            self._redraw()

    def update(self, outcome: StopOutcome) -> None:
        """Count one outcome and redraw when enough time has passed."""
        if outcome.ok:
            self._ok += 1
        elif outcome.already_ended:
            self._ended += 1
        else:
            self._failed += 1
        done = self._ok + self._ended + self._failed
        if self._total is not None:
            self._total = max(self._total, done)  # a sweep finds more work while it stops
        self._redraw(final=done == self._total)

    def _redraw(self, *, final: bool = False) -> None:
        now = time.monotonic()
        if now - self._drawn >= REDRAW_INTERVAL or final:
            self._drawn = now
            self._draw()

    def _draw(self) -> None:
        done = self._ok + self._ended + self._failed
        counts = f"ok {self._ok}" + (f" already ended {self._ended}" if self._ended else "") + f" failed {self._failed}"
        listed = "" if self._found is None else f"listed {self._found} · "
        if self._total is None:
            self._stream.write(f"\r{listed}stopped {done} {counts}")
        else:
            filled = self.WIDTH * done // max(self._total, 1)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            percent = 100 * done // max(self._total, 1)
            self._stream.write(f"\r{listed}stopped {done}/{self._total} [{bar}] {percent}% {counts}")
        self._stream.flush()

    def finish(self) -> None:
        """Draw the last counts and end the bar's line."""
        self._draw()
        self._stream.write("\n")
        self._stream.flush()
