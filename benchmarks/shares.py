"""Where a stop's time goes: cProfile's own time per package, as shares, for the sync and the async stop.

Profiling slows Python code more than C code, so the shares lean towards Python; they say which package to look
at when a target is missed, not how fast anything is. They are measured apart from the timed rounds.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import sysconfig
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import Figure, figures
from benchmarks.payloads import SESSION_ID

SYNC_GROUP = "sync stop, share of own time by package (cProfile)"
ASYNC_GROUP = "async stop at 64 in flight, share of own time by package (cProfile)"
OURS = ("browser_clients (the facade)", "generated clients (models, request builders)", "attrs, dateutil")
KEY = "bench-key"
IN_FLIGHT = 64
_STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()
_PACKAGES = (
    ("/browser_clients/", OURS[0]),
    ("/browser_use_client/", OURS[1]),
    ("/browserai_client/", OURS[1]),
    ("/attr/", OURS[2]),
    ("/attrs/", OURS[2]),
    ("/dateutil/", OURS[2]),
    ("/httpx/", "httpx, httpcore, h11"),
    ("/httpcore/", "httpx, httpcore, h11"),
    ("/h11/", "httpx, httpcore, h11"),
    ("/aiohttp/", "aiohttp, yarl, multidict"),
    ("/yarl/", "aiohttp, yarl, multidict"),
    ("/multidict/", "aiohttp, yarl, multidict"),
    ("/asyncio/", "asyncio (the event loop)"),
)


def bucket(filename: str) -> str:
    """Return the package a profiled function's file belongs to."""
    if filename.startswith("<attrs generated"):
        return OURS[2]
    if filename == "~" or filename.startswith("<"):
        return "built-ins in C (sockets, json, uuid, ...)"
    for part, name in _PACKAGES:
        if part in filename:
            return name
    if Path(filename).resolve().is_relative_to(_STDLIB):
        return "rest of the standard library (http.client, socket, json, ...)"
    return "other"


def split(profile: cProfile.Profile) -> dict[str, float]:
    """Return each package's share of the profile's own time, in percent."""
    found: dict[str, float] = {}
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]  # the table pstats keeps, not typed
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.items():
        found[bucket(filename)] = found.get(bucket(filename), 0.0) + own
    total = sum(found.values()) or 1.0
    return {name: 100 * own / total for name, own in sorted(found.items(), key=lambda item: -item[1])}


def _profiled(work: Callable[[], object]) -> dict[str, float]:
    profile = cProfile.Profile()
    profile.enable()
    try:
        work()
    finally:
        profile.disable()
    return split(profile)


def run(url: str, *, calls: int) -> list[Figure]:
    """Profile ``calls`` sync stops, then ``calls`` async stops at 64 in flight; return the shares."""
    from browser_clients import AsyncBrowserClients, BrowserClients

    with BrowserClients(browser_use_api_key=KEY, browser_use_base_url=url) as clients:
        clients.stop("browser-use", SESSION_ID)  # warm up: imports, the connection

        def sync_stops() -> None:
            for _ in range(calls):
                clients.stop("browser-use", SESSION_ID)

        sync_shares = _profiled(sync_stops)

    async def async_stops(profile: cProfile.Profile) -> None:
        async with AsyncBrowserClients(browser_use_api_key=KEY, browser_use_base_url=url) as clients:
            await asyncio.gather(*(clients.stop("browser-use", SESSION_ID) for _ in range(IN_FLIGHT)))  # warm up
            queue = iter(range(calls))

            async def worker() -> None:
                for _ in queue:
                    await clients.stop("browser-use", SESSION_ID)

            profile.enable()
            try:
                await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
            finally:
                profile.disable()

    profile = cProfile.Profile()
    asyncio.run(async_stops(profile))
    return [
        *figures(SYNC_GROUP, {name: [share] for name, share in sync_shares.items()}, "%"),
        *figures(ASYNC_GROUP, {name: [share] for name, share in split(profile).items()}, "%"),
    ]


def ours(found: list[Figure], group: str) -> float | None:
    """Return the share of own time spent in our code (facade, generated clients, their model libraries)."""
    rows = [f for f in found if f.group == group]
    return sum(f.value for f in rows if f.name in OURS) if rows else None
