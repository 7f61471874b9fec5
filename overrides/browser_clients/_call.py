"""Describe one request to a vendor and read its answer: the part of every call that sync and async share."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

from browser_clients._deviations import report
from browser_clients._errors import ResponseValidationError, bounded, status_error
from browser_clients._response import Answer
from browser_clients._vendor import Vendor

T = TypeVar("T")

# What a body of the wrong shape makes a generated from_dict raise (tolerant parsers catch these too).
SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError, RecursionError)


@dataclass(frozen=True)
class NotJSON:
    """What a tolerant Call's ``parse`` is given for a 2xx body that is empty or not JSON: the body as sent."""

    body: bytes
    content_type: str | None = None

    @property
    def text(self) -> str:
        """Return the body as text (undecodable bytes replaced), to keep on a result."""
        return self.body.decode("utf-8", errors="replace")


class Call(NamedTuple, Generic[T]):
    """One operation on one vendor: the request to send and how to read a 2xx answer into ``T``.

    ``parse`` gets the decoded JSON, or a NotJSON when the body is empty or not JSON; ``tolerant`` parsers (the
    facade's own: stop, get, run) read whatever came and keep it, so a 2xx answer is never lost to its shape.
    A named tuple: every call makes one, and a tuple is made in half the time of a frozen dataclass.
    """

    vendor: Vendor
    operation: str
    request: Mapping[str, Any]
    parse: Callable[[Any], T]
    idempotent: bool = True
    tolerant: bool = False


# typeshed types make_scanner's argument as a scanner; it takes the decoder whose settings it scans with.
_SCAN = json.scanner.make_scanner(json.decoder.JSONDecoder())  # type: ignore[arg-type]
"""The scanner json.loads ends in (C, where CPython has it), with json.loads' own defaults."""


NOT_JSON: Any = object()
"""What ``decode`` returns for a body that is not JSON."""


def decode(body: bytes) -> Any:
    """Return ``json.loads(body)``, or NOT_JSON where it raises; without its per-call checks on the common case.

    json.loads of bytes guesses the encoding, decodes, skips whitespace, scans and checks that nothing follows.
    Here a body that is UTF-8 and scans whole as one value from its first character is that value, as json.loads
    would read it; anything else (a BOM, UTF-16 or UTF-32, whitespace around, trailing data, not JSON) is left
    to json.loads itself.
    """
    try:
        text = body.decode()
        value, end = _SCAN(text, 0)
        if end == len(text):
            return value
    except (UnicodeDecodeError, StopIteration, ValueError):
        pass
    except RecursionError:  # nested too deep for json.loads as well
        return NOT_JSON
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return NOT_JSON


def read(call: Call[T], response: Answer, retry_after: float | None = None, *, strict: bool = False) -> T:
    """Return the parsed 2xx answer, or raise the matching error from the tree.

    A 2xx answer is the vendor's data and is never lost: a tolerant call's parser gets it as it came (JSON, or a
    NotJSON); a typed surface's parser (a generated ``from_dict``, which reads any value) gets the text of a body
    that is not JSON, and the model it builds lists that as a deviation. Deviations are logged once per operation
    and field by the generated package, or, with ``strict``, raised as ResponseValidationError.
    """
    if not 200 <= response.status_code < 300:
        raise status_error(call.vendor, response.response, retry_after)
    if response.status_code == 204:  # No Content: there is no body to read (a delete's answer)
        return call.parse(None)
    body = response.content
    data = decode(body) if body else NOT_JSON
    if data is NOT_JSON:
        data = NotJSON(body, response.headers.get("content-type"))
        if not call.tolerant:
            data = data.text
    try:
        result = call.parse(data)
    except SHAPE_ERRORS as exc:  # a generated from_dict reads any value: this is a parser's own bug, kept visible
        raise ResponseValidationError(
            bounded(f"{call.operation}: {type(exc).__name__}: {exc}"),
            vendor=call.vendor.value,
            status_code=response.status_code,
            body=body,
        ) from None
    report(call.vendor, call.operation, result, strict=strict, status_code=response.status_code, body=body)
    return result
