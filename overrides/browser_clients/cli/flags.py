"""The flags several commands share, and the client every command makes."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from browser_clients._constants import POLL_INTERVAL, WAIT_TIMEOUT
from browser_clients._contract import Vendor

if TYPE_CHECKING:
    from browser_clients._client import BrowserClients
    from browser_clients._options import RequestOptions
    from browser_clients._types import Handle


def vendors() -> list[str]:
    """Return the vendor names the commands take."""
    return [v.value for v in Vendor]


def positive(text: str) -> float:
    """Return ``text`` as a positive number of seconds, for argparse."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def add_request_flags(parser: argparse.ArgumentParser, *, json_help: str = "print JSON, for scripts") -> None:
    """Add --json, --timeout, --deadline and --max-retries."""
    parser.add_argument("--json", action="store_true", help=json_help)
    parser.add_argument(
        "--timeout",
        type=positive,
        metavar="SECONDS",
        help="bound each attempt of a request as a whole, connect, send and the whole answer (default 30); a "
        "request is tried up to 1 + --max-retries times with pauses between, so it can take longer: --deadline "
        "bounds it all",
    )
    parser.add_argument(
        "--max-retries", type=int, metavar="N", help="retries of a request on network failures, 429 and 5xx (default 2)"
    )


def add_deadline_flag(parser: argparse.ArgumentParser) -> None:
    """Add --deadline, which bounds a whole request: every attempt, retry and pause."""
    parser.add_argument(
        "--deadline",
        type=positive,
        metavar="SECONDS",
        help="bound each request as a whole, every attempt, retry and pause included (default: only --timeout and "
        "--max-retries bound it)",
    )


def add_wait_flags(parser: argparse.ArgumentParser, timeout_flag: str) -> None:
    """Add the wait's time limit (``timeout_flag``) and --poll-interval."""
    parser.add_argument(
        timeout_flag, dest="wait_timeout", type=positive, default=WAIT_TIMEOUT, metavar="SECONDS",
        help=f"give up waiting after this many seconds (default {WAIT_TIMEOUT:g}); the work goes on",
    )  # fmt: skip
    parser.add_argument(
        "--poll-interval", type=positive, default=POLL_INTERVAL, metavar="SECONDS",
        help=f"seconds between the first polls, growing while nothing changes (default {POLL_INTERVAL:g})",
    )  # fmt: skip


def request_options(args: argparse.Namespace) -> RequestOptions:
    """Return the request options the flags set (those left out keep the client's)."""
    options: RequestOptions = {}
    if args.timeout is not None:
        options["timeout"] = args.timeout
    if args.max_retries is not None:
        options["max_retries"] = args.max_retries
    if getattr(args, "deadline", None) is not None:
        options["deadline"] = args.deadline
    return options


def clients() -> BrowserClients:
    """Return a client configured from the environment."""
    from browser_clients._client import BrowserClients

    return BrowserClients()


def handle(args: argparse.Namespace) -> Handle[object]:
    """Return the handle ``args`` names (vendor and id), kept on ``args`` so an interrupt can say what goes on."""
    from browser_clients._types import Handle

    found = Handle.of(args.vendor, args.id)
    args.handle = found
    return found
