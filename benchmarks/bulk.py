"""Bulk stops: stop_many of 10,000 ids at 256 in flight, as a rate against a bare aiohttp loop; and its peak memory.

The reference sends the same stops through aiohttp alone: 256 workers over one session limited to the facade's
100 connections, each answer read and parsed with ``json.loads``. The ratio (the facade's ids a second over the
loop's) is what the facade costs where users feel it; issue 18 holds it to no more than 10% below the ratio of the
code before the restructure (benchmarks/baseline.json).

Both candidates run in a worker process (``python -m benchmarks.bulk worker URL IDS``), which imports
browser_clients from its PYTHONPATH, warms up once, then runs the candidate named on each line of its stdin and
prints the seconds it took. With ``--bulk-baseline PATH`` (a checkout of older code) a second worker runs with that
tree's facade first on PYTHONPATH, and the rounds of all four candidates interleave, so that the old and the new
ratio are measured under the same load. The loopback server runs in a process of its own: answering at once (the
facade's own cost, as the old bench measured it) and, to see what is left of that cost at a realistic round trip,
50 ms late.

Peak memory is measured in a child process of its own (``python -m benchmarks.bulk memory URL IDS MODE``), twice:
the tracemalloc peak (Python's own allocations during the call, traced apart from the timed rounds since tracing
slows every allocation), and the growth of the resident memory (the whole process, untraced), sampled from /proc
every 2 ms during the call: ru_maxrss would also hold the peak of the imports before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.measure import ROOT, Figure, figures, in_child, interleaved
from benchmarks.server import serving

GROUP = "bulk stop, 256 in flight, on loopback"
SLOW_GROUP = "bulk stop, 256 in flight, the server 50 ms away"
MEMORY_GROUP = "stop_many peak memory (a child process of its own)"
MANY = "facade stop_many"
REFERENCE = "raw aiohttp, 256 workers, 100 connections"
TRUSTING = "raw aiohttp as above, made with trust_env=True"
OLD_MANY = "facade stop_many, the code before issue 18"
OLD_REFERENCE = "raw aiohttp, beside the code before issue 18"
IDS = "ids per round"
TRACED = "tracemalloc peak during stop_many (Python allocations)"
RESIDENT = "peak resident growth during stop_many (whole process, untraced, sampled)"
IN_FLIGHT = 256
FULL = 10_000  # ids a round of record (issue 18's figure); a quick run sends fewer
CONNECTIONS = 100  # the facade's connection limit (MAX_CONNECTIONS), before issue 18 and after
DELAY = 0.05
KEY = "bench-key"
MiB = 1024 * 1024
SAMPLE_EVERY = 0.002  # seconds between two looks at the resident memory
TIMEOUT = 600.0  # seconds: a bound on each candidate's round, and on each child


def session_ids(count: int) -> list[str]:
    """Return ``count`` distinct Browser-Use session ids."""
    return [str(uuid.UUID(int=index + 1)) for index in range(count)]


async def _serve_rounds(url: str, ids: list[str]) -> None:
    """Run the candidate named on each line of stdin; print its seconds as JSON (the worker's side)."""
    import aiohttp

    import browser_clients
    from browser_clients import AsyncBrowserClients

    async with (
        AsyncBrowserClients(browser_use_api_key=KEY, browser_use_base_url=url) as clients,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONNECTIONS)) as plain,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONNECTIONS), trust_env=True) as trusting,
    ):
        headers = {"X-Browser-Use-API-Key": KEY}

        def loop_over(session: aiohttp.ClientSession) -> Callable[[list[str]], Awaitable[None]]:
            async def raw(chosen: list[str]) -> None:
                queue = iter(chosen)

                async def worker() -> None:
                    for given in queue:
                        async with session.post(f"{url}/sessions/{given}/stop", headers=headers) as answer:
                            json.loads(await answer.read())

                await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))

            return raw

        async def many(chosen: list[str]) -> None:
            outcomes = await clients.stop_many("browser-use", chosen, concurrency=IN_FLIGHT)
            failed = [o for o in outcomes if not o.ok]
            if failed:
                raise RuntimeError(f"{len(failed)} of {len(chosen)} stops failed, first: {failed[0].error}")

        candidates: dict[str, Callable[[list[str]], Awaitable[None]]] = {
            "many": many,
            "raw": loop_over(plain),
            "trusting": loop_over(trusting),
        }
        for candidate in candidates.values():  # warm up: imports, connections, caches
            await candidate(ids[: 2 * IN_FLIGHT])
        print(json.dumps({"browser_clients": str(Path(browser_clients.__file__).parent)}), flush=True)
        loop = asyncio.get_running_loop()
        while line := (await loop.run_in_executor(None, sys.stdin.readline)).strip():
            started = time.perf_counter()
            await asyncio.wait_for(candidates[line](ids), timeout=TIMEOUT)
            print(json.dumps({"seconds": time.perf_counter() - started}), flush=True)


