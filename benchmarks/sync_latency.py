"""Sync, sequential: per-call latency of the facade's stop against bare http.client, the generated code and httpx.

The reference is the floor: a bare ``http.client`` POST and ``json.loads`` of the answer, with no httpx and no
model, on a kept-alive connection. Measured twice: on loopback, where the answer comes at once and what the facade
takes on top of the floor is its own work per call; and with the server 50 ms away (a realistic round trip: a
vendor is 20 to 200 ms away), the figure a user feels, for the facade, raw httpx.Client and the floor.
"""

from __future__ import annotations

import http.client
import json
import uuid
from collections.abc import Callable

import httpx

from benchmarks.measure import Figure, figures, interleaved, per_call
from benchmarks.payloads import SESSION_ID
from benchmarks.server import serving

GROUP = "sync per-call latency, on loopback"
FAR_GROUP = "sync per-call latency, the server 50 ms away"
FLOOR = "bare http.client POST + json.loads (the floor: no httpx, no model)"
FLOOR_BROWSERAI = "bare http.client POST + json.loads, BrowserAI's stop command"
REFERENCE = FLOOR
RAW_HTTPX = "raw httpx.Client POST + json.loads"
FACADE = "facade stop, Browser-Use"
FACADE_BROWSERAI = "facade stop, BrowserAI"
GENERATED = "generated stop_session.sync alone"
KEY = "bench-key"
TASK_ID = "task-1"
STOP_COMMAND = b'{"command":"stop"}'
DELAY = 0.05
FAR = (FLOOR, RAW_HTTPX, FACADE)
"""The candidates measured at the realistic round trip."""


def _floor(url: str) -> tuple[http.client.HTTPConnection, Callable[[], None], Callable[[], None]]:
    """Return one kept-alive http.client connection and the two vendors' stops sent over it."""
    host, _, port = url.removeprefix("http://").partition(":")
    connection = http.client.HTTPConnection(host, int(port))
    path = f"/sessions/{SESSION_ID}/stop"
    headers = {"X-Browser-Use-API-Key": KEY}
    task_path = f"/tasks/{TASK_ID}/command"
    task_headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}

    def browser_use() -> None:
        connection.request("POST", path, headers=headers)
        json.loads(connection.getresponse().read())

    def browserai() -> None:
        connection.request("POST", task_path, body=STOP_COMMAND, headers=task_headers)
        json.loads(connection.getresponse().read())

    return connection, browser_use, browserai


def run(url: str, *, rounds: int, calls: int, names: tuple[str, ...] | None = None, group: str = GROUP) -> list[Figure]:
    """Measure the sync candidates (every one, or ``names``) against the server at ``url``."""
    from browser_clients import BrowserClients
    from browser_use_client import AuthenticatedClient
    from browser_use_client.api.sessions import stop_session

    facade = BrowserClients(
        browserai_api_key=KEY, browser_use_api_key=KEY, browserai_base_url=url, browser_use_base_url=url
    )
    generated = AuthenticatedClient(base_url=url, token=KEY)
    raw = httpx.Client()
    session_url = f"{url}/sessions/{SESSION_ID}/stop"
    headers = {"X-Browser-Use-API-Key": KEY}

    def raw_post() -> None:
        json.loads(raw.post(session_url, headers=headers).content)

    connection, bare_browser_use, bare_browserai = _floor(url)
    session = uuid.UUID(SESSION_ID)
    candidates: dict[str, Callable[[], float]] = {
        FLOOR: lambda: per_call(bare_browser_use, calls),
        FACADE: lambda: per_call(lambda: facade.stop("browser-use", SESSION_ID), calls),
        FLOOR_BROWSERAI: lambda: per_call(bare_browserai, calls),
        FACADE_BROWSERAI: lambda: per_call(lambda: facade.stop("browserai", TASK_ID), calls),
        RAW_HTTPX: lambda: per_call(raw_post, calls),
        GENERATED: lambda: per_call(lambda: stop_session.sync(session, client=generated), calls),
    }
    candidates = {name: candidates[name] for name in names or candidates}
    try:
        for candidate in candidates.values():  # warm up: connections, imports, caches
            candidate()
        results = interleaved(candidates, rounds)
    finally:
        facade.close()
        generated.get_httpx_client().close()
        raw.close()
        connection.close()
    return figures(group, results, "µs", reference=REFERENCE, scale=1e6)


def run_far(*, rounds: int, calls: int) -> list[Figure]:
    """Measure the facade, raw httpx and the floor against a server that answers 50 ms late."""
    with serving(DELAY) as url:
        return run(url, rounds=rounds, calls=calls, names=FAR, group=FAR_GROUP)
