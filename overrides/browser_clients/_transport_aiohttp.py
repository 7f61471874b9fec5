"""An httpx transport over aiohttp: httpx's interface, with aiohttp's far cheaper event-loop I/O underneath.

httpx's own async stack (httpcore on anyio) spends more CPU per request than the loopback round trip takes; at
64 requests in flight aiohttp does several times the work per core (docs/benchmarks.md has the numbers). Every
aiohttp failure becomes the httpx exception that httpx's own transport raises for the same fault, so code that
catches httpx errors (the facade's retry loop, the generated packages' callers) sees no difference:

    aiohttp.ConnectionTimeoutError (connect, or waiting for a pooled connection)  -> httpx.ConnectTimeout
    aiohttp.SocketTimeoutError, any other timeout (a read that never finishes)     -> httpx.ReadTimeout
    aiohttp.ClientConnectorError (refused, DNS, TLS handshake)                     -> httpx.ConnectError
    aiohttp.ServerDisconnectedError, a malformed answer, a body cut short          -> httpx.RemoteProtocolError
    aiohttp.ClientOSError, a reset while reading the body                          -> httpx.ReadError
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable, Mapping, Sequence

import aiohttp
import httpx
import yarl

from browser_clients._response import Answer

Timeouts = Mapping[str, float | None]
"""httpx's per-request timeout extension: ``connect``, ``read``, ``write`` and ``pool`` seconds."""

# httpx decides these headers itself; aiohttp must not add its own (octet-stream types, its user agent).
_SKIP_AUTO_HEADERS = ("Accept", "Accept-Encoding", "Content-Type", "User-Agent")


def as_httpx_error(exc: BaseException) -> httpx.TransportError:
    """Return the httpx exception that httpx's own transport raises for the fault behind ``exc``."""
    message = str(exc) or type(exc).__name__
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message)
    if isinstance(exc, TimeoutError):  # SocketTimeoutError, ServerTimeoutError and asyncio's own
        return httpx.ReadTimeout(message)
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


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Send httpx requests through one aiohttp session per event loop, reading each answer whole.

    Answers are read whole because the facade's are small JSON documents; this transport is not for downloads.
    """

    def __init__(self, *, limits: httpx.Limits, ssl_context: Callable[[], ssl.SSLContext]) -> None:
        self._limits = limits
        self._ssl_context = ssl_context
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timeouts: dict[tuple[float | None, ...], aiohttp.ClientTimeout] = {}
        self._last_timeout: tuple[Timeouts | None, aiohttp.ClientTimeout] = (None, aiohttp.ClientTimeout())

    def _open_session(self, loop: asyncio.AbstractEventLoop) -> aiohttp.ClientSession:
        """Return a new session on ``loop``, kept for the requests that follow on it."""
        connector = aiohttp.TCPConnector(
            limit=self._limits.max_connections or 0,
            keepalive_timeout=self._limits.keepalive_expiry or 0.0,
        )
        session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,  # httpx decodes Content-Encoding itself, as with its own transport
            skip_auto_headers=_SKIP_AUTO_HEADERS,
        )
        self._session, self._loop = session, loop
        return session

    def _timeout(self, timeouts: Timeouts) -> aiohttp.ClientTimeout:
        key = (timeouts.get("connect"), timeouts.get("read"), timeouts.get("pool"))
        known = self._timeouts.get(key)
        if known is None:
            # aiohttp's "connect" covers the wait for a pooled connection too: httpx's pool timeout bounds it.
            known = aiohttp.ClientTimeout(total=None, sock_connect=key[0], sock_read=key[1], connect=key[2])
            self._timeouts[key] = known
        self._last_timeout = (timeouts, known)
        return known

    async def exchange(
        self,
        method: str,
        url: str,
        headers: Sequence[tuple[str, str]],
        content: bytes | None,
        timeouts: Timeouts,
    ) -> Answer:
        """Send one request whose URL is already percent-encoded; return the answer, read whole."""
        session, loop = self._session, asyncio.get_running_loop()
        if session is None or self._loop is not loop:  # aclose() drops a closed one; a session belongs to its loop
            session = self._open_session(loop)
        last, timeout = self._last_timeout
        if timeouts is not last:  # the wire hands over the same mapping for the same httpx.Timeout
            timeout = self._timeout(timeouts)
        try:
            async with session.request(
                method,
                yarl.URL(url, encoded=True),
                headers=headers,
                data=content,
                allow_redirects=False,
                timeout=timeout,
                ssl=self._ssl_context() if url.startswith("https:") else True,
            ) as answer:
                body = await answer.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise as_httpx_error(exc) from exc
        received = answer.headers
        plain = "Content-Length" in received and "Content-Encoding" not in received
        return Answer(answer.status, answer.raw_headers, body, answer.reason, plain=plain)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send an httpx request (the httpx.AsyncBaseTransport interface)."""
        content = await request.aread()
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in request.headers.raw
            if name.lower() != b"transfer-encoding"  # the body is read whole: aiohttp sends its length
        ]
        timeouts: Timeouts = request.extensions.get("timeout", {})
        answer = await self.exchange(request.method, str(request.url), headers, content or None, timeouts)
        response = answer.response
        response.request = request
        return response

    async def aclose(self) -> None:
        """Close the session and its connections."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()
