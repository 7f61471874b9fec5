"""BROWSER_CLIENTS_LOG turns on the package's request log on stderr, without code; no key ever shows in it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.options.conftest import answer
from tests.resilience.conftest import BROWSER_USE_KEY, BROWSERAI_KEY, SESSION
from tests.support.loopback import Loopback, Reply

ROOT = Path(__file__).resolve().parents[2]
USER_TOKEN = "user-token-7f3a9c"

PROGRAM = """
import asyncio
from browser_clients import AsyncBrowserClients, BrowserClients, Handle

options = dict(browserai_api_key={ba!r}, browser_use_api_key={bu!r}, browserai_base_url={url!r},
               browser_use_base_url={url!r}, max_retries=1)
auth_like = {{"Authorization": "Bearer {token}", "X-Browser-Use-API-Key": "{token}"}}
with BrowserClients(**options) as clients:
    clients.stop("browserai", "t-1", extra_headers=auth_like, extra_query={{"trace": "1"}})
    clients.with_raw_response.get(Handle.of("browser-use", {session!r}), extra_headers=auth_like)

async def main():
    async with AsyncBrowserClients(**options) as clients:
        await clients.stop("browser-use", {session!r})

asyncio.run(main())
"""


def _run(url: str, level: str) -> subprocess.CompletedProcess[str]:
    program = PROGRAM.format(ba=BROWSERAI_KEY, bu=BROWSER_USE_KEY, url=url, session=SESSION, token=USER_TOKEN)
    env = {**os.environ, "BROWSER_CLIENTS_LOG": level}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(program)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("level", ["debug", "info", "DEBUG"])
def test_the_log_shows_each_request_and_never_a_key(recorder: Loopback, level: str) -> None:
    first = iter([Reply(503, {"error": "busy"}, {"X-Request-Id": "req-busy"})])
    recorder.script(lambda request, _handler: next(first, None) or answer(request))
    done = _run(recorder.url, level)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    url, ms = re.escape(recorder.url), r"in [\d.]+ ms"
    expected = [
        rf"browserai POST {url}/tasks/t-1/command\?trace=1 -> 503 {ms} \(attempt 1, request id req-busy\)",
        rf"browserai POST {url}/tasks/t-1/command\?trace=1 -> 200 {ms} \(attempt 2, request id req-42\)",
        rf"browser-use GET {url}/sessions/{SESSION} -> 200 {ms} \(attempt 1, request id req-42\)",
        rf"browser-use POST {url}/sessions/{SESSION}/stop -> 200 {ms} \(attempt 1, request id req-42\)",
    ]
    for pattern in expected:
        assert any(re.search(pattern, line) for line in lines), (pattern, done.stderr)
    assert any("retrying browserai stop_task" in line for line in lines)
    if level.lower() == "debug":
        assert any("sent headers: " in line and "X-Browser-Use-API-Key" in line for line in lines)
    else:
        assert not any("sent headers" in line for line in lines)
    for secret in (BROWSERAI_KEY, BROWSER_USE_KEY, USER_TOKEN):
        assert secret not in done.stderr
        assert secret not in done.stdout
    # The keys did go out: the log's silence about them is not for want of sending them.
    assert any(BROWSERAI_KEY in r.headers.get("authorization", "") for r in recorder.requests)
    # An extra header named like a vendor's auth header never replaces its key.
    for request in recorder.requests:
        if request.raw_path.startswith("/sessions"):
            assert request.headers["x-browser-use-api-key"] == BROWSER_USE_KEY
        else:
            assert request.headers["authorization"] == f"apikey {BROWSERAI_KEY}"


def test_without_the_variable_nothing_is_logged(recorder: Loopback) -> None:
    done = _run(recorder.url, "")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
