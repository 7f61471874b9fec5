"""What the request-option tests share: a loopback vendor of both APIs that records every request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.resilience.conftest import SESSION, Surface
from tests.support.loopback import Loopback, Recorded, Reply, serve

HEADERS = {"X-Request-Id": "req-42", "X-Served-By": "loopback"}
"""Headers every answer carries, for raw responses to show."""


def session(**fields: Any) -> dict[str, Any]:
    """Return a Browser-Use session body (stopped unless ``fields`` say otherwise)."""
    return {
        "id": SESSION,
        "status": "stopped",
        "model": "bu-mini",
        "createdAt": "2026-01-05T10:00:00Z",
        "updatedAt": "2026-01-05T10:00:01Z",
        **fields,
    }


def answer(request: Recorded, _handler: object = None) -> Reply:
    """Answer any operation of either vendor with success, whatever query it carries."""
    path = urlsplit(request.raw_path).path
    if path == "/tasks" and request.method == "POST":
        body = {"executionId": "exec-1", "scriptType": "crawler_automation", "status": "queued"}
    elif path.startswith("/tasks/") and path.endswith("/command"):
        body = {"message": "Task stopped successfully"}
    elif path.startswith("/tasks/"):
        body = {"executionId": "exec-1", "status": "completed"}
    elif path.startswith("/results/"):
        body = {"executionId": "exec-1", "status": "completed", "results": []}
    else:
        body = session()
    return Reply(200, body, dict(HEADERS))


@pytest.fixture
def recorder() -> Iterator[Loopback]:
    """A loopback server of both vendors that records every request."""
    with serve(answer) as server:
        yield server


@pytest.fixture(
    params=[("sync", False), ("async", False), ("sync", True), ("async", True)],
    ids=["sync", "async", "sync-users-httpx", "async-users-httpx"],
)
def surface(request: pytest.FixtureRequest) -> Surface:
    """Each client in turn, sync and async, over its own transport and over an httpx client the user passed."""
    kind, through_httpx = request.param
    return Surface(kind, through_httpx)
