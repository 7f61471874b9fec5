"""Helpers for the drift tests: fixture cases, in-memory comparison, and a loopback server for URL inputs."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from generator.drift.compare import compare
from generator.drift.load import from_data
from generator.drift.model import Change

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def wrap(schema: dict[str, Any], side: str, version: str, components: dict[str, Any] | None) -> dict[str, Any]:
    """Return a document whose one operation, POST /things, sends or receives ``schema`` as JSON."""
    request = schema if side == "request" else {"type": "object"}
    response = schema if side == "response" else {"type": "object"}
    doc: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "fixture", "version": "1"},
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": request}}},
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": response}}}},
                }
            }
        },
    }
    if components:
        doc["components"] = components
    return copy.deepcopy(doc)


def documents(case: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the OLD and NEW documents of a fixture case."""
    if "schema" in case:
        spec = case["schema"]
        version = str(case.get("openapi", "3.1.0"))
        return (
            wrap(spec["old"], spec["side"], version, case.get("components")),
            wrap(spec["new"], spec["side"], version, case.get("components")),
        )
    return copy.deepcopy(case["old"]), copy.deepcopy(case["new"])


def load_cases() -> list[dict[str, Any]]:
    """Return every case of every fixture file, each tagged with its file."""
    cases = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append({**case, "file": path.name})
    return cases


def diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[Change, ...]:
    """Compare two documents given as mappings."""
    return compare(from_data(old, "OLD"), from_data(new, "NEW"))


def verdict(changes: tuple[Change, ...]) -> dict[str, str]:
    """Return rule -> severity for the changes (what a fixture's `expect` states)."""
    return {c.rule: c.severity.value for c in changes}


class _Files(BaseHTTPRequestHandler):
    served: ClassVar[dict[str, tuple[int, bytes]]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        status, body = self.served.get(self.path, (404, b"not found"))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Loopback:
    """A threaded HTTP server on 127.0.0.1 serving bytes by path."""

    def __init__(self) -> None:
        handler = type("Handler", (_Files,), {"served": {}})
        self.served: dict[str, tuple[int, bytes]] = handler.served
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        """Return the URL of ``path`` on this server."""
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def serve(self, path: str, body: bytes | str, status: int = 200) -> str:
        """Serve ``body`` at ``path`` and return its URL."""
        self.served[path] = (status, body.encode() if isinstance(body, str) else body)
        return self.url(path)


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    """Start a loopback HTTP server for the test and stop it afterwards."""
    server = Loopback()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
