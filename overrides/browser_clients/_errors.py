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
    ├── APIConnectionError                no usable answer: DNS, refused, reset, cut short, undecodable
    │   └── APITimeoutError               connect or read took longer than the timeout
    ├── ResponseValidationError           a 2xx body that is not what the document promised
    │   └── OutputValidationError         the work's output does not fit run()'s output_type
    └── WaitTimeoutError                  wait() ran out of time before the work ended

Every error carries what a user needs to act: the vendor, the HTTP status, the vendor's message, the request id,
the answer's headers and the (size-bounded) body; a WaitTimeoutError carries the handle and the last snapshot it
saw; an OutputValidationError the field the output got wrong. No error message ever contains an API key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from browser_clients._snapshot import Handle, Snapshot
    from browser_clients._vendor import Vendor

MAX_BODY = 8192
"""How many bytes of a response body an error keeps."""
MAX_MESSAGE = 500
"""How many characters of a vendor's message (or a parse failure) an error message shows."""
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
        self.body = body[:MAX_BODY]
        self.detail = detail
        suffix = f" (request id {request_id})" if request_id else ""
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
    """The vendor did not answer within the timeout."""


class ResponseValidationError(BrowserClientError):
    """A 2xx answer whose body is not what the vendor's document promised (malformed JSON, wrong shape)."""

    def __init__(self, message: str, *, vendor: str, status_code: int, body: bytes = b"") -> None:
        self.vendor = vendor
        self.status_code = status_code
        self.body = body[:MAX_BODY]
        super().__init__(f"{vendor} answered {status_code} with an unexpected body: {message}")


class OutputValidationError(ResponseValidationError):
    """The work's output does not fit run()'s ``output_type``; ``field`` names where, ``output`` is as sent."""

    def __init__(self, message: str, *, vendor: str, field: str, output: Any) -> None:
        self.field = field
        self.output = output
        super().__init__(message, vendor=vendor, status_code=200)


class WaitTimeoutError(BrowserClientError):
    """wait() ran out of time; ``last_snapshot`` is where the work was, and the work itself goes on."""

    def __init__(self, message: str, *, handle: Handle, last_snapshot: Snapshot, timeout: float | None) -> None:
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


def bounded(text: str) -> str:
    """Return ``text`` on one line and at most MAX_MESSAGE characters."""
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


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


def status_error(vendor: Vendor, response: httpx.Response, retry_after: float | None = None) -> APIStatusError:
    """Build the APIStatusError subclass for a non-2xx answer (``retry_after``: its Retry-After, parsed)."""
    body = response.content
    try:
        data = json.loads(body) if body else None
    except (ValueError, RecursionError):
        data = None
    reason = response.reason_phrase or "error"
    message, detail = error_message(data, reason)
    message = bounded(message)
    request_id = request_id_of(response.headers)
    cls = status_error_class(response.status_code)
    error = cls(
        message,
        status_code=response.status_code,
        vendor=vendor.value,
        request_id=request_id,
        body=body,
        detail=detail,
        headers=response.headers,
    )
    if isinstance(error, RateLimitError):
        error.retry_after = retry_after
    return error


def transport_error(vendor: Vendor, exc: httpx.RequestError) -> APIConnectionError:
    """Translate a failed httpx request into the tree (no request headers, so no key, in the message)."""
    import httpx  # loaded already: only a request that httpx made can fail this way

    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"timed out ({type(exc).__name__})", vendor=vendor.value)
    if isinstance(exc, httpx.DecodingError):  # the answer arrived but its Content-Encoding was corrupt
        return APIConnectionError(bounded(f"unreadable answer ({type(exc).__name__}: {exc})"), vendor=vendor.value)
    return APIConnectionError(bounded(f"connection failed ({type(exc).__name__}: {exc})"), vendor=vendor.value)
