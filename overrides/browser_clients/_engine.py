"""The request engine: one path for every request of both clients, prepare -> send -> retry -> read.

A vendor describes each request as a ``Call`` (what to send, how to read a 2xx answer) and each facade operation
as ``Steps``: a generator that yields Calls and is sent each one's result, or has its error thrown in, so one
operation may take several requests (a stop that asks another API of the account after a 404). ``Engine.perform``
turns Steps into a program of two effects, a ``Request`` to send and a ``Sleep``; every decision (the request's
headers and body, retries, backoff, the rate-limit pause, deadlines, reading the answer) is made here, with no
I/O. The clients' drivers (``_client.py``) only carry the effects out, sync or async.

The retry policy: connection failures and the answers in ``RETRY_STATUSES`` (408, 429, 5xx but 501) are tried
again, up to ``max_retries`` times, after exponential backoff with full jitter or the answer's Retry-After
(capped). Stops and reads are always retried; a create (``idempotent=False``) only when it certainly never
reached the server. A 429 pauses every request to the same account. No attempt outlasts its ``timeout`` and no
call its ``deadline``.
"""

from __future__ import annotations

import copy
import email.utils
import functools
import json
import logging
import math
import random
import re
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Generic, NamedTuple, TypeVar

import httpx

from browser_clients import __version__, _constants, _options
from browser_clients._accounts import Accounts
from browser_clients._contract import Vendor
from browser_clients._errors import (
    APIConnectionError,
    APITimeoutError,
    BrowserClientError,
    ConfigurationError,
    InvalidArgumentError,
    ResponseTooLargeError,
    ResponseValidationError,
    bounded,
    status_error,
)
from browser_clients._logs import log, log_attempt
from browser_clients._transport import Answer, Request, ResponseTooLarge

T = TypeVar("T")
U = TypeVar("U")
NO_OPTIONS: Mapping[str, Any] = MappingProxyType({})

# What a body of the wrong shape makes a parser raise (a generated from_dict never does; a facade parser may).
SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError, RecursionError)
# Failures where the request certainly never reached the server, so even a create may be sent again.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# RFC 9110 says whole seconds; a fraction is tolerated, a sign, exponent or "nan" is not a delay.
_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_HEADERS = {**_constants.REQUEST_HEADERS, "User-Agent": f"browser-clients/{__version__}"}


class Call(NamedTuple, Generic[T]):
    """One request to one vendor API: what to send and how to read a 2xx answer into ``T``.

    ``request`` is what the generated ``_get_kwargs`` returns (method, path, params, json, headers). ``parse``
    gets the decoded JSON, or a NotJSON when the body is empty or not JSON; a ``tolerant`` parser (the facade's
    own: stop, get, run) reads whatever came and keeps it, so a 2xx answer is never lost to its shape. ``options``
    are the request options of this call (a typed surface's method passes its own).
    """

    vendor: Vendor
    operation: str
    request: Mapping[str, Any]
    parse: Callable[[Any], T]
    idempotent: bool = True
    tolerant: bool = False
    options: Mapping[str, Any] = NO_OPTIONS
    deferred: bool = False
    """Its 2xx answer comes back as a Deferred, read when the caller asks for it (see ``deferring``)."""

    def reading(self, parse: Callable[[Any], U], *, tolerant: bool = False) -> Call[U]:
        """Return this request with another reader of its 2xx answer (``tolerant``: one that reads any answer)."""
        return Call(
            self.vendor, self.operation, self.request, parse, self.idempotent, tolerant, self.options, self.deferred
        )

    def deferring(self) -> Call[Deferred[T]]:
        """Return this request with its 2xx answer kept as sent, to be read by ``Deferred.result()`` later.

        Not for a call whose reader may find a crossed answer (a stop's): that is decided before the answer is
        final, and a deferred answer is final once it has arrived.
        """
        deferred: Call[Deferred[T]] = self._replace(deferred=True)  # type: ignore[assignment]
        return deferred


