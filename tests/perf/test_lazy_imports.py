"""``import browser_clients`` loads no vendor code; using one vendor never loads the other's generated package."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR_PACKAGES = ("browserai_client", "browser_use_client")


def _modules_after(code: str) -> set[str]:
    """Run ``code`` in a fresh interpreter and return the modules it left imported."""
    program = textwrap.dedent(code) + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def _loaded(modules: set[str], package: str) -> list[str]:
    found = sorted(m for m in modules if m == package or m.startswith(package + "."))
    if package.startswith("browser_clients._vendors"):
        # Vendor code is the adapters, requests, surfaces and listings; the run() options TypedDicts (and the
        # empty packages that hold them) are declarations the clients' signatures name.
        found = [m for m in found if m.rpartition(".")[2] != "options" and m.count(".") > 2]
    return found


def test_import_loads_no_vendor_code_and_no_transport() -> None:
    modules = _modules_after("import browser_clients")
    for package in (*VENDOR_PACKAGES, "browser_clients._vendors", "aiohttp", "browser_clients._transport"):
        assert _loaded(modules, package) == [], package
    assert _loaded(modules, "browser_clients") == ["browser_clients"]


def test_importing_the_clients_loads_no_vendor_code() -> None:
    modules = _modules_after("from browser_clients import AsyncBrowserClients, BrowserClients, StopOutcome, Vendor")
    for package in (*VENDOR_PACKAGES, "browser_clients._vendors", "aiohttp"):
        assert _loaded(modules, package) == [], package


STOP_ON = """
import httpx
from browser_clients import BrowserClients

def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path.startswith("/tasks/"):
        return httpx.Response(200, json={{"message": "stopped"}})
    return httpx.Response(200, json={{"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": "stopped",
        "model": "bu-mini", "createdAt": "2026-11-07T05:31:56Z", "updatedAt": "2026-11-07T05:31:56Z"}})

with BrowserClients(http_client=httpx.Client(transport=httpx.MockTransport(answer)),
                    browserai_api_key="k", browser_use_api_key="k",
                    browserai_base_url="http://127.0.0.1:9", browser_use_base_url="http://127.0.0.1:9") as clients:
    clients.stop({vendor!r}, {session!r})
"""


def test_using_browser_use_never_loads_browserai() -> None:
    modules = _modules_after(STOP_ON.format(vendor="browser-use", session="3c90c3cc-0d44-4b50-8888-8dd25736052a"))
    assert _loaded(modules, "browser_use_client")
    assert _loaded(modules, "browserai_client") == []
    assert _loaded(modules, "browser_clients._vendors.browserai") == []


def test_using_browserai_never_loads_browser_use() -> None:
    modules = _modules_after(STOP_ON.format(vendor="browserai", session="task-1"))
    assert _loaded(modules, "browserai_client")
    assert _loaded(modules, "browser_use_client") == []
    assert _loaded(modules, "browser_clients._vendors.browser_use") == []


def test_the_sync_client_never_loads_aiohttp() -> None:
    code = """
    from tests.support.loopback import Reply, serve
    from browser_clients import BrowserClients

    with serve(lambda _r, _h: Reply(200, {"message": "stopped"})) as server, BrowserClients(
        browserai_api_key="k", browserai_base_url=server.url
    ) as clients:
        assert clients.stop("browserai", "task-1").id == "task-1"
    """
    modules = _modules_after(code)
    assert _loaded(modules, "aiohttp") == []
    assert "httpcore" in modules  # httpx's own machinery sends the sync client's requests