class Worker:
    """A worker process: browser_clients from ``tree`` (None: this checkout), serving rounds until closed."""

    def __init__(self, url: str, ids: int, tree: Path | None) -> None:
        env = dict(os.environ)
        if tree is not None:
            env["PYTHONPATH"] = os.pathsep.join(
                [str(tree / "overrides"), str(tree / "generated"), *filter(None, [env.get("PYTHONPATH")])]
            )
        argv = [sys.executable, "-m", "benchmarks.bulk", "worker", url, str(ids)]
        self._child = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        found = Path(self._read()["browser_clients"])
        expected = (tree or ROOT) / "overrides" / "browser_clients"
        if found.resolve() != expected.resolve():
            self.close()
            raise RuntimeError(f"the worker imported browser_clients from {found}, not {expected}")

    def _read(self) -> dict[str, Any]:
        assert self._child.stdout is not None
        line = self._child.stdout.readline()
        if not line:
            raise RuntimeError(f"the bulk worker ended (exit {self._child.wait(timeout=TIMEOUT)})")
        found: dict[str, Any] = json.loads(line)
        return found

    def round(self, candidate: str) -> float:
        """Run ``candidate`` ("many", "raw" or "trusting") once in the worker; return its seconds."""
        assert self._child.stdin is not None
        self._child.stdin.write(candidate + "\n")
        self._child.stdin.flush()
        return float(self._read()["seconds"])

    def close(self) -> None:
        """Let the worker end (an empty line), and wait for it."""
        with contextlib.suppress(OSError, ValueError):
            assert self._child.stdin is not None
            self._child.stdin.write("\n")
            self._child.stdin.close()
        try:
            self._child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.wait()


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
    return float(in_child("benchmarks.bulk", "memory", url, str(count), mode, timeout=TIMEOUT)["peak"])


def _rates(url: str, *, rounds: int, ids: int, baseline: Path | None, trusting: bool) -> dict[str, list[float]]:
    """Run stop_many and the bare loop on this tree (and on ``baseline``'s), interleaved; return ids a second.

    ``trusting`` adds the bare loop over a session made with ``trust_env=True`` (as AiohttpWire made its own when
    issue 18's restructure landed): aiohttp then looks up the environment's proxies and ~/.netrc on a worker thread
    for every request, which the ratio of this row to the plain loop's shows.
    """
    workers = [(Worker(url, ids, None), MANY, REFERENCE)]
    try:
        if baseline is not None:
            workers.append((Worker(url, ids, baseline), OLD_MANY, OLD_REFERENCE))
        candidates: dict[str, Callable[[], float]] = {}
        for worker, many, raw in workers:
            candidates[many] = lambda worker=worker: ids / worker.round("many")
            candidates[raw] = lambda worker=worker: ids / worker.round("raw")
        if trusting:
            candidates[TRUSTING] = lambda: ids / workers[0][0].round("trusting")
        return interleaved(candidates, rounds)
    finally:
        for worker, _many, _raw in workers:
            worker.close()


def _group(group: str, results: dict[str, list[float]]) -> list[Figure]:
    ours = {name: results[name] for name in (REFERENCE, MANY, TRUSTING) if name in results}
    found = figures(group, ours, "ids/s", reference=REFERENCE)
    if OLD_MANY in results:
        old = {name: results[name] for name in (OLD_REFERENCE, OLD_MANY)}
        found += figures(group, old, "ids/s", reference=OLD_REFERENCE)
    return found


def run(url: str, *, rounds: int, ids: int, baseline: Path | None = None, slow: bool = True) -> list[Figure]:
    """Time stop_many against the bare loop, on loopback and (``slow``) 50 ms away; then its peak memory."""
    found = _group(GROUP, _rates(url, rounds=rounds, ids=ids, baseline=baseline, trusting=True))
    if slow:
        with serving(DELAY) as far:
            found += _group(SLOW_GROUP, _rates(far, rounds=rounds, ids=ids, baseline=baseline, trusting=False))
    memory = {TRACED: [_child(url, ids, "tracemalloc") / MiB], RESIDENT: [_child(url, ids, "rss") / MiB]}
    return [*found, *figures(GROUP, {IDS: [float(ids)]}, "ids"), *figures(MEMORY_GROUP, memory, "MiB")]


if __name__ == "__main__":
    job, target, how_many = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if job == "worker":
        asyncio.run(_serve_rounds(target, session_ids(how_many)))
    else:
        print(json.dumps({"peak": asyncio.run(_peak(target, how_many, sys.argv[4]))}))
