"""What the perf tests share: a loopback vendor that answers stops by id, and both surfaces behind one driver."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from browser_clients import AsyncBrowserClients, BrowserClients, StopOutcome
from tests.support.empty_v4 import empty_v4_url
from tests.support.loopback import Loopback, Recorded, Reply, serve

BROWSERAI_KEY = "ba-perf-4f1c9e7d2b8a"
BROWSER_USE_KEY = "bu-perf-9d2e7c4b1a6f"


def session_ids(count: int) -> list[str]:
    """Return ``count`` distinct Browser-Use session ids."""
    return [str(uuid.UUID(int=index + 1)) for index in range(count)]


def id_of(request: Recorded) -> str:
    """Return the session or task id of a stop request (the path's second segment)."""
    return request.raw_path.split("/")[2]


@dataclass
class FakeVendor:
    """A loopback vendor: answers each stop by id, counts arrivals and the requests in flight at once."""

    answers: dict[str, Callable[[int], Reply]] = field(default_factory=dict)
    delay: float = 0.0
    arrivals: list[tuple[float, str]] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: Recorded, _handler: object) -> Reply:
        """Answer one request (the loopback server's script)."""
        session = id_of(request)
        with self.lock:
            self.arrivals.append((time.monotonic(), session))
            seen = sum(1 for _, s in self.arrivals if s == session)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.delay:
                time.sleep(self.delay)
            answer = self.answers.get(session)
            if answer is not None:
                return answer(seen)
            if request.raw_path.startswith("/tasks/"):
                return Reply(200, {"message": "Task stopped successfully"})
            return Reply(
                200,
                {
                    "id": session,
                    "status": "stopped",
                    "model": "bu-mini",
                    "createdAt": "2026-11-07T05:31:56Z",
                    "updatedAt": "2026-11-07T05:32:56Z",
                },
            )
        finally:
            with self.lock:
                self.in_flight -= 1


@pytest.fixture
def vendor() -> FakeVendor:
    """A fresh loopback vendor script."""
    return FakeVendor()


@pytest.fixture
def server(vendor: FakeVendor) -> Iterator[Loopback]:
    """A loopback server running ``vendor``."""
    with serve(vendor) as loopback:
        yield loopback


def options(url: str) -> dict[str, Any]:
    """Return client keywords pointing both vendors at ``url``."""
    return {
        "browserai_api_key": BROWSERAI_KEY,
        "browser_use_api_key": BROWSER_USE_KEY,
        "browserai_base_url": url,
        "browser_use_base_url": url,
        "base_urls": {"browser-use-v4": empty_v4_url()},  # the account's other API, with nothing on it
    }


def quick(clients: BrowserClients | AsyncBrowserClients) -> BrowserClients | AsyncBrowserClients:
    """Shrink the backoff to milliseconds (a server's Retry-After is still honoured, up to 5 s)."""
    core = clients._engine
    core.policy = replace(core.policy, base_delay=0.001, max_delay=0.004, max_retry_after=5.0)
    return clients


@dataclass(frozen=True)
class Surface:
    """Run stop_many on the sync client, the async client, or the sync client over your own httpx.Client."""

    kind: str

    def stop_many(self, url: str, vendor: str, ids: list[Any], **call: Any) -> list[StopOutcome]:
        """Stop ``ids`` on ``vendor`` at ``url`` through this surface."""
        if self.kind == "async":

            async def go() -> list[StopOutcome]:
                async with quick(AsyncBrowserClients(**options(url))) as clients:
                    assert isinstance(clients, AsyncBrowserClients)
                    return await clients.stop_many(vendor, ids, **call)

            return asyncio.run(go())
        import httpx

        own = httpx.Client() if self.kind == "sync-own-client" else None
        try:
            with quick(BrowserClients(http_client=own, **options(url))) as clients:
                assert isinstance(clients, BrowserClients)
                return clients.stop_many(vendor, ids, **call)
        finally:
            if own is not None:
                own.close()


@pytest.fixture(params=["sync", "async", "sync-own-client"])
def surface(request: pytest.FixtureRequest) -> Surface:
    """Each surface in turn: sync (an event loop inside), async, and sync over a thread pool."""
    return Surface(request.param)
