"""Send a prepared request and read its answer whole, within bounds: the facade's transports.

    SyncWire    an httpx.Client: the facade's own (httpx over httpcore, through BoundedBackend) or yours
    AsyncWire   your httpx.AsyncClient
    AiohttpWire the async facade's own: aiohttp, through its public API (measured: docs/benchmarks.md)

Every wire reads the body as it streams in and stops at ``Request.max_body`` bytes (decompressed), and never
reuses a connection after a fork. The bounds httpx and aiohttp do not give are built on their public extension
points: the whole attempt's deadline reaches every socket operation of the facade's own sync client through
httpcore's network backend (``BoundedBackend``), and aiohttp's attempts run under ``asyncio.timeout``. Both honour
the proxies the environment names. Each wire raises httpx's exceptions, as httpx's own transport names each fault;
the engine turns them into the error tree.

Answers matched to requests: an idle connection on which data arrived is never reused (httpcore drops one whose
socket is readable; aiohttp keeps it, so ``CleanConnector`` closes it when the pool hands it out), and a request
marked ``fresh`` (sent again after an answer about other work) goes on a connection of its own, opened and closed
for it: a one-off client of the facade's own. A client you passed in (``http_client``) pools as it was built to:
its connections cannot be forced fresh, and after a fork it is yours to replace.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import ssl
import time
import urllib.parse
import urllib.request
from collections.abc import AsyncGenerator, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

import httpcore
import httpx

from browser_clients import _constants

if TYPE_CHECKING:
    import aiohttp


class Forks:
    """How many forks this process has come through (as a child): a wire made before the last one is not its own.

    Parent and child share the sockets a pool holds; a child that used them would read the parent's answers. The
    count moves in the child right after a fork (``os.register_at_fork``), so a client sees a fork with no system
    call per request.
    """

    seen = 0

    @classmethod
    def _after_in_child(cls) -> None:
        cls.seen += 1


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=Forks._after_in_child)


class Request(NamedTuple):
    """One attempt's request, as it goes on the wire: all a transport needs."""

    method: str
    url: str
    """Absolute and percent-encoded, query included."""
    headers: tuple[tuple[str, str], ...]
    content: bytes | None
    connect_timeout: float | None
    deadline: float | None
    """When the attempt must be over, on ``time.monotonic()``'s clock (None: never)."""
    max_body: int
    fresh: bool = False
    """Send on a connection of its own, not a pooled one (after an answer about other work arrived on one)."""

    def __repr__(self) -> str:  # never the headers: they carry the key
        return f"Request({self.method} {self.url})"


Received = Sequence[tuple[bytes, bytes]]
"""Headers as received: (name, value) pairs of bytes, in order."""


class Answer:
    """An answer read whole: its status, headers, body and URL.

    The headers are kept as received and made into ``httpx.Headers`` when first asked for (an error, a retry, the
    log or a raw response asks; a 2xx answer read by its parser never does).
    """

    __slots__ = ("_headers", "_received", "content", "reason", "status_code", "url")

    def __init__(
        self,
        status_code: int,
        reason: str,
        headers: httpx.Headers | Sequence[tuple[Any, Any]],
        content: bytes,
        url: str,
    ) -> None:
        self.status_code = status_code
        self.reason = reason
        self._received: httpx.Headers | Received = headers
        self._headers = headers if isinstance(headers, httpx.Headers) else None
        self.content = content
        self.url = url

    @property
    def headers(self) -> httpx.Headers:
        """Return the answer's headers."""
        if self._headers is None:
            self._headers = httpx.Headers(self._received)
        return self._headers


class ResponseTooLarge(httpx.TransportError):
    """The answer's body is larger than the client reads (``max_body_bytes``)."""


