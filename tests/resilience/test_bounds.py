"""Bounded calls (issue 19): a timeout bounds each attempt as a whole, a deadline the whole call, a cap the body.

A test may bound a hang (the call must end within a few seconds of its timeout or deadline); none asserts speed.
"""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import time
import zlib
from functools import cache
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from browser_clients import APITimeoutError, BrowserClientError, ResponseTooLargeError
from tests.resilience.conftest import BROWSER_USE_KEY, SESSION, SESSION_BODY, Surface, always
from tests.support.loopback import Loopback, Recorded, Reply, serve

SLACK = 3.0
"""Seconds a call may end after its timeout or deadline: a bound on a hang, not a benchmark."""


def _trickle(handler: BaseHTTPRequestHandler, head: bytes, body: bytes, every: float = 1.0) -> None:
    """Send ``head`` at once, then ``body`` one byte every ``every`` seconds, until the server stops or the client
    goes away."""
    stopping = handler.server.stopping  # type: ignore[attr-defined]  # serve() builds a _Server
    try:
        handler.wfile.write(head)
        handler.wfile.flush()
        for byte in body:
            if stopping.wait(every):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
    except OSError:
        return


def _elapsed(call: Any) -> tuple[float, BaseException | None]:
    started = time.monotonic()
    try:
        call()
    except BrowserClientError as exc:
        return time.monotonic() - started, exc
    return time.monotonic() - started, None


# One byte a second.

_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"


def test_one_byte_a_second_ends_with_the_attempts_timeout_not_per_read(any_wire: Surface, server: Loopback) -> None:
    # Every read gets a byte within the timeout: a per-read timeout never trips, and 2 GB this way never ends.
    server.script(always(lambda _r, handler: _trickle(handler, _HEAD, b'{"id": "' + b"x" * 390)))
    elapsed, error = _elapsed(lambda: any_wire.stop(server.url, "browser-use", SESSION, timeout=1.5, max_retries=0))
    assert isinstance(error, APITimeoutError), error
    assert elapsed < 1.5 + SLACK
    assert server.url in str(error)


def test_headers_trickled_a_byte_a_second_end_with_the_attempts_timeout(surface: Surface, server: Loopback) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: " + b"a" * 200
    server.script(always(lambda _r, handler: _trickle(handler, b"", head)))
    elapsed, error = _elapsed(lambda: surface.stop(server.url, "browser-use", SESSION, timeout=1.5, max_retries=0))
    assert isinstance(error, APITimeoutError), error
    assert elapsed < 1.5 + SLACK


def test_a_deadline_bounds_the_call_with_all_its_retries(any_wire: Surface, server: Loopback) -> None:
    server.script(always(lambda _r, handler: _trickle(handler, _HEAD, b"x" * 390, every=0.2)))
    # Ten attempts of 1 s each would take 10 s; the deadline ends the call after 2.
    elapsed, error = _elapsed(
        lambda: any_wire.stop(server.url, "browser-use", SESSION, timeout=1, max_retries=9, call={"deadline": 2})
    )
    assert isinstance(error, APITimeoutError), error
    assert "deadline" in str(error)
    assert elapsed < 2 + SLACK


def test_a_client_deadline_bounds_every_call(surface: Surface, server: Loopback) -> None:
    server.script(always(lambda _r, handler: _trickle(handler, _HEAD, b"x" * 390, every=0.2)))
    elapsed, error = _elapsed(
        lambda: surface.stop(server.url, "browser-use", SESSION, timeout=1, max_retries=9, deadline=2)
    )
    assert isinstance(error, APITimeoutError), error
    assert elapsed < 2 + SLACK


# Bodies are capped.


def test_a_declared_content_length_of_a_terabyte_is_refused_at_once(any_wire: Surface, server: Loopback) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n"
    server.script(always(lambda _r, handler: _trickle(handler, head, b"{" * 10)))
    elapsed, error = _elapsed(lambda: any_wire.stop(server.url, "browser-use", SESSION, timeout=20, max_retries=2))
    assert isinstance(error, ResponseTooLargeError), error
    assert len(server.requests) == 1  # a body too large will be no smaller next time: never retried
    assert elapsed < 20  # refused on its headers, not after waiting for the body
    assert "max_body_bytes" in str(error)
    assert server.url in str(error)


