"""``browser-clients results VENDOR ID``: show what work produced (BrowserAI's steps, a v4 run's output)."""

from __future__ import annotations

import argparse
from typing import TypeVar

from browser_clients.cli import flags
from browser_clients.cli.output import print_json, results_text

P = TypeVar("P", bound=argparse.ArgumentParser)


def add_command(commands: argparse._SubParsersAction[P]) -> None:
    """Add ``results`` to the command line's subcommands."""
    results = commands.add_parser("results", help="show what a task or run produced")
    results.add_argument("vendor", choices=flags.vendors())
    results.add_argument("id")
    flags.add_request_flags(results, json_help="print one JSON document, for scripts")
    flags.add_deadline_flag(results)
    results.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    """Print what the work produced."""
    with flags.clients() as clients:
        found = clients.results(flags.handle(args), **flags.request_options(args))
    if args.json:
        print_json(found.to_dict())
    else:
        print(results_text(found))
    return 0
