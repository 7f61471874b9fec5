"""Browser-Use v4's statuses and what they mean in common words: runs and queued messages, once.

A run goes queued -> dispatching -> running -> completed, failed or cancelled (the last three end it). A message
sent to a busy session waits in its queue, pending, until the session's run ends; only a pending message can be
cancelled. Browsers are the account's and read by v3's table (``_vendors/browser_use/statuses.py``).
"""

from __future__ import annotations

from browser_clients._types import CommonStatus

RUN = {
    "queued": CommonStatus.QUEUED,
    "dispatching": CommonStatus.QUEUED,
    "running": CommonStatus.RUNNING,
    "completed": CommonStatus.SUCCEEDED,
    "failed": CommonStatus.FAILED,
    "cancelled": CommonStatus.STOPPED,
}
"""Each run status the document lists, as a common status."""
ACTIVE_RUN = frozenset({"queued", "dispatching", "running"})
"""The run statuses that are active work."""
PENDING_MESSAGE = "pending"
"""The one queued-message status that can still be cancelled (and would become a run)."""


def run_status(word: str | None) -> CommonStatus:
    """Map a run's status to the common vocabulary (words no document lists are UNKNOWN, the word kept)."""
    return CommonStatus.UNKNOWN if word is None else RUN.get(word, CommonStatus.UNKNOWN)
