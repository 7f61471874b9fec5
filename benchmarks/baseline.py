"""The figures issue 13 must not regress (import, no-op generate, drift), as recorded before it: read and compare.

benchmarks/baseline.json holds them; ``python -m benchmarks --record-baseline`` replaces them with this run's.
A figure regresses when it exceeds its baseline by more than the tolerance: 10 % and a small absolute slack, as
these figures move by about that much between runs on a shared machine (see their spread of rounds).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import drift, imports, regeneration
from benchmarks.measure import Figure

PATH = Path(__file__).resolve().parent / "baseline.json"
RELATIVE = 0.10
SLACK = {"ms": 5.0, "s": 0.02}


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
    body = {
        "about": "figures issue 13 must not regress; rewrite with: python -m benchmarks --record-baseline",
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
