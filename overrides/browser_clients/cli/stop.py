"""``browser-clients stop VENDOR ID``: stop one task, session or run; or every id of a file
(``--from-file``, stop_from_file.py); or everything active (``--all-active``, stop_all_active.py)."""

from __future__ import annotations

import argparse
import sys
from typing import TypeVar

from browser_clients._constants import SWEEP_DEADLINE
from browser_clients._errors import InvalidArgumentError
from browser_clients.cli import flags, stop_all_active, stop_from_file
from browser_clients.cli.output import one_line, print_json

P = TypeVar("P", bound=argparse.ArgumentParser)


def strategies() -> list[str]:
    """Return Browser-Use's stop strategies, from the generated StopStrategy enum."""
    from browser_use_client.models.stop_strategy import StopStrategy

    return [strategy.value for strategy in StopStrategy]


def add_command(commands: argparse._SubParsersAction[P]) -> None:
    """Add ``stop`` to the command line's subcommands."""
    stop = commands.add_parser("stop", help="stop a task, a session or a run (or many: --from-file, --all-active)")
    stop.add_argument("vendor", choices=flags.vendors())
    stop.add_argument("id", nargs="?", help="the work to stop (or give --from-file or --all-active)")
    stop.add_argument("--strategy", choices=strategies(), help="Browser-Use v3 only: what to stop")
    flags.add_request_flags(stop, json_help="print JSON (a single stop always does, for scripts)")
    stop.add_argument(
        "--deadline",
        type=flags.positive,
        metavar="SECONDS",
        help="bound each stop as a whole, every attempt, retry and pause included (default: only --timeout and "
        f"--max-retries bound it); with --all-active, start no new sweep after SECONDS (default {SWEEP_DEADLINE:g})",
    )
    stop_from_file.add_arguments(stop)
    stop_all_active.add_arguments(stop)
    stop.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    """Stop what ``args`` names and print the result as JSON."""
    stop_all_active.check(args)
    if args.all_active:
        return stop_all_active.command(args)
    if args.from_file is not None:
        return stop_from_file.command(args)
    if args.id is None:
        raise InvalidArgumentError("give the id to stop, or --from-file with one id a line, or --all-active")
    if args.record is not None or args.summary:
        raise InvalidArgumentError("--record and --summary go with --from-file or --all-active")
    with flags.clients() as clients:
        result = clients.stop(args.vendor, args.id, strategy=args.strategy, **flags.request_options(args))
    if result.note and sys.stderr is not None:
        print(f"browser-clients: {one_line(result.note)}", file=sys.stderr)  # e.g. found on another API
    print_json(result.to_dict())
    return 0
