"""The facade's two clients: the same surface over sync and async I/O, sharing everything else in Core."""

from __future__ import annotations

import asyncio
import time
import uuid
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from browser_clients._call import Call, read
from browser_clients._core import Core
from browser_clients._results import StopResult
from browser_clients._vendor import Vendor

if TYPE_CHECKING:
    from browser_use_client.models.stop_strategy import StopStrategy

    from browser_clients._surfaces import AsyncBrowserAI, AsyncBrowserUse, BrowserAI, BrowserUse

T = TypeVar("T")


class _Base:
    def __init__(
        self,
        *,
        browserai_api_key: str | None = None,
        browser_use_api_key: str | None = None,
        browserai_base_url: str | None = None,
        browser_use_base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
    ) -> None:
        self._core = Core(
            api_keys={Vendor.BROWSERAI: browserai_api_key, Vendor.BROWSER_USE: browser_use_api_key},
            base_urls={Vendor.BROWSERAI: browserai_base_url, Vendor.BROWSER_USE: browser_use_base_url},
            timeout=timeout,
            max_retries=max_retries,
        )

    def __repr__(self) -> str:
        urls = ", ".join(f"{v.value}={self._core.settings(v).base_url!r}" for v in Vendor)
        return f"{type(self).__name__}({urls})"

    @staticmethod
    def _stop_call(vendor: Vendor | str, session_id: str | uuid.UUID, strategy: Any) -> Call[StopResult]:
        from browser_clients._core import adapter

        stop_call: Any = adapter(Vendor.parse(vendor)).stop_call
        call: Call[StopResult] = stop_call(session_id, strategy)
        return call


class BrowserClients(_Base):
    """Stop and inspect work on BrowserAI and Browser-Use through one synchronous client.

    Keys come from the keyword arguments or ``BROWSERAI_API_KEY`` / ``BROWSER_USE_API_KEY``; base URLs from the
    keywords, ``BROWSERAI_BASE_URL`` / ``BROWSER_USE_BASE_URL`` or the vendors' documents. Pass your own
    ``http_client`` to control pooling, proxies or transports.
    """

    def __init__(self, *, http_client: httpx.Client | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._http = http_client
        self._owns_http = http_client is None

    def _client(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(timeout=self._core.timeout, follow_redirects=False)
        return self._http

    def _send(self, call: Call[T], *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None) -> T:
        policy = self._core.policy_for(max_retries)
        args = self._core.request_args(call, timeout)
        retry = 0
        while True:
            time.sleep(self._core.wait_needed())
            try:
                response = self._client().request(**args)
            except httpx.TransportError as exc:
                attempt = self._core.after_error(call, policy, retry, exc)
            else:
                decision = self._core.after_response(call, policy, retry, response)
                if decision is None:
                    return read(call, response)
                attempt = decision
            time.sleep(attempt.delay)
            retry += 1

    def stop(
        self,
        vendor: Vendor | str,
        session_id: str | uuid.UUID,
        *,
        strategy: StopStrategy | str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> StopResult:
        """Stop a BrowserAI task or a Browser-Use session (``strategy="task"`` keeps the session alive)."""
        return self._send(self._stop_call(vendor, session_id, strategy), timeout=timeout, max_retries=max_retries)

    @property
    def browserai(self) -> BrowserAI:
        """Every BrowserAI operation, with the generated typed models."""
        from browser_clients._surfaces import BrowserAI

        return BrowserAI(self._send)

    @property
    def browser_use(self) -> BrowserUse:
        """Every Browser-Use operation, with the generated typed models."""
        from browser_clients._surfaces import BrowserUse

        return BrowserUse(self._send)

    def close(self) -> None:
        """Close the connections this client opened (not those of an ``http_client`` you passed in)."""
        if self._http is not None and self._owns_http:
            self._http.close()
            self._http = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncBrowserClients(_Base):
    """The asynchronous twin of BrowserClients: the same methods, awaited."""

    def __init__(self, *, http_client: httpx.AsyncClient | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._http = http_client
        self._owns_http = http_client is None

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=self._core.timeout, follow_redirects=False)
        return self._http

    async def _send(
        self, call: Call[T], *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> T:
        policy = self._core.policy_for(max_retries)
        args = self._core.request_args(call, timeout)
        retry = 0
        while True:
            pause = self._core.wait_needed()
            if pause:
                await asyncio.sleep(pause)
            try:
                response = await self._client().request(**args)
            except httpx.TransportError as exc:
                attempt = self._core.after_error(call, policy, retry, exc)
            else:
                decision = self._core.after_response(call, policy, retry, response)
                if decision is None:
                    return read(call, response)
                attempt = decision
            await asyncio.sleep(attempt.delay)
            retry += 1

    async def stop(
        self,
        vendor: Vendor | str,
        session_id: str | uuid.UUID,
        *,
        strategy: StopStrategy | str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> StopResult:
        """Stop a BrowserAI task or a Browser-Use session (``strategy="task"`` keeps the session alive)."""
        return await self._send(self._stop_call(vendor, session_id, strategy), timeout=timeout, max_retries=max_retries)

    @property
    def browserai(self) -> AsyncBrowserAI:
        """Every BrowserAI operation, with the generated typed models."""
        from browser_clients._surfaces import AsyncBrowserAI

        return AsyncBrowserAI(self._send)

    @property
    def browser_use(self) -> AsyncBrowserUse:
        """Every Browser-Use operation, with the generated typed models."""
        from browser_clients._surfaces import AsyncBrowserUse

        return AsyncBrowserUse(self._send)

    async def aclose(self) -> None:
        """Close the connections this client opened (not those of an ``http_client`` you passed in)."""
        if self._http is not None and self._owns_http:
            await self._http.aclose()
            self._http = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
