"""The package's logger, turned on without code by ``BROWSER_CLIENTS_LOG``, and its one line per attempt.

``BROWSER_CLIENTS_LOG=info`` (or ``debug``) puts a stderr handler on the ``browser_clients`` logger. Each attempt
then logs, at INFO, its method, URL, status, elapsed milliseconds, attempt and request id; at DEBUG, the names
(never the values) of the headers it sent as well. No line ever carries a header's value, so no key shows.
The engine calls these only when ``log.isEnabledFor(INFO)``: with logging off a request does no logging work.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from browser_clients._constants import LOG_ENV
from browser_clients._errors import request_id_of

if TYPE_CHECKING:
    from browser_clients._transport import Request

log = logging.getLogger("browser_clients")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


class _EnvHandler(logging.StreamHandler):  # type: ignore[type-arg]  # StreamHandler is generic only in typeshed
    """The stderr handler BROWSER_CLIENTS_LOG adds (a class of its own, so it is added once)."""


def configure_from_env(environ: Mapping[str, str] | None = None) -> None:
    """Add a stderr handler to the package's logger when ``BROWSER_CLIENTS_LOG`` names a level."""
    level = _LEVELS.get((os.environ if environ is None else environ).get(LOG_ENV, "").strip().lower())
    if level is None or any(isinstance(h, _EnvHandler) for h in log.handlers):
        return
    handler = _EnvHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(level)


def log_attempt(vendor: str, operation: str, request: Request, *, attempt: int, elapsed: float, outcome: Any) -> None:
    """Log one attempt: method, URL, status (or the failure), elapsed ms, attempt and request id."""
    status = getattr(outcome, "status_code", None)
    rid = None if status is None else request_id_of(outcome.headers)
    said = f"failed ({type(outcome).__name__})" if status is None else f"{status}"
    log.info(
        "%s %s %s -> %s in %.1f ms (attempt %d, request id %s)",
        vendor,
        request.method,
        request.url,
        said,
        elapsed * 1000,
        attempt,
        rid or "-",
        extra={
            "vendor": vendor,
            "operation": operation,
            "method": request.method,
            "url": request.url,
            "status_code": status,
            "elapsed_ms": elapsed * 1000,
            "attempt": attempt,
            "request_id": rid,
        },
    )
    if log.isEnabledFor(logging.DEBUG):
        names = sorted(name for name, _ in request.headers)
        log.debug("%s %s sent headers: %s", vendor, operation, ", ".join(names) or "none")


__all__ = ["LOG_ENV", "configure_from_env", "log", "log_attempt"]
