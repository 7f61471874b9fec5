"""The ``browser-clients`` command line (the entry point is ``browser_clients.cli:main``).

main.py              parse, dispatch, and turn errors into exit codes
run.py, status.py, wait.py, results.py     one command each
stop.py              stop one id; stop_from_file.py every id of a file; stop_all_active.py everything active
flags.py             the flags several commands share
output.py            what people see: progress, summaries, JSON, vendor text made safe for a terminal
exits.py             the exit codes
"""

from __future__ import annotations

from browser_clients.cli import exits
from browser_clients.cli.exits import (
    EXIT_AUTH,
    EXIT_NETWORK,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_OTHER,
    EXIT_RATE_LIMITED,
    EXIT_SERVER,
    EXIT_SWEEP_INCOMPLETE,
    EXIT_USAGE,
    EXIT_WAIT_TIMEOUT,
    EXIT_WORK_FAILED,
    EXIT_WORK_STOPPED,
    EXIT_WORK_TIMED_OUT,
    exit_code,
)
from browser_clients.cli.main import build_parser, main

__all__ = [
    "EXIT_AUTH",
    "EXIT_NETWORK",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_OTHER",
    "EXIT_RATE_LIMITED",
    "EXIT_SERVER",
    "EXIT_SWEEP_INCOMPLETE",
    "EXIT_USAGE",
    "EXIT_WAIT_TIMEOUT",
    "EXIT_WORK_FAILED",
    "EXIT_WORK_STOPPED",
    "EXIT_WORK_TIMED_OUT",
    "build_parser",
    "exit_code",
    "exits",
    "main",
]
