"""A real HTTP server on 127.0.0.1 that records every request and answers as the test scripts it.

A script is a callable taking the recorded request and the handler; it returns a Reply (status, headers, body)
or writes to the socket itself (for faults such as a reset or a response that never ends) and returns None.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Recorded:
    """One request as it arrived on the wire."""

    method: str
    raw_path: str
    raw_headers: bytes
    headers: dict[str, str]
    body: bytes

    def header_lines(self) -> list[bytes]:
        """Return the raw header lines, exactly as the client sent them."""
        return [line for line in self.raw_headers.split(b"\r\n") if line]

    def json(self) -> Any:
        """Return the body decoded as JSON."""
        return json.loads(self.body)


@dataclass
class Reply:
    """What to answer: status, headers and body (a dict or list becomes JSON)."""

    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        """Return the body bytes and headers, with a JSON content type when the body is a dict or list."""
        headers = dict(self.headers)
        if isinstance(self.body, dict | list):
            data = json.dumps(self.body).encode()
            headers.setdefault("Content-Type", "application/json")
        elif isinstance(self.body, str):
            data = self.body.encode()
        else:
            data = self.body
        return data, headers


Script = Callable[[Recorded, BaseHTTPRequestHandler], Reply | None]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # The headers and the body go out in two writes: without TCP_NODELAY the body waits for the client's delayed
    # ACK of the headers (some 40 ms on Linux), a pause per request no vendor makes.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        # The parsed message keeps each header's name and value as sent (case and order included).
        raw_headers = b"".join(f"{k}: {v}\r\n".encode("latin-1") for k, v in self.headers.items())
        recorded = Recorded(self.command, self.path, raw_headers, {k.lower(): v for k, v in self.headers.items()}, body)
        with self.server.lock:
            self.server.requests.append(recorded)
        reply = self.server.script(recorded, self)
        if reply is None:
            self.close_connection = True
            return
        data, headers = reply.encoded()
        self.send_response(reply.status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # A load test opens many connections at once: accept them all.
    request_queue_size = 1024

    def __init__(self, script: Script) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.requests: list[Recorded] = []
        self.lock = threading.Lock()
        # Set when the server stops, so that a handler stalling on purpose (see stall) lets go.
        self.stopping = threading.Event()


class Loopback:
    """A running loopback server: its base URL, the requests it saw, and a script that can be swapped."""

    def __init__(self, server: _Server) -> None:
        self._server = server

    @property
    def url(self) -> str:
        """Return the server's base URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> list[Recorded]:
        """Return the requests seen so far, in arrival order."""
        with self._server.lock:
            return list(self._server.requests)

    def script(self, script: Script) -> None:
        """Answer the following requests with ``script``."""
        self._server.script = script


@contextmanager
def serve(script: Script) -> Iterator[Loopback]:
    """Run a loopback server answering with ``script`` for the duration of the block."""
    server = _Server(script)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Loopback(server)
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def reset_connection(handler: BaseHTTPRequestHandler) -> None:
    """Send half a response, then reset the TCP connection (RST, not a clean close)."""
    handler.wfile.write(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"id":')
    handler.wfile.flush()
    sock: socket.socket = handler.connection
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    sock.close()


def stall(handler: BaseHTTPRequestHandler, sent: bytes = b"") -> None:
    """Send ``sent`` (nothing, or the start of a response), then say nothing more until the server stops."""
    if sent:
        handler.wfile.write(sent)
        handler.wfile.flush()
    server: _Server = handler.server  # type: ignore[assignment]  # serve() always builds a _Server
    server.stopping.wait()


def close_early(handler: BaseHTTPRequestHandler, sent: bytes) -> None:
    """Send ``sent`` (a response cut short of its Content-Length), then close the connection cleanly (FIN)."""
    handler.wfile.write(sent)
    handler.wfile.flush()
    handler.connection.shutdown(socket.SHUT_WR)
