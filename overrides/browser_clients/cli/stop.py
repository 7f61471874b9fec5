"""The ``stop`` command: stop one task or session, or every id of a file (see cli/bulk.py)."""

from __future__ import annotations

import argparse
from typing import TypeVar

from browser_clients._errors import InvalidArgumentError
from browser_clients._vendor import Vendor
from browser_clients.cli import bulk, sweep
from browser_clients.cli.display import print_json

P = TypeVar("P", bound=argparse.ArgumentParser)


def strategies() -> list[str]:
    """Return Browser-Use's stop strategies, from the generated StopStrategy enum."""
    from browser_use_client.models.stop_strategy import StopStrategy

    return [strategy.value for strategy in StopStrategy]


def add_command(commands: argparse._SubParsersAction[P]) -> None:
    """Add ``stop`` to the command line's subcommands."""
    stop = commands.add_parser("stop", help="stop a task (BrowserAI) or a session (Browser-Use)")
    stop.add_argument("vendor", choices=[v.value for v in Vendor])
    stop.add_argument("id", nargs="?", help="the task or session to stop (or give --from-file or --all-active)")
    stop.add_argument("--strategy", choices=strategies(), help="Browser-Use only: what to stop")
    stop.add_argument("--timeout", type=float, help="seconds to wait for an answer")
    stop.add_argument("--max-retries", type=int, help="retries on network failures, 429 and 5xx")
    stop.add_argument("--json", action="store_true", help="print JSON (stop always does, for scripts)")
    bulk.add_arguments(stop)
    sweep.add_arguments(stop)
    stop.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Stop what ``args`` names and print the result as JSON."""
    from browser_clients._client import BrowserClients

    sweep.check(args)
    if args.all_active:
        return sweep.run(args)
    if args.from_file is not None:
        return bulk.run(args)
    if args.id is None:
        raise InvalidArgumentError("give the id to stop, or --from-file with one id a line")
    with BrowserClients() as clients:
        result = clients.stop(
            args.vendor, args.id, strategy=args.strategy, timeout=args.timeout, max_retries=args.max_retries
        )
    print_json(result.to_dict())
    return 0
