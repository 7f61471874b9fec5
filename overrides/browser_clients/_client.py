"""The facade's two clients: the same surface over sync and async I/O, sharing everything else in Core.

``with_options`` and ``with_raw_response`` make twins of a client: copies that share its Core state (keys, auth,
rate-limit pauses) and its connections (the ``_Pool``), with other options or a slot that keeps answers.
"""

from __future__ import annotations

import copy
import logging
import time
import uuid
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, Unpack

import httpx

from browser_clients._bulk import AsyncBulk, Bulk
from browser_clients._call import Call, read
from browser_clients._contract import adapter_named
from browser_clients._core import Core
from browser_clients._lifecycle import AsyncLifecycle, Lifecycle, stop_target
from browser_clients._logs import log
from browser_clients._raw import Captured, RawView, araw, raw
from browser_clients._results import StopResult
from browser_clients._snapshot import Handle
from browser_clients._sweeping import AsyncSweeper, Sweeper
from browser_clients._transport import AsyncWire, SyncWire
from browser_clients._vendor import Vendor

if TYPE_CHECKING:
    from browser_clients._request_options import RequestOptions
    from browser_clients._vendors.browser_use.surfaces import (
        AsyncBrowserUse,
        AsyncRawBrowserUse,
        BrowserUse,
        RawBrowserUse,
    )
    from browser_clients._vendors.browserai.surfaces import AsyncBrowserAI, AsyncRawBrowserAI, BrowserAI, RawBrowserAI
    from browser_use_client.models.stop_strategy import StopStrategy

T = TypeVar("T")
W = TypeVar("W", SyncWire, AsyncWire)


class _Pool(Generic[W]):
    """The connections a client and its twins share: made on first use, closed by any of them."""

    __slots__ = ("wire",)

    def __init__(self, wire: W | None) -> None:
        self.wire: W | None = wire


class _Base:
    _capture: Captured | None = None

    def __init__(
        self,
        *,
        browserai_api_key: str | None = None,
        browser_use_api_key: str | None = None,
        browserai_base_url: str | None = None,
        browser_use_base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        strict: bool = False,
    ) -> None:
        self._core = Core(
            api_keys={Vendor.BROWSERAI: browserai_api_key, Vendor.BROWSER_USE: browser_use_api_key},
            base_urls={Vendor.BROWSERAI: browserai_base_url, Vendor.BROWSER_USE: browser_use_base_url},
            timeout=timeout,
            max_retries=max_retries,
            strict=strict,
            default_headers=default_headers,
        )

    def __repr__(self) -> str:
        # Never raises and loads nothing: the URLs known so far, unchecked; a vendor's document default unread.
        urls = ", ".join(f"{v.value}={self._core.base_url_hint(v)}" for v in Vendor)
        return f"{type(self).__name__}({urls})"

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """Return a client with other options (None keeps this one's) sharing its connections, keys and rate limits.

        ``default_headers`` are added to this client's (a name it has already is replaced). Closing either client
        closes the connections they share; the next request opens new ones.
        """
        core = self._core.derive(timeout=timeout, max_retries=max_retries, default_headers=default_headers)
        return self._twin(core, None)

    def _twin(self, core: Core, capture: Captured | None) -> Self:
        twin = copy.copy(self)  # shallow: the twin shares this client's _Pool of connections
        twin._core = core
        twin._capture = capture
        return twin

    def _capturing(self) -> tuple[Self, Captured]:
        """Return a twin that keeps the last answer it reads, and the slot it keeps it in (for raw responses)."""
        capture = Captured()
        return self._twin(self._core, capture), capture

    @staticmethod
    def _stop_call(
        vendor: Vendor | str | Handle, id: str | uuid.UUID | None, strategy: Any, session_id: str | uuid.UUID | None
    ) -> Call[StopResult]:
        chosen, target = stop_target(vendor, id, session_id)
        return adapter_named(chosen).stop_call(target, strategy)


