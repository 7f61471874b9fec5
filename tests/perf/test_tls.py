"""HTTPS through the facade's own transports: the trust httpx would use (SSL_CERT_FILE, certifi), and nothing less."""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from browser_clients import APIConnectionError, AsyncBrowserClients, BrowserClients
from browser_clients._transport import ssl_context

FIXTURES = Path(__file__).parent / "fixtures"
CERT = FIXTURES / "loopback-cert.pem"


class _Answer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"message": "Task stopped over TLS"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def https_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERT, FIXTURES / "loopback-key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _fresh_trust() -> Iterator[None]:
    ssl_context.cache_clear()  # the context is made once per process: let each test's environment count
    yield
    ssl_context.cache_clear()


def _stop(kind: str, url: str) -> Any:
    options = {"browserai_api_key": "ba-tls", "browserai_base_url": url, "max_retries": 0}
    if kind == "sync":
        with BrowserClients(**options) as clients:
            return clients.stop("browserai", "task-1")

    async def go() -> Any:
        async with AsyncBrowserClients(**options) as clients:
            return await clients.stop("browserai", "task-1")

    return asyncio.run(go())


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_certificate_trusted_through_ssl_cert_file_is_accepted(
    kind: str, https_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(CERT))
    assert _stop(kind, https_url).message == "Task stopped over TLS"


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_an_untrusted_certificate_is_refused(kind: str, https_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with pytest.raises(APIConnectionError, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        _stop(kind, https_url)
