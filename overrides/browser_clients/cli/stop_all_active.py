"""``browser-clients stop browser-use --all-active``: stop everything active on the vendor's account.

Lists every active piece of work and stops it all with ``stop_all`` (sweeping again while a runaway loop keeps
creating work). ``--dry-run`` lists and stops nothing. Before stopping it asks on the terminal, naming the count;
``--yes`` skips the question, and with no terminal to ask on and no ``--yes`` it refuses (usage error, exit 2).
A progress bar is drawn on standard error when it is a terminal. It ends with a summary (``--json``: one JSON line
per id and a summary line). Exit codes: 0 everything active was stopped (or had ended); when any stop failed, the
failures' own code when they share one (6 for server errors, ...), else 1; 12 when the deadline or
``--max-passes`` ended the sweep while new work kept appearing; 1 when the question was answered no.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from browser_clients._constants import SWEEP_DEADLINE, SWEEP_MAX_PASSES
from browser_clients._contract import Vendor, lister
from browser_clients._errors import InvalidArgumentError
from browser_clients._types import StopOutcome, SweepReport, SweptItem, count_kinds
from browser_clients.cli import flags
from browser_clients.cli.exits import EXIT_OK, EXIT_OTHER, EXIT_SWEEP_INCOMPLETE
from browser_clients.cli.stop_from_file import ProgressBar, exit_status

if TYPE_CHECKING:
    from browser_clients._types import ActiveWork


def add_arguments(stop: argparse.ArgumentParser) -> None:
    """Add the incident options to the ``stop`` subcommand."""
    stop.add_argument(
        "--all-active", action="store_true", help="stop every active session and browser (Browser-Use only)"
    )
    stop.add_argument("--dry-run", action="store_true", help="with --all-active: list what is active, stop nothing")
    stop.add_argument("--yes", action="store_true", help="with --all-active: do not ask for confirmation")
    stop.add_argument(
        "--max-passes",
        type=int,
        default=SWEEP_MAX_PASSES,
        help=f"with --all-active: sweep at most N times (default {SWEEP_MAX_PASSES})",
    )


def stdin_is_terminal() -> bool:
    """Tell whether standard input is a terminal a person can answer the question on."""
    return sys.stdin.isatty()


def _cost(amount: object) -> str:
    return "?" if amount is None else f"${amount}"


def work_line(work: ActiveWork) -> str:
    """Return one line for people: kind, id, status and cost so far."""
    status = work.status.value if work.raw_status in (None, work.status.value) else f"{work.status} ({work.raw_status})"
    return f"{work.kind.value:<15} {work.id}  {status:<18} {_cost(work.cost)}"


def _failure_line(item: SweptItem) -> str:
    return f"failed: {item.kind.value} {item.id}: {type(item.error).__name__}: {item.error}"


def describe(found: list[ActiveWork]) -> str:
    """Return the count of active work by kind, e.g. ``312 (300 agent sessions, 12 browser sessions)``."""
    return f"{len(found)} ({count_kinds(found)})"


def confirm(vendor: Vendor, found: list[ActiveWork]) -> bool:
    """Ask on the terminal whether to stop ``found``; True only for yes."""
    sys.stderr.write(f"Stop all {describe(found)} active on {vendor.value}? [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in ("y", "yes")


def show(report: SweepReport, as_json: bool) -> None:
    """Print the report: a JSON line per id and a summary line, or for people the items or failures and a summary."""
    if as_json:
        for item in report.items:
            print(json.dumps(item.to_dict(), sort_keys=True))
        print(json.dumps(report.to_dict(), sort_keys=True))
        return
    if report.dry_run:
        for item in report.items:
            print(work_line(item.work))
    for item in report.failed:
        print(_failure_line(item))
    print(report.summary())


def exit_code(report: SweepReport) -> int:
    """Return 0 when all active work was stopped; the failures' code; or 12 when the sweep could not finish."""
    failed = [item.outcome for item in report.failed if isinstance(item.outcome, StopOutcome)]
    if failed:
        return exit_status(failed)
    return EXIT_OK if report.complete else EXIT_SWEEP_INCOMPLETE


def check(args: argparse.Namespace) -> None:
    """Raise InvalidArgumentError for flags that do not go with ``--all-active`` (or need it)."""
    if not args.all_active:
        if args.dry_run or args.yes:
            raise InvalidArgumentError("--dry-run and --yes go with --all-active")
        return
    if args.id is not None or args.from_file is not None:
        raise InvalidArgumentError("--all-active finds the ids itself: give no id and no --from-file")
    if args.strategy is not None:
        raise InvalidArgumentError("--all-active stops whole sessions (strategy session): --strategy does not apply")


def command(args: argparse.Namespace) -> int:
    """Stop every active piece of work on ``args.vendor`` (or list it with --dry-run); return the exit code."""
    vendor = Vendor.parse(args.vendor)
    lister(vendor)  # a vendor that cannot list its work is a usage error before anything else
    options: dict[str, Any] = {
        name: getattr(args, name) for name in ("timeout", "max_retries") if getattr(args, name) is not None
    }
    deadline = SWEEP_DEADLINE if args.deadline is None else args.deadline
    limits: dict[str, Any] = {"deadline": deadline, "max_passes": args.max_passes}
    if args.dry_run:
        with flags.clients() as clients:
            show(clients.stop_all(vendor, dry_run=True, **limits, **options), args.json)
        return EXIT_OK
    if not args.yes and not stdin_is_terminal():
        raise InvalidArgumentError(
            "--all-active stops everything active and there is no terminal to confirm on: add --yes "
            "(look first with --dry-run)"
        )
    with flags.clients() as clients:
        found = clients.active(vendor, **options)
        if not args.yes and found and not confirm(vendor, found):
            print("browser-clients: nothing stopped", file=sys.stderr)
            return EXIT_OTHER  # declined: nothing was stopped
        bar = ProgressBar(len(found), sys.stderr) if sys.stderr.isatty() and found else None
        try:
            report = clients.stop_all(
                vendor,
                concurrency=args.concurrency,
                on_progress=None if bar is None else bar.update,
                **limits,
                **options,
            )
        finally:
            if bar is not None:
                bar.finish()
    show(report, args.json)
    return exit_code(report)
