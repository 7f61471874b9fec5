"""Drift: the whole ``python -m generator drift OLD NEW`` command on two FastAPI-shaped documents of ~250 KB.

Beside the whole command, its parts: starting Python, importing the drift tool, loading both documents and
comparing them, so that a miss says where the time goes.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from benchmarks.fastapi_document import changed, document, dumps
from benchmarks.measure import Figure, command, figures, fresh_interpreter, interleaved

GROUP = "drift (whole command)"
PARTS = "drift, part by part"


def run(*, rounds: int) -> list[Figure]:
    """Time the drift command on a large document and its next release; exit 1 (breaking changes) is expected."""
    from generator.drift.compare import compare
    from generator.drift.load import load

    old = document()
    with tempfile.TemporaryDirectory(prefix="bench-drift-") as scratch:
        old_path, new_path = Path(scratch) / "old.json", Path(scratch) / "new.json"
        old_path.write_text(dumps(old))
        new_path.write_text(dumps(changed(old)))
        size = round((old_path.stat().st_size + new_path.stat().st_size) / 2 / 1024)
        argv = [sys.executable, "-m", "generator", "drift", str(old_path), str(new_path)]

        def load_both() -> float:
            started = time.perf_counter()
            load(str(old_path), "OLD"), load(str(new_path), "NEW")
            return time.perf_counter() - started

        before, after = load(str(old_path), "OLD"), load(str(new_path), "NEW")

        def compare_both() -> float:
            started = time.perf_counter()
            compare(before, after)
            return time.perf_counter() - started

        results = interleaved(
            {
                f"drift OLD NEW, two {size} KB documents": lambda: command(argv, ok_codes=(0, 1)),
                "start Python (python -c pass)": lambda: fresh_interpreter("pass"),
                "start Python and import the drift tool": lambda: fresh_interpreter("import generator.drift.command"),
                "load both documents (in process)": load_both,
                "compare them (in process)": compare_both,
            },
            rounds,
        )
    whole = next(name for name in results if name.startswith("drift OLD NEW"))
    return figures(GROUP, {whole: results.pop(whole)}, "s") + figures(PARTS, results, "s")
