"""The record of a bulk stop: one JSON line per outcome, written (and flushed) the moment the outcome is known.

Lines go to standard output (``--json``, or when it is not a terminal) and to the record file: ``--record FILE``
(appended to), or on a terminal without one a new file in the current folder, named at the start and in the
summary. Whatever stops the command (Ctrl-C, a crash, a closed pipe), what was written stays: each line is
complete and flushed before the next outcome is counted. A last line with ``"summary": true`` closes a record.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from browser_clients._errors import InvalidArgumentError

if TYPE_CHECKING:
    from browser_clients._types import StopOutcome


def state(outcome: StopOutcome) -> str:
    """Return what the stop did: ``stopped``, ``already_ended`` (a 404) or ``failed``."""
    if outcome.ok:
        return "stopped"
    return "already_ended" if outcome.already_ended else "failed"


def line(outcome: StopOutcome, *, position: int | None = None, kind: str | None = None, duplicate: bool = False) -> str:
    """Return the record's JSON line of one outcome: the outcome, its state, and where it came from."""
    found: dict[str, Any] = {**outcome.to_dict(), "state": state(outcome)}
    if position is not None:
        found["position"] = position + 1  # the id's place among the file's ids, from 1: to restore their order
    if kind is not None:
        found["kind"] = kind
    if duplicate:
        found["duplicate"] = True  # given again: it shares the one stop of its first appearance
    return json.dumps(found, sort_keys=True, default=str)


def default_name(command: str) -> str:
    """Return the name of a new record file in the current folder: ``browser-clients-stop-20261202-142501.jsonl``."""
    now = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"browser-clients-{command}-{now}.jsonl"


class Record:
    """Where a bulk stop's lines go: standard output, a file, both or neither."""

    def __init__(self, *, to_stdout: bool, path: str | None) -> None:
        self.to_stdout = to_stdout
        self.path = path
        self._file: IO[str] | None = None
        if path is not None:
            self._file = _open(path)

    @classmethod
    def choose(cls, *, json_flag: bool, summary_only: bool, record: str | None, command: str) -> Record:
        """Return the record the flags ask for (see the module docstring)."""
        terminal = sys.stdout is not None and sys.stdout.isatty()
        to_stdout = not summary_only and (json_flag or not terminal)
        path = record
        if path is None and terminal and not to_stdout:
            path = default_name(command)
        return cls(to_stdout=to_stdout, path=path)

    def write(self, text: str) -> None:
        """Write one line wherever the record goes, flushed (a broken pipe on stdout raises BrokenPipeError)."""
        if self._file is not None:
            self._file.write(text + "\n")
            self._file.flush()
        if self.to_stdout:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    def close(self, summary: str | None = None) -> None:
        """Write the summary line to the record file (never to stdout: the caller prints it) and close it."""
        if self._file is not None:
            if summary is not None:
                self._file.write(summary + "\n")
            self._file.close()
            self._file = None


def _open(path: str) -> IO[str]:
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return open(path, "a", encoding="utf-8")  # closed by Record.close
    except OSError as exc:
        raise InvalidArgumentError(
            f"--record {path}: cannot write the record there ({exc.strerror or exc}); give another --record FILE"
        ) from None
