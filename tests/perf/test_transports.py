"""The facade's own transports keep httpx's interface: the same bytes on the wire, httpx's exceptions, any loop."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from browser_clients import APIConnectionError, APITimeoutError, AsyncBrowserClients, BrowserClients
from browser_clients._transport import async_transport, sync_transport
from browser_clients._transport_aiohttp import AiohttpTransport
from browser_clients._transport_stdlib import StdlibTransport
from tests.perf.conftest import FakeVendor, options, session_ids
from tests.support.loopback import Loopback, Recorded, Reply, close_early, reset_connection, stall

SESSION = session_ids(1)[0]
FULL_ANSWER = (
    b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 29\r\n\r\n{"message":"Task is stopped"}'
)

# Each facade call whose request must not depend on the transport that sends it.
CALLS: dict[str, Callable[[Any], Any]] = {
    "browserai-stop": lambda c: c.stop("browserai", "task/../1 ?#"),
    "browser-use-stop": lambda c: c.stop("browser-use", SESSION),
    "browser-use-stop-task": lambda c: c.stop("browser-use", SESSION, strategy="task"),
    "browser-use-get": lambda c: c.browser_use.get_session(SESSION),
}


def _seen(request: Recorded) -> tuple[str, str, bytes, list[tuple[str, str]]]:
    lines = [line.decode("latin-1").split(": ", 1) for line in request.header_lines()]
    return request.method, request.raw_path, request.body, sorted((name.lower(), value) for name, value in lines)


def _sync(url: str, call: Callable[[Any], Any], http_client: httpx.Client | None = None) -> Any:
    with BrowserClients(http_client=http_client, **options(url)) as clients:
        return call(clients)


def _async(url: str, call: Callable[[Any], Any], http_client: httpx.AsyncClient | None = None) -> Any:
    async def go() -> Any:
        async with AsyncBrowserClients(http_client=http_client, **options(url)) as clients:
            return await call(clients)

    return asyncio.run(go())


@pytest.mark.parametrize("name", list(CALLS))
def test_the_sync_fast_path_sends_what_httpx_sends(name: str, vendor: FakeVendor, server: Loopback) -> None:
    with httpx.Client() as plain:
        _sync(server.url, CALLS[name], plain)
    _sync(server.url, CALLS[name])
    by_httpx, by_us = server.requests
    assert _seen(by_us) == _seen(by_httpx)


@pytest.mark.parametrize("name", list(CALLS))
def test_the_async_fast_path_sends_what_httpx_sends(name: str, vendor: FakeVendor, server: Loopback) -> None:
    async def plain_call(clients: Any) -> Any:
        return await CALLS[name](clients)

    _async(server.url, plain_call, httpx.AsyncClient())
    _async(server.url, CALLS[name])
    by_httpx, by_us = server.requests
    assert _seen(by_us) == _seen(by_httpx)


def test_the_default_clients_use_the_fast_transports(vendor: FakeVendor, server: Loopback) -> None:
    with BrowserClients(**options(server.url)) as clients:
        clients.stop("browserai", "task-1")
        assert isinstance(clients._wired()._transport, StdlibTransport)

    async def go() -> None:
        async with AsyncBrowserClients(**options(server.url)) as clients:
            await clients.stop("browserai", "task-1")
            assert isinstance(clients._wired()._transport, AiohttpTransport)

    asyncio.run(go())


def test_a_proxy_in_the_environment_leaves_routing_to_httpx(
    vendor: FakeVendor, server: Loopback, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # so that loopback is still reached directly
    with BrowserClients(**options(server.url)) as clients:
        assert clients.stop("browserai", "task-1").id == "task-1"
        assert clients._wired()._transport is None


@pytest.mark.parametrize("make", [sync_transport, async_transport], ids=["sync", "async"])
def test_the_transports_work_inside_any_httpx_client(make: Callable[[], Any], server: Loopback) -> None:
    transport = make()
    if isinstance(transport, StdlibTransport):
        with httpx.Client(transport=transport) as client:
            response = client.post(f"{server.url}/tasks/a%2Fb/command", json={"command": "stop"}, params={"x": "1"})
    else:

        async def go() -> httpx.Response:
            async with httpx.AsyncClient(transport=transport) as client:
                return await client.post(
                    f"{server.url}/tasks/a%2Fb/command", json={"command": "stop"}, params={"x": "1"}
                )

        response = asyncio.run(go())
    assert response.status_code == 200
    assert response.json() == {"message": "Task stopped successfully"}
    assert response.request.url.path == "/tasks/a/b/command"
    request = server.requests[0]
    assert request.raw_path == "/tasks/a%2Fb/command?x=1"
    assert request.json() == {"command": "stop"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


FAULTS: dict[str, tuple[Callable[[Recorded, Any], Reply | None], type[httpx.TransportError]]] = {
    "stall": (lambda _r, handler: stall(handler), httpx.ReadTimeout),
    "reset": (lambda _r, handler: reset_connection(handler), httpx.TransportError),
    "cut-short": (lambda _r, handler: close_early(handler, FULL_ANSWER[:-10]), httpx.RemoteProtocolError),
    "closed-unanswered": (lambda _r, handler: close_early(handler, b""), httpx.RemoteProtocolError),
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("make", [sync_transport, async_transport], ids=["sync", "async"])
def test_faults_raise_httpx_exceptions(make: Callable[[], Any], fault: str, server: Loopback) -> None:
    script, expected = FAULTS[fault]
    server.script(script)
    with pytest.raises(expected):
        _via(make(), f"{server.url}/tasks/t/command", timeout=0.3)


@pytest.mark.parametrize("make", [sync_transport, async_transport], ids=["sync", "async"])
def test_a_refused_connection_is_a_connect_error(make: Callable[[], Any]) -> None:
    with pytest.raises(httpx.ConnectError):
        _via(make(), f"http://127.0.0.1:{_free_port()}/tasks/t/command", timeout=2.0)


def _via(transport: Any, url: str, *, timeout: float) -> httpx.Response:
    if isinstance(transport, StdlibTransport):
        with httpx.Client(transport=transport, timeout=timeout) as client:
            return client.post(url, json={"command": "stop"})

    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=transport, timeout=timeout) as client:
            return await client.post(url, json={"command": "stop"})

    return asyncio.run(go())


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_the_facade_maps_transport_faults_into_its_tree(kind: str, server: Loopback) -> None:
    run = _sync if kind == "sync" else _async
    server.script(lambda _r, handler: stall(handler))
    with pytest.raises(APITimeoutError, match="ReadTimeout"):
        run(server.url, lambda c: c.stop("browserai", "task-1", timeout=0.2, max_retries=0))
    server.script(lambda _r, handler: reset_connection(handler))
    with pytest.raises(APIConnectionError) as caught:
        run(server.url, lambda c: c.stop("browserai", "task-1", max_retries=0))
    assert not isinstance(caught.value, APITimeoutError)
    with pytest.raises(APIConnectionError):
        run(f"http://127.0.0.1:{_free_port()}", lambda c: c.stop("browserai", "task-1", max_retries=0))


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_connections_the_server_closed_while_idle_are_not_reused(kind: str, server: Loopback) -> None:
    # Each answer is complete, then the server closes the connection without saying so in a header.
    server.script(lambda _r, handler: close_early(handler, FULL_ANSWER))

    # The pause lets the server's close arrive, as a keep-alive timeout's would, before the next request.
    def three_stops(clients: Any) -> Any:
        if kind == "sync":
            messages = []
            for n in range(3):
                messages.append(clients.stop("browserai", f"task-{n}", max_retries=0).message)
                time.sleep(0.05)
            return messages

        async def go() -> list[Any]:
            messages = []
            for n in range(3):
                messages.append((await clients.stop("browserai", f"task-{n}", max_retries=0)).message)
                await asyncio.sleep(0.05)
            return messages

        return go()

    messages = (_sync if kind == "sync" else _async)(server.url, three_stops)
    assert messages == ["Task is stopped"] * 3
    assert len(server.requests) == 3  # no request failed and was sent again


def test_an_async_client_works_under_a_second_event_loop(vendor: FakeVendor, server: Loopback) -> None:
    clients = AsyncBrowserClients(**options(server.url))
    first = asyncio.run(clients.stop("browserai", "task-1"))
    second = asyncio.run(clients.stop("browserai", "task-2"))  # the first loop, and its session, are gone
    asyncio.run(clients.aclose())
    assert (first.id, second.id) == ("task-1", "task-2")
