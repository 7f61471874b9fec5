"""``browser-clients wait VENDOR ID``: wait for work to end, showing progress, and print the final snapshot.

Progress is redrawn in place on a terminal, plain lines when stdout is not one; with ``--json`` it goes to stderr,
and only when stderr is a terminal. The exit code says how the work ended (exits.py): 0 succeeded (or a
keep-alive session ended idle), 9 failed, 10 stopped, 11 timed out at the vendor, 8 when the wait ran out of time.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TypeVar

from browser_clients.cli import flags
from browser_clients.cli.exits import outcome_code
from browser_clients.cli.output import ProgressView, print_json, snapshot_text

if TYPE_CHECKING:
    from browser_clients._client import BrowserClients
    from browser_clients._types import Handle

P = TypeVar("P", bound=argparse.ArgumentParser)


def add_command(commands: argparse._SubParsersAction[P]) -> None:
    """Add ``wait`` to the command line's subcommands."""
    wait = commands.add_parser("wait", help="wait for a task, session or run to end, showing progress")
    wait.add_argument("vendor", choices=flags.vendors())
    wait.add_argument("id")
    wait.add_argument("--json", action="store_true", help="print the final snapshot as JSON, for scripts")
    flags.add_wait_flags(wait, "--timeout")
    wait.set_defaults(handler=command)


def follow(clients: BrowserClients, handle: Handle[Any], args: argparse.Namespace) -> int:
    """Wait for ``handle``'s work to end, showing progress; print the final snapshot; return its exit code."""
    view = ProgressView(sys.stderr if args.json else sys.stdout)
    show = view.show if not args.json or view.terminal else None
    try:
        final = clients.wait(handle, timeout=args.wait_timeout, poll_interval=args.poll_interval, on_progress=show)
    finally:
        view.close()
    if args.json:
        print_json(final.to_dict())
    else:
        print(snapshot_text(final))
    return outcome_code(final)


def command(args: argparse.Namespace) -> int:
    """Wait for work to end, showing progress; print the final snapshot."""
    with flags.clients() as clients:
        return follow(clients, flags.handle(args), args)