class BrowserClients(_Base, Lifecycle, Bulk, Sweeper):
    """Stop and inspect work on BrowserAI and Browser-Use through one synchronous client.

    Keys come from the keyword arguments or ``BROWSERAI_API_KEY`` / ``BROWSER_USE_API_KEY``; base URLs from the
    keywords, ``BROWSERAI_BASE_URL`` / ``BROWSER_USE_BASE_URL`` or the vendors' documents. Pass your own
    ``http_client`` to control pooling, proxies or transports, and ``default_headers`` to send with every request.
    """

    def __init__(self, *, http_client: httpx.Client | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._pool: _Pool[SyncWire] = _Pool(None if http_client is None else SyncWire(http_client, None))
        self._owns_http = http_client is None

    def _async_twin(self) -> AsyncBrowserClients:
        """Return an async client over this one's Core (keys, retry policy, rate-limit pauses), for stop_many."""
        return AsyncBrowserClients._sharing(self._core)

    def _wired(self) -> SyncWire:
        wire = self._pool.wire
        if wire is None:
            wire = self._pool.wire = SyncWire.default(self._core.timeout)
        return wire

    def _send(self, call: Call[T], **options: Unpack[RequestOptions]) -> T:
        core = self._core
        policy = core.policy_for(options.get("max_retries")) if options else core.policy
        args = core.request_args(call, options)
        capture = self._capture
        watching = capture is not None or log.isEnabledFor(logging.INFO)  # time and log only when someone looks
        retry = 0
        while True:
            pause = core.wait_needed(call.vendor) if core.paused_until else 0.0  # empty until a 429
            if pause:  # time.sleep(0) is no free call: it costs a trip through the scheduler
                time.sleep(pause)
            started = time.perf_counter() if watching else 0.0
            try:
                response = (self._pool.wire or self._wired()).send(args)
            except httpx.RequestError as exc:
                if watching:
                    core.observe(call, args, retry, started=started, outcome=exc, capture=capture)
                attempt = core.after_error(call, policy, retry, exc)
            else:
                if watching:
                    core.observe(call, args, retry, started=started, outcome=response, capture=capture)
                if 200 <= response.status_code < 300:  # a success is read as it is: the common case, first
                    return read(call, response, strict=core.strict)
                attempt = core.after_response(call, policy, retry, response)
                if attempt.final:
                    return read(call, response, attempt.retry_after, strict=core.strict)
            time.sleep(attempt.delay)
            retry += 1

    def stop(
        self,
        vendor: Vendor | str | Handle,
        id: str | uuid.UUID | None = None,
        *,
        strategy: StopStrategy | str | None = None,
        session_id: str | uuid.UUID | None = None,
        **options: Unpack[RequestOptions],
    ) -> StopResult:
        """Stop a task or session, given its Handle or its vendor and id (``strategy="task"`` keeps a session).

        Any 2xx answer is a stop that happened: it never raises, whatever the body. ``session_id`` is the
        deprecated name of ``id``.
        """
        return self._send(self._stop_call(vendor, id, strategy, session_id), **options)

    @property
    def with_raw_response(self) -> RawBrowserClients:
        """This client's methods, each returning a RawResponse: status, headers, request id, and ``parse()``."""
        return RawBrowserClients(self)

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
        wire = self._pool.wire
        if wire is not None and self._owns_http:
            wire.close()
            self._pool.wire = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncBrowserClients(_Base, AsyncLifecycle, AsyncBulk, AsyncSweeper):
    """The asynchronous twin of BrowserClients: the same methods, awaited."""

    def __init__(self, *, http_client: httpx.AsyncClient | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._pool: _Pool[AsyncWire] = _Pool(None if http_client is None else AsyncWire(http_client, None))
        self._owns_http = http_client is None

    @classmethod
    def _sharing(cls, core: Core) -> AsyncBrowserClients:
        """Return a client over ``core`` (keys, retry policy, rate-limit pause) with connections of its own."""
        clients = cls.__new__(cls)  # no __init__: it would build a second Core from the environment
        clients._core = core
        clients._pool = _Pool(None)
        clients._owns_http = True
        return clients

    def _wired(self) -> AsyncWire:
        wire = self._pool.wire
        if wire is None:
            wire = self._pool.wire = AsyncWire.default(self._core.timeout)
        return wire

    async def _send(self, call: Call[T], **options: Unpack[RequestOptions]) -> T:
        core = self._core
        policy = core.policy_for(options.get("max_retries")) if options else core.policy
        args = core.request_args(call, options)
        capture = self._capture
        watching = capture is not None or log.isEnabledFor(logging.INFO)
        retry = 0
        while True:
            pause = core.wait_needed(call.vendor) if core.paused_until else 0.0
            if pause:
                import asyncio  # only to wait: a sync user's import need not load asyncio (about 15 ms)

                await asyncio.sleep(pause)
            started = time.perf_counter() if watching else 0.0
            try:
                response = await (self._pool.wire or self._wired()).send(args)
            except httpx.RequestError as exc:
                if watching:
                    core.observe(call, args, retry, started=started, outcome=exc, capture=capture)
                attempt = core.after_error(call, policy, retry, exc)
            else:
                if watching:
                    core.observe(call, args, retry, started=started, outcome=response, capture=capture)
                if 200 <= response.status_code < 300:  # a success is read as it is: the common case, first
                    return read(call, response, strict=core.strict)
                attempt = core.after_response(call, policy, retry, response)
                if attempt.final:
                    return read(call, response, attempt.retry_after, strict=core.strict)
            import asyncio

            await asyncio.sleep(attempt.delay)
            retry += 1

    async def stop(
        self,
        vendor: Vendor | str | Handle,
        id: str | uuid.UUID | None = None,
        *,
        strategy: StopStrategy | str | None = None,
        session_id: str | uuid.UUID | None = None,
        **options: Unpack[RequestOptions],
    ) -> StopResult:
        """Stop a task or session, given its Handle or its vendor and id (``strategy="task"`` keeps a session).

        Any 2xx answer is a stop that happened: it never raises, whatever the body. ``session_id`` is the
        deprecated name of ``id``.
        """
        return await self._send(self._stop_call(vendor, id, strategy, session_id), **options)

    @property
    def with_raw_response(self) -> AsyncRawBrowserClients:
        """This client's methods, each returning a RawResponse: status, headers, request id, and ``parse()``."""
        return AsyncRawBrowserClients(self)

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
        wire = self._pool.wire
        if wire is not None and self._owns_http:
            await wire.aclose()
            self._pool.wire = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class RawBrowserClients(RawView):
    """BrowserClients' methods, each returning a RawResponse of what the plain call returns."""

    stop = raw(BrowserClients.stop)
    run = raw(BrowserClients.run)
    get = raw(BrowserClients.get)
    results = raw(BrowserClients.results)
    wait = raw(BrowserClients.wait)
    """The last poll's answer, with the final snapshot as its ``parse()``."""

    @property
    def browserai(self) -> RawBrowserAI:
        """Every BrowserAI operation, each returning a RawResponse."""
        from browser_clients._vendors.browserai.surfaces import RawBrowserAI

        return RawBrowserAI(self._clients, lambda clients: clients.browserai)

    @property
    def browser_use(self) -> RawBrowserUse:
        """Every Browser-Use operation, each returning a RawResponse."""
        from browser_clients._vendors.browser_use.surfaces import RawBrowserUse

        return RawBrowserUse(self._clients, lambda clients: clients.browser_use)


class AsyncRawBrowserClients(RawView):
    """AsyncBrowserClients' methods, each returning (awaited) a RawResponse of what the plain call returns."""

    stop = araw(AsyncBrowserClients.stop)
    run = araw(AsyncBrowserClients.run)
    get = araw(AsyncBrowserClients.get)
    results = araw(AsyncBrowserClients.results)
    wait = araw(AsyncBrowserClients.wait)
    """The last poll's answer, with the final snapshot as its ``parse()``."""

    @property
    def browserai(self) -> AsyncRawBrowserAI:
        """Every BrowserAI operation, each returning a RawResponse."""
        from browser_clients._vendors.browserai.surfaces import AsyncRawBrowserAI

        return AsyncRawBrowserAI(self._clients, lambda clients: clients.browserai)

    @property
    def browser_use(self) -> AsyncRawBrowserUse:
        """Every Browser-Use operation, each returning a RawResponse."""
        from browser_clients._vendors.browser_use.surfaces import AsyncRawBrowserUse

        return AsyncRawBrowserUse(self._clients, lambda clients: clients.browser_use)
