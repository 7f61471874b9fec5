"""Run every benchmark, print the tables, and write docs/benchmarks.md: ``python -m benchmarks [--quick]``."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks import (
    async_throughput,
    baseline,
    bulk,
    drift,
    imports,
    incident,
    parsing,
    regeneration,
    report,
    shares,
    sync_latency,
    targets,
)
from benchmarks.measure import ROOT, Figure
from benchmarks.server import serving

OUTPUT = ROOT / "docs" / "benchmarks.md"
README = ROOT / "README.md"


def jobs(url: str, *, quick: bool, bulk_baseline: Path | None = None) -> dict[str, Callable[[], list[Figure]]]:
    """Return each job by name, sized for a full run or a quick look (the whole quick run takes about a minute).

    ``bulk_baseline`` is a checkout of older code whose bulk ratio is measured beside this tree's.
    """
    rounds = 3 if quick else 7
    return {
        "sync": lambda: [
            *sync_latency.run(url, rounds=rounds, calls=100 if quick else 300),
            *sync_latency.run_far(rounds=rounds, calls=5 if quick else 20),
        ],
        "async": lambda: [
            # 7 rounds of 2,000 requests: a round of 1,000 lasts a tenth of a second, and the ratio of medians of
            # five of them moved by 0.05 between runs of the same code.
            *async_throughput.run(url, rounds=2 if quick else 7, requests=200 if quick else 2000),
            *async_throughput.sniffio_lookups(url),
        ],
        "bulk": lambda: bulk.run(
            url, rounds=2 if quick else 3, ids=1000 if quick else bulk.FULL, baseline=bulk_baseline
        ),
        "incident": lambda: incident.run(rounds=1 if quick else 5, count=600 if quick else incident.COUNT),
        "profile": lambda: shares.run(url, calls=200 if quick else 2000),
        # Many short rounds: a burst of other work on the machine then moves few of them, and not the median.
        "parse": lambda: parsing.run(rounds=5 if quick else 21, repeat=2000 if quick else 3000),
        "import": lambda: imports.run(rounds=3 if quick else 15),
        "regenerate": lambda: regeneration.run(rounds=1 if quick else 3),
        "drift": lambda: drift.run(rounds=2 if quick else 7),
    }


def measure(
    url: str, *, quick: bool, only: list[str] | None, bulk_baseline: Path | None = None
) -> tuple[list[Figure], list[str]]:
    """Run the chosen jobs in order; return their figures, and a note for each job that failed."""
    figures: list[Figure] = []
    notes: list[str] = []
    for name, job in jobs(url, quick=quick, bulk_baseline=bulk_baseline).items():
        if only and name not in only:
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            figures.extend(job())
        except Exception as exc:  # one broken job must not lose the others' figures
            traceback.print_exc()
            notes.append(f"{name}: {type(exc).__name__}: {exc}")
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return figures, notes


def write(
    figures: list[Figure],
    notes: list[str],
    *,
    loads: tuple[str, str],
    seconds: float,
    output: Path | None,
    whole: bool,
) -> None:
    """Write the report (docs/benchmarks.md unless ``output``) and, for a whole run of record, the README's table."""
    path = output or OUTPUT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.markdown(figures, notes, loads=loads, seconds=seconds), encoding="utf-8")
    print(f"\nwrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    if output is None and whole:
        block = report.readme_block(figures, loads=loads)
        README.write_text(report.splice(README.read_text(encoding="utf-8"), block), encoding="utf-8")
        print(f"wrote the targets table in {README.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; a job that fails is reported, never fatal (the benchmark does not fail the build)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, fewer ids: a look, not a record")
    parser.add_argument(
        "--only", nargs="+", metavar="JOB", help=f"run only these jobs ({' '.join(jobs('', quick=True))})"
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the report (default docs/benchmarks.md and the README's table; a quick run writes "
        "only where this says)",
    )
    parser.add_argument("--no-write", action="store_true", help="print the tables only")
    parser.add_argument(
        "--record-baseline",
        action="store_true",
        help="store this run's import, no-op generate and drift figures in benchmarks/baseline.json (and the old "
        "code's bulk ratios, given --bulk-baseline)",
    )
    parser.add_argument(
        "--bulk-baseline",
        type=Path,
        metavar="PATH",
        help="a checkout of the code before issue 18 (e.g. a worktree of 419e52c): measure its bulk ratio in the "
        "same run, interleaved with this tree's",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    load_at_start = report.load_average()
    with serving() as url:
        figures, notes = measure(url, quick=args.quick, only=args.only, bulk_baseline=args.bulk_baseline)
    elapsed = time.perf_counter() - started
    load_at_end = report.load_average()
    print(f"load average (1 min): {load_at_start} at the start, {load_at_end} at the end; {elapsed:.0f} s")
    print("\n".join(targets.rows(figures)))
    print("\n".join(["", *targets.missed(figures)]))
    print()
    print("\n".join(report.table(figures)))
    for note in notes:
        print(f"not measured: {note}", file=sys.stderr)
    if args.record_baseline:
        written = baseline.record(figures, load_at_start)
        print(f"\nrecorded the baseline of {', '.join(written)} in {baseline.PATH.relative_to(ROOT)}")
    if args.no_write or (args.quick and args.output is None):
        print("\nnothing written" + (" (a quick run: pass --output to write its report)" if args.quick else ""))
    else:
        write(
            figures, notes, loads=(load_at_start, load_at_end), seconds=elapsed, output=args.output, whole=not args.only
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
