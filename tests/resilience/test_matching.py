"""Answers matched to requests (issue 19): a pushed answer, a crossed answer, a fork, a new event loop.

Each case is played by a real server on loopback: what would make a stop return another request's answer.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from browser_clients import APIConnectionError, AsyncBrowserClients, BrowserClients
from tests.resilience.conftest import BROWSER_USE_KEY, SESSION_BODY, Surface, fast
from tests.support.loopback import Loopback, Recorded, Reply, serve

SESSIONS = [f"3c90c3cc-0d44-4b50-8888-8dd2573605{n:02d}" for n in range(40)]
OTHER = "99999999-0d44-4b50-8888-8dd257360599"


def _asked(request: Recorded) -> str:
    """Return the session id a stop's path names (``/sessions/<id>/stop``)."""
    return request.raw_path.split("/")[2]


def _answer(session: str) -> bytes:
    body = json.dumps({**SESSION_BODY, "id": session}).encode()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _push_after(handler: BaseHTTPRequestHandler, delay: float, data: bytes) -> None:
    """Write ``data`` onto the handler's connection ``delay`` seconds from now (after its answer went out)."""

    def push() -> None:
        time.sleep(delay)
        try:
            handler.wfile.write(data)
            handler.wfile.flush()
        except (OSError, ValueError):
            pass  # the client already closed the connection: what the test wants

    threading.Thread(target=push, daemon=True).start()


def _stops(surface: Surface, url: str, ids: list[str], pause: float, **options: Any) -> list[str]:
    """Stop each id in turn on one client of ``surface``, ``pause`` seconds apart; return the ids the results name."""
    if surface.kind == "sync":

        def run(clients: Any) -> list[str]:
            found = []
            for session in ids:
                found.append(clients.stop("browser-use", session).id)
                time.sleep(pause)
            return found

        return list(surface.run(url, run, **options))

    async def arun(clients: Any) -> list[str]:
        found = []
        for session in ids:
            found.append((await clients.stop("browser-use", session)).id)
            await asyncio.sleep(pause)
        return found

    return list(surface.run(url, arun, **options))


# A second answer pushed 50 ms after the first.


def test_a_second_answer_pushed_onto_an_idle_connection_is_never_read_as_the_next_answer(any_wire: Surface) -> None:
    def script(request: Recorded, handler: BaseHTTPRequestHandler) -> Reply:
        _push_after(handler, 0.05, _answer(OTHER))  # a proxy's (or a server's) extra answer
        return Reply(200, {**SESSION_BODY, "id": _asked(request)})

    with serve(script) as server:
        found = _stops(any_wire, server.url, SESSIONS[:4], pause=0.2)
        sent = len(server.requests)
    # Every stop's result names the session it asked for: the pushed answer is never taken for the next one,
    # and nothing is shifted by one after it.
    assert found == SESSIONS[:4]
    # Not even read: no stop was sent again (the crossed-answer check is the second line of defence, and the only
    # one where an answer names no id, as BrowserAI's stop answer does).
    assert sent == 4


def test_an_answer_about_other_work_is_sent_again_on_a_fresh_connection(surface: Surface) -> None:
    ports: list[int] = []

    def script(request: Recorded, handler: BaseHTTPRequestHandler) -> Reply:
        ports.append(handler.client_address[1])
        crossed = len(ports) == 1  # the first answer names another session; the second is the right one
        return Reply(200, {**SESSION_BODY, "id": OTHER if crossed else _asked(request)})

    with serve(script) as server:
        found = _stops(surface, server.url, SESSIONS[:1], pause=0)
    assert found == SESSIONS[:1]
    assert len(ports) == 2
    assert ports[0] != ports[1], "the second try must go on a connection of its own"


def test_an_answer_that_still_names_other_work_is_a_connection_error_never_a_result(any_wire: Surface) -> None:
    with serve(lambda request, _handler: Reply(200, {**SESSION_BODY, "id": OTHER})) as server:
        with pytest.raises(APIConnectionError) as caught:
            _stops(any_wire, server.url, SESSIONS[:1], pause=0)
        assert len(server.requests) == 2  # sent once more, then given up: never more
    message = str(caught.value)
    assert OTHER in message
    assert SESSIONS[0] in message
    assert "unknown" in message  # whether the stop happened cannot be told
    assert server.url in message