def _left(deadline: float | None) -> float | None:
    """Return the seconds until ``deadline``; raise httpx.ReadTimeout once it has passed."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpx.ReadTimeout("the attempt ran out of time")
    return left


def _too_large(limit: int) -> ResponseTooLarge:
    return ResponseTooLarge(f"the answer is larger than {limit} bytes (max_body_bytes)")


def _declared_length(headers: httpx.Headers, limit: int) -> None:
    """Raise ResponseTooLarge for a plain body whose Content-Length already says it is over ``limit``."""
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and "content-encoding" not in headers and int(declared) > limit:
        raise _too_large(limit)


@cache
def ssl_context() -> ssl.SSLContext:
    """Return the TLS context httpx would use (certifi, or SSL_CERT_FILE / SSL_CERT_DIR), made on first use."""
    return httpx.create_ssl_context()


# The deadline of the attempt in progress on this thread: what BoundedBackend's streams bound each operation by.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("browser_clients_deadline", default=None)


def _bounded(timeout: float | None) -> float | None:
    """Return ``timeout`` cut to what is left of the attempt in progress; raise httpx.ReadTimeout when none is."""
    left = _left(_DEADLINE.get())
    if left is None:
        return timeout
    return left if timeout is None else min(timeout, left)


class _BoundedStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _BoundedStream(self._stream.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class BoundedBackend(httpcore.NetworkBackend):
    """httpcore's own sync network backend, each connect, read and write cut to the attempt's deadline.

    httpx's timeouts bound each socket operation; an answer trickled a byte at a time never trips them. Here the
    deadline of the attempt in progress (set by SyncWire) bounds every operation too, so the attempt as a whole
    ends by it.
    """

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(host, port, _bounded(timeout), local_address, socket_options)
        return _BoundedStream(stream)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        return _BoundedStream(self._backend.connect_unix_socket(path, _bounded(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


# httpcore's exceptions as httpx names them (httpx's own transport maps them the same way).
_HTTPCORE_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProxyError, httpx.ProxyError),
)


def _as_httpx(exc: Exception) -> httpx.TransportError:
    for core, ours in _HTTPCORE_ERRORS:
        if isinstance(exc, core):
            return ours(str(exc) or type(exc).__name__)
    return httpx.TransportError(str(exc) or type(exc).__name__)


class _CoreStream(httpx.SyncByteStream):
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise _as_httpx(exc) from exc

    def close(self) -> None:
        self._stream.close()


class BoundedTransport(httpx.BaseTransport):
    """httpx's transport for the facade's own sync client: httpcore's connection pool over BoundedBackend."""

    def __init__(self) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context(),
            max_connections=_constants.MAX_CONNECTIONS,
            max_keepalive_connections=_constants.MAX_CONNECTIONS,
            keepalive_expiry=_constants.KEEPALIVE_EXPIRY,
            network_backend=BoundedBackend(),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send an httpx request through the pool (the httpx.BaseTransport interface)."""
        url = request.url
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            answer = self._pool.handle_request(core)
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise _as_httpx(exc) from exc
        except httpcore.UnsupportedProtocol as exc:
            raise httpx.UnsupportedProtocol(str(exc)) from exc
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_CoreStream(answer.stream),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        """Close every pooled connection."""
        self._pool.close()


def _own_client() -> httpx.Client:
    """Return the sync facade's own client: over BoundedTransport, or httpx's routing when a proxy is configured.

    httpx routes through the proxies the environment names (HTTP_PROXY, NO_PROXY, ...) only with its own
    transports; there each read is bounded by the timeout and the attempt by the reads between chunks.
    """
    if urllib.request.getproxies():
        return httpx.Client(follow_redirects=False, trust_env=True)
    return httpx.Client(transport=BoundedTransport(), follow_redirects=False)


def _httpx_request(client: httpx.Client | httpx.AsyncClient, request: Request) -> httpx.Request:
    timeout = request.connect_timeout
    left = None if request.deadline is None else max(request.deadline - time.monotonic(), 0.001)
    return client.build_request(
        request.method,
        request.url,
        headers=request.headers,
        content=request.content,
        timeout=httpx.Timeout(left, connect=timeout if left is None or timeout is None else min(timeout, left)),
    )


def _answer(response: httpx.Response, chunks: list[bytes]) -> Answer:
    return Answer(response.status_code, response.reason_phrase, response.headers, b"".join(chunks), str(response.url))


class SyncWire:
    """Send through an httpx.Client: the facade's own (over BoundedTransport), or the one you passed."""

    def __init__(self, client: httpx.Client | None = None) -> None:
        self.owned = client is None
        self.client = client or _own_client()
        self.born = Forks.seen

    def send(self, request: Request) -> Answer:
        """Send ``request`` and return its answer, read whole within the attempt's deadline and size limit.

        A ``fresh`` request goes through a one-off client of the facade's own (through yours, when you passed one:
        its pool is yours).
        """
        if request.fresh and self.owned:
            with _own_client() as client:
                return self._send(client, request)
        return self._send(self.client, request)

    @staticmethod
    def _send(client: httpx.Client, request: Request) -> Answer:
        token = _DEADLINE.set(request.deadline)
        try:
            response = client.send(_httpx_request(client, request), stream=True)
            try:
                _declared_length(response.headers, request.max_body)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > request.max_body:
                        raise _too_large(request.max_body)
                    chunks.append(chunk)
                    _left(request.deadline)
            finally:
                response.close()
        finally:
            _DEADLINE.reset(token)
        return _answer(response, chunks)

    def close(self) -> None:
        """Close the client, if the facade made it."""
        if self.owned:
            self.client.close()


