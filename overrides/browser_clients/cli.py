"""The ``browser-clients`` command line: run, watch, wait for and stop work on either vendor."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from browser_clients._bulk_command import add_arguments as add_bulk_arguments
from browser_clients._commands import add_commands
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
from browser_clients._vendor import Vendor

EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NOT_FOUND = 4
EXIT_RATE_LIMITED = 5
EXIT_SERVER = 6
EXIT_NETWORK = 7
EXIT_WAIT_TIMEOUT = 8
EXIT_OTHER = 1


def exit_code(error: BrowserClientError) -> int:
    """Return the exit code of an error class: usage, auth, not found, rate limited, server, network."""
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


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line too (argparse prints the whole usage first)."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the mistake and exit with the usage code."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)} (see --help)\n")


def one_line(text: object) -> str:
    """Return ``text`` with every run of whitespace, newlines included, as one space."""
    return " ".join(str(text).split())


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    parser = _Parser(
        prog="browser-clients",
        description="Run, watch, wait for and stop browser-automation work on BrowserAI and Browser-Use.",
        epilog="Keys come from BROWSERAI_API_KEY and BROWSER_USE_API_KEY. Exit codes: 0 ok, 2 usage, 3 auth, "
        "4 not found, 5 rate limited, 6 server error, 7 network, 8 wait timed out, 1 anything else.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    stop = commands.add_parser("stop", help="stop a task (BrowserAI) or a session (Browser-Use)")
    stop.add_argument("vendor", choices=[v.value for v in Vendor])
    stop.add_argument("session_id", nargs="?", help="the task or session to stop (or give --from-file)")
    stop.add_argument("--strategy", choices=["task", "session"], help="Browser-Use only: what to stop")
    stop.add_argument("--timeout", type=float, help="seconds to wait for an answer")
    stop.add_argument("--max-retries", type=int, help="retries on network failures, 429 and 5xx")
    stop.add_argument("--json", action="store_true", help="print JSON (stop always does, for scripts)")
    add_bulk_arguments(stop)
    stop.set_defaults(handler=_stop)
    add_commands(commands)
    return parser


def _stop(args: argparse.Namespace) -> int:
    from browser_clients._client import BrowserClients

    if args.from_file is not None:
        from browser_clients._bulk_command import run

        return run(args)
    if args.session_id is None:
        raise InvalidArgumentError("give the session id to stop, or --from-file with one id a line")
    with BrowserClients() as clients:
        result = clients.stop(
            args.vendor, args.session_id, strategy=args.strategy, timeout=args.timeout, max_retries=args.max_retries
        )
    print(json.dumps(result.to_dict(), indent=2, sort_keys=True, default=str))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; every expected failure is one line on stderr and a distinct exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except BrowserClientError as error:
        print(f"browser-clients: error: {one_line(error)}", file=sys.stderr)
        return exit_code(error)
    except KeyboardInterrupt:
        handle = getattr(args, "handle", None)
        if handle is not None and args.command in ("run", "wait"):
            print(
                f"browser-clients: interrupted; {handle} goes on "
                f"(stop it with: browser-clients stop {handle.vendor.value} {handle.id})",
                file=sys.stderr,
            )
        else:
            print("browser-clients: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
