"""Bulk stops: stop_many of many ids at 256 in flight, per id, against one async stop each; and its peak memory.

The reference sends the same ids through ``await clients.stop(...)``, one call per id, from 256 workers: the
same concurrency, the same connections, so that the ratio is what stop_many itself adds per id (its outcomes,
their order, the scheduling). Peak memory is measured in a child process of its own (``python -m
benchmarks.bulk URL IDS MODE``), twice: the tracemalloc peak (Python's own allocations during the call, traced
apart from the timed rounds since tracing slows every allocation), and the growth of the resident memory (the
whole process, untraced), sampled from /proc every 2 ms during the call: ru_maxrss would also hold the peak of
the imports before it. The loopback server runs in a third process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
import uuid
from collections.abc import Awaitable, Callable, Iterator

from benchmarks.measure import ROOT, Figure, figures, interleaved_async

GROUP = "bulk stop per id, 256 in flight"
MEMORY_GROUP = "stop_many peak memory (a child process of its own)"
REFERENCE = "facade stop, one call per id from 256 workers"
MANY = "facade stop_many"
IDS = "ids per round"
TRACED = "tracemalloc peak during stop_many (Python allocations)"
RESIDENT = "peak resident growth during stop_many (whole process, untraced, sampled)"
IN_FLIGHT = 256
KEY = "bench-key"
MiB = 1024 * 1024
SAMPLE_EVERY = 0.002  # seconds between two looks at the resident memory
TIMEOUT = 600.0  # seconds: a bound on the timed rounds, and on each child


def session_ids(count: int) -> list[str]:
    """Return ``count`` distinct Browser-Use session ids."""
    return [str(uuid.UUID(int=index + 1)) for index in range(count)]


async def _timed(url: str, ids: list[str], rounds: int) -> dict[str, list[float]]:
    from browser_clients import AsyncBrowserClients

    async with AsyncBrowserClients(browser_use_api_key=KEY, browser_use_base_url=url) as clients:

        async def one_each() -> float:
            queue = iter(ids)

            async def worker() -> None:
                for session in queue:
                    await clients.stop("browser-use", session)

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
            return (time.perf_counter() - started) / len(ids)

        async def many() -> float:
            started = time.perf_counter()
            outcomes = await clients.stop_many("browser-use", ids, concurrency=IN_FLIGHT)
            elapsed = time.perf_counter() - started
            failed = [o for o in outcomes if not o.ok]
            if failed:
                raise RuntimeError(f"{len(failed)} of {len(ids)} stops failed, first: {failed[0].error}")
            return elapsed / len(ids)

        candidates: dict[str, Callable[[], Awaitable[float]]] = {REFERENCE: one_each, MANY: many}
        await clients.stop_many("browser-use", ids[:IN_FLIGHT], concurrency=IN_FLIGHT)  # warm up
        return await interleaved_async(candidates, rounds)


def _resident() -> int:
    """Return the bytes resident now (Linux), or the high-water mark so far where /proc is missing."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


@contextlib.contextmanager
def _sampled_peak(found: list[int]) -> Iterator[None]:
    """Sample the resident memory every few milliseconds during the block; append its peak less the start."""
    before, peak, done = _resident(), [0], threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_EVERY):
            peak[0] = max(peak[0], _resident())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield
    finally:
        done.set()
        sampler.join()
        found.append(max(peak[0], _resident()) - before)


async def _peak(url: str, count: int, mode: str) -> float:
    """Run one stop_many of ``count`` ids after a warm-up; return its peak memory in bytes (see the module doc)."""
    from browser_clients import AsyncBrowserClients

    ids = session_ids(count)
    async with AsyncBrowserClients(browser_use_api_key=KEY, browser_use_base_url=url) as clients:
        await clients.stop_many("browser-use", ids[:IN_FLIGHT], concurrency=IN_FLIGHT)  # imports, connections
        if mode == "tracemalloc":
            tracemalloc.start()
            outcomes = await clients.stop_many("browser-use", ids, concurrency=IN_FLIGHT)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        else:
            found: list[int] = []
            with _sampled_peak(found):
                outcomes = await clients.stop_many("browser-use", ids, concurrency=IN_FLIGHT)
            peak = found[0]
        assert len(outcomes) == count
    return float(peak)


def _child(url: str, count: int, mode: str) -> float:
    argv = [sys.executable, "-m", "benchmarks.bulk", url, str(count), mode]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True, timeout=TIMEOUT)
    return float(json.loads(done.stdout.strip().splitlines()[-1])["peak"])


def run(url: str, *, rounds: int, ids: int) -> list[Figure]:
    """Time stop_many against one stop per id, interleaved; then measure stop_many's peak memory in children."""
    results = asyncio.run(asyncio.wait_for(_timed(url, session_ids(ids), rounds), timeout=TIMEOUT))
    memory = {TRACED: [_child(url, ids, "tracemalloc") / MiB], RESIDENT: [_child(url, ids, "rss") / MiB]}
    return [
        *figures(GROUP, results, "µs", reference=REFERENCE, scale=1e6),
        *figures(GROUP, {IDS: [float(ids)]}, "ids"),
        *figures(MEMORY_GROUP, memory, "MiB"),
    ]


if __name__ == "__main__":
    target, how_many, how = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    print(json.dumps({"peak": asyncio.run(_peak(target, how_many, how))}))
