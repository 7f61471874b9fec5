"""An httpx transport over the standard library's http.client, with a small thread-safe keep-alive pool.

On one sequential call httpcore and h11 cost more CPU than the loopback round trip (docs/benchmarks.md);
http.client parses the same HTTP/1.1 in a fraction of it. Every failure becomes the httpx exception that httpx's
own transport raises for the same fault:

    socket timeout while connecting            -> httpx.ConnectTimeout
    refused, unreachable, TLS handshake        -> httpx.ConnectError
    socket timeout while sending / receiving   -> httpx.WriteTimeout / httpx.ReadTimeout
    reset or broken pipe while sending         -> httpx.WriteError
    reset while receiving                      -> httpx.ReadError
    closed without an answer, truncated body   -> httpx.RemoteProtocolError
"""

from __future__ import annotations

import http.client
import select
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence

import httpx

from browser_clients._response import Answer

Timeouts = Mapping[str, float | None]
"""httpx's per-request timeout extension: ``connect``, ``read``, ``write`` and ``pool`` seconds."""

_DEFAULT_PORTS = {"http": 80, "https": 443}
_Key = tuple[str, str]
_BLOCKS_KEPT = 256
"""How many distinct header blocks a transport keeps made (when full it starts again)."""


def _still_open(connection: http.client.HTTPConnection) -> bool:
    """Tell whether an idle keep-alive connection can carry a request (the server has not closed it)."""
    sock = connection.sock
    if sock is None:
        return False
    # Readable while idle means the server closed it (EOF) or sent something unasked: either way, not reusable.
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return not poller.poll(0)
    readable, _, _ = select.select([sock], [], [], 0)  # Windows has no poll(); its select() takes any socket
    return not readable


def _address(scheme: str, authority: str) -> tuple[str, int]:
    """Return the host and port of a URL's authority (``host``, ``host:port``, ``[v6]:port``)."""
    hostport = authority.rpartition("@")[2]
    if hostport.startswith("["):
        host, _, port = hostport[1:].partition("]")
        port = port.removeprefix(":")
    else:
        host, _, port = hostport.partition(":")
    return host, int(port) if port else _DEFAULT_PORTS.get(scheme, 80)


