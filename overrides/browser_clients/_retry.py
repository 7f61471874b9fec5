"""Decide whether and when to try a request again: the retry policy both surfaces share."""

from __future__ import annotations

import email.utils
import random
import re
import time
from dataclasses import dataclass, replace

import httpx

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Failures where the request certainly never reached the server, so even a create may be sent again.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# RFC 9110 says whole seconds; a fraction is tolerated, a sign, exponent or "nan" is not a delay.
_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Return the wait a ``Retry-After`` header asks for, in seconds (delta or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if _SECONDS.fullmatch(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, honouring (and capping) the server's Retry-After."""

    max_retries: int = 2
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int) or self.max_retries < 0:
            raise ValueError(f"max_retries must be a whole number >= 0, got {self.max_retries!r}")

    def with_retries(self, max_retries: int | None) -> RetryPolicy:
        """Return this policy with another ``max_retries`` (None keeps it), the delays unchanged."""
        return self if max_retries is None else replace(self, max_retries=max_retries)

    def backoff(self, retry: int, retry_after: float | None = None) -> float:
        """Return how long to wait before retry number ``retry`` (0-based): Retry-After, capped, or full jitter."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return random.uniform(0.0, min(self.max_delay, self.base_delay * (2**retry)))

    def reason_for_status(self, retry: int, status_code: int, *, idempotent: bool) -> str | None:
        """Return why an answer of ``status_code`` should be retried, or None when it is final (a create's is)."""
        if not idempotent or retry >= self.max_retries or status_code not in RETRY_STATUSES:
            return None
        return f"HTTP {status_code}"

    def reason_for_error(self, retry: int, exc: httpx.RequestError, *, idempotent: bool) -> str | None:
        """Return why a failed request should be retried, or None when it must surface."""
        if retry >= self.max_retries or not isinstance(exc, httpx.TransportError):
            return None  # a body that cannot be decoded (DecodingError) will not decode better next time
        if not idempotent and not isinstance(exc, _NEVER_SENT):
            return None  # the server may have acted on it: sending a create again could duplicate work
        return type(exc).__name__