@dataclass(frozen=True)
class Deferred(Generic[T]):
    """A 2xx answer to a ``deferring()`` call, not read yet: ``result()`` reads it as the engine would have when it
    arrived (its deviations reported, or raised with ``strict``).

    A sweep reads a page when it needs the page's ids, not when the page arrives: the thirty pages of a numbered
    list arrive together, and reading them all at once into models would hold the stops already out for as long.
    """

    _read: Callable[[], T]

    def result(self) -> T:
        """Read the answer (again, if asked twice: the reader is the call's own)."""
        return self._read()


Steps = Generator[Call[Any], Any, T]
"""A facade operation: yields each Call, is sent its result (or thrown its error), returns the operation's result."""


def single(call: Call[T]) -> Steps[T]:
    """Return the Steps of an operation that is one request."""
    result: T = yield call
    return result


@dataclass(frozen=True)
class NotJSON:
    """What a tolerant Call's ``parse`` is given for a 2xx body that is empty or not JSON: the body as sent."""

    body: bytes
    content_type: str | None = None

    @property
    def text(self) -> str:
        """Return the body as text (undecodable bytes replaced), to keep on a result."""
        return self.body.decode("utf-8", errors="replace")


def read_answer(from_dict: Callable[[Any], U], data: Any) -> tuple[Any, U | None]:
    """Return a tolerant call's answer as sent (its JSON, or a NotJSON's text) and its typed model when the answer is
    a JSON object the model reads (else None): what a result keeps of a 2xx answer, whatever its body."""
    raw = data.text if isinstance(data, NotJSON) else data
    if not isinstance(data, dict):
        return raw, None
    try:
        return raw, from_dict(data)
    except SHAPE_ERRORS:  # a generated from_dict reads any object; kept for a model that someday cannot
        return raw, None


class CrossedAnswer(Exception):
    """A parser's verdict on a 2xx answer about other work than the request asked for (a desynchronized connection).

    The engine never returns such an answer: it sends the request once more on a fresh connection, and if the
    answer still names other work, raises APIConnectionError.
    """


class Sleep(NamedTuple):
    """The effect of waiting ``seconds`` (a backoff, a rate-limit pause, a poll interval)."""

    seconds: float


Effect = Request | Sleep
Program = Generator[Effect, Any, T]
"""What the clients' drivers run: yields Requests (sent the Answer, or thrown the httpx error) and Sleeps."""


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

    max_retries: int = _constants.MAX_RETRIES
    base_delay: float = _constants.RETRY_BASE_DELAY
    max_delay: float = _constants.RETRY_MAX_DELAY
    max_retry_after: float = _constants.RETRY_AFTER_CAP

    def __post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int) or self.max_retries < 0:
            raise ConfigurationError(f"max_retries must be a whole number >= 0, got {self.max_retries!r}")

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
        if not idempotent or retry >= self.max_retries or status_code not in _constants.RETRY_STATUSES:
            return None
        return f"HTTP {status_code}"

    def reason_for_error(self, retry: int, exc: httpx.RequestError, *, idempotent: bool) -> str | None:
        """Return why a failed attempt should be retried, or None when its error must surface."""
        if retry >= self.max_retries or isinstance(exc, ResponseTooLarge | httpx.DecodingError):
            return None  # a body too large, or one that cannot be decoded, will be no better next time
        if not idempotent and not isinstance(exc, _NEVER_SENT):
            return None  # the server may have acted on it: sending a create again could duplicate work
        return type(exc).__name__


def seconds(value: object, source: str) -> float | None:
    """Return ``value`` as positive seconds (None stays None), or raise ConfigurationError naming ``source``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        raise ConfigurationError(f"{source} must be a positive number of seconds, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Timeouts:
    """What bounds one attempt (connect, and the attempt as a whole) and one call (every attempt and pause)."""

    connect: float | None = _constants.CONNECT_TIMEOUT
    attempt: float | None = _constants.TIMEOUT
    deadline: float | None = None

    def with_timeout(self, timeout: float | httpx.Timeout | None, source: str = "timeout") -> Timeouts:
        """Return these bounds with ``timeout`` (seconds for connect and attempt, or an httpx.Timeout's connect and
        read) instead; None keeps them."""
        if timeout is None:
            return self
        if isinstance(timeout, httpx.Timeout):
            return replace(self, connect=timeout.connect, attempt=timeout.read)
        bound = seconds(timeout, source)
        return replace(self, connect=bound, attempt=bound)


@dataclass(frozen=True)
class Decision:
    """What follows an attempt: try again after ``delay`` seconds for ``reason``, or (reason None) read the answer."""

    reason: str | None
    delay: float = 0.0
    retry_after: float | None = None


class Capture:
    """The last answer a raw call's twin client read, for its RawResponse (one per raw call)."""

    __slots__ = ("answer", "elapsed", "request", "retry")

    def __init__(self) -> None:
        self.answer: Answer | None = None
        self.request: Request | None = None
        self.elapsed = 0.0
        self.retry = 0


