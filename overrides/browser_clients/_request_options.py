"""The options every request takes, defined once, and how they change the request a Call describes.

Every facade method and every vendor-surface method takes ``**options: Unpack[RequestOptions]`` and hands them
to the client's one ``_send``, which passes them here (through ``Core.request_args``). Adding an option is one
line in RequestOptions and its handling in ``apply``: no signature changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from browser_clients._errors import BrowserClientError, InvalidArgumentError

if TYPE_CHECKING:
    import httpx

QueryValue = str | int | float | bool
"""One query parameter's value (a sequence of them repeats the parameter)."""


class RequestOptions(TypedDict, total=False):
    """Per-request options: each overrides the client's own for this one call."""

    timeout: float | httpx.Timeout | None
    """Seconds (or an httpx.Timeout) for each connect, read, write and pool wait; None keeps the client's."""
    max_retries: int | None
    """How many times a failed attempt is retried; None keeps the client's."""
    extra_headers: Mapping[str, str] | None
    """Headers to send besides the document's (they win over the client's default headers, never over auth)."""
    extra_query: Mapping[str, QueryValue | Sequence[QueryValue]] | None
    """Query parameters to send besides the document's (they win over a parameter of the same name)."""
    extra_body: Mapping[str, Any] | None
    """JSON fields merged into the body (they win over a field of the same name); an error on a bodiless call."""


OPTION_NAMES = frozenset(RequestOptions.__annotations__)
"""The names of every request option, to split them from other keywords and to catch misspelled ones."""

# RFC 9110 token characters: what a header name may be made of.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def check_headers(
    headers: Mapping[str, str] | None, source: str, error: type[BrowserClientError] = InvalidArgumentError
) -> dict[str, str]:
    """Return ``headers`` as a dict, or raise ``error`` for a name or value no header can carry.

    A CR or LF would inject headers. A value must be ASCII, which is stricter than HTTP's latin-1 on purpose: the
    two transports send the rest differently (http.client as latin-1, aiohttp as UTF-8), and RFC 9110 calls it
    obsolete. The message names the header, never its value (which may be a secret).
    """
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise error(f"{source} must be a mapping of header names to values, got {type(headers).__name__}")
    checked: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            raise error(f"{source}: {name!r} is not a valid header name")
        if not isinstance(value, str):
            raise error(f"{source}: the value of {name} must be a string, got {type(value).__name__}")
        if "\r" in value or "\n" in value or "\x00" in value:
            raise error(f"{source}: the value of {name} contains a CR, LF or NUL (which would inject headers)")
        if not value.isascii():
            raise error(f"{source}: the value of {name} is not ASCII, which HTTP headers carry the same on every path")
        checked[name] = value
    return checked


def merge_headers(*layers: Mapping[str, str] | None) -> dict[str, str]:
    """Return the headers of every layer, later layers winning; names compare without case, as HTTP's do."""
    merged: dict[str, tuple[str, str]] = {}
    for layer in layers:
        if layer:
            for name, value in layer.items():
                merged[name.lower()] = (name, value)
    return dict(merged.values())


def _check_query(query: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(query, Mapping):
        raise InvalidArgumentError(f"extra_query must be a mapping, got {type(query).__name__}")
    for name, value in query.items():
        values = value if isinstance(value, list | tuple) else [value]
        if not isinstance(name, str) or not all(isinstance(v, str | int | float) for v in values):
            raise InvalidArgumentError(f"extra_query: {name!r} must be a string, number or bool, or a list of them")
    return dict(query)


def _check_body(body: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(body, Mapping):
        raise InvalidArgumentError(f"extra_body must be a mapping of JSON fields, got {type(body).__name__}")
    try:
        json.dumps(body, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError(f"extra_body must be JSON: {exc}") from None
    return dict(body)


def apply(args: dict[str, Any], options: Mapping[str, Any], operation: str) -> None:
    """Apply the request options (but timeout and max_retries, which the Core reads) to request ``args``."""
    unknown = options.keys() - OPTION_NAMES
    if unknown:
        raise TypeError(f"unexpected request option(s): {', '.join(sorted(unknown))} (see RequestOptions)")
    headers = options.get("extra_headers")
    if headers:
        args["headers"] = merge_headers(args.get("headers"), check_headers(headers, "extra_headers"))
    query = options.get("extra_query")
    if query:
        args["params"] = {**(args.get("params") or {}), **_check_query(query)}
    body = options.get("extra_body")
    if body is not None:
        fields = _check_body(body)
        sent = args.get("json")
        if isinstance(sent, dict):
            args["json"] = {**sent, **fields}
        elif sent is None and str(args["method"]).upper() in _BODY_METHODS and not args.keys() & {"content", "data"}:
            args["json"] = fields
            args["headers"] = merge_headers(args.get("headers"), {"Content-Type": "application/json"})
        else:
            raise InvalidArgumentError(f"{operation} takes no JSON object body, so extra_body cannot be merged into it")


__all__ = ["OPTION_NAMES", "QueryValue", "RequestOptions", "apply", "check_headers", "merge_headers"]
