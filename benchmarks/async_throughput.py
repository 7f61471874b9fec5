"""Async, 64 requests in flight: requests a second for the facade, stop_many, raw httpx and other transports.

Every candidate sends the same Browser-Use stop and parses the JSON answer. The other transports are here so that
the choice of the facade's own (aiohttp, through its public API: ``AiohttpWire``) stays measured rather than
remembered; those not installed are skipped. The facade's wire is not an httpx transport, so it has no row through
httpx's interface: raw aiohttp is the ceiling for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.abc
import importlib.machinery
import json
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from importlib.util import find_spec
from types import ModuleType
from typing import Any

import httpx

from benchmarks.bulk import session_ids
from benchmarks.measure import Figure, figures, interleaved_async
from benchmarks.payloads import SESSION_ID

GROUP = "async requests/s, 64 in flight"
SNIFFIO_GROUP = "sniffio imports tried per request, without sniffio (counted)"
REFERENCE = "raw httpx.AsyncClient POST + json.loads"
NO_SNIFFIO = "raw httpx.AsyncClient, sniffio absent (httpx alone)"
HTTPX_AIOHTTP = "httpx_aiohttp.HttpxAiohttpClient"
HTTPX2 = "httpx2.AsyncClient"
PYREQWEST_HTTPX = "httpx.AsyncClient over pyreqwest's HttpxTransport"
PYREQWEST_RAW = "raw pyreqwest (no httpx interface; Rust I/O threads)"
AIOHTTP_RAW = "raw aiohttp (no httpx interface: the ceiling)"
FACADE = "facade stop"
FACADE_MANY = "facade stop_many"
IN_FLIGHT = 64
KEY = "bench-key"


class _Absent(importlib.abc.MetaPathFinder):
    """Fail ``import sniffio`` the way an environment without it does: after searching all of sys.path."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        if fullname == "sniffio":
            importlib.machinery.PathFinder.find_spec("sniffio_is_not_installed_here")
            raise ModuleNotFoundError("No module named 'sniffio'", name="sniffio")


class _Counting(importlib.abc.MetaPathFinder):
    """Count ``import sniffio`` attempts that reach the import system, and fail them as a missing module."""

    def __init__(self) -> None:
        self.count = 0

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        if fullname == "sniffio":
            self.count += 1
            raise ModuleNotFoundError("No module named 'sniffio'", name="sniffio")


def sniffio_lookups(url: str, requests: int = 100) -> list[Figure]:
    """Count how often httpx looks for sniffio per request where it is not installed, sync and async."""
    saved = sys.modules.pop("sniffio", None)
    counter = _Counting()
    sys.meta_path.insert(0, counter)
    try:
        with httpx.Client() as client:
            for _ in range(requests):
                client.post(f"{url}/tasks/t/command")
        sync = counter.count / requests
        counter.count = 0

        async def go() -> None:
            async with httpx.AsyncClient() as client:
                for _ in range(requests):
                    await client.post(f"{url}/tasks/t/command")

        asyncio.run(go())
        found = {"sync httpx.Client": [sync], "async httpx.AsyncClient": [counter.count / requests]}
    finally:
        sys.meta_path.remove(counter)
        if saved is not None:
            sys.modules["sniffio"] = saved
    return figures(SNIFFIO_GROUP, found, "lookups")


@contextlib.contextmanager
def without_sniffio() -> Iterator[None]:
    """Hide sniffio for the block, as in a fresh ``pip install httpx`` (which does not bring it)."""
    saved = sys.modules.pop("sniffio", None)
    finder = _Absent()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        if saved is not None:
            sys.modules["sniffio"] = saved


async def rate(one: Callable[[], Awaitable[object]], requests: int) -> float:
    """Return requests a second for ``requests`` calls of ``one`` with IN_FLIGHT of them in flight."""
    queue = iter(range(requests))

    async def worker() -> None:
        for _ in queue:
            await one()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
    return requests / (time.perf_counter() - started)


