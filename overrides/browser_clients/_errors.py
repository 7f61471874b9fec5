"""The one exception tree of browser_clients, for both vendors and both surfaces (sync and async).

    BrowserClientError                    every error this package raises
    ├── ConfigurationError                a missing or malformed API key, base URL or option (before any request)
    ├── InvalidArgumentError              an argument no request could carry (also a ValueError)
    │   └── InvalidSessionIdError         a session id the vendor cannot take
    ├── APIStatusError                    the vendor answered with a non-2xx status
    │   ├── BadRequestError               400, 422
    │   ├── AuthenticationError           401
    │   ├── PermissionDeniedError         403
    │   ├── NotFoundError                 404
    │   ├── ConflictError                 409
    │   ├── RateLimitError                429
    │   └── ServerError                   5xx
    ├── APIConnectionError                no usable answer: DNS, refused, reset, cut short, undecodable, crossed
    │   ├── APITimeoutError               an attempt outlasted its timeout, or the call its deadline
    │   └── ResponseTooLargeError         the answer's body is larger than the client reads
    ├── ResponseValidationError           a 2xx body that is not what the document promised
    │   └── OutputValidationError         the work's output does not fit run()'s output_type
    └── WaitTimeoutError                  wait() ran out of time before the work ended

Every error carries what a user needs to act: the vendor, the HTTP status, the vendor's message, the request id,
the answer's headers and the (size-bounded) body; a WaitTimeoutError carries the handle and the last snapshot it
saw; an OutputValidationError the field the output got wrong. No error message ever contains an API key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from browser_clients._constants import ERROR_BODY_BYTES, ERROR_MESSAGE_CHARS

if TYPE_CHECKING:
    import httpx

    from browser_clients._contract import Vendor
    from browser_clients._transport import Answer
    from browser_clients._types import Handle, Snapshot

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters but tab and newline: what a vendor's text must not bring to a terminal (escape sequences)."""
_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")


class BrowserClientError(Exception):
    """Base of every error raised by browser_clients."""


class ConfigurationError(BrowserClientError):
    """A client was set up with a missing or malformed key, base URL or option."""


class InvalidArgumentError(BrowserClientError, ValueError):
    """An argument no request could carry, rejected before any request."""


class InvalidSessionIdError(InvalidArgumentError):
    """A session id the vendor cannot take, rejected before any request."""


class APIStatusError(BrowserClientError):
    """The vendor answered with a non-2xx status."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        vendor: str,
        request_id: str | None = None,
        body: bytes = b"",
        detail: Any = None,
        headers: httpx.Headers | None = None,
    ) -> None:
        self.status_code = status_code
        # The answer's headers (never the request's, which carry the key); empty when built by hand.
        self.headers: Mapping[str, str] = {} if headers is None else headers
        self.vendor = vendor
        self.message = message
        self.request_id = request_id
        self.body = body[:ERROR_BODY_BYTES]
        self.detail = detail
        suffix = f" (request id {bounded(request_id)})" if request_id else ""
        super().__init__(f"{vendor} answered {status_code}: {message}{suffix}")


class BadRequestError(APIStatusError):
    """The vendor rejected the request as malformed (400) or invalid (422)."""


class AuthenticationError(APIStatusError):
    """The vendor did not accept the API key (401)."""


class PermissionDeniedError(APIStatusError):
    """The API key may not do this (403)."""


class NotFoundError(APIStatusError):
    """The vendor does not know the session or task (404)."""


class ConflictError(APIStatusError):
    """The request conflicts with the current state (409)."""


class RateLimitError(APIStatusError):
    """Too many requests (429); ``retry_after`` is the wait the vendor asked for, in seconds, if any."""

    retry_after: float | None = None


class ServerError(APIStatusError):
    """The vendor failed (5xx)."""


class APIConnectionError(BrowserClientError):
    """The request did not get an answer: the connection failed or broke."""

    def __init__(self, message: str, *, vendor: str) -> None:
        self.vendor = vendor
        super().__init__(f"{vendor}: {message}")


class APITimeoutError(APIConnectionError):
    """An attempt outlasted its timeout, or the call its deadline."""


class ResponseTooLargeError(APIConnectionError):
    """The answer's body is larger than the client reads (``max_body_bytes``); it is not retried."""


