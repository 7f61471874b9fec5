"""The package's logger, turned on without code by ``BROWSER_CLIENTS_LOG``, and its one line per request.

``BROWSER_CLIENTS_LOG=info`` (or ``debug``) puts a stderr handler on the ``browser_clients`` logger. Each request
then logs, at INFO, its method, URL, status, elapsed milliseconds, attempt and request id; at DEBUG, the names
(never the values) of the headers it sent as well. No line ever carries a header's value, so no key shows.
The clients call these only after ``log.isEnabledFor(INFO)``: with logging off a request does no logging work.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import Any

import httpx

from browser_clients._errors import request_id_of

LOG_ENV = "BROWSER_CLIENTS_LOG"
"""The environment variable that turns on the package's logging: ``debug`` or ``info``."""

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


def full_url(args: Mapping[str, Any]) -> str:
    """Return the URL a request goes to, query included (what the logs and raw responses show)."""
    url = str(args["url"])
    params = args.get("params")
    return f"{url}{'&' if '?' in url else '?'}{httpx.QueryParams(params)}" if params else url


def log_request(
    vendor: str,
    operation: str,
    args: Mapping[str, Any],
    *,
    attempt: int,
    elapsed: float,
    outcome: httpx.Response | BaseException,
) -> None:
    """Log one attempt: method, URL, status (or the failure), elapsed ms, attempt and request id."""
    method, url = str(args["method"]).upper(), full_url(args)
    response = outcome if isinstance(outcome, httpx.Response) else None
    status = None if response is None else response.status_code
    rid = None if response is None else request_id_of(response.headers)
    said = f"failed ({type(outcome).__name__})" if response is None else f"{status}"
    log.info(
        "%s %s %s -> %s in %.1f ms (attempt %d, request id %s)",
        vendor,
        method,
        url,
        said,
        elapsed * 1000,
        attempt,
        rid or "-",
        extra={
            "vendor": vendor,
            "operation": operation,
            "method": method,
            "url": url,
            "status_code": status,
            "elapsed_ms": elapsed * 1000,
            "attempt": attempt,
            "request_id": rid,
        },
    )
    if log.isEnabledFor(logging.DEBUG):
        names = sorted((args.get("headers") or {}).keys())
        log.debug("%s %s sent headers: %s (plus auth)", vendor, operation, ", ".join(names) or "none")


__all__ = ["LOG_ENV", "configure_from_env", "full_url", "log", "log_request"]
