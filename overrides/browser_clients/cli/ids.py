"""The ids of ``stop --from-file``, read as a stream: one a line, blank lines and ``#`` comments skipped.

Nothing holds the whole file: a file is counted first in one streaming pass (for the progress bar, and so that
an interrupted run can say how many ids were never attempted), then read again line by line as the stops go.
Standard input is read once, as it comes, so its total is unknown until its end.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import IO

from browser_clients._errors import InvalidArgumentError

STDIN = "-"


def _id(line: str) -> str | None:
    text = line.strip()
    return text if text and not text.startswith("#") else None


class IdStream:
    """The ids of a file (or of standard input for ``-``), handed out one at a time, with counts of them."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.taken = 0
        """How many ids have been handed out so far (each to a stop, or to share a duplicate's outcome)."""
        self.total: int | None = None if path == STDIN else self._count()
        """How many ids the file holds (None for standard input)."""

    @property
    def where(self) -> str:
        """Return what the ids are read from, for people."""
        return "standard input" if self.path == STDIN else self.path

    def _open(self) -> IO[str]:
        try:
            return open(self.path, encoding="utf-8")  # closed by the reader that opened it
        except OSError as exc:
            raise InvalidArgumentError(f"--from-file {self.path}: cannot read it ({exc.strerror or exc})") from None

    def _count(self) -> int:
        total = 0
        with self._open() as lines:
            try:
                for line in lines:
                    total += _id(line) is not None
            except UnicodeDecodeError as exc:
                raise InvalidArgumentError(f"--from-file {self.path}: not UTF-8 text ({exc.reason})") from None
            except OSError as exc:
                raise InvalidArgumentError(f"--from-file {self.path}: cannot read it ({exc})") from None
        return total

    def _lines(self) -> Iterator[str]:
        if self.path != STDIN:
            with self._open() as lines:
                yield from lines
            return
        stdin = sys.stdin
        if stdin is None or stdin.closed:
            raise InvalidArgumentError("--from-file -: standard input is closed; give the ids with --from-file PATH")
        binary = getattr(stdin, "buffer", None)
        if binary is None:  # a text stream with no bytes below it
            yield from stdin
            return
        for raw in binary:  # bytes that are not UTF-8 make an id no vendor takes: that id's own error
            yield raw.decode("utf-8", errors="replace")

    def check(self) -> None:
        """Raise InvalidArgumentError now, before anything is sent, when the ids cannot be read at all."""
        if self.path == STDIN and (sys.stdin is None or sys.stdin.closed):
            raise InvalidArgumentError("--from-file -: standard input is closed; give the ids with --from-file PATH")

    def __iter__(self) -> Iterator[str]:
        for line in self._lines():
            found = _id(line)
            if found is not None:
                self.taken += 1
                yield found

    def never_attempted(self) -> int | None:
        """Return how many ids were never handed out (None when reading standard input: its rest is unread)."""
        return None if self.total is None else self.total - self.taken
