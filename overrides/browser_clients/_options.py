"""The options calls take, defined once: the request options every call takes, and run()'s vendor options.

Every facade and vendor-surface method takes ``**options: Unpack[RequestOptions]``; the engine applies them to
each request (``_engine.Engine.prepare``). Adding one is a line in RequestOptions, its check here and its use
there: no signature changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from browser_clients._errors import BrowserClientError, InvalidArgumentError
from browser_clients._vendors.browser_use.options import BrowserUseOptions
from browser_clients._vendors.browser_use_v4.options import BrowserSettingsOptions, BrowserUseV4Options
from browser_clients._vendors.browserai.options import BrowserAIOptions

if TYPE_CHECKING:
    import httpx

QueryValue = str | int | float | bool
"""One query parameter's value (a sequence of them repeats the parameter)."""


class AttemptOptions(TypedDict, total=False):
    """The request options but ``deadline``: what stop_all() takes (its own ``deadline`` bounds the sweep)."""

    timeout: float | httpx.Timeout | None
    """Seconds each attempt may take, as a whole (an httpx.Timeout: ``connect`` to connect, ``read`` the attempt)."""
    max_retries: int | None
    """How many times a failed attempt is retried; None keeps the client's."""
    extra_headers: Mapping[str, str] | None
    """Headers to send besides the document's (they win over the client's default headers, never over auth)."""
    extra_query: Mapping[str, QueryValue | Sequence[QueryValue]] | None
    """Query parameters to send besides the document's (they win over a parameter of the same name)."""
    extra_body: Mapping[str, Any] | None
    """JSON fields merged into the body (they win over a field of the same name); an error on a bodiless call."""


class RequestOptions(AttemptOptions, total=False):
    """Per-request options: each overrides the client's own for this one call."""

    deadline: float | None
    """Seconds the whole call may take, every retry and pause included."""


OPTION_NAMES = frozenset(RequestOptions.__annotations__) | frozenset(AttemptOptions.__annotations__)
"""The names of every request option, to split them from other keywords and to catch misspelled ones."""


class RunOptions(BrowserAIOptions, BrowserUseOptions, BrowserSettingsOptions, total=False):
    """Every vendor's run() options; passing one the chosen vendor does not take is an InvalidArgumentError.

    The options two vendors share a name for (Browser-Use v3's and v4's ``model``, ``session_id``, ...) are typed
    here as v3's; v4 reads its own values of them (BrowserUseV4Options).
    """


class RunArguments(RunOptions, RequestOptions, total=False):
    """What run() takes as keywords: the vendors' run() options and the request options, told apart by name."""


# RFC 9110 token characters: what a header name may be made of.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_FRAMING = frozenset({"content-length", "transfer-encoding", "host"})
"""Headers the transport alone decides: one set by hand would misframe the request or send it elsewhere."""


def check_headers(
    headers: Mapping[str, str] | None, source: str, error: type[BrowserClientError] = InvalidArgumentError
) -> dict[str, str]:
    """Return ``headers`` as a dict, or raise ``error`` for one no request may carry.

    A name must be an HTTP token and not a framing header (Content-Length, Transfer-Encoding, Host);
    a value must be ASCII text without control characters but tab (a CR or LF would inject headers). The message names
    the header, never its value (which may be a secret).
    """
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise error(f"{source} must be a mapping of header names to values, got {type(headers).__name__}")
    checked: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            raise error(f"{source}: {name!r} is not a valid header name")
        if name.lower() in _FRAMING:
            raise error(f"{source}: {name} is set by the transport from the request itself; it cannot be given")
        if not isinstance(value, str):
            raise error(f"{source}: the value of {name} must be a string, got {type(value).__name__}")
        if any((ord(ch) < 32 and ch != "\t") or ord(ch) == 127 for ch in value):  # HTTP allows a tab, no other
            raise error(f"{source}: the value of {name} contains a control character")
        if not value.isascii():
            raise error(f"{source}: the value of {name} is not ASCII, which HTTP headers carry the same on every path")
        checked[name] = value
    return checked


def by_name(*layers: Mapping[str, str] | None) -> dict[str, tuple[str, str]]:
    """Return the headers of every layer by lower-case name (HTTP's names compare without case), later ones winning,
    each as its (name, value) pair."""
    return {name.lower(): (name, value) for layer in layers if layer for name, value in layer.items()}


def merge_headers(*layers: Mapping[str, str] | None) -> dict[str, str]:
    """Return the headers of every layer, later layers winning; names compare without case, as HTTP's do."""
    return dict(by_name(*layers).values())


def check_query(query: object) -> dict[str, Any]:
    """Return ``extra_query`` as a dict, or raise InvalidArgumentError for a value no query can carry."""
    if not isinstance(query, Mapping):
        raise InvalidArgumentError(f"extra_query must be a mapping, got {type(query).__name__}")
    for name, value in query.items():
        values = value if isinstance(value, list | tuple) else [value]
        if not isinstance(name, str) or not all(isinstance(v, str | int | float) for v in values):
            raise InvalidArgumentError(f"extra_query: {name!r} must be a string, number or bool, or a list of them")
    return dict(query)


def check_body(body: object) -> dict[str, Any]:
    """Return ``extra_body`` as a dict, or raise InvalidArgumentError unless it is a JSON object."""
    if not isinstance(body, Mapping):
        raise InvalidArgumentError(f"extra_body must be a mapping of JSON fields, got {type(body).__name__}")
    try:
        json.dumps(body, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError(f"extra_body must be JSON: {exc}") from None
    return dict(body)


def check_names(options: Mapping[str, Any]) -> None:
    """Raise TypeError for a request option that does not exist (a misspelling would otherwise do nothing)."""
    unknown = options.keys() - OPTION_NAMES
    if unknown:
        raise TypeError(f"unexpected request option(s): {', '.join(sorted(unknown))} (see RequestOptions)")


def split_run_arguments(arguments: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return run()'s keywords as (the vendor's run() options, the request options), told apart by name."""
    vendor_options = {name: given for name, given in arguments.items() if name not in OPTION_NAMES}
    return vendor_options, {name: given for name, given in arguments.items() if name in OPTION_NAMES}


__all__ = [
    "BrowserAIOptions",
    "BrowserUseOptions",
    "BrowserUseV4Options",
    "RequestOptions",
    "RunArguments",
    "RunOptions",
]