def _httpx_like(client: Any, url: str) -> Callable[[], Awaitable[None]]:
    session_url = f"{url}/sessions/{SESSION_ID}/stop"
    headers = {"X-Browser-Use-API-Key": KEY}

    async def one() -> None:
        json.loads((await client.post(session_url, headers=headers)).content)

    return one


def _other_transports(
    url: str, requests: int, candidates: dict[str, Callable[[], Awaitable[float]]], closers: list[Any]
) -> None:
    """Add the other httpx-interface transports that are installed (the bench dependency group)."""
    if find_spec("httpx_aiohttp") is not None:
        import httpx_aiohttp

        other = httpx_aiohttp.HttpxAiohttpClient()
        closers.append(other.aclose)
        other_one = _httpx_like(other, url)
        candidates[HTTPX_AIOHTTP] = lambda: rate(other_one, requests)
    if find_spec("httpx2") is not None:
        import httpx2

        second = httpx2.AsyncClient(limits=httpx2.Limits(max_connections=100))
        closers.append(second.aclose)
        second_one = _httpx_like(second, url)
        candidates[HTTPX2] = lambda: rate(second_one, requests)
    if find_spec("pyreqwest") is not None:
        from pyreqwest.client import ClientBuilder
        from pyreqwest.compatibility.httpx import HttpxTransport

        over_rust = httpx.AsyncClient(transport=HttpxTransport())
        closers.append(over_rust.aclose)
        over_rust_one = _httpx_like(over_rust, url)
        candidates[PYREQWEST_HTTPX] = lambda: rate(over_rust_one, requests)
        native = ClientBuilder().build()
        closers.append(native.close)

        async def rust() -> None:
            builder = native.post(f"{url}/sessions/{SESSION_ID}/stop").header("X-Browser-Use-API-Key", KEY)
            answer = await builder.build().send()
            json.loads(bytes(await answer.bytes()))

        candidates[PYREQWEST_RAW] = lambda: rate(rust, requests)


async def _measure(url: str, *, rounds: int, requests: int) -> tuple[dict[str, list[float]], list[Any]]:
    from browser_clients import AsyncBrowserClients

    facade = AsyncBrowserClients(browser_use_api_key=KEY, browser_use_base_url=url)
    raw = httpx.AsyncClient(limits=httpx.Limits(max_connections=100))
    closers: list[Any] = [facade.aclose, raw.aclose]
    candidates: dict[str, Callable[[], Awaitable[float]]] = {}

    raw_one = _httpx_like(raw, url)
    candidates[REFERENCE] = lambda: rate(raw_one, requests)
    if find_spec("sniffio") is not None:

        async def no_sniffio() -> float:
            with without_sniffio():
                return await rate(raw_one, requests)

        candidates[NO_SNIFFIO] = no_sniffio

    async def facade_stop() -> None:
        await facade.stop("browser-use", SESSION_ID)

    ids = session_ids(requests)  # distinct: stop_many sends an id given twice once

    async def facade_many() -> float:
        started = time.perf_counter()
        outcomes = await facade.stop_many("browser-use", ids, concurrency=IN_FLIGHT)
        assert all(o.ok for o in outcomes)
        return requests / (time.perf_counter() - started)

    candidates[FACADE] = lambda: rate(facade_stop, requests)
    candidates[FACADE_MANY] = facade_many
    _other_transports(url, requests, candidates, closers)
    import aiohttp

    session = aiohttp.ClientSession()
    closers.append(session.close)

    async def bare() -> None:
        async with session.post(f"{url}/sessions/{SESSION_ID}/stop", headers={"X-Browser-Use-API-Key": KEY}) as r:
            json.loads(await r.read())

    candidates[AIOHTTP_RAW] = lambda: rate(bare, requests)
    for candidate in candidates.values():  # warm up: connections, imports, caches
        await candidate()
    return await interleaved_async(candidates, rounds), closers


def run(url: str, *, rounds: int, requests: int) -> list[Figure]:
    """Measure every async candidate against the server at ``url``."""

    async def main() -> dict[str, list[float]]:
        results, closers = await _measure(url, rounds=rounds, requests=requests)
        for close in closers:
            await close()
        return results

    return figures(GROUP, asyncio.run(main()), "req/s", reference=REFERENCE)
