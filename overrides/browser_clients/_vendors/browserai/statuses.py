"""BrowserAI's status words and what they mean in common words.

BrowserAI publishes no status enum: ``status`` is a free string. These are the words its API plausibly uses,
grouped by meaning: the stop command's own answer ("Task stopped successfully"), the results' ``started`` and
``completed`` fields, and the words task queues commonly use. Matching ignores case, spaces and hyphens; any other
word is UNKNOWN, with the word kept in raw_status.
"""

from __future__ import annotations

from browser_clients._types import CommonStatus

WORDS: dict[CommonStatus, tuple[str, ...]] = {
    CommonStatus.QUEUED: ("queued", "pending", "created", "scheduled", "submitted", "waiting"),
    CommonStatus.RUNNING: ("running", "in_progress", "processing", "started", "active", "executing"),
    CommonStatus.SUCCEEDED: ("completed", "complete", "succeeded", "success", "successful", "done", "finished"),
    CommonStatus.FAILED: ("failed", "failure", "error", "errored"),
    CommonStatus.STOPPED: ("stopped", "cancelled", "canceled", "aborted", "terminated", "killed"),
    CommonStatus.TIMED_OUT: ("timed_out", "timeout", "expired"),
}
_BY_WORD = {word: status for status, words in WORDS.items() for word in words}


def common_status(word: str | None) -> CommonStatus:
    """Map a BrowserAI status word to the common vocabulary (see WORDS; others to UNKNOWN)."""
    if not word:
        return CommonStatus.UNKNOWN
    return _BY_WORD.get(word.strip().lower().replace("-", "_").replace(" ", "_"), CommonStatus.UNKNOWN)
