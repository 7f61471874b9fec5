"""What the resilience tests share: both surfaces behind one driver, fast retry delays, vendor answers."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest

from browser_clients import AsyncBrowserClients, BrowserClients
from tests.support.empty_v4 import empty_v4_url
from tests.support.loopback import Loopback, Recorded, Reply, Script, serve

BROWSERAI_KEY = "ba-4f1c9e7d2b8a6053"
BROWSER_USE_KEY = "bu-9d2e7c4b1a6f8350"
SESSION = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
SESSION_BODY: dict[str, Any] = {
    "id": SESSION,
    "status": "stopped",
    "model": "bu-mini",
    "createdAt": "2023-11-07T05:31:56Z",
    "updatedAt": "2023-11-07T05:31:56Z",
}
TASK_BODY = {"message": "Task stopped successfully"}


def ok(request: Recorded) -> Reply:
    """Answer a stop the way each vendor does when it succeeds."""
    if request.raw_path.startswith("/tasks/"):
        return Reply(200, TASK_BODY)
    return Reply(200, SESSION_BODY)


def then_ok(*first: Callable[[Recorded, Any], Reply | None]) -> Script:
    """Answer the first requests with ``first`` (one each, in order), every later one with success."""

    def script(request: Recorded, handler: Any) -> Reply | None:
        seen = handler.server.requests
        index = len(seen) - 1
        return first[index](request, handler) if index < len(first) else ok(request)

    return script


def always(reply: Callable[[Recorded, Any], Reply | None]) -> Script:
    """Answer every request with ``reply``."""
    return reply


def fast(clients: BrowserClients | AsyncBrowserClients) -> None:
    """Shrink the client's backoff so that retries take milliseconds (the retry counts are unchanged)."""
    core = clients._engine
    core.policy = replace(core.policy, base_delay=0.001, max_delay=0.004, max_retry_after=0.05)


@dataclass(frozen=True)
class Surface:
    """Run the same operation on the sync or the async client, so every test covers both."""

    kind: str
    through_httpx: bool = False
    """Send through a plain httpx client the user passed in, instead of the client's own transport."""

    def clients(self, url: str, **options: Any) -> Any:
        """Return a (not yet entered) client of this surface, with both keys and both base URLs at ``url``."""
        cls = BrowserClients if self.kind == "sync" else AsyncBrowserClients
        options = {
            "browserai_api_key": BROWSERAI_KEY,
            "browser_use_api_key": BROWSER_USE_KEY,
            "browserai_base_url": url,
            "browser_use_base_url": url,
            "base_urls": {"browser-use-v4": empty_v4_url()},  # the account's other API, with nothing on it
            **options,
        }
        client = cls(**options)
        fast(client)
        return client

    def run(self, url: str, operation: Callable[[Any], Any], *, through_httpx: bool = False, **options: Any) -> Any:
        """Call ``operation(clients)`` (awaiting it on the async surface) and return what it returns."""
        through_httpx = through_httpx or self.through_httpx
        if self.kind == "sync":
            with contextlib.ExitStack() as stack:
                if through_httpx:
                    options["http_client"] = stack.enter_context(httpx.Client())
                with self.clients(url, **options) as clients:
                    return operation(clients)

        async def go() -> Any:
            async with contextlib.AsyncExitStack() as stack:
                if through_httpx:
                    options["http_client"] = await stack.enter_async_context(httpx.AsyncClient())
                async with self.clients(url, **options) as clients:
                    result = operation(clients)
                    return await result if inspect.isawaitable(result) else result

        return asyncio.run(go())

    def stop(
        self, url: str, vendor: str, session_id: Any, *, call: dict[str, Any] | None = None, **options: Any
    ) -> Any:
        """Stop ``session_id`` on ``vendor`` through this surface, with per-call ``call`` options."""
        return self.run(url, lambda c: c.stop(vendor, session_id, **(call or {})), **options)


@pytest.fixture(params=[False, True], ids=["own-transport", "users-httpx"])
def through_httpx(request: pytest.FixtureRequest) -> bool:
    """Whether the client sends through its own transport or through an httpx client the user passed in."""
    return bool(request.param)


@pytest.fixture(
    params=[("sync", False), ("async", False), ("sync", True), ("async", True)],
    ids=["sync", "async", "sync-users-httpx", "async-users-httpx"],
)
def any_wire(request: pytest.FixtureRequest) -> Surface:
    """Each surface over each transport: its own, and a plain httpx client the user passed in."""
    kind, through_httpx = request.param
    return Surface(kind, through_httpx)


@pytest.fixture(params=["sync", "async"])
def surface(request: pytest.FixtureRequest) -> Surface:
    """Each surface in turn."""
    return Surface(request.param)


@pytest.fixture
def server() -> Iterator[Loopback]:
    """A loopback server answering every stop with success until a test scripts it otherwise."""
    with serve(lambda request, _handler: ok(request)) as loopback:
        yield loopback


@pytest.fixture
def retries(caplog: pytest.LogCaptureFixture) -> Callable[[], list[logging.LogRecord]]:
    """Return a function listing the INFO records of every retry logged so far."""
    caplog.set_level(logging.INFO, logger="browser_clients")

    def records() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "browser_clients" and hasattr(r, "retry_reason")]

    return records
