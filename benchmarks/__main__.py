"""Run every benchmark, print the table, and write docs/benchmarks.md: ``python -m benchmarks [--quick]``."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks import async_throughput, drift, imports, parsing, regeneration, report, sync_latency
from benchmarks.measure import ROOT, Figure
from benchmarks.server import serving

OUTPUT = ROOT / "docs" / "benchmarks.md"


def jobs(url: str, *, quick: bool) -> dict[str, Callable[[], list[Figure]]]:
    """Return each job by name, sized for a full run or a quick look."""
    rounds = 3 if quick else 7
    return {
        "sync": lambda: sync_latency.run(url, rounds=rounds, calls=100 if quick else 300),
        "async": lambda: [
            *async_throughput.run(url, rounds=3 if quick else 5, requests=400 if quick else 1000),
            *async_throughput.sniffio_lookups(url),
        ],
        "parse": lambda: parsing.run(rounds=rounds, repeat=2000 if quick else 10000),
        "import": lambda: imports.run(rounds=5 if quick else 15),
        "regenerate": lambda: regeneration.run(rounds=2 if quick else 3),
        "drift": lambda: drift.run(rounds=3 if quick else 7),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; a job that fails is reported, never fatal (the benchmark does not fail the build)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a look, not a record")
    parser.add_argument(
        "--only", nargs="+", metavar="JOB", help="run only these jobs (sync async parse import regenerate drift)"
    )
    parser.add_argument(
        "--output", type=Path, default=OUTPUT, help="where to write the report (default docs/benchmarks.md)"
    )
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    load_at_start = report.load_average()
    figures: list[Figure] = []
    notes: list[str] = []
    with serving() as url:
        for name, job in jobs(url, quick=args.quick).items():
            if args.only and name not in args.only:
                continue
            print(f"running {name} ...", file=sys.stderr, flush=True)
            try:
                figures.extend(job())
            except Exception as exc:  # one broken job must not lose the others' figures
                traceback.print_exc()
                notes.append(f"{name}: {type(exc).__name__}: {exc}")
    elapsed = time.perf_counter() - started
    print("\n".join(report.targets(figures)))
    print()
    print("\n".join(report.table(figures)))
    for note in notes:
        print(f"not measured: {note}", file=sys.stderr)
    if not args.no_write:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        text = report.markdown(figures, notes, loads=(load_at_start, report.load_average()), seconds=elapsed)
        args.output.write_text(text, encoding="utf-8")
        print(f"\nwrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
