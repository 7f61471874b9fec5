"""``browser-clients stop VENDOR --from-file ids.txt``: stop every id of a file, leaving a record as it goes.

Reads one id a line as a stream (blank lines and ``#`` comments skipped; ``-`` reads standard input), stops each
once (an id given again shares its first stop), and writes each outcome the moment it is known (record.py): JSON
lines on standard output with ``--json`` or when it is not a terminal, and to the record file (``--record FILE``,
or on a terminal a new file in the current folder). On a terminal a progress bar is drawn on standard error
before the first answer, and the summary names each failed id (tally.py). Ctrl-C prints the counts so far and how
many ids were never attempted, and exits 130 with the record kept. A 404 is ``already ended``: no failure.
Exit codes: 0 when nothing failed, the failures' own code when they share one, else 1 (exits.py).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from browser_clients._constants import CONCURRENCY
from browser_clients._errors import InvalidArgumentError
from browser_clients.cli import flags
from browser_clients.cli.exits import EXIT_INTERRUPTED, leaf, output_closed
from browser_clients.cli.ids import IdStream
from browser_clients.cli.output import ProgressBar
from browser_clients.cli.record import Record, line
from browser_clients.cli.tally import Tally

if TYPE_CHECKING:
    from browser_clients._types import StopOutcome


def add_arguments(stop: argparse.ArgumentParser) -> None:
    """Add the bulk options to the ``stop`` subcommand (--record and --summary serve --all-active too)."""
    stop.add_argument("--from-file", metavar="PATH", help="stop every id in PATH, one a line ('-' reads stdin)")
    stop.add_argument(
        "--concurrency", type=int, default=CONCURRENCY, metavar="N", help=f"stops in flight (default {CONCURRENCY})"
    )
    stop.add_argument(
        "--record",
        metavar="FILE",
        help="with --from-file or --all-active: append a JSON line per outcome to FILE as each is known (on a "
        "terminal without it, a new record file is made in the current folder and named)",
    )
    stop.add_argument(
        "--summary",
        action="store_true",
        help="print only the summary (JSON with --json), not a JSON line per id; the record still goes to --record",
    )


def bulk_stderr() -> bool:
    """Tell whether standard error is a terminal a progress bar may be drawn on."""
    return sys.stderr is not None and sys.stderr.isatty()


def finish(tally: Tally, record: Record, args: argparse.Namespace, **more: object) -> None:
    """Close the record with the summary line, and print the summary where it belongs (see the module docstring)."""
    as_json = tally.to_json(record=record.path, **more)
    record.close(as_json)
    if args.json and (args.summary or record.to_stdout):
        print(as_json)
        return
    lines = [tally.counts(), *tally.failure_lines(record.path)]
    if record.path is not None:
        lines.append(f"record: {record.path}")
    people = sys.stdout if args.summary or not record.to_stdout else sys.stderr
    print("\n".join(lines), file=people)


def ended_early(why: str, tally: Tally, ids: IdStream, record: Record) -> None:
    """Say why the run ended early, the counts so far, the stops in flight and the ids never attempted; close the
    record with them."""
    in_flight = max(ids.taken - tally.done, 0)
    never = ids.never_attempted()
    rest = f"{never} never attempted" if never is not None else "the rest of standard input never read"
    if sys.stderr is not None:
        print(
            f"browser-clients: {why}: {tally.counts()}; {in_flight} in flight (whether they stopped is unknown); "
            f"{rest}" + (f"; record: {record.path}" if record.path is not None else ""),
            file=sys.stderr,
        )
    record.close(tally.to_json(record=record.path, ended=why, in_flight=in_flight, never_attempted=never))


def command(args: argparse.Namespace) -> int:
    """Stop every id of ``args.from_file`` on ``args.vendor``; record each outcome; return the exit code."""
    if args.id is not None:
        raise InvalidArgumentError("give an id or --from-file, not both")
    ids = IdStream(args.from_file)
    ids.check()
    record = Record.choose(json_flag=args.json, summary_only=args.summary, record=args.record, command="stop")
    if record.path is not None and not record.to_stdout:
        print(f"record: {record.path} (a JSON line per id, as each is known)", file=sys.stderr)
    tally = Tally(ids.total)
    bar = ProgressBar(ids.total, sys.stderr) if bulk_stderr() else None

    def on_outcome(position: int, outcome: StopOutcome) -> None:
        duplicate = tally.count(outcome)
        record.write(line(outcome, position=position, duplicate=duplicate))
        if bar is not None:
            bar.update(outcome)

    try:
        with flags.clients() as clients:
            if bar is not None:
                bar.start()
            try:
                clients._stop_each(
                    args.vendor,
                    ids,
                    on_outcome,
                    concurrency=args.concurrency,
                    strategy=args.strategy,
                    **flags.request_options(args),
                )
            finally:
                if bar is not None:  # end the bar's line, even when interrupted, before anything else is printed
                    bar.finish()
    except (Exception, KeyboardInterrupt) as raised:
        error = leaf(raised)
        if isinstance(error, KeyboardInterrupt):
            ended_early("interrupted", tally, ids, record)
            return EXIT_INTERRUPTED
        if isinstance(error, BrokenPipeError):
            code = output_closed()
            ended_early("standard output was closed (broken pipe)", tally, ids, record)
            return code
        record.close()  # what was written stays; main reports the error in one line
        raise error from None
    finish(tally, record, args)
    return tally.exit_status()
