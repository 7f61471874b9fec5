"""The facade's transports: the same bytes on the wire whichever sends, typed errors for every fault, connections
that are never reused once the server has closed them, and async clients that outlive their event loop."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from browser_clients import APIConnectionError, APITimeoutError, AsyncBrowserClients, BrowserClients
from tests.perf.conftest import FakeVendor, options, session_ids
from tests.support.loopback import Loopback, Recorded, close_early, reset_connection, stall

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
    "browser-use-query": lambda c: c.stop("browser-use", SESSION, extra_query={"view": "a b&c", "n": [1, 2]}),
}


def _seen(request: Recorded) -> tuple[str, str, bytes, list[tuple[str, str]]]:
    lines = [line.decode("latin-1").split(": ", 1) for line in request.header_lines()]
    # The framing of a connection is each transport's own business (HTTP/1.1 keeps it alive either way).
    headers = sorted((name.lower(), value) for name, value in lines if name.lower() != "connection")
    return request.method, request.raw_path, request.body, headers


def _sync(url: str, call: Callable[[Any], Any], http_client: httpx.Client | None = None) -> Any:
    with BrowserClients(http_client=http_client, **options(url)) as clients:
        return call(clients)


def _async(url: str, call: Callable[[Any], Any], http_client: httpx.AsyncClient | None = None) -> Any:
    async def go() -> Any:
        async with AsyncBrowserClients(http_client=http_client, **options(url)) as clients:
            return await call(clients)

    return asyncio.run(go())


@pytest.mark.parametrize("name", list(CALLS))
def test_every_transport_sends_the_same_request(name: str, vendor: FakeVendor, server: Loopback) -> None:
    async def awaited(clients: Any) -> Any:
        return await CALLS[name](clients)

    with httpx.Client() as plain:
        _sync(server.url, CALLS[name], plain)  # your httpx.Client, as it is
    _sync(server.url, CALLS[name])  # the sync client's own (httpx over httpcore)
    _async(server.url, awaited, httpx.AsyncClient())  # your httpx.AsyncClient
    _async(server.url, awaited)  # the async client's own (aiohttp)
    first, *others = (_seen(request) for request in server.requests)
    assert others == [first] * 3
    assert ("user-agent", "browser-clients/0.2.0") in first[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
    server.script(lambda _r, handler: close_early(handler, FULL_ANSWER[:-10]))
    with pytest.raises(APIConnectionError, match="RemoteProtocolError"):
        run(server.url, lambda c: c.stop("browserai", "task-1", max_retries=0))
    port = _free_port()
    with pytest.raises(APIConnectionError, match=f"ConnectError.*127.0.0.1:{port}"):  # the URL that failed
        run(f"http://127.0.0.1:{port}", lambda c: c.stop("browserai", "task-1", max_retries=0))


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
    second = asyncio.run(clients.stop("browserai", "task-2"))  # the first loop, and its connections, are gone
    asyncio.run(clients.aclose())
    assert (first.id, second.id) == ("task-1", "task-2")


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_proxy_in_the_environment_is_honoured(kind: str, server: Loopback, monkeypatch: pytest.MonkeyPatch) -> None:
    # The proxy named in the environment receives the request (here the loopback server plays the proxy).
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    server.script(lambda _r, _h: __import__("tests.support.loopback", fromlist=["Reply"]).Reply(200, {"message": "ok"}))
    run = _sync if kind == "sync" else _async
    result = run("http://vendor.invalid", lambda c: c.stop("browserai", "task-1", max_retries=0))
    assert result.message == "ok"
    assert server.requests[0].raw_path == "http://vendor.invalid/tasks/task-1/command"  # the absolute form proxies get
