"""Parse one session object: the generated attrs model's from_dict on top of json.loads, against json.loads alone."""

from __future__ import annotations

import json
import time

from benchmarks.measure import Figure, figures, interleaved
from benchmarks.payloads import SESSION_BYTES, SESSION_ID

GROUP = "parse one session object"
REFERENCE = "json.loads alone (every field)"
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


def _loop(parse: object, data: bytes, repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        parse(data)  # type: ignore[operator]  # a callable of bytes, by construction below
    return (time.perf_counter() - started) / repeat


def run(*, rounds: int, repeat: int) -> list[Figure]:
    """Time json.loads and SessionView.from_dict(json.loads(...)) on a full and a minimal session object."""
    from browser_use_client.models import SessionView

    def model(data: bytes) -> SessionView:
        return SessionView.from_dict(json.loads(data))

    candidates = {
        REFERENCE: lambda: _loop(json.loads, SESSION_BYTES, repeat),
        "SessionView.from_dict(json.loads(...)), every field": lambda: _loop(model, SESSION_BYTES, repeat),
        "json.loads alone (required fields only)": lambda: _loop(json.loads, MINIMAL, repeat),
        "SessionView.from_dict(json.loads(...)), required fields only": lambda: _loop(model, MINIMAL, repeat),
    }
    results = interleaved(candidates, rounds)
    full = figures(
        GROUP, {k: v for k, v in results.items() if "every field" in k}, "µs", reference=REFERENCE, scale=1e6
    )
    minimal_reference = "json.loads alone (required fields only)"
    minimal = figures(
        GROUP, {k: v for k, v in results.items() if "required" in k}, "µs", reference=minimal_reference, scale=1e6
    )
    return full + minimal
