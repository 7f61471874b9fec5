"""``browser-clients status VENDOR ID``: show where a task, session or run is now."""

from __future__ import annotations

import argparse
from typing import TypeVar

from browser_clients.cli import flags
from browser_clients.cli.output import print_json, snapshot_text

P = TypeVar("P", bound=argparse.ArgumentParser)


def add_command(commands: argparse._SubParsersAction[P]) -> None:
    """Add ``status`` to the command line's subcommands."""
    status = commands.add_parser("status", help="show where a task, session or run is now")
    status.add_argument("vendor", choices=flags.vendors())
    status.add_argument("id")
    flags.add_request_flags(status, json_help="print one JSON document, for scripts")
    flags.add_deadline_flag(status)
    status.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    """Print where the work is now."""
    with flags.clients() as clients:
        snapshot = clients.get(flags.handle(args), **flags.request_options(args))
    if args.json:
        print_json(snapshot.to_dict())
    else:
        print(snapshot_text(snapshot))
    return 0
