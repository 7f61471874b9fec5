"""Deprecation warnings point at the caller's line, so Python's default filter shows them (issue 19)."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Callable
from typing import Any

import pytest

from browser_clients import AsyncBrowserClients, BrowserClients
from tests.resilience.conftest import BROWSER_USE_KEY, SESSION, SESSION_BODY
from tests.support.loopback import Loopback, Reply, serve


@pytest.fixture
def server() -> Any:
    with serve(lambda _r, _h: Reply(200, SESSION_BODY)) as loopback:
        yield loopback


def _caught(call: Callable[[], Any]) -> warnings.WarningMessage:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        call()
    deprecations = [w for w in seen if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1, [str(w.message) for w in seen]
    return deprecations[0]


def _sync(url: str) -> BrowserClients:
    return BrowserClients(browser_use_api_key=BROWSER_USE_KEY, browser_use_base_url=url)


def _async(url: str) -> AsyncBrowserClients:
    return AsyncBrowserClients(browser_use_api_key=BROWSER_USE_KEY, browser_use_base_url=url)


def test_stop_with_session_id_warns_at_the_callers_line(server: Loopback) -> None:
    with _sync(server.url) as clients:
        found = _caught(lambda: clients.stop("browser-use", session_id=SESSION))
    assert found.filename == __file__
    assert "session_id" in str(found.message)


def test_stop_many_with_session_ids_warns_at_the_callers_line(server: Loopback) -> None:
    with _sync(server.url) as clients:
        found = _caught(lambda: clients.stop_many("browser-use", session_ids=[SESSION]))
    assert found.filename == __file__


def test_async_stop_with_session_id_warns_at_the_callers_line(server: Loopback) -> None:
    async def go() -> None:
        async with _async(server.url) as clients:
            await clients.stop("browser-use", session_id=SESSION)

    found = _caught(lambda: asyncio.run(go()))
    assert found.filename == __file__


def test_async_stop_many_with_session_ids_warns_at_the_callers_line(server: Loopback) -> None:
    async def go() -> None:
        async with _async(server.url) as clients:
            await clients.stop_many("browser-use", session_ids=[SESSION])

    found = _caught(lambda: asyncio.run(go()))
    assert found.filename == __file__


def test_the_renamed_result_fields_warn_at_the_callers_line(server: Loopback) -> None:
    with _sync(server.url) as clients:
        result = clients.stop("browser-use", SESSION)
        outcome = clients.stop_many("browser-use", [SESSION])[0]
    assert _caught(lambda: result.session_id).filename == __file__
    assert _caught(lambda: outcome.session_id).filename == __file__


def test_python_default_filter_shows_the_warning_to_the_caller(server: Loopback, tmp_path: Any) -> None:
    # Python's default filter shows a DeprecationWarning only when it is attributed to __main__: a script's line.
    import subprocess
    import sys

    script = tmp_path / "script.py"
    script.write_text(
        "from browser_clients import BrowserClients\n"
        f"c = BrowserClients(browser_use_api_key={BROWSER_USE_KEY!r}, browser_use_base_url={server.url!r})\n"
        f"c.stop('browser-use', session_id={SESSION!r})\n"
    )
    ran = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert ran.returncode == 0, ran.stderr
    assert f"{script}:3: DeprecationWarning" in ran.stderr
