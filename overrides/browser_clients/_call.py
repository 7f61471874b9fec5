"""Describe one request to a vendor and read its answer: the part of every call that sync and async share."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from browser_clients._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
    ResponseValidationError,
    status_error_class,
)
from browser_clients._vendor import Vendor

T = TypeVar("T")

_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")
MAX_MESSAGE = 500
"""How many characters of a vendor's message (or a parse failure) an error message shows."""
# What a body of the wrong shape makes a generated from_dict (or json.loads, nested too deep) raise.
_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError, RecursionError)


def _bounded(text: str) -> str:
    """Return ``text`` on one line and at most MAX_MESSAGE characters."""
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


@dataclass(frozen=True)
class Call(Generic[T]):
    """One operation on one vendor: the request to send and how to read a 2xx answer into ``T``."""

    vendor: Vendor
    operation: str
    request: Mapping[str, Any]
    parse: Callable[[Any], T]
    idempotent: bool = True


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


def _retry_after(response: httpx.Response) -> float | None:
    from browser_clients._retry import parse_retry_after

    return parse_retry_after(response.headers.get("retry-after"))


def status_error(vendor: Vendor, response: httpx.Response) -> APIStatusError:
    """Build the APIStatusError subclass for a non-2xx answer."""
    body = response.content
    try:
        data = json.loads(body) if body else None
    except (ValueError, RecursionError):
        data = None
    reason = response.reason_phrase or "error"
    message, detail = error_message(data, reason)
    message = _bounded(message)
    request_id = next((response.headers[h] for h in _REQUEST_ID_HEADERS if h in response.headers), None)
    cls = status_error_class(response.status_code)
    error = cls(
        message,
        status_code=response.status_code,
        vendor=vendor.value,
        request_id=request_id,
        body=body,
        detail=detail,
    )
    if isinstance(error, RateLimitError):
        error.retry_after = _retry_after(response)
    return error


def read(call: Call[T], response: httpx.Response) -> T:
    """Return the parsed 2xx answer, or raise the matching error from the tree."""
    if not 200 <= response.status_code < 300:
        raise status_error(call.vendor, response)
    if response.status_code == 204:  # No Content: there is no body to read (a delete's answer)
        return call.parse(None)
    body = response.content
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        kind = response.headers.get("content-type", "no content type")
        raise ResponseValidationError(
            _bounded(f"not JSON ({kind}): {exc}"), vendor=call.vendor.value, status_code=response.status_code, body=body
        ) from None
    try:
        return call.parse(data)
    except _SHAPE_ERRORS as exc:
        raise ResponseValidationError(
            _bounded(f"{call.operation}: {type(exc).__name__}: {exc}"),
            vendor=call.vendor.value,
            status_code=response.status_code,
            body=body,
        ) from None


def transport_error(vendor: Vendor, exc: httpx.RequestError) -> APIConnectionError:
    """Translate a failed httpx request into the tree (no request headers, so no key, in the message)."""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"timed out ({type(exc).__name__})", vendor=vendor.value)
    if isinstance(exc, httpx.DecodingError):  # the answer arrived but its Content-Encoding was corrupt
        return APIConnectionError(_bounded(f"unreadable answer ({type(exc).__name__}: {exc})"), vendor=vendor.value)
    return APIConnectionError(_bounded(f"connection failed ({type(exc).__name__}: {exc})"), vendor=vendor.value)
