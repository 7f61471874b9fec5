"""The ``browser-clients`` command line: stop work on either vendor and print the result as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

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
)
from browser_clients._vendor import Vendor

EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NOT_FOUND = 4
EXIT_RATE_LIMITED = 5
EXIT_SERVER = 6
EXIT_NETWORK = 7
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
    return EXIT_OTHER


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    parser = argparse.ArgumentParser(
        prog="browser-clients",
        description="Stop and inspect browser-automation work on BrowserAI and Browser-Use.",
        epilog="Keys come from BROWSERAI_API_KEY and BROWSER_USE_API_KEY. Exit codes: 0 ok, 2 usage, 3 auth, "
        "4 not found, 5 rate limited, 6 server error, 7 network, 1 anything else.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    stop = commands.add_parser("stop", help="stop a task (BrowserAI) or a session (Browser-Use)")
    stop.add_argument("vendor", choices=[v.value for v in Vendor])
    stop.add_argument("session_id")
    stop.add_argument("--strategy", choices=["task", "session"], help="Browser-Use only: what to stop")
    stop.add_argument("--timeout", type=float, help="seconds to wait for an answer")
    stop.add_argument("--max-retries", type=int, help="retries on network failures, 429 and 5xx")
    return parser


def _stop(args: argparse.Namespace) -> int:
    from browser_clients._client import BrowserClients

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
        return _stop(args)
    except BrowserClientError as error:
        print(f"browser-clients: error: {error}", file=sys.stderr)
        return exit_code(error)
    except KeyboardInterrupt:
        print("browser-clients: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
