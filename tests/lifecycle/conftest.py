"""Fixtures: the vendor fakes on loopback (Browser-Use's account with both of its APIs on one host, as the vendor
serves them), and one client per test, sync or async behind the same calls."""

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
from tests.lifecycle.v4_fake import FakeV4, one_host
from tests.support.empty_v4 import empty_v4_url
from tests.support.loopback import Loopback, Recorded, serve


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


@dataclass
class Account:
    """One Browser-Use account on one loopback host: v3 (SweepFake) under /api/v3, v4 (FakeV4) under /api/v4.

    Both APIs share the account's key and its browsers. Only v3's URL is configured, as a user moving the whole
    account (staging, a proxy) would: v4 follows it to /api/v4.
    """

    v3: SweepFake
    v4: FakeV4
    server: Loopback

    @property
    def v3_url(self) -> str:
        """Return v3's base URL on the account's host."""
        return self.server.url + "/api/v3"

    def env(self) -> dict[str, str]:
        """Return the environment of a user of this account: its one key and v3's URL."""
        return {"BROWSER_USE_API_KEY": BU_KEY, "BROWSER_USE_BASE_URL": self.v3_url}

    def options(self) -> dict[str, Any]:
        """Return the client keywords of a user of this account: its one key and v3's URL."""
        return {"browser_use_api_key": BU_KEY, "browser_use_base_url": self.v3_url, "max_retries": 0}

    def requests(self, api: str) -> list[Recorded]:
        """Return the requests one API (``"v3"`` or ``"v4"``) received, in order."""
        return [r for r in self.server.requests if r.raw_path.startswith(f"/api/{api}/")]

    def changes(self, api: str) -> list[tuple[str, str]]:
        """Return the method and path (without the API's prefix) of every request to ``api`` but a GET."""
        return [(r.method, r.raw_path[len("/api/v3") :]) for r in self.requests(api) if r.method != "GET"]


@pytest.fixture
def account() -> Iterator[Account]:
    """A Browser-Use account: v3 and v4 on one loopback host, sharing its browsers."""
    v3 = SweepFake()
    v4 = FakeV4(v3)
    with serve(one_host(v3, v4)) as server:
        yield Account(v3, v4, server)


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


def _client(mode: str, options: dict[str, Any]) -> Iterator[Clients]:
    both = Clients(mode, options)
    try:
        yield both
    finally:
        both.close()


@pytest.fixture(params=["sync", "async"])
def clients(request: pytest.FixtureRequest, vendors: Vendors) -> Iterator[Clients]:
    yield from _client(request.param, vendors.options())


@pytest.fixture(params=["sync", "async"])
def account_clients(request: pytest.FixtureRequest, account: Account) -> Iterator[Clients]:
    """A client of the Browser-Use account, sync or async."""
    yield from _client(request.param, account.options())
