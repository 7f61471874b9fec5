"""What the sync and async clients share: settings, vendor adapters, per-call options and retry decisions."""

from __future__ import annotations

import copy
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from browser_clients import _request_options
from browser_clients._call import Call
from browser_clients._contract import adapter
from browser_clients._errors import BrowserClientError, ConfigurationError, transport_error
from browser_clients._logs import configure_from_env, log, log_request
from browser_clients._raw import Captured
from browser_clients._request_options import check_headers, merge_headers
from browser_clients._response import Answer
from browser_clients._retry import RetryPolicy, parse_retry_after
from browser_clients._settings import BASE_URL_ENV, VendorSettings, resolve
from browser_clients._vendor import Vendor

configure_from_env()  # BROWSER_CLIENTS_LOG: read once, when the first client module is imported

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
"""Connect within 5 s, and no single read, write or pool wait longer than 30 s."""


def as_timeout(value: float | httpx.Timeout | None, source: str = "timeout") -> httpx.Timeout:
    """Return ``value`` (seconds or an httpx.Timeout) as an httpx.Timeout; None means the default."""
    if value is None:
        return DEFAULT_TIMEOUT
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigurationError(f"{source} must be a positive number of seconds or an httpx.Timeout, got {value!r}")
    return httpx.Timeout(float(value))


@dataclass(frozen=True)
class Attempt:
    """The decision after one try: retry after ``delay`` seconds for ``reason``, or (reason None) read the answer.

    ``retry_after`` is the answer's Retry-After in seconds, parsed here once for the retry and the error both.
    """

    reason: str | None
    delay: float
    retry_after: float | None = None

    @property
    def final(self) -> bool:
        """Tell whether the answer is final: no retry follows."""
        return self.reason is None


