"""The facade's two clients: the same surface over sync and async I/O, sharing everything else in Core."""

from __future__ import annotations

import time
import uuid
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from browser_clients._bulk import AsyncBulk, Bulk
from browser_clients._call import Call, read
from browser_clients._contract import adapter
from browser_clients._core import Core
from browser_clients._lifecycle import AsyncLifecycle, Lifecycle, stop_target
from browser_clients._results import StopResult
from browser_clients._snapshot import Handle
from browser_clients._sweeping import AsyncSweeper, Sweeper
from browser_clients._transport import AsyncWire, SyncWire
from browser_clients._vendor import Vendor

if TYPE_CHECKING:
    from browser_clients._vendors.browser_use.surfaces import AsyncBrowserUse, BrowserUse
    from browser_clients._vendors.browserai.surfaces import AsyncBrowserAI, BrowserAI
    from browser_use_client.models.stop_strategy import StopStrategy

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
        strict: bool = False,
    ) -> None:
        self._core = Core(
            api_keys={Vendor.BROWSERAI: browserai_api_key, Vendor.BROWSER_USE: browser_use_api_key},
            base_urls={Vendor.BROWSERAI: browserai_base_url, Vendor.BROWSER_USE: browser_use_base_url},
            timeout=timeout,
            max_retries=max_retries,
            strict=strict,
        )

    def __repr__(self) -> str:
        # Never raises and loads nothing: the URLs known so far, unchecked; a vendor's document default unread.
        urls = ", ".join(f"{v.value}={self._core.base_url_hint(v)}" for v in Vendor)
        return f"{type(self).__name__}({urls})"

    @staticmethod
    def _stop_call(
        vendor: Vendor | str | Handle, id: str | uuid.UUID | None, strategy: Any, session_id: str | uuid.UUID | None
    ) -> Call[StopResult]:
        chosen, target = stop_target(vendor, id, session_id)
        return adapter(Vendor.parse(chosen)).stop_call(target, strategy)


