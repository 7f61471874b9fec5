"""Hold the answers the benchmark server sends: a fully populated Browser-Use session and a BrowserAI stop.

"Fully populated" follows the current document: every property of its SessionView schema is set, and none is
null. The realistic values below come first; a property the document gains later is sampled from its schema.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

SESSION_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
SESSION_SCHEMA = "SessionView"

_REALISTIC: dict[str, Any] = {
    "status": "stopped",
    "model": "bu-max",
    "createdAt": "2026-11-07T05:31:56.123456Z",
    "updatedAt": "2026-11-07T05:33:12.654321+00:00",
    "title": "Find the cheapest flight from Berlin to Lisbon",
    "output": {"price": "89.99", "airline": "TAP", "stops": 0},
    "outputSchema": {"type": "object", "properties": {"price": {"type": "string"}}},
    "stepCount": 17,
    "lastStepSummary": "Clicking the Submit button",
    "isTaskSuccessful": True,
    "liveUrl": "https://live.browser-use.com/s/3c90c3cc",
    "recordingUrls": ["https://cdn.browser-use.com/rec/3c90c3cc-1.mp4"],
    "profileId": "8f1c2a5e-6d7b-4e3f-9a0b-1c2d3e4f5a6b",
    "workspaceId": "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
    "proxyCountryCode": "de",
    "maxCostUsd": "5.00",
    "totalInputTokens": 48213,
    "totalOutputTokens": 2210,
    "proxyUsedMb": "12.4",
    "llmCostUsd": "0.41",
    "proxyCostUsd": "0.02",
    "browserCostUsd": "0.06",
    "totalCostUsd": "0.49",
    "screenshotUrl": "https://cdn.browser-use.com/shots/3c90c3cc.png?X-Amz-Expires=300",
    "agentmailEmail": "3c90c3cc@agentmail.to",
}


@cache
def _document() -> dict[str, Any]:
    import yaml

    from generator.registry import vendor

    loaded: dict[str, Any] = yaml.safe_load(vendor("browser-use").spec.read_text(encoding="utf-8"))
    return loaded


def session(session_id: str = SESSION_ID) -> dict[str, Any]:
    """Return a Browser-Use session object with every property of the current document set, none null."""
    from benchmarks.samples import populate

    return populate(SESSION_SCHEMA, _document(), {**_REALISTIC, "id": session_id})


SESSION_BYTES = json.dumps(session(), separators=(",", ":")).encode()
"""The session object as bytes on the wire (compact JSON, about 1 KB)."""

TASK_STOPPED = {"message": "Task stopped successfully"}
"""BrowserAI's answer to a stop command."""