class Core:
    """Settings, auth and the retry decisions of one client, with no I/O of its own.

    ``derive`` makes the Core of a client from ``with_options``: its own timeout, retries and default headers,
    sharing this one's keys, settings, auth and rate-limit pauses (the same dicts, not copies).
    """

    def __init__(
        self,
        *,
        api_keys: Mapping[Vendor, str | None],
        base_urls: Mapping[Vendor, str | None],
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        environ: Mapping[str, str] | None = None,
        strict: bool = False,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        self.timeout = as_timeout(timeout)
        self.default_headers = check_headers(default_headers, "default_headers", ConfigurationError)
        # Raise, rather than log, when a 2xx answer deviates from the vendor's document (for contract tests).
        self.strict = strict
        try:
            self.policy = RetryPolicy(max_retries=max_retries)
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None
        self._keys = dict(api_keys)
        self._urls = dict(base_urls)
        self._environ = environ
        self._settings: dict[Vendor, VendorSettings] = {}
        self._auth: dict[Vendor, httpx.Auth] = {}
        # When each vendor's rate-limit pause ends (monotonic seconds): empty until a 429 is seen.
        self.paused_until: dict[Vendor, float] = {}
        # Resolve now so that a malformed key fails at construction, before any request.
        for vendor in Vendor:
            if self._keys.get(vendor) is not None or self._urls.get(vendor) is not None:
                self.settings(vendor)
        # Every key given is now inside a SecretKey: keep no plain copy for a debugger or a locals dump to show.
        self._keys.clear()

    def settings(self, vendor: Vendor) -> VendorSettings:
        """Return (and cache) ``vendor``'s resolved settings."""
        found = self._settings.get(vendor)
        if found is None:
            found = resolve(
                vendor,
                api_key=self._keys.get(vendor),
                base_url=self._urls.get(vendor),
                default_base_url=lambda: adapter(vendor).default_base_url(),
                environ=self._environ,
            )
            self._settings[vendor] = found
        return found

    def base_url_hint(self, vendor: Vendor) -> str:
        """Return ``vendor``'s base URL as far as it is known, for repr: never raises, never loads a package."""
        found = self._settings.get(vendor)
        if found is not None:
            return repr(found.base_url)
        given = self._urls.get(vendor) or (os.environ if self._environ is None else self._environ).get(
            BASE_URL_ENV[vendor]
        )
        return repr(given) if isinstance(given, str) and given else "<document default>"

    def derive(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Core:
        """Return a Core with other options that shares this one's keys, auth and rate-limit pauses."""
        derived = copy.copy(self)  # shallow: the settings, auth and pause dicts stay this Core's own
        if timeout is not None:
            derived.timeout = as_timeout(timeout)
        derived.policy = self.policy_for(max_retries)
        if default_headers is not None:
            extra = check_headers(default_headers, "default_headers", ConfigurationError)
            derived.default_headers = merge_headers(self.default_headers, extra)
        return derived

    def request_args(self, call: Call[Any], options: Mapping[str, Any]) -> dict[str, Any]:
        """Return the httpx request arguments for ``call``: absolute URL, auth, timeout, headers and options."""
        settings = self.settings(call.vendor)
        auth = self._auth.get(call.vendor)
        if auth is None:
            auth = adapter(call.vendor).auth(settings.require_key().reveal())
            self._auth[call.vendor] = auth
        args = dict(call.request)
        args["url"] = settings.base_url + str(args["url"])
        args["auth"] = auth
        args["timeout"] = self.timeout
        if self.default_headers:
            args["headers"] = merge_headers(self.default_headers, args.get("headers"))
        if options:  # nothing to do on the common path
            timeout = options.get("timeout")
            if timeout is not None:
                args["timeout"] = as_timeout(timeout)
            _request_options.apply(args, options, call.operation)
        return args

    def policy_for(self, max_retries: int | None) -> RetryPolicy:
        """Return the retry policy of one call (the client's unless ``max_retries`` overrides it)."""
        if max_retries is None:
            return self.policy
        try:
            return self.policy.with_retries(max_retries)
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None

    def after_response(self, call: Call[Any], policy: RetryPolicy, retry: int, response: Answer) -> Attempt:
        """Decide what follows an answer that is not a success (a 2xx is read at once, without asking).

        A 429's wait pauses every request of this client to the same vendor.
        """
        reason = policy.reason_for_status(retry, response.status_code, idempotent=call.idempotent)
        header = response.headers.get("retry-after")
        retry_after = None if header is None else parse_retry_after(header)  # the one place it is parsed
        delay = policy.backoff(retry, retry_after)
        if response.status_code == 429:
            self.pause(call.vendor, delay)
        if reason is None:
            return Attempt(None, 0.0, retry_after)
        if retry_after is not None:
            reason += f", Retry-After {retry_after:g}s"
        return self._log(call, retry, Attempt(reason, delay, retry_after), policy)

    def after_error(self, call: Call[Any], policy: RetryPolicy, retry: int, exc: httpx.RequestError) -> Attempt:
        """Decide what follows a failed request (no usable answer); raise the tree's error when it is final."""
        reason = policy.reason_for_error(retry, exc, idempotent=call.idempotent)
        if reason is None:
            # from None: the httpx error's chain holds the request and its headers, which carry the key.
            raise transport_error(call.vendor, exc) from None
        return self._log(call, retry, Attempt(reason, policy.backoff(retry)), policy)

    @staticmethod
    def observe(
        call: Call[Any],
        args: Mapping[str, Any],
        retry: int,
        *,
        started: float,
        outcome: Answer | httpx.RequestError,
        capture: Captured | None,
    ) -> None:
        """Log one attempt and keep its answer for a raw response (called only when the log or a capture looks)."""
        elapsed = time.perf_counter() - started
        logged: httpx.Response | httpx.RequestError
        if isinstance(outcome, Answer):
            response = logged = outcome.response
        else:
            response, logged = None, outcome
        if log.isEnabledFor(logging.INFO):
            log_request(call.vendor.value, call.operation, args, attempt=retry + 1, elapsed=elapsed, outcome=logged)
        if capture is not None and response is not None:
            capture.keep(args, response, elapsed, retry)

    def pause(self, vendor: Vendor, seconds: float) -> None:
        """Hold every request of this client to ``vendor`` back for ``seconds`` (its rate limit, not the other's)."""
        self.paused_until[vendor] = max(self.paused_until.get(vendor, 0.0), time.monotonic() + seconds)

    def wait_needed(self, vendor: Vendor) -> float:
        """Return how long the next request to ``vendor`` must wait for its rate-limit pause to end."""
        until = self.paused_until.get(vendor)
        return 0.0 if until is None else max(0.0, until - time.monotonic())

    @staticmethod
    def _log(call: Call[Any], retry: int, attempt: Attempt, policy: RetryPolicy) -> Attempt:
        log.info(
            "retrying %s %s (attempt %d of %d) in %.2fs: %s",
            call.vendor.value,
            call.operation,
            retry + 2,
            policy.max_retries + 1,
            attempt.delay,
            attempt.reason,
            extra={
                "vendor": call.vendor.value,
                "operation": call.operation,
                "attempt": retry + 2,
                "retry_reason": attempt.reason,
                "retry_delay": attempt.delay,
            },
        )
        return attempt


__all__ = ["DEFAULT_TIMEOUT", "Attempt", "BrowserClientError", "Core", "as_timeout"]
