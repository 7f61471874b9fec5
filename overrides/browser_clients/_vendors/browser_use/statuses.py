"""Browser-Use v3's statuses and what they mean in common words: agent sessions and browser sessions, once.

An agent session goes created (sandbox starting) -> idle (ready) -> running (task executing) -> stopped,
timed_out or error; a keep-alive session returns to idle after each task. A browser session is active or stopped.
"""

from __future__ import annotations

import json
from typing import Any

from browser_clients._types import CommonStatus

SESSION = {
    "created": CommonStatus.QUEUED,
    "idle": CommonStatus.IDLE,
    "running": CommonStatus.RUNNING,
    "stopped": CommonStatus.STOPPED,
    "timed_out": CommonStatus.TIMED_OUT,
    "error": CommonStatus.FAILED,
}
"""Each agent session status the document lists, as a common status."""
ACTIVE_SESSION = frozenset({"created", "idle", "running"})
"""The agent session statuses that are active work (a keep-alive session waiting for its next task is idle)."""

BROWSER = {"active": CommonStatus.RUNNING, "stopped": CommonStatus.STOPPED}
"""Each browser session status the document lists, as a common status."""
ACTIVE_BROWSER = "active"
"""The browser session status that is active work (and the list filter that asks for it)."""


def session_status(word: str, verdict: bool | None = None) -> CommonStatus:
    """Map an agent session's status, and its task's verdict if given, to the common vocabulary.

    A session that is ``idle`` or ``stopped`` after its task (keep-alive sessions return to idle, others stop)
    reports the task's success in ``isTaskSuccessful``: with a verdict it is SUCCEEDED or FAILED, without one
    (no task ran, or the task was stopped) IDLE or STOPPED. A ``timed_out`` session whose task had succeeded is
    SUCCEEDED. Words no document lists are UNKNOWN.
    """
    status = SESSION.get(word, CommonStatus.UNKNOWN)
    if verdict is None or status is CommonStatus.UNKNOWN:
        return status
    if status in (CommonStatus.IDLE, CommonStatus.STOPPED):
        return CommonStatus.SUCCEEDED if verdict else CommonStatus.FAILED
    if status is CommonStatus.TIMED_OUT and verdict:
        return CommonStatus.SUCCEEDED
    return status


def browser_status(word: str | None) -> CommonStatus:
    """Map a browser session's status to the common vocabulary (words no document lists are UNKNOWN)."""
    return CommonStatus.UNKNOWN if word is None else BROWSER.get(word, CommonStatus.UNKNOWN)


def read_session_status(raw: Any) -> tuple[CommonStatus, str | None]:
    """Return an agent session answer's common status and the vendor's word for it, from the answer as sent.

    A status that cannot be read at all is UNKNOWN, with whatever value came kept as the word (as JSON).
    """
    sent = raw if isinstance(raw, dict) else {}
    word, verdict = sent.get("status"), sent.get("isTaskSuccessful")
    if not isinstance(word, str):
        return CommonStatus.UNKNOWN, None if word is None else json.dumps(word, default=str)
    return session_status(word, verdict if isinstance(verdict, bool) else None), word