def _endless_chunks(_request: Recorded, handler: BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (65536, b" " * 65536)
    try:
        for _ in range(4096):  # 256 MiB at most: the loop ends by itself if the client never does
            handler.wfile.write(chunk)
    except OSError:
        return


def test_a_chunked_body_that_never_ends_stops_at_the_cap(any_wire: Surface, server: Loopback) -> None:
    server.script(always(_endless_chunks))
    _elapsed_s, error = _elapsed(
        lambda: any_wire.stop(server.url, "browser-use", SESSION, max_body_bytes=1 << 20, max_retries=0)
    )
    assert isinstance(error, ResponseTooLargeError), error


@cache
def _bomb() -> bytes:
    """Return 1 GiB of spaces gzipped (about 1 MiB), made in pieces."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    piece = b" " * (1 << 20)
    return b"".join([*(packer.compress(piece) for _ in range(1024)), packer.flush()])


def _gzip_bomb(_request: Recorded, _handler: BaseHTTPRequestHandler) -> Reply:
    return Reply(200, _bomb(), {"Content-Type": "application/json", "Content-Encoding": "gzip"})


def test_a_gzip_bomb_stops_at_the_cap_on_the_decompressed_size(any_wire: Surface, server: Loopback) -> None:
    server.script(always(_gzip_bomb))
    _elapsed_s, error = _elapsed(lambda: any_wire.stop(server.url, "browser-use", SESSION, max_retries=0))
    assert isinstance(error, ResponseTooLargeError), error


_BOMB_MEMORY = """
import asyncio, resource, sys
from browser_clients import AsyncBrowserClients, BrowserClients, ResponseTooLargeError

url, key, kind = sys.argv[1:4]
options = dict(browser_use_api_key=key, browser_use_base_url=url, max_retries=0)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    if kind == "sync":
        with BrowserClients(**options) as clients:
            clients.stop("browser-use", "3c90c3cc-0d44-4b50-8888-8dd25736052a")
    else:
        async def go():
            async with AsyncBrowserClients(**options) as clients:
                await clients.stop("browser-use", "3c90c3cc-0d44-4b50-8888-8dd25736052a")
        asyncio.run(go())
except ResponseTooLargeError:
    print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_gzip_bomb_never_inflates_past_a_small_multiple_of_the_cap(kind: str, server: Loopback) -> None:
    # 1 MiB that inflates to 1 GiB: read whole, it peaked at 2.3 GB resident.
    server.script(always(_gzip_bomb))
    ran = subprocess.run(
        [sys.executable, "-c", _BOMB_MEMORY, server.url, BROWSER_USE_KEY, kind],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    grown_mib = int(ran.stdout)  # printed only when the ResponseTooLargeError came
    assert grown_mib < 400, f"the resident size grew by {grown_mib} MiB for a 32 MiB cap"


def test_an_answer_just_under_the_cap_is_read(any_wire: Surface, server: Loopback) -> None:
    padded = {**SESSION_BODY, "padding": "x" * 5000}
    server.script(always(lambda _r, _h: Reply(200, padded)))
    result = any_wire.stop(server.url, "browser-use", SESSION, max_body_bytes=8000)
    assert result.id == SESSION


def test_a_gzipped_answer_under_the_cap_is_read(any_wire: Surface, server: Loopback) -> None:
    body = gzip.compress(b'{"id": "%s", "status": "stopped", "padding": "%s"}' % (SESSION.encode(), b"x" * 5000))
    server.script(
        always(lambda _r, _h: Reply(200, body, {"Content-Type": "application/json", "Content-Encoding": "gzip"}))
    )
    result = any_wire.stop(server.url, "browser-use", SESSION, max_body_bytes=8000)
    assert result.id == SESSION


def test_the_cap_is_a_client_option_checked_before_any_request() -> None:
    from browser_clients import BrowserClients, ConfigurationError

    for wrong in (0, -1, 1.5, "32MiB", True):
        with pytest.raises(ConfigurationError, match="max_body_bytes"):
            BrowserClients(max_body_bytes=wrong)  # type: ignore[arg-type]  # what a caller might pass


def test_a_connect_to_a_port_that_never_accepts_is_bounded(surface: Surface) -> None:
    # A listening socket whose backlog is full never completes the handshake: the connect timeout bounds it.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    fillers = []
    try:
        for _ in range(8):  # fill the accept queue
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(listener.getsockname())
            fillers.append(filler)
        elapsed, error = _elapsed(lambda: surface.stop(url, "browser-use", SESSION, timeout=1, max_retries=0))
    finally:
        for filler in fillers:
            filler.close()
        listener.close()
    assert error is not None
    assert elapsed < 1 + SLACK


@pytest.fixture
def server() -> Any:
    with serve(lambda _r, _h: Reply(200, SESSION_BODY)) as loopback:
        yield loopback
