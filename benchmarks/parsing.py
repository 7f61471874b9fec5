"""Parse one session object: the generated attrs model's from_dict on top of json.loads, against json.loads alone.

The full payload sets every property of the current document (benchmarks/payloads.py); a figure counts the
model's fields it fills, so that a field the payload misses shows in the report instead of flattering the ratio.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from benchmarks.measure import Figure, figures, interleaved
from benchmarks.payloads import SESSION_BYTES, SESSION_ID

GROUP = "parse one session object"
REFERENCE = "json.loads alone (every field)"
FULL = "SessionView.from_dict(json.loads(...)), every field"
MINIMAL_REFERENCE = "json.loads alone (required fields only)"
MINIMAL_NAME = "SessionView.from_dict(json.loads(...)), required fields only"
FIELDS_SET = "SessionView fields the full payload sets"
FIELDS = "SessionView fields in all"
MINIMAL = json.dumps(
    {
        "id": SESSION_ID,
        "status": "stopped",
        "model": "bu-mini",
        "createdAt": "2026-11-07T05:31:56Z",
        "updatedAt": "2026-11-07T05:32:56Z",
    },
    separators=(",", ":"),
).encode()


def _loop(parse: Callable[[bytes], object], data: bytes, repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        parse(data)
    return (time.perf_counter() - started) / repeat


def coverage() -> tuple[int, int]:
    """Return how many of SessionView's fields the full payload sets (not unset, not None), and how many it has."""
    import attrs

    from browser_use_client.models import SessionView
    from browser_use_client.types import UNSET

    parsed = SessionView.from_dict(json.loads(SESSION_BYTES))
    names = [f.name for f in attrs.fields(SessionView) if f.name != "additional_properties"]
    values: list[Any] = [getattr(parsed, name) for name in names]
    return sum(1 for v in values if v is not UNSET and v is not None), len(names)


def run(*, rounds: int, repeat: int) -> list[Figure]:
    """Time json.loads and SessionView.from_dict(json.loads(...)) on a full and a minimal session object."""
    from browser_use_client.models import SessionView

    def model(data: bytes) -> SessionView:
        return SessionView.from_dict(json.loads(data))

    candidates = {
        REFERENCE: lambda: _loop(json.loads, SESSION_BYTES, repeat),
        FULL: lambda: _loop(model, SESSION_BYTES, repeat),
        MINIMAL_REFERENCE: lambda: _loop(json.loads, MINIMAL, repeat),
        MINIMAL_NAME: lambda: _loop(model, MINIMAL, repeat),
    }
    results = interleaved(candidates, rounds)
    full = figures(GROUP, {k: results[k] for k in (REFERENCE, FULL)}, "µs", reference=REFERENCE, scale=1e6)
    minimal = figures(
        GROUP,
        {k: results[k] for k in (MINIMAL_REFERENCE, MINIMAL_NAME)},
        "µs",
        reference=MINIMAL_REFERENCE,
        scale=1e6,
    )
    done, total = coverage()
    counted = figures(GROUP, {FIELDS_SET: [float(done)], FIELDS: [float(total)]}, "fields")
    return full + minimal + counted
