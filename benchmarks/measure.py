"""Time candidates fairly: interleaved rounds (so machine noise hits all alike), medians, fresh interpreters."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Figure:
    """One measured number: what, how much (the median of its rounds), in what unit, and what it is compared to."""

    group: str
    name: str
    value: float
    unit: str
    rounds: tuple[float, ...]
    reference: str | None = None  # the name of the figure in the same group this one is a ratio of

    @property
    def spread(self) -> float:
        """Return the rounds' spread (max / min), a hint of how noisy the machine was."""
        low, high = min(self.rounds), max(self.rounds)
        return high / low if low > 0 else 1.0


def rotate(names: list[str], round_number: int) -> list[str]:
    """Return ``names`` rotated by ``round_number``, so that no candidate always runs first or last."""
    shift = round_number % len(names)
    return names[shift:] + names[:shift]


def interleaved(candidates: Mapping[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Run every candidate once per round, in a rotating order; return each one's per-round results."""
    results: dict[str, list[float]] = {name: [] for name in candidates}
    for number in range(rounds):
        for name in rotate(list(candidates), number):
            results[name].append(candidates[name]())
    return results


async def interleaved_async(
    candidates: Mapping[str, Callable[[], Awaitable[float]]], rounds: int
) -> dict[str, list[float]]:
    """Await every candidate once per round, in a rotating order; return each one's per-round results."""
    results: dict[str, list[float]] = {name: [] for name in candidates}
    for number in range(rounds):
        for name in rotate(list(candidates), number):
            results[name].append(await candidates[name]())
    return results


def per_call(call: Callable[[], object], calls: int) -> float:
    """Return the mean seconds one ``call()`` took over ``calls`` calls in a row."""
    started = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - started) / calls


def fresh_interpreter(code: str, *, env: Mapping[str, str] | None = None) -> float:
    """Return the wall-clock seconds a new ``python -c code`` takes from start to exit."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env=env)
    return time.perf_counter() - started


def command(argv: list[str], *, cwd: Path = ROOT, ok_codes: tuple[int, ...] = (0,)) -> float:
    """Return the wall-clock seconds ``argv`` takes; raise when it exits with a code not in ``ok_codes``."""
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in ok_codes:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return elapsed


def in_child(module: str, *args: str, timeout: float) -> Any:
    """Run ``python -m module args`` in a process of its own; return the JSON of the last line it printed.

    Raise RuntimeError, with the last line of its stderr, when it exits with another code than 0.
    """
    argv = [sys.executable, "-m", module, *args]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{module} exited {done.returncode}: {last}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median(values: list[float]) -> float:
    """Return the median of ``values``."""
    return statistics.median(values)


def figures(
    group: str, results: Mapping[str, list[float]], unit: str, *, reference: str | None = None, scale: float = 1.0
) -> list[Figure]:
    """Return one Figure per candidate: its median (times ``scale``), compared with ``reference``."""
    return [
        Figure(
            group,
            name,
            median(values) * scale,
            unit,
            tuple(v * scale for v in values),
            reference if name != reference else None,
        )
        for name, values in results.items()
    ]
