"""What the sync and async clients share: settings, vendor adapters, per-call options and retry decisions."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpx

from browser_clients._call import Call, transport_error
from browser_clients._errors import BrowserClientError, ConfigurationError
from browser_clients._retry import RetryPolicy, parse_retry_after
from browser_clients._settings import VendorSettings, resolve
from browser_clients._vendor import Vendor

log = logging.getLogger("browser_clients")

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


def adapter(vendor: Vendor) -> ModuleType:
    """Return the module that speaks to ``vendor`` (imported on first use, so unused vendors cost nothing)."""
    if vendor is Vendor.BROWSERAI:
        from browser_clients._vendors import browserai

        return browserai
    from browser_clients._vendors import browser_use

    return browser_use


@dataclass(frozen=True)
class Attempt:
    """The decision after one try: retry after ``delay`` seconds for ``reason``, or stop."""

    reason: str
    delay: float


class Core:
    """Settings, auth and the retry decisions of one client, with no I/O of its own."""

    def __init__(
        self,
        *,
        api_keys: Mapping[Vendor, str | None],
        base_urls: Mapping[Vendor, str | None],
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.timeout = as_timeout(timeout)
        try:
            self.policy = RetryPolicy(max_retries=max_retries)
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None
        self._keys = dict(api_keys)
        self._urls = dict(base_urls)
        self._environ = environ
        self._settings: dict[Vendor, VendorSettings] = {}
        self._auth: dict[Vendor, httpx.Auth] = {}
        self._paused_until = 0.0
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

    def request_args(self, call: Call[Any], timeout: float | httpx.Timeout | None) -> dict[str, Any]:
        """Return the httpx request arguments for ``call``: absolute URL, auth and timeout."""
        settings = self.settings(call.vendor)
        auth = self._auth.get(call.vendor)
        if auth is None:
            auth = adapter(call.vendor).auth(settings.require_key().reveal())
            self._auth[call.vendor] = auth
        args = dict(call.request)
        args["url"] = settings.base_url + str(args["url"])
        args["auth"] = auth
        args["timeout"] = self.timeout if timeout is None else as_timeout(timeout)
        return args

    def policy_for(self, max_retries: int | None) -> RetryPolicy:
        """Return the retry policy of one call (the client's unless ``max_retries`` overrides it)."""
        try:
            return self.policy.with_retries(max_retries)
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None

    def after_response(
        self, call: Call[Any], policy: RetryPolicy, retry: int, response: httpx.Response
    ) -> Attempt | None:
        """Decide what follows an answer; a 429's wait pauses every request of this client."""
        reason = policy.reason_for_status(retry, response, idempotent=call.idempotent)
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        delay = policy.backoff(retry, retry_after)
        if response.status_code == 429:
            self.pause(delay)
        if reason is None:
            return None
        if retry_after is not None:
            reason += f", Retry-After {retry_after:g}s"
        return self._log(call, retry, Attempt(reason, delay), policy)

    def after_error(self, call: Call[Any], policy: RetryPolicy, retry: int, exc: httpx.RequestError) -> Attempt:
        """Decide what follows a failed request (no usable answer); raise the tree's error when it is final."""
        reason = policy.reason_for_error(retry, exc, idempotent=call.idempotent)
        if reason is None:
            # from None: the httpx error's chain holds the request and its headers, which carry the key.
            raise transport_error(call.vendor, exc) from None
        return self._log(call, retry, Attempt(reason, policy.backoff(retry)), policy)

    def pause(self, seconds: float) -> None:
        """Hold every request of this client back for ``seconds`` (a rate limit applies to all of them)."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def wait_needed(self) -> float:
        """Return how long the next request must wait for a rate-limit pause to end."""
        return max(0.0, self._paused_until - time.monotonic())

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


__all__ = ["DEFAULT_TIMEOUT", "Attempt", "BrowserClientError", "Core", "adapter", "as_timeout"]
