"""Fixtures: both vendor fakes on loopback, and one client per test, sync or async behind the same calls."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from browser_clients import AsyncBrowserClients, BrowserClients
from tests.lifecycle.fakes import BA_KEY, BU_KEY, FakeBrowserAI
from tests.lifecycle.inventory_fake import FakeInventory
from tests.lifecycle.sweep_fake import SweepFake
from tests.support.empty_v4 import empty_v4_url
from tests.support.loopback import Loopback, serve


@dataclass
class Vendors:
    """The two fakes and the loopback servers that run them."""

    browser_use: FakeInventory
    browserai: FakeBrowserAI
    browser_use_server: Loopback
    browserai_server: Loopback

    def env(self) -> dict[str, str]:
        """Return the environment that points the command line at the fakes."""
        return {
            "BROWSER_USE_API_KEY": BU_KEY,
            "BROWSERAI_API_KEY": BA_KEY,
            "BROWSER_USE_BASE_URL": self.browser_use_server.url,
            "BROWSER_USE_V4_BASE_URL": empty_v4_url(),  # the account's other API, with nothing on it
            "BROWSERAI_BASE_URL": self.browserai_server.url,
            "BROWSERAI_PROJECT": "proj-1",
        }

    def options(self) -> dict[str, Any]:
        """Return the client keywords that point the facade at the fakes."""
        return {
            "browser_use_api_key": BU_KEY,
            "browserai_api_key": BA_KEY,
            "browser_use_base_url": self.browser_use_server.url,
            "base_urls": {"browser-use-v4": empty_v4_url()},
            "browserai_base_url": self.browserai_server.url,
            "max_retries": 0,
        }


@pytest.fixture
def vendors() -> Iterator[Vendors]:
    bu, ba = FakeInventory(), FakeBrowserAI()
    with serve(bu) as bu_server, serve(ba) as ba_server:
        yield Vendors(bu, ba, bu_server, ba_server)


@pytest.fixture
def fleet() -> Iterator[Vendors]:
    """Both fakes, Browser-Use's as a fleet in an incident (SweepFake: many sessions, a runaway loop, faults)."""
    bu, ba = SweepFake(), FakeBrowserAI()
    with serve(bu) as bu_server, serve(ba) as ba_server:
        yield Vendors(bu, ba, bu_server, ba_server)


class Clients:
    """One facade client, sync or async, called the same way: ``call(lambda c: c.run(...))``."""

    def __init__(self, mode: str, options: dict[str, Any]) -> None:
        self.mode = mode
        self._sync = BrowserClients(**options) if mode == "sync" else None
        self._async = AsyncBrowserClients(**options) if mode == "async" else None
        self._loop = asyncio.new_event_loop() if mode == "async" else None

    def call(self, use: Callable[[Any], Any]) -> Any:
        """Call ``use`` with the client; await what it returns when the client is async."""
        if self._sync is not None:
            return use(self._sync)
        assert self._loop is not None
        result = use(self._async)
        assert asyncio.iscoroutine(result)
        return self._loop.run_until_complete(result)

    def close(self) -> None:
        """Close the client (and the async client's loop)."""
        if self._sync is not None:
            self._sync.close()
        if self._async is not None and self._loop is not None:
            self._loop.run_until_complete(self._async.aclose())
            self._loop.close()


@pytest.fixture(params=["sync", "async"])
def clients(request: pytest.FixtureRequest, vendors: Vendors) -> Iterator[Clients]:
    both = Clients(request.param, vendors.options())
    try:
        yield both
    finally:
        both.close()