class ResponseValidationError(BrowserClientError):
    """A 2xx answer whose body is not what the vendor's document promised (malformed JSON, wrong shape)."""

    def __init__(self, message: str, *, vendor: str, status_code: int, body: bytes = b"") -> None:
        self.vendor = vendor
        self.status_code = status_code
        self.body = body[:ERROR_BODY_BYTES]
        super().__init__(f"{vendor} answered {status_code} with an unexpected body: {message}")


class OutputValidationError(ResponseValidationError):
    """The work's output does not fit run()'s ``output_type``; ``field`` names where, ``output`` is as sent."""

    def __init__(self, message: str, *, vendor: str, field: str, output: Any) -> None:
        self.field = field
        self.output = output
        super().__init__(message, vendor=vendor, status_code=200)


class WaitTimeoutError(BrowserClientError):
    """wait() ran out of time; ``last_snapshot`` is where the work was, and the work itself goes on."""

    def __init__(
        self, message: str, *, handle: Handle[Any], last_snapshot: Snapshot[Any], timeout: float | None
    ) -> None:
        self.handle = handle
        self.last_snapshot = last_snapshot
        self.timeout = timeout
        super().__init__(message)


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: BadRequestError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """Return the APIStatusError subclass for an HTTP status."""
    if status_code >= 500:
        return ServerError
    return _BY_STATUS.get(status_code, APIStatusError)


def printable(text: str, *, lines: bool = False) -> str:
    """Return ``text`` without control characters, safe to show on a terminal: on one line, or with ``lines``
    keeping its newlines and tabs."""
    text = _CONTROL.sub("", text)
    return text if lines else " ".join(text.split())


def bounded(text: str) -> str:
    """Return ``text`` on one line, without control characters, and at most ERROR_MESSAGE_CHARS characters."""
    text = printable(text)
    return text if len(text) <= ERROR_MESSAGE_CHARS else text[: ERROR_MESSAGE_CHARS - 1] + "…"


def error_message(data: Any, fallback: str) -> tuple[str, Any]:
    """Return a readable message and the raw detail from an error body of either vendor."""
    if isinstance(data, dict):
        if isinstance(data.get("error"), str):  # BrowserAI: {"error": "..."}
            return data["error"], data["error"]
        detail = data.get("detail")
        if isinstance(detail, str):  # Browser-Use: {"detail": "..."}
            return detail, detail
        if isinstance(detail, list):  # FastAPI validation: {"detail": [{"loc": [...], "msg": ..., "type": ...}]}
            parts = []
            for item in detail:
                if isinstance(item, dict):
                    loc = ".".join(str(p) for p in item.get("loc") or [])
                    parts.append(f"{loc}: {item.get('msg')}" if loc else str(item.get("msg")))
            if parts:
                return "; ".join(parts), detail
        if isinstance(data.get("message"), str):
            return data["message"], data["message"]
    return fallback, None


def request_id_of(headers: Mapping[str, str]) -> str | None:
    """Return the request id an answer carries, under any of the names vendors and proxies use."""
    return next((headers[h] for h in _REQUEST_ID_HEADERS if h in headers), None)


def status_error(vendor: Vendor, answer: Answer, retry_after: float | None = None) -> APIStatusError:
    """Build the APIStatusError subclass for a non-2xx answer (``retry_after``: its Retry-After, parsed)."""
    body = answer.content
    try:
        data = json.loads(body) if body else None
    except (ValueError, RecursionError):
        data = None
    message, detail = error_message(data, answer.reason or "error")
    cls = status_error_class(answer.status_code)
    error = cls(
        bounded(message),
        status_code=answer.status_code,
        vendor=vendor.value,
        request_id=request_id_of(answer.headers),
        body=body,
        detail=detail,
        headers=answer.headers,
    )
    if isinstance(error, RateLimitError):
        error.retry_after = retry_after
    return error