# A fork: parent and child never share a connection.

_FORKED = """
import json, os, sys, asyncio
from browser_clients import AsyncBrowserClients, BrowserClients

url, key, kind = sys.argv[1], sys.argv[2], sys.argv[3]
ids = json.loads(sys.argv[4])
half = len(ids) // 2
options = dict(browser_use_api_key=key, browser_use_base_url=url)

if kind == "sync":
    clients = BrowserClients(**options)
    def stop_all(mine):
        return [clients.stop("browser-use", i).id for i in mine]
    clients.stop("browser-use", ids[0])  # the parent opens a pooled connection before the fork
else:
    clients = AsyncBrowserClients(**options)
    def stop_all(mine):
        async def go():
            return [(await clients.stop("browser-use", i)).id for i in mine]
        return asyncio.run(go())
    asyncio.run(clients.stop("browser-use", ids[0]))

read, write = os.pipe()
child = os.fork()
mine = ids[half:] if child == 0 else ids[:half]
found = stop_all(mine)
wrong = sum(1 for asked, got in zip(mine, found) if asked != got)
if child == 0:
    os.write(write, json.dumps(wrong).encode())
    os._exit(0)
os.close(write)
os.waitpid(child, 0)
print(json.dumps({"parent": wrong, "child": json.loads(os.read(read, 100))}))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork() does not exist on this platform")
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_after_a_fork_parent_and_child_each_read_their_own_answers(kind: str) -> None:
    ports: set[int] = set()

    def script(request: Recorded, handler: BaseHTTPRequestHandler) -> Reply:
        ports.add(handler.client_address[1])
        time.sleep(0.005)  # long enough for two processes on one connection to interleave
        return Reply(200, {**SESSION_BODY, "id": _asked(request)})

    with serve(script) as server:
        ran = subprocess.run(
            [sys.executable, "-c", _FORKED, server.url, BROWSER_USE_KEY, kind, json.dumps(SESSIONS)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == {"parent": 0, "child": 0}
    assert len(ports) >= 2, "the child opened connections of its own"


# A new event loop per call.

_LOOPS = """
import asyncio, gc, sys, warnings
warnings.simplefilter("always")
from browser_clients import AsyncBrowserClients

clients = AsyncBrowserClients(browser_use_api_key=sys.argv[2], browser_use_base_url=sys.argv[1])
for _ in range(50):
    asyncio.run(clients.stop("browser-use", "3c90c3cc-0d44-4b50-8888-8dd25736052a"))

async def close():
    await clients.aclose()

asyncio.run(close())
del clients
gc.collect()
print("done")
"""


def test_fifty_event_loops_leave_no_unclosed_session_or_connector(server: Loopback) -> None:
    ran = subprocess.run(
        [sys.executable, "-X", "dev", "-c", _LOOPS, server.url, BROWSER_USE_KEY],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "done"
    assert "Unclosed" not in ran.stderr, ran.stderr[-2000:]
    assert len(server.requests) == 50


def _echo(request: Recorded, _handler: BaseHTTPRequestHandler) -> Reply:
    return Reply(200, {**SESSION_BODY, "id": _asked(request)})


def test_an_async_client_keeps_working_on_a_new_event_loop() -> None:
    with serve(_echo) as server:
        clients = AsyncBrowserClients(browser_use_api_key=BROWSER_USE_KEY, browser_use_base_url=server.url)
        fast(clients)
        first = asyncio.run(clients.stop("browser-use", SESSIONS[0]))
        second = asyncio.run(clients.stop("browser-use", SESSIONS[1]))
    assert (first.id, second.id) == (SESSIONS[0], SESSIONS[1])


def test_the_sync_client_keeps_one_pool_across_calls() -> None:
    with (
        serve(_echo) as server,
        BrowserClients(browser_use_api_key=BROWSER_USE_KEY, browser_use_base_url=server.url) as clients,
    ):
        wire = clients._wire()
        for session in SESSIONS[:5]:
            assert clients.stop("browser-use", session).id == session
        assert clients._wire() is wire  # no client is made per call: nothing grows with the calls