class Engine:
    """The settings, retry policy and decisions of one client, with no I/O of its own.

    ``derive`` makes the engine of a client from ``with_options``: its own timeouts, retries and default headers,
    sharing this one's Accounts (keys, settings, rate-limit pauses).
    """

    def __init__(
        self,
        accounts: Accounts,
        *,
        timeouts: Timeouts,
        policy: RetryPolicy,
        default_headers: Mapping[str, str],
        strict: bool,
        max_body: int,
    ) -> None:
        self.accounts = accounts
        self.timeouts = timeouts
        self.policy = policy
        self.default_headers = default_headers
        self._base = _options.by_name(_HEADERS, default_headers)
        self.strict = strict
        """Raise, rather than log, when a 2xx answer deviates from the vendor's document (for contract tests)."""
        self.max_body = max_body
        self.capture: Capture | None = None

    def derive(self, **changes: Any) -> Engine:
        """Return an engine with other settings (``timeouts``, ``policy``, ``default_headers``, ``capture``)."""
        derived = copy.copy(self)
        for name, value in changes.items():
            setattr(derived, name, value)
        derived._base = _options.by_name(_HEADERS, derived.default_headers)
        return derived

    def perform(self, steps: Steps[T], options: Mapping[str, Any] = NO_OPTIONS) -> Program[T]:
        """Return the program of an operation: each of its Calls sent, retried and read, with ``options``."""
        _options.check_names(options)
        timeouts = self.timeouts.with_timeout(options.get("timeout"))
        if "deadline" in options:
            timeouts = replace(timeouts, deadline=seconds(options["deadline"], "deadline"))
        ends = None if timeouts.deadline is None else time.monotonic() + timeouts.deadline
        try:
            call = next(steps)
            while True:
                try:
                    result = yield from self._attempts(call, call.options or options, timeouts, ends)
                except BrowserClientError as error:
                    call = steps.throw(error)
                else:
                    call = steps.send(result)
        except StopIteration as end:
            done: T = end.value
            return done

    def _attempts(
        self, call: Call[T], options: Mapping[str, Any], timeouts: Timeouts, ends: float | None
    ) -> Program[T]:
        """Send ``call`` until an attempt's answer is final, then read it (see the module docstring)."""
        request = self.prepare(call, options, timeouts)
        policy = self.policy.with_retries(_retries(options.get("max_retries")))
        account = self.accounts.settings(call.vendor).account
        retry, crossed = 0, False
        while True:
            pause = self.accounts.pause_left(account)
            if pause:
                if not _in_time(ends, pause):
                    raise APITimeoutError(
                        f"the call's deadline comes before {account}'s rate-limit pause ends ({request.url})",
                        vendor=call.vendor.value,
                    )
                yield Sleep(pause)
            started = time.monotonic()
            attempt_ends = _earliest(None if timeouts.attempt is None else started + timeouts.attempt, ends)
            sent = request._replace(deadline=attempt_ends)
            try:
                answer: Answer = yield sent
            except httpx.RequestError as exc:
                self._observe(call, sent, retry, started, exc)
                reason = policy.reason_for_error(retry, exc, idempotent=call.idempotent)
                decision = Decision(reason, policy.backoff(retry))
                if reason is None or not _in_time(ends, decision.delay):
                    raise _transport_error(call, sent, exc, ends) from None  # the chain would hold the key
            else:
                self._observe(call, sent, retry, started, answer)
                if 200 <= answer.status_code < 300:
                    try:
                        return self.read(call, answer)
                    except CrossedAnswer as exc:
                        if crossed:
                            raise APIConnectionError(
                                bounded(f"{exc}; sent again on a fresh connection, it still did: whether the "
                                        f"request took effect is unknown ({sent.url})"),
                                vendor=call.vendor.value,
                            ) from None  # fmt: skip
                        crossed = True
                        request = request._replace(fresh=True)
                        _log_retry(call, retry, Decision(f"a crossed answer: {exc}"), policy)
                        continue
                decision = self._after_status(call, policy, retry, answer, account)
                if decision.reason is None or not _in_time(ends, decision.delay):
                    return self.read(call, answer, decision.retry_after)
            _log_retry(call, retry, decision, policy)
            yield Sleep(decision.delay)
            retry += 1

    def prepare(self, call: Call[Any], options: Mapping[str, Any], timeouts: Timeouts) -> Request:
        """Return the request of ``call``: absolute URL and query, headers (auth last), body, and its bounds."""
        settings = self.accounts.settings(call.vendor)
        given = call.request
        method = str(given["method"]).upper()
        headers = {**self._base, **_options.by_name(given.get("headers"))}  # defaults, the call's, extra, auth last
        extra = options.get("extra_headers")
        if extra:
            headers.update(_options.by_name(_options.check_headers(extra, "extra_headers")))
        params = dict(given.get("params") or {})
        if options.get("extra_query"):
            params.update(_options.check_query(options["extra_query"]))
        body = given.get("json")
        if options.get("extra_body") is not None:
            fields = _options.check_body(options["extra_body"])
            if isinstance(body, dict):
                body = {**body, **fields}
            elif body is None and method in _BODY_METHODS and "content" not in given:
                body = fields
            else:
                raise InvalidArgumentError(f"{call.operation} takes no JSON object body: extra_body cannot go in it")
        content = given.get("content")
        if body is not None:
            content = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
            headers.setdefault("content-type", ("Content-Type", "application/json"))
        elif isinstance(content, str):
            content = content.encode()
        headers.update(self.accounts.auth(call.vendor))
        url = settings.base_url + str(given["url"])
        if params:
            url += ("&" if "?" in url else "?") + str(httpx.QueryParams(params))
        return Request(method, url, tuple(headers.values()), content, timeouts.connect, None, self.max_body)

    def read(self, call: Call[T], answer: Answer, retry_after: float | None = None) -> T:
        """Return the parsed 2xx answer, or raise the matching error of the tree.

        A 2xx answer is the vendor's data and is never lost: a tolerant call's parser gets it as it came (JSON, or
        a NotJSON); a typed surface's parser (a generated ``from_dict``, which reads any value) gets the text of a
        body that is not JSON, and the model it builds lists that as a deviation. Deviations are logged once per
        operation and field by the generated package, or, with ``strict``, raised as ResponseValidationError.
        """
        if not 200 <= answer.status_code < 300:
            raise status_error(call.vendor, answer, retry_after)
        if call.deferred:
            later: T = Deferred(functools.partial(self._read_success, call, answer))  # type: ignore[assignment]
            return later
        return self._read_success(call, answer)

    def _read_success(self, call: Call[T], answer: Answer) -> T:
        if answer.status_code == 204:  # No Content: there is no body to read (a delete's answer)
            return call.parse(None)
        body = answer.content
        try:
            data: Any = json.loads(body) if body else NotJSON(body)
        except (ValueError, RecursionError):
            data = NotJSON(body, answer.headers.get("content-type"))
        if isinstance(data, NotJSON) and not call.tolerant:
            data = data.text
        try:
            result = call.parse(data)
        except CrossedAnswer:
            raise
        except SHAPE_ERRORS as exc:  # a generated from_dict reads any value: this is a parser's own bug, kept visible
            raise ResponseValidationError(
                bounded(f"{call.operation}: {type(exc).__name__}: {exc}"),
                vendor=call.vendor.value,
                status_code=answer.status_code,
                body=body,
            ) from None
        self._report(call, result, answer)
        return result

    def _report(self, call: Call[Any], result: Any, answer: Answer) -> None:
        """Log ``result``'s deviations once per operation and field; with ``strict``, raise ResponseValidationError."""
        model = result if hasattr(result, "deviations") else getattr(result, "model", None)
        found = getattr(model, "deviations", ())
        if not found or not isinstance(found, tuple | list):  # the common case: read as documented
            return
        if self.strict:
            listed = "; ".join(str(d) for d in found)
            raise ResponseValidationError(
                bounded(f"{call.operation}: the answer deviates from the document: {listed}"),
                vendor=call.vendor.value,
                status_code=answer.status_code,
                body=answer.content,
            )
        # Every generated package has types.report_deviations, which logs on that package's own logger.
        import importlib

        package = type(model).__module__.partition(".")[0]
        importlib.import_module(f"{package}.types").report_deviations(call.operation, tuple(found))

    def _after_status(self, call: Call[Any], policy: RetryPolicy, retry: int, answer: Answer, account: str) -> Decision:
        """Decide what follows an answer that is not a success; a 429's wait pauses its whole account."""
        reason = policy.reason_for_status(retry, answer.status_code, idempotent=call.idempotent)
        retry_after = parse_retry_after(answer.headers.get("retry-after"))
        delay = policy.backoff(retry, retry_after)
        if answer.status_code == 429:
            self.accounts.pause(account, delay)
        if reason is not None and retry_after is not None:
            reason += f", Retry-After {retry_after:g}s"
        return Decision(reason, delay, retry_after)

    def _observe(self, call: Call[Any], request: Request, retry: int, started: float, outcome: Any) -> None:
        """Log one attempt, and keep its answer for a raw response (only when the log or a capture looks)."""
        capture = self.capture
        if capture is None and not log.isEnabledFor(logging.INFO):
            return
        elapsed = time.monotonic() - started
        log_attempt(call.vendor.value, call.operation, request, attempt=retry + 1, elapsed=elapsed, outcome=outcome)
        if capture is not None and isinstance(outcome, Answer):
            capture.answer, capture.request, capture.elapsed, capture.retry = outcome, request, elapsed, retry