class BrowserClients(_Base, Lifecycle, Bulk, Sweeper):
    """Stop and inspect work on BrowserAI and Browser-Use through one synchronous client.

    Keys come from the keyword arguments or ``BROWSERAI_API_KEY`` / ``BROWSER_USE_API_KEY``; base URLs from the
    keywords, ``BROWSERAI_BASE_URL`` / ``BROWSER_USE_BASE_URL`` or the vendors' documents. Pass your own
    ``http_client`` to control pooling, proxies or transports.
    """

    def __init__(self, *, http_client: httpx.Client | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._wire = None if http_client is None else SyncWire(http_client, None)
        self._owns_http = http_client is None

    def _async_twin(self) -> AsyncBrowserClients:
        """Return an async client over this one's Core (keys, retry policy, rate-limit pauses), for stop_many."""
        return AsyncBrowserClients._sharing(self._core)

    def _wired(self) -> SyncWire:
        if self._wire is None:
            self._wire = SyncWire.default(self._core.timeout)
        return self._wire

    def _send(
        self, call: Call[T], *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> T:
        policy = self._core.policy_for(max_retries)
        args = self._core.request_args(call, timeout)
        retry = 0
        while True:
            pause = self._core.wait_needed(call.vendor)
            if pause:  # time.sleep(0) is no free call: it costs a trip through the scheduler
                time.sleep(pause)
            try:
                response = self._wired().send(args)
            except httpx.RequestError as exc:
                attempt = self._core.after_error(call, policy, retry, exc)
            else:
                attempt = self._core.after_response(call, policy, retry, response)
                if attempt.final:
                    return read(call, response, attempt.retry_after, strict=self._core.strict)
            time.sleep(attempt.delay)
            retry += 1

    def stop(
        self,
        vendor: Vendor | str | Handle,
        id: str | uuid.UUID | None = None,
        *,
        strategy: StopStrategy | str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        session_id: str | uuid.UUID | None = None,
    ) -> StopResult:
        """Stop a task or session, given its Handle or its vendor and id (``strategy="task"`` keeps a session).

        Any 2xx answer is a stop that happened: it never raises, whatever the body. ``session_id`` is the
        deprecated name of ``id``.
        """
        call = self._stop_call(vendor, id, strategy, session_id)
        return self._send(call, timeout=timeout, max_retries=max_retries)

    @property
    def browserai(self) -> BrowserAI:
        """Every BrowserAI operation, with the generated typed models."""
        from browser_clients._vendors.browserai.surfaces import BrowserAI

        return BrowserAI(self._send)

    @property
    def browser_use(self) -> BrowserUse:
        """Every Browser-Use operation, with the generated typed models."""
        from browser_clients._vendors.browser_use.surfaces import BrowserUse

        return BrowserUse(self._send)

    def close(self) -> None:
        """Close the connections this client opened (not those of an ``http_client`` you passed in)."""
        if self._wire is not None and self._owns_http:
            self._wire.close()
            self._wire = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncBrowserClients(_Base, AsyncLifecycle, AsyncBulk, AsyncSweeper):
    """The asynchronous twin of BrowserClients: the same methods, awaited."""

    def __init__(self, *, http_client: httpx.AsyncClient | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._wire = None if http_client is None else AsyncWire(http_client, None)
        self._owns_http = http_client is None

    @classmethod
    def _sharing(cls, core: Core) -> AsyncBrowserClients:
        """Return a client over ``core`` (keys, retry policy, rate-limit pause) with connections of its own."""
        clients = cls.__new__(cls)  # no __init__: it would build a second Core from the environment
        clients._core = core
        clients._wire = None
        clients._owns_http = True
        return clients

    def _wired(self) -> AsyncWire:
        if self._wire is None:
            self._wire = AsyncWire.default(self._core.timeout)
        return self._wire

    async def _send(
        self, call: Call[T], *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> T:
        import asyncio  # here, not at the top: a sync user's import need not load asyncio (about 15 ms)

        policy = self._core.policy_for(max_retries)
        args = self._core.request_args(call, timeout)
        retry = 0
        while True:
            pause = self._core.wait_needed(call.vendor)
            if pause:
                await asyncio.sleep(pause)
            try:
                response = await self._wired().send(args)
            except httpx.RequestError as exc:
                attempt = self._core.after_error(call, policy, retry, exc)
            else:
                attempt = self._core.after_response(call, policy, retry, response)
                if attempt.final:
                    return read(call, response, attempt.retry_after, strict=self._core.strict)
            await asyncio.sleep(attempt.delay)
            retry += 1

    async def stop(
        self,
        vendor: Vendor | str | Handle,
        id: str | uuid.UUID | None = None,
        *,
        strategy: StopStrategy | str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        session_id: str | uuid.UUID | None = None,
    ) -> StopResult:
        """Stop a task or session, given its Handle or its vendor and id (``strategy="task"`` keeps a session).

        Any 2xx answer is a stop that happened: it never raises, whatever the body. ``session_id`` is the
        deprecated name of ``id``.
        """
        call = self._stop_call(vendor, id, strategy, session_id)
        return await self._send(call, timeout=timeout, max_retries=max_retries)

    @property
    def browserai(self) -> AsyncBrowserAI:
        """Every BrowserAI operation, with the generated typed models."""
        from browser_clients._vendors.browserai.surfaces import AsyncBrowserAI

        return AsyncBrowserAI(self._send)

    @property
    def browser_use(self) -> AsyncBrowserUse:
        """Every Browser-Use operation, with the generated typed models."""
        from browser_clients._vendors.browser_use.surfaces import AsyncBrowserUse

        return AsyncBrowserUse(self._send)

    async def aclose(self) -> None:
        """Close the connections this client opened (not those of an ``http_client`` you passed in)."""
        if self._wire is not None and self._owns_http:
            await self._wire.aclose()
            self._wire = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