class AsyncWire:
    """Send through the httpx.AsyncClient you passed: its transport, proxies and hooks, as they are."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.owned = False
        self.client = client
        self.born = Forks.seen

    async def send(self, request: Request) -> Answer:
        """Send ``request`` and return its answer, read whole within the attempt's deadline and size limit."""
        try:
            async with asyncio.timeout(_left(request.deadline)):
                response = await self.client.send(_httpx_request(self.client, request), stream=True)
                try:
                    _declared_length(response.headers, request.max_body)
                    chunks, size = [], 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > request.max_body:
                            raise _too_large(request.max_body)
                        chunks.append(chunk)
                finally:
                    await response.aclose()
        except TimeoutError as exc:
            raise httpx.ReadTimeout("the attempt ran out of time") from exc
        return _answer(response, chunks)

    async def close(self) -> None:
        """Leave your client open: it is yours."""


class ThreadedWire:
    """A SyncWire (your httpx.Client) seen as an async wire, each request on a worker thread: stop_many's and
    stop_all's fan-out over the client you passed to BrowserClients."""

    owned = True  # the worker threads are this wire's own; the client stays yours

    def __init__(self, wire: SyncWire, threads: int) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._wire = wire
        self._threads = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="browser-clients")
        self.born = Forks.seen

    async def send(self, request: Request) -> Answer:
        """Send ``request`` through your client on a worker thread."""
        return await asyncio.get_running_loop().run_in_executor(self._threads, self._wire.send, request)

    async def close(self) -> None:
        """Let the worker threads go (your client stays open)."""
        self._threads.shutdown(wait=False)


class AiohttpWire:
    """The async facade's own wire: one aiohttp session per event loop, each attempt bounded whole.

    A session belongs to the event loop it was opened on. It closes with that loop: ``asyncio.run`` (and any loop
    shut down with ``shutdown_asyncgens``) finalizes the async generator ``_until_loop_ends`` started beside it,
    which closes the session there, so a client used from one ``asyncio.run`` after another leaves nothing
    unclosed. aiohttp is imported on the first async request, never by ``import browser_clients``.
    """

    owned = True

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._guard: AsyncGenerator[None, None] | None = None
        self._proxies = _Proxies()
        self.born = Forks.seen

    async def _open(self, loop: asyncio.AbstractEventLoop) -> aiohttp.ClientSession:
        self._forget()
        session = _aiohttp_session(clean_connector()(
            limit=_constants.MAX_CONNECTIONS, keepalive_timeout=_constants.KEEPALIVE_EXPIRY
        ))  # fmt: skip
        self._session, self._loop = session, loop
        self._guard = _until_loop_ends(session)
        await anext(self._guard)  # started: the loop now finalizes it when it shuts down
        return session

    def _forget(self) -> None:
        """Drop a session whose event loop is gone (closed with it, when that loop shut down as asyncio.run does)."""
        session, self._session, self._guard = self._session, None, None
        if session is not None and not session.closed and self._loop is not None and self._loop.is_closed():
            session.detach()  # its connector belongs to the closed loop: nothing of it can be closed from here

    async def send(self, request: Request) -> Answer:
        """Send ``request`` and return its answer, read whole within the attempt's deadline and size limit."""
        import aiohttp

        proxy = self._proxies.for_url(request.url)
        if request.fresh:  # a one-off session whose one connection closes after this answer
            async with _aiohttp_session(aiohttp.TCPConnector(limit=1, force_close=True)) as once:
                return await self._send(once, request, proxy)
        loop = asyncio.get_running_loop()
        session = self._session
        if session is None or session.closed or self._loop is not loop:
            session = await self._open(loop)
        return await self._send(session, request, proxy)

    @staticmethod
    async def _send(session: aiohttp.ClientSession, request: Request, proxy: str | None) -> Answer:
        import aiohttp

        timeout = _client_timeout(request.connect_timeout)
        try:
            async with asyncio.timeout(_left(request.deadline)):
                async with session.request(
                    request.method,
                    _yarl(request.url),
                    headers=request.headers,
                    data=request.content,
                    allow_redirects=False,
                    timeout=timeout,
                    ssl=ssl_context() if request.url.startswith("https:") else True,
                    proxy=proxy,
                ) as answer:
                    declared = answer.content_length
                    if (
                        declared is not None
                        and declared > request.max_body
                        and "Content-Encoding" not in answer.headers
                    ):
                        raise _too_large(request.max_body)
                    chunks, size = [], 0
                    async for chunk in answer.content.iter_any():
                        size += len(chunk)
                        if size > request.max_body:
                            raise _too_large(request.max_body)
                        chunks.append(chunk)
        except TimeoutError as exc:
            if isinstance(exc, aiohttp.ConnectionTimeoutError):
                raise httpx.ConnectTimeout(str(exc) or "timed out connecting") from exc
            raise httpx.ReadTimeout(str(exc) or "the attempt ran out of time") from exc
        except aiohttp.ClientError as exc:
            raise _aiohttp_error(exc) from exc
        return Answer(answer.status, answer.reason or "", answer.raw_headers, b"".join(chunks), request.url)

    async def close(self) -> None:
        """Close the session and its connections (on the loop they belong to)."""
        session, self._session, self._guard = self._session, None, None
        if session is not None and not session.closed:
            if self._loop is asyncio.get_running_loop():
                await session.close()
            else:
                session.detach()