def _retries(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(f"max_retries must be a whole number >= 0, got {value!r}")
    return value


def _in_time(ends: float | None, wait: float) -> bool:
    """Tell whether a wait of ``wait`` seconds leaves room for another attempt before the call's deadline."""
    return ends is None or time.monotonic() + wait < ends


def _earliest(first: float | None, second: float | None) -> float | None:
    if first is None:
        return second
    return first if second is None else min(first, second)


def _transport_error(call: Call[Any], request: Request, exc: httpx.RequestError, ends: float | None) -> Exception:
    """Translate a failed attempt into the tree, naming the URL (no request headers, so no key, in the message)."""
    where = f"{request.method} {request.url}"
    vendor = call.vendor.value
    if isinstance(exc, ResponseTooLarge):
        return ResponseTooLargeError(bounded(f"{exc} ({where})"), vendor=vendor)
    if isinstance(exc, httpx.TimeoutException):
        which = "the call's deadline" if ends is not None and time.monotonic() >= ends else "timed out"
        return APITimeoutError(f"{which} ({type(exc).__name__}) on {where}", vendor=vendor)
    if isinstance(exc, httpx.DecodingError):  # the answer arrived but its Content-Encoding was corrupt
        return APIConnectionError(
            bounded(f"unreadable answer ({type(exc).__name__}: {exc}) from {where}"), vendor=vendor
        )
    return APIConnectionError(bounded(f"connection failed ({type(exc).__name__}: {exc}) on {where}"), vendor=vendor)


def _log_retry(call: Call[Any], retry: int, decision: Decision, policy: RetryPolicy) -> None:
    log.info(
        "retrying %s %s (attempt %d of %d) in %.2fs: %s",
        call.vendor.value,
        call.operation,
        retry + 2,
        policy.max_retries + 1,
        decision.delay,
        decision.reason,
        extra={
            "vendor": call.vendor.value,
            "operation": call.operation,
            "attempt": retry + 2,
            "retry_reason": decision.reason,
            "retry_delay": decision.delay,
        },
    )
