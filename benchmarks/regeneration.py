"""Regeneration: ``python -m generator generate`` cold (``--force``) and with nothing changed, in a scratch copy.

The copy keeps the benchmark from writing into the working tree, where other work may be under way.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import ROOT, Figure, command, figures, interleaved

GROUP = "regeneration (whole command)"
COPIED = ("generator", "specs", "generated", "overrides/overlays", "overrides/templates")


def scratch_checkout(into: Path) -> Path:
    """Copy what the pipeline reads and writes into ``into``; return it."""
    for name in COPIED:
        shutil.copytree(ROOT / name, into / name, ignore=shutil.ignore_patterns("__pycache__", ".generate-*"))
    shutil.copy(ROOT / "pyproject.toml", into / "pyproject.toml")
    return into


def run(*, rounds: int) -> list[Figure]:
    """Time a forced regeneration and a no-op one, interleaved."""
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as scratch:
        checkout = scratch_checkout(Path(scratch))
        generate = [sys.executable, "-m", "generator", "generate"]
        candidates = {
            "generate --force (cold: every vendor rebuilt)": lambda: command([*generate, "--force"], cwd=checkout),
            "generate, nothing changed": lambda: command(generate, cwd=checkout),
        }
        candidates["generate, nothing changed"]()  # the copy's manifest may first need one real run
        results = interleaved(candidates, rounds)
    return figures(GROUP, results, "s")