async def _until_loop_ends(session: aiohttp.ClientSession) -> AsyncGenerator[None, None]:
    """Close ``session`` when its event loop shuts down: the loop finalizes the async generators it started."""
    try:
        yield
    finally:
        await session.close()


@cache
def _client_timeout(connect: float | None) -> aiohttp.ClientTimeout:
    """Return aiohttp's bound on connecting (the attempt as a whole is bounded by ``asyncio.timeout``)."""
    import aiohttp

    return aiohttp.ClientTimeout(total=None, connect=connect)


def _aiohttp_session(connector: aiohttp.BaseConnector) -> aiohttp.ClientSession:
    import aiohttp

    return aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        skip_auto_headers=("Accept", "Accept-Encoding", "Content-Type", "User-Agent"),
        auto_decompress=True,
    )


class _Proxies:
    """The proxies the environment names (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, ...), read once, as httpx honours them.

    aiohttp's own ``trust_env`` reads them (and ~/.netrc) again on worker threads for every request; here a wire
    reads them when it is made, and decides each host once.
    """

    def __init__(self) -> None:
        self._by_scheme = {scheme: url for scheme, url in urllib.request.getproxies().items() if url}
        self._decided: dict[tuple[str, str], str | None] = {}

    def for_url(self, url: str) -> str | None:
        """Return the proxy a request to ``url`` goes through, or None (no proxy, or its host is bypassed)."""
        if not self._by_scheme:
            return None
        parts = urllib.parse.urlsplit(url)
        key = (parts.scheme, parts.netloc)
        if key not in self._decided:
            proxy = self._by_scheme.get(parts.scheme) or self._by_scheme.get("all")
            bypassed = proxy is None or urllib.request.proxy_bypass(parts.hostname or "")
            self._decided[key] = None if bypassed else proxy
        return self._decided[key]


@cache
def clean_connector() -> type[aiohttp.TCPConnector]:
    """Return aiohttp's TCPConnector that never hands out an idle connection on which data arrived.

    aiohttp reuses such a connection, and the next request reads what was waiting there: an answer to another
    request (a desync, e.g. a proxy's extra answer). httpcore drops a connection whose socket turned readable
    while idle; here ``connect`` (the connector's public coroutine) closes a pooled connection whose protocol says
    it should close (``should_close``: bytes or a parsed answer are waiting, or an error came) and takes another.
    Made on first use, so that importing this module does not import aiohttp.
    """
    import aiohttp

    class CleanConnector(aiohttp.TCPConnector):
        async def connect(self, req: Any, traces: Any, timeout: Any) -> Any:
            for _ in range(self.limit + 1):  # every pooled connection at most once; then a new one is clean
                connection = await super().connect(req, traces, timeout)
                protocol = connection.protocol
                if protocol is None or not protocol.should_close:
                    return connection
                connection.close()  # closes the socket: it never goes back to the pool
            return await super().connect(req, traces, timeout)

    return CleanConnector


def _yarl(url: str) -> Any:
    import yarl

    return yarl.URL(url, encoded=True)


def _aiohttp_error(exc: Exception) -> httpx.RequestError:
    """Return the httpx exception httpx's own transport raises for the fault behind an aiohttp error."""
    import aiohttp
    from aiohttp.http_exceptions import ContentEncodingError

    message = str(exc) or type(exc).__name__
    if isinstance(exc.__cause__, ContentEncodingError) or isinstance(exc, ContentEncodingError):
        return httpx.DecodingError(message)
    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        return httpx.ProxyError(message)
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message)
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientResponseError):
        return httpx.RemoteProtocolError(message)
    if isinstance(exc, aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError):
        return httpx.UnsupportedProtocol(message)
    if isinstance(exc, aiohttp.ClientPayloadError) and not isinstance(exc.__cause__, OSError):
        return httpx.RemoteProtocolError(message)  # the peer closed before the whole body, as httpx words it
    return httpx.ReadError(message)
