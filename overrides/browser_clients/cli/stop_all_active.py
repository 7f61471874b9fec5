"""``browser-clients stop browser-use --all-active``: stop everything active on the vendor's account.

Lists every active piece of work, on every API of the account (Browser-Use: v3 and v4), and stops it all with
``stop_all`` (sweeping again while a runaway loop keeps creating work). ``--dry-run`` lists and stops nothing.
Before stopping it asks on the terminal, naming the count; ``--yes`` skips the question, and with no terminal to
ask on (or a closed standard input) and no ``--yes`` it refuses (usage error, exit 2). Each outcome is recorded
the moment it is known, as ``--from-file`` records (record.py), naming the API and kind of each piece of work; a
progress bar is drawn on standard error when it is a terminal. It ends with a summary naming the failures and
the APIs not swept, with why (``--json``: a JSON summary line). Ctrl-C prints the counts so far and exits 130.
Exit codes: 0 everything active was stopped (or had ended: a 404); when any stop failed, the failures' own code
when they share one (6 for server errors, ...), else 1; 12 when the deadline or ``--max-passes`` ended the sweep
while new work kept appearing; 1 when the question was answered no.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from browser_clients._constants import SHOWN_FAILURES, SWEEP_DEADLINE, SWEEP_MAX_PASSES
from browser_clients._contract import Vendor, lister
from browser_clients._errors import InvalidArgumentError
from browser_clients._types import SweepReport, count_kinds
from browser_clients.cli import flags
from browser_clients.cli.exits import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OTHER,
    EXIT_SWEEP_INCOMPLETE,
    exit_code,
    leaf,
    output_closed,
)
from browser_clients.cli.output import ProgressBar, one_line
from browser_clients.cli.record import Record, line
from browser_clients.cli.stop_from_file import bulk_stderr
from browser_clients.cli.tally import Tally, exit_status

if TYPE_CHECKING:
    from browser_clients._types import ActiveWork, StopOutcome, SweptItem


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
        metavar="N",
        help=f"with --all-active: sweep at most N times (default {SWEEP_MAX_PASSES})",
    )


def stdin_is_terminal() -> bool:
    """Tell whether standard input is a terminal a person can answer the question on (never when it is closed)."""
    stdin = sys.stdin
    return stdin is not None and not stdin.closed and stdin.isatty()


def _cost(amount: object) -> str:
    return "?" if amount is None else f"${amount}"


def work_line(work: ActiveWork) -> str:
    """Return one line for people: API, kind, id, status and cost so far."""
    status = work.status.value if work.raw_status in (None, work.status.value) else f"{work.status} ({work.raw_status})"
    return one_line(f"{work.vendor.value:<16} {work.kind.value:<15} {work.id}  {status:<18} {_cost(work.cost)}")


def _failure_line(item: SweptItem) -> str:
    error = item.error
    return one_line(f"failed: {item.work.vendor.value} {item.kind.value} {item.id}: {type(error).__name__}: {error}")


def describe(found: list[ActiveWork]) -> str:
    """Return the count of active work by kind and API, e.g. ``312 (300 agent sessions, 12 runs) on browser-use``."""
    apis = ", ".join(dict.fromkeys(work.vendor.value for work in found))
    return f"{len(found)} ({count_kinds(found)})" + (f" on {apis}" if apis else "")


def confirm(vendor: Vendor, found: list[ActiveWork]) -> bool:
    """Ask on the terminal whether to stop ``found``; True only for yes."""
    sys.stderr.write(f"Stop all {len(found)} ({count_kinds(found)}) active on {vendor.value}? [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in ("y", "yes")


def show_dry_run(report: SweepReport, as_json: bool) -> None:
    """Print what a dry run found: a line per piece of work (its API first) and the summary."""
    if as_json:
        for item in report.items:
            print(json.dumps(item.to_dict(), sort_keys=True))
        print(json.dumps(report.to_dict(), sort_keys=True))
        return
    for item in report.items:
        print(work_line(item.work))
    print(one_line(report.summary()))


def finish(report: SweepReport, record: Record, args: argparse.Namespace) -> None:
    """Close the record with the summary, and print it: JSON, or for people the failures, skipped APIs and counts."""
    summary = json.dumps({**report.to_dict(), "record": record.path}, sort_keys=True)
    record.close(summary)
    if args.json:
        print(summary)
        return
    failed = report.failed
    lines = [_failure_line(item) for item in failed[:SHOWN_FAILURES]]
    if len(failed) > SHOWN_FAILURES:
        where = record.path or "the JSON lines on standard output"
        lines.append(f"... and {len(failed) - SHOWN_FAILURES} more failed: see {where}")
    lines += [one_line(f"not swept: {vendor.value}: {why}") for vendor, why in report.skipped]
    if record.path is not None:
        lines.append(f"record: {record.path}")
    lines.append(one_line(report.summary()))  # last, as before: the line scripts and people look for
    print("\n".join(lines), file=sys.stdout if args.summary or not record.to_stdout else sys.stderr)


def exit_code_of(report: SweepReport) -> int:
    """Return 0 when all active work was stopped; the failures' code; or 12 when the sweep could not finish."""
    failed = [exit_code(item.error) for item in report.failed if item.error is not None]
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
            show_dry_run(clients.stop_all(vendor, dry_run=True, **limits, **options), args.json)
        return EXIT_OK
    if not args.yes and not stdin_is_terminal():
        raise InvalidArgumentError(
            "--all-active stops everything active and there is no terminal to confirm on: add --yes "
            "(look first with --dry-run)"
        )
    with flags.clients() as clients:
        found: list[ActiveWork] = []
        if not args.yes:  # the question names the count: list everything first; with --yes, stop as pages arrive
            found = clients.active(vendor, **options)
            if found and not confirm(vendor, found):
                print("browser-clients: nothing stopped", file=sys.stderr)
                return EXIT_OTHER  # declined: nothing was stopped
        return _sweep(clients, vendor, found, args, limits=limits, options=options)