class StdlibTransport(httpx.BaseTransport):
    """Send httpx requests with http.client, keeping idle connections per host for reuse."""

    def __init__(self, *, limits: httpx.Limits, ssl_context: Callable[[], ssl.SSLContext]) -> None:
        self._max_idle = limits.max_keepalive_connections or 0
        self._expiry = limits.keepalive_expiry
        self._ssl_context = ssl_context
        self._idle: dict[_Key, list[tuple[float, http.client.HTTPConnection]]] = {}
        self._lock = threading.Lock()
        self._blocks: dict[tuple[str, tuple[tuple[str, str], ...]], bytes] = {}

    def _checkout(self, key: _Key) -> http.client.HTTPConnection | None:
        now = time.monotonic()
        with self._lock:
            idle = self._idle.get(key)
            while idle:
                since, connection = idle.pop()
                if (self._expiry is None or now - since < self._expiry) and _still_open(connection):
                    return connection
                connection.close()
        return None

    def _checkin(self, key: _Key, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            idle = self._idle.setdefault(key, [])
            if len(idle) < self._max_idle:
                idle.append((time.monotonic(), connection))
                return
        connection.close()

    def _connect(self, scheme: str, authority: str, timeouts: Timeouts) -> http.client.HTTPConnection:
        host, port = _address(scheme, authority)
        connection: http.client.HTTPConnection
        if scheme == "https":
            context = self._ssl_context()
            connection = http.client.HTTPSConnection(host, port, timeout=timeouts.get("connect"), context=context)
        elif scheme == "http":
            connection = http.client.HTTPConnection(host, port, timeout=timeouts.get("connect"))
        else:
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {scheme!r}")
        try:
            connection.connect()
        except TimeoutError as exc:
            connection.close()
            raise httpx.ConnectTimeout(str(exc) or "timed out connecting") from exc
        except OSError as exc:  # refused, unreachable, DNS, TLS handshake (ssl.SSLError is an OSError)
            connection.close()
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc
        return connection

    def exchange(
        self,
        method: str,
        url: str,
        headers: Sequence[tuple[str, str]],
        content: bytes | None,
        timeouts: Timeouts,
    ) -> Answer:
        """Send one request whose URL is already percent-encoded; return the answer, read whole."""
        scheme, _, rest = url.partition("://")
        authority, slash, path = rest.partition("/")
        target = slash + path if slash else "/"
        key = (scheme, authority)
        connection = self._checkout(key) or self._connect(scheme, authority, timeouts)
        sock = connection.sock
        write, read = timeouts.get("write"), timeouts.get("read")
        try:
            if sock.gettimeout() != write:  # settimeout costs two fcntl calls even when nothing changes
                sock.settimeout(write)
            self._send(connection, method, target, headers, content, host=authority.rpartition("@")[2])
            if read != write:
                sock.settimeout(read)
            answer = connection.getresponse()
            body = answer.read()
        except httpx.TransportError:
            connection.close()
            raise
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            raise _as_httpx_error(exc) from exc
        except BaseException:  # interrupted mid-exchange: the connection's state is unknown
            connection.close()
            raise
        if answer.will_close:
            connection.close()
        else:
            self._checkin(key, connection)
        # The headers as parsed (what getheaders() gives for HTTP's latin-1 text, without a policy pass per header).
        received = list(answer.msg.raw_items())
        sized, encoded = False, False
        for name, _ in received:
            lowered = name.lower()
            sized = sized or lowered == "content-length"
            encoded = encoded or lowered == "content-encoding"
        return Answer(answer.status, received, body, answer.reason, plain=sized and not encoded)

    def _header_block(self, host: str, headers: Sequence[tuple[str, str]]) -> bytes:
        """Return the request's header lines as sent, checked by http.client once per distinct set of headers."""
        key = (host, headers if isinstance(headers, tuple) else tuple(headers))
        block = self._blocks.get(key)
        if block is None:
            if not any(name.lower() == "host" for name, _ in headers):
                headers = [("Host", host), *headers]
            probe = http.client.HTTPConnection("header-check.invalid")  # never connects: it checks each header
            probe.putrequest("GET", "/", skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                probe.putheader(name, value)  # raises ValueError for a name or value HTTP/1.1 cannot carry
            block = b"\r\n".join(name.encode("ascii") + b": " + value.encode("latin-1") for name, value in headers)
            if len(self._blocks) >= _BLOCKS_KEPT:
                self._blocks.clear()
            self._blocks[key] = block
        return block

    def _send(
        self,
        connection: http.client.HTTPConnection,
        method: str,
        target: str,
        headers: Sequence[tuple[str, str]],
        content: bytes | None,
        *,
        host: str,
    ) -> None:
        try:
            connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            block = self._header_block(host, headers)
            if block:
                # What putheader() does for each header, in one piece: the lines were checked when first made.
                connection._output(block)  # type: ignore[attr-defined]  # putheader's own buffer; typeshed omits it
            connection.endheaders(content)
        except TimeoutError as exc:
            raise httpx.WriteTimeout(str(exc) or "timed out sending") from exc
        except OSError as exc:
            raise httpx.WriteError(str(exc) or type(exc).__name__) from exc
        except ValueError:  # http.client's message quotes the header value, which may be a key: leave it out
            raise httpx.LocalProtocolError("a header name or value is not valid in HTTP/1.1") from None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send an httpx request (the httpx.BaseTransport interface)."""
        content = request.read()
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in request.headers.raw
            if name.lower() != b"transfer-encoding"  # the body is read whole: send its length instead
        ]
        if content and not any(name.lower() == "content-length" for name, _ in headers):
            headers.append(("Content-Length", str(len(content))))
        timeouts: Timeouts = request.extensions.get("timeout", {})
        response = self.exchange(request.method, str(request.url), headers, content or None, timeouts).response
        response.request = request
        return response

    def close(self) -> None:
        """Close every idle connection."""
        with self._lock:
            idle, self._idle = self._idle, {}
        for connections in idle.values():
            for _, connection in connections:
                connection.close()


def _as_httpx_error(exc: OSError | http.client.HTTPException) -> httpx.TransportError:
    """Return the httpx exception for a failure while waiting for or reading the answer."""
    if isinstance(exc, TimeoutError):
        return httpx.ReadTimeout(str(exc) or "timed out reading")
    # RemoteDisconnected (closed before answering) is a ConnectionResetError too: it is a protocol failure.
    if isinstance(exc, http.client.HTTPException):
        return httpx.RemoteProtocolError(str(exc) or type(exc).__name__)
    return httpx.ReadError(str(exc) or type(exc).__name__)
