"""The command line's exit codes: one per kind of failure, and one per way the awaited work ended.

0  ok (for wait and run --wait: the work succeeded, or a keep-alive session ended idle)
1  anything else            5  rate limited           9  the work failed
2  usage                    6  server error          10  the work was stopped
3  auth                     7  network               11  the work timed out at the vendor
4  not found                8  the wait itself ran out of time
12 stop --all-active: the deadline or --max-passes ended the sweep while new work kept appearing
130 interrupted (Ctrl-C)    141 standard output was closed (a broken pipe, e.g. ``| head -1``)
(stop --from-file and --all-active: when stops fail, the failures' code if they share one, else 1; a 404 is
"already ended", no failure; 1 also when the --all-active confirmation is answered no. A closed standard input
where the ids or a confirmation were to be read is a usage error, 2.)
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from browser_clients._errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BrowserClientError,
    ConfigurationError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    WaitTimeoutError,
)
from browser_clients._types import CommonStatus

if TYPE_CHECKING:
    from browser_clients._types import Snapshot

EXIT_OK = 0
EXIT_OTHER = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NOT_FOUND = 4
EXIT_RATE_LIMITED = 5
EXIT_SERVER = 6
EXIT_NETWORK = 7
EXIT_WAIT_TIMEOUT = 8
EXIT_WORK_FAILED = 9
EXIT_WORK_STOPPED = 10
EXIT_WORK_TIMED_OUT = 11
EXIT_SWEEP_INCOMPLETE = 12
EXIT_INTERRUPTED = 130
EXIT_OUTPUT_CLOSED = 141

SUMMARY = (
    "Exit codes: 0 ok (wait: the work succeeded or a keep-alive session ended idle), 2 usage, 3 auth, "
    "4 not found, 5 rate limited, 6 server error, 7 network, 8 wait timed out, 9 work failed, 10 work stopped, "
    "11 work timed out, 12 stop --all-active could not finish its sweep, 130 interrupted, 141 output closed "
    "(broken pipe), 1 anything else."
)
"""The exit codes in one line, for --help."""

_BY_OUTCOME = {
    CommonStatus.FAILED: EXIT_WORK_FAILED,
    CommonStatus.STOPPED: EXIT_WORK_STOPPED,
    CommonStatus.TIMED_OUT: EXIT_WORK_TIMED_OUT,
}


def exit_code(error: BrowserClientError) -> int:
    """Return the exit code of an error class: usage, auth, not found, rate limited, server, network, wait."""
    if isinstance(error, ConfigurationError | InvalidArgumentError):
        return EXIT_USAGE
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        return EXIT_AUTH
    if isinstance(error, NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(error, RateLimitError):
        return EXIT_RATE_LIMITED
    if isinstance(error, ServerError):
        return EXIT_SERVER
    if isinstance(error, APIConnectionError):
        return EXIT_NETWORK
    if isinstance(error, APIStatusError) and 400 <= error.status_code < 500:
        return EXIT_USAGE
    if isinstance(error, WaitTimeoutError):
        return EXIT_WAIT_TIMEOUT
    return EXIT_OTHER


def outcome_code(final: Snapshot[Any]) -> int:
    """Return the exit code of awaited work by how it ended: 0 succeeded or idle, else failed, stopped, timed out."""
    return _BY_OUTCOME.get(final.status, EXIT_OK)


def leaf(error: BaseException) -> BaseException:
    """Return the first error inside a task group's group of errors (the workers of a bulk stop fail alike: a
    closed pipe, say), else ``error``."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


def output_closed() -> int:
    """Point standard output at /dev/null, so that nothing more is written to the closed pipe; return 141."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass  # no standard output to point elsewhere: nothing will be flushed to it either
    return EXIT_OUTPUT_CLOSED