def _sweep(
    clients: Any, vendor: Vendor, found: list[ActiveWork], args: argparse.Namespace, *, limits: Any, options: Any
) -> int:
    record = Record.choose(json_flag=args.json, summary_only=args.summary, record=args.record, command="stop-all")
    if record.path is not None and not record.to_stdout:
        print(f"record: {record.path} (a JSON line per piece of work, as each is stopped)", file=sys.stderr)
    kinds = {(work.vendor, work.id): work.kind.value for work in found}
    tally = Tally(len(found))
    bar = ProgressBar(len(found), sys.stderr, listing=True) if bulk_stderr() else None

    def on_found(work: ActiveWork) -> None:
        kinds.setdefault((work.vendor, work.id), work.kind.value)
        if bar is not None:
            bar.listed()

    def on_progress(outcome: StopOutcome) -> None:
        tally.count(outcome)
        record.write(line(outcome, kind=kinds.get((outcome.vendor, outcome.id))))
        if bar is not None:
            bar.update(outcome)

    try:
        if bar is not None:
            bar.start()
        try:
            report = clients.stop_all(
                vendor, concurrency=args.concurrency, on_progress=on_progress, on_found=on_found, **limits, **options
            )
        finally:
            if bar is not None:
                bar.finish()
    except (Exception, KeyboardInterrupt) as raised:
        error = leaf(raised)
        why = {KeyboardInterrupt: "interrupted", BrokenPipeError: "standard output was closed (broken pipe)"}
        said = next((text for kind, text in why.items() if isinstance(error, kind)), None)
        if said is None:
            record.close()
            raise error from None
        code = EXIT_INTERRUPTED if isinstance(error, KeyboardInterrupt) else output_closed()
        where = f"; record: {record.path}" if record.path is not None else ""
        print(
            f"browser-clients: {said}: {tally.counts()} (of the work found active at the start; the rest was in "
            f"flight or never attempted){where}",
            file=sys.stderr,
        )
        record.close(tally.to_json(record=record.path, ended=said))
        return code
    finish(report, record, args)
    return exit_code_of(report)
