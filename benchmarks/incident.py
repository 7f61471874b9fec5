"""The incident figure (issue 21): stop every running session of a Browser-Use account, as fast as the network allows.

A fake account (``benchmarks/fake_account.py``, a process of its own) holds 3,000 running v3 sessions in pages of
100 and answers every request 50 ms after it arrived, from a thread per connection. In one run of interleaved
rounds, the fake reset before each:

- ``stop_all("browser-use", concurrency=64)`` of the async client: it lists the whole account (v3's sessions and
  browsers, v4's runs and sessions) and stops what it finds, until a pass finds nothing new;
- the same call on the sync client;
- the reference: a bare aiohttp loop that is given every id and sends the same stops (the same body, each answer
  parsed), 64 in flight over a session with the facade's 100 connections. It lists nothing: the floor a sweep
  that must first find the ids is compared with.

The rounds run in a child process of its own, as a command run in an incident does. Beside the wall-clock seconds
of each, the seconds from the call until the first stop arrived at the fake (both processes read the machine's
monotonic clock), and the listing and stopping seconds the sweep's report gives.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import urllib.request
from collections.abc import Callable
from typing import Any

from benchmarks.fake_account import V3, account_ids, running
from benchmarks.measure import Figure, figures, in_child, rotate

GROUP = "incident: 3,000 running sessions in pages of 100, the server 50 ms away, 64 in flight"
PARTS = "incident: stop_all's first stop and its report's parts (async client unless named)"
BARE = "bare aiohttp loop given every id"
STOP_ALL = "facade stop_all, async client"
STOP_ALL_SYNC = "facade stop_all, sync client"
FIRST_STOP = "first stop arrived at the server, after the call"
FIRST_STOP_SYNC = "first stop arrived at the server, after the call (sync client)"
LISTING = "listing seconds (the sweep's report)"
STOPPING = "stopping seconds (the sweep's report)"
SESSIONS = "running sessions per round"
COUNT = 3000
PAGE = 100  # sessions a page: the most v3 gives, and what the facade asks for (PAGE_SIZE)
DELAY = 0.05
IN_FLIGHT = 64
CONNECTIONS = 100  # the facade's connection limit (MAX_CONNECTIONS)
KEY = "bench-key"
STOP_BODY = b'{"strategy":"session"}'  # what stop_all sends: the session and its sandbox
TIMEOUT = 120.0  # seconds: a bound on one candidate's round
CHILD_TIMEOUT = 1800.0  # seconds: a bound on the child process running every round


def _control(url: str, method: str, path: str) -> dict[str, Any]:
    request = urllib.request.Request(url + path, method=method)
    with urllib.request.urlopen(request, timeout=30) as answer:
        found: dict[str, Any] = json.loads(answer.read())
    return found


def _checked(url: str, count: int) -> dict[str, Any]:
    """Return the fake's stats; raise unless every session was stopped exactly once."""
    stats = _control(url, "GET", "/_stats")
    if stats["stopped"] != count or stats["most_stops_of_one"] != 1:
        raise RuntimeError(f"expected each of {count} sessions stopped once; the fake saw {stats}")
    return stats


def _report_checked(report: Any, count: int) -> None:
    if len(report.stopped) != count or report.failed or not report.complete:
        stopped, failed = len(report.stopped), len(report.failed)
        raise RuntimeError(f"stop_all stopped {stopped} of {count}, {failed} failed, complete={report.complete}")


async def _bare(url: str, ids: list[str]) -> float:
    import aiohttp

    headers = {"X-Browser-Use-API-Key": KEY, "Content-Type": "application/json"}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONNECTIONS)) as session:
        queue = iter(ids)

        async def worker() -> None:
            for given in queue:
                async with session.post(f"{url}{V3}/sessions/{given}/stop", data=STOP_BODY, headers=headers) as r:
                    json.loads(await r.read())

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
        return started


async def _stop_all_async(url: str) -> tuple[float, Any]:
    from browser_clients import AsyncBrowserClients

    async with AsyncBrowserClients(browser_use_api_key=KEY, browser_use_base_url=url + V3) as clients:
        started = time.monotonic()
        return started, await clients.stop_all("browser-use", concurrency=IN_FLIGHT)


def _stop_all_sync(url: str) -> tuple[float, Any]:
    from browser_clients import BrowserClients

    with BrowserClients(browser_use_api_key=KEY, browser_use_base_url=url + V3) as clients:
        started = time.monotonic()
        return started, clients.stop_all("browser-use", concurrency=IN_FLIGHT)


def _candidates(url: str, count: int) -> dict[str, Callable[[], dict[str, float]]]:
    """Return each candidate as a round: reset the fake, run it, check it; return what it measured."""
    ids = account_ids(count)

    def bare() -> dict[str, float]:
        started = asyncio.run(asyncio.wait_for(_bare(url, ids), TIMEOUT))
        ended = time.monotonic()
        _checked(url, count)
        return {BARE: ended - started}

    def sweep(name: str, first: str, call: Callable[[], tuple[float, Any]]) -> dict[str, float]:
        started, report = call()
        ended = time.monotonic()
        _report_checked(report, count)
        stats = _checked(url, count)
        found = {name: ended - started, first: stats["first_stop"] - started}
        if name == STOP_ALL:
            found |= {LISTING: report.listing_seconds, STOPPING: report.stopping_seconds}
        return found

    def in_async() -> tuple[float, Any]:
        return asyncio.run(asyncio.wait_for(_stop_all_async(url), TIMEOUT))

    def reset_then(run: Callable[[], dict[str, float]]) -> Callable[[], dict[str, float]]:
        def round_() -> dict[str, float]:
            _control(url, "POST", f"/_reset?sessions={count}")
            return run()

        return round_

    return {
        BARE: reset_then(bare),
        STOP_ALL: reset_then(lambda: sweep(STOP_ALL, FIRST_STOP, in_async)),
        STOP_ALL_SYNC: reset_then(lambda: sweep(STOP_ALL_SYNC, FIRST_STOP_SYNC, lambda: _stop_all_sync(url))),
    }


def run(*, rounds: int, count: int = COUNT) -> list[Figure]:
    """Time stop_all (async and sync clients) against the bare loop on the fake account, in interleaved rounds.

    The rounds run in a child process of its own (``python -m benchmarks.incident ROUNDS COUNT``), as a command
    run in an incident does: a sweep keeps thousands of models, so the garbage collector's passes, which walk
    every object of the process, would otherwise grow with what the jobs run before this one left behind.
    """
    results: dict[str, list[float]] = in_child("benchmarks.incident", str(rounds), str(count), timeout=CHILD_TIMEOUT)
    totals = {name: results[name] for name in (BARE, STOP_ALL, STOP_ALL_SYNC)}
    parts = {name: results[name] for name in (FIRST_STOP, LISTING, STOPPING, FIRST_STOP_SYNC)}
    return [
        *figures(GROUP, totals, "s", reference=BARE),
        *figures(GROUP, {SESSIONS: [float(count)]}, "sessions"),
        *figures(PARTS, parts, "s"),
    ]


def measure(rounds: int, count: int) -> dict[str, list[float]]:
    """Run the warm-up and ``rounds`` interleaved rounds of every candidate; return each measurement's rounds."""
    results: dict[str, list[float]] = {}
    with running(DELAY) as url:
        candidates = _candidates(url, count)
        for candidate in candidates.values():  # warm up: imports, caches
            candidate()
        for number in range(rounds):
            for name in rotate(list(candidates), number):
                for key, value in candidates[name]().items():
                    results.setdefault(key, []).append(value)
    return results


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]), int(sys.argv[2]))), flush=True)
