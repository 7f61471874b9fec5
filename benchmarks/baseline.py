"""The figures that must not regress, as recorded before the work that could regress them: read and compare.

benchmarks/baseline.json holds them; ``python -m benchmarks --record-baseline`` replaces them with this run's:

- issue 13's (import, no-op generate, drift): a figure regresses when it exceeds its baseline by more than the
  tolerance, 10 % and a small absolute slack, as these figures move by about that much between runs on a shared
  machine (see their spread of rounds);
- issue 18's bulk ratio (stop_many's ids a second over a bare aiohttp loop's), of the code before the restructure
  (419e52c): recorded only from a run given that code (``--bulk-baseline PATH``), never from this tree's own rows,
  so that recording again cannot move the bar. The new ratio may be at most 10 % below it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import bulk, drift, imports, regeneration
from benchmarks.measure import Figure

PATH = Path(__file__).resolve().parent / "baseline.json"
RELATIVE = 0.10
SLACK = {"ms": 5.0, "s": 0.02}
BULK_BELOW = 0.10
"""How far below the old code's bulk ratio the new one may be."""


@dataclass(frozen=True)
class Watched:
    """A figure that must not regress: where it is (its group and the start of its name) and what to call it."""

    label: str
    group: str
    name: str


WATCHED = (
    Watched("cold import browser_clients", imports.GROUP, "import browser_clients"),
    Watched(
        "cold import of the clients",
        imports.GROUP,
        "from browser_clients import BrowserClients, AsyncBrowserClients",
    ),
    Watched("no-op generate", regeneration.GROUP, "generate, nothing changed"),
    Watched("drift of one pair of documents", drift.GROUP, "drift OLD NEW"),
)


BULK = {
    bulk.GROUP: "bulk ratio on loopback, the code before issue 18 (419e52c)",
    bulk.SLOW_GROUP: "bulk ratio 50 ms away, the code before issue 18 (419e52c)",
}
"""The label each bulk group's ratio of the old code is recorded under."""


@dataclass(frozen=True)
class Recorded:
    """One baseline figure: its value and unit, and when and under what load it was measured."""

    value: float
    unit: str
    measured: str
    load: str


def find(figures: Sequence[Figure], watched: Watched) -> Figure | None:
    """Return the figure ``watched`` names, or None when it was not measured."""
    return next((f for f in figures if f.group == watched.group and f.name.startswith(watched.name)), None)


def old_bulk_ratio(figures: Sequence[Figure], group: str) -> float | None:
    """Return the old code's stop_many over its bare loop in ``group``, when this run measured the old code."""
    many = next((f for f in figures if f.group == group and f.name == bulk.OLD_MANY), None)
    raw = next((f for f in figures if f.group == group and f.name == bulk.OLD_REFERENCE), None)
    return None if many is None or raw is None or not raw.value else many.value / raw.value


def load(path: Path | None = None) -> dict[str, Recorded]:
    """Return the recorded baseline by label, from benchmarks/baseline.json unless ``path`` (empty without a file)."""
    path = path or PATH
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {label: Recorded(**entry) for label, entry in raw["figures"].items()}


def record(figures: Sequence[Figure], load_average: str, path: Path | None = None) -> list[str]:
    """Write this run's watched figures as the new baseline; return the labels written."""
    path = path or PATH
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    kept = load(path)
    for watched in WATCHED:
        figure = find(figures, watched)
        if figure is not None:
            kept[watched.label] = Recorded(round(figure.value, 3), figure.unit, today, load_average)
    for group, label in BULK.items():
        old = old_bulk_ratio(figures, group)
        if old is not None:
            kept[label] = Recorded(round(old, 3), "x", today, load_average)
    body = {
        "about": "figures that must not regress; rewrite with: python -m benchmarks --record-baseline (the bulk "
        "ratios only with --bulk-baseline PATH, a checkout of the code before issue 18)",
        "figures": {label: asdict(entry) for label, entry in kept.items()},
    }
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return list(kept)


def allowed(recorded: Recorded) -> float:
    """Return the highest value that is not a regression of ``recorded``."""
    return recorded.value * (1 + RELATIVE) + SLACK.get(recorded.unit, 0.0)


def compare(figure: Figure, recorded: Recorded) -> tuple[str, bool]:
    """Return the delta of ``figure`` from its baseline as text, and whether it stays within the tolerance."""
    delta = figure.value - recorded.value
    share = delta / recorded.value if recorded.value else 0.0
    digits = 1 if figure.unit == "ms" else 2
    text = (
        f"{figure.value:.{digits}f} {figure.unit}, {delta:+.{digits}f} {figure.unit} ({share:+.0%}) on "
        f"{recorded.value:.{digits}f} {recorded.unit} of {recorded.measured} (load {recorded.load})"
    )
    return text, figure.value <= allowed(recorded)
