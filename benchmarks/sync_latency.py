"""Sync, sequential: per-call latency of the facade's stop, of the generated function alone, and of raw httpx."""

from __future__ import annotations

import http.client
import json
import uuid
from collections.abc import Callable

import httpx

from benchmarks.measure import Figure, figures, interleaved, per_call
from benchmarks.payloads import SESSION_ID

GROUP = "sync per-call latency"
REFERENCE = "raw httpx.Client POST + json.loads"
FLOOR = "bare http.client POST + json.loads (the floor: no httpx, no model)"
KEY = "bench-key"


def run(url: str, *, rounds: int, calls: int) -> list[Figure]:
    """Measure every sync candidate against the server at ``url``."""
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

    host, _, port = url.removeprefix("http://").partition(":")
    floor = http.client.HTTPConnection(host, int(port))
    path = f"/sessions/{SESSION_ID}/stop"

    def bare_post() -> None:
        floor.request("POST", path, headers=headers)
        json.loads(floor.getresponse().read())

    session = uuid.UUID(SESSION_ID)
    candidates: dict[str, Callable[[], float]] = {
        REFERENCE: lambda: per_call(raw_post, calls),
        "facade stop, Browser-Use": lambda: per_call(lambda: facade.stop("browser-use", SESSION_ID), calls),
        "facade stop, BrowserAI": lambda: per_call(lambda: facade.stop("browserai", "task-1"), calls),
        FLOOR: lambda: per_call(bare_post, calls),
        "generated stop_session.sync alone": lambda: per_call(
            lambda: stop_session.sync(session, client=generated), calls
        ),
    }
    try:
        for candidate in candidates.values():  # warm up: connections, imports, caches
            candidate()
        results = interleaved(candidates, rounds)
    finally:
        facade.close()
        generated.get_httpx_client().close()
        raw.close()
        floor.close()
    return figures(GROUP, results, "µs", reference=REFERENCE, scale=1e6)
