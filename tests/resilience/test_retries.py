"""Retries and backoff against a real loopback server: which answers are retried, how often, after how long."""

from __future__ import annotations

import email.utils
import logging
import socket
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from browser_clients import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    BrowserClients,
    ConfigurationError,
    RateLimitError,
    ServerError,
    Vendor,
)
from browser_clients._constants import RETRY_STATUSES
from browser_clients._engine import Call, RetryPolicy, parse_retry_after
from browser_clients._transport import Answer
from tests.resilience.conftest import SESSION, Surface, always, then_ok
from tests.support.loopback import Loopback, Reply, reset_connection, stall

Records = Callable[[], list[logging.LogRecord]]


def _status(code: int, headers: dict[str, str] | None = None) -> Callable[..., Reply]:
    return lambda _request, _handler: Reply(code, {"detail": f"status {code}"}, headers or {})


def test_429_with_retry_after_then_success(any_wire: Surface, server: Loopback, retries: Records) -> None:
    server.script(then_ok(_status(429, {"Retry-After": "0.03"})))
    result = any_wire.stop(server.url, "browser-use", SESSION)
    assert result.raw_status == "stopped"
    assert len(server.requests) == 2
    (record,) = retries()
    assert record.levelno == logging.INFO
    assert record.retry_delay == pytest.approx(0.03)  # type: ignore[attr-defined]  # the server's wait, not jitter
    assert "HTTP 429" in record.retry_reason  # type: ignore[attr-defined]
    assert "Retry-After" in record.getMessage()


def test_503_twice_then_success(any_wire: Surface, server: Loopback, retries: Records) -> None:
    server.script(then_ok(_status(503), _status(503)))
    result = any_wire.stop(server.url, "browserai", "task-7")
    assert result.message == "Task stopped successfully"
    assert [r.raw_path for r in server.requests] == ["/tasks/task-7/command"] * 3
    assert [r.attempt for r in retries()] == [2, 3]  # type: ignore[attr-defined]
    assert all("HTTP 503" in r.getMessage() for r in retries())


@pytest.mark.parametrize("max_retries", [0, 1, 3])
def test_500_forever_fails_after_exactly_one_plus_max_retries(
    surface: Surface, server: Loopback, retries: Records, max_retries: int
) -> None:
    server.script(always(lambda _r, _h: Reply(500, {"error": "Internal server error"})))
    with pytest.raises(ServerError) as caught:
        surface.stop(server.url, "browserai", "t", max_retries=max_retries)
    assert len(server.requests) == 1 + max_retries
    assert len(retries()) == max_retries
    assert caught.value.status_code == 500
    assert caught.value.message == "Internal server error"


def test_default_max_retries_is_two(surface: Surface, server: Loopback) -> None:
    server.script(always(_status(502)))
    with pytest.raises(ServerError):
        surface.stop(server.url, "browser-use", SESSION)
    assert len(server.requests) == 3


@pytest.mark.parametrize(("client", "per_call", "attempts"), [(3, 0, 1), (0, 2, 3), (1, None, 2)])
def test_max_retries_can_be_set_per_call(
    surface: Surface, server: Loopback, client: int, per_call: int | None, attempts: int
) -> None:
    server.script(always(_status(504)))
    with pytest.raises(ServerError):
        surface.stop(server.url, "browser-use", SESSION, max_retries=client, call={"max_retries": per_call})
    assert len(server.requests) == attempts


@pytest.mark.parametrize("code", sorted(RETRY_STATUSES))
def test_every_retryable_status_is_retried(surface: Surface, server: Loopback, code: int) -> None:
    server.script(then_ok(_status(code)))
    assert surface.stop(server.url, "browser-use", SESSION).raw_status == "stopped"
    assert len(server.requests) == 2


@pytest.mark.parametrize("code", [400, 401, 403, 404, 409, 422, 501])
def test_final_statuses_are_not_retried(surface: Surface, server: Loopback, code: int) -> None:
    server.script(always(_status(code)))
    with pytest.raises(APIStatusError) as caught:
        surface.stop(server.url, "browser-use", SESSION)
    assert caught.value.status_code == code
    assert len(server.requests) == 1  # 501 too: a server that does not implement it will not next time


def test_retry_after_is_capped(surface: Surface, server: Loopback, retries: Records) -> None:
    future = email.utils.formatdate(time.time() + 3600, usegmt=True)
    server.script(then_ok(_status(503, {"Retry-After": "120"}), _status(429, {"Retry-After": future})))
    surface.stop(server.url, "browser-use", SESSION)
    # The test policy caps Retry-After at 0.05 s (the default cap is 60 s): an hour's wait becomes the cap.
    assert [r.retry_delay for r in retries()] == [0.05, 0.05]  # type: ignore[attr-defined]


def test_rate_limit_error_carries_the_wait_the_server_asked_for(surface: Surface, server: Loopback) -> None:
    server.script(always(_status(429, {"Retry-After": "7"})))
    with pytest.raises(RateLimitError) as caught:
        surface.stop(server.url, "browser-use", SESSION, max_retries=1)
    assert caught.value.retry_after == 7.0
    assert len(server.requests) == 2


def test_connection_reset_mid_response_is_retried(any_wire: Surface, server: Loopback, retries: Records) -> None:
    server.script(then_ok(lambda _r, handler: reset_connection(handler)))
    assert any_wire.stop(server.url, "browser-use", SESSION).raw_status == "stopped"
    assert len(server.requests) == 2
    (record,) = retries()
    assert record.retry_reason in {"ReadError", "RemoteProtocolError"}  # type: ignore[attr-defined]


def test_connection_reset_forever_is_a_connection_error(any_wire: Surface, server: Loopback) -> None:
    server.script(always(lambda _r, handler: reset_connection(handler)))
    with pytest.raises(APIConnectionError) as caught:
        any_wire.stop(server.url, "browserai", "t", max_retries=2)
    assert not isinstance(caught.value, APITimeoutError)
    assert caught.value.vendor == "browserai"
    assert len(server.requests) == 3


def test_timeouts_are_retried_for_stops(any_wire: Surface, server: Loopback, retries: Records) -> None:
    server.script(then_ok(lambda _r, handler: stall(handler)))
    result = any_wire.stop(server.url, "browser-use", SESSION, call={"timeout": 0.2})
    assert result.raw_status == "stopped"
    assert [r.retry_reason for r in retries()] == ["ReadTimeout"]  # type: ignore[attr-defined]


# A create: the Call a future run() builds, sent through the same loop. It may be repeated only when it
# certainly never reached the server.
def _create(clients: Any) -> Any:
    call = Call(
        Vendor.BROWSER_USE, "create_session", {"method": "post", "url": "/sessions", "json": {}}, dict, idempotent=False
    )
    return clients._call(call)


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (_status(503), ServerError),
        (_status(429, {"Retry-After": "0"}), RateLimitError),
        (lambda _r, handler: reset_connection(handler), APIConnectionError),
        (lambda _r, handler: stall(handler), APITimeoutError),
    ],
)
def test_a_create_that_reached_the_server_is_never_repeated(
    any_wire: Surface, server: Loopback, retries: Records, fault: Any, error: type[Exception]
) -> None:
    server.script(then_ok(fault))
    with pytest.raises(error):
        any_wire.run(server.url, _create, max_retries=3, timeout=0.3)
    assert len(server.requests) == 1
    assert retries() == []


@pytest.mark.parametrize(
    ("fault", "error"),
    [(_status(503), ServerError), (lambda _r, handler: reset_connection(handler), APIConnectionError)],
    ids=["503", "reset"],
)
def test_run_which_creates_a_session_is_never_repeated_once_sent(
    surface: Surface, server: Loopback, fault: Any, error: type[Exception]
) -> None:
    server.script(then_ok(fault))
    with pytest.raises(error):
        surface.run(server.url, lambda c: c.run("browser-use", "find the cheapest flight"), max_retries=3)
    assert len(server.requests) == 1
    assert server.requests[0].raw_path == "/sessions"


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("operation", [_create, lambda c: c.stop("browser-use", SESSION)], ids=["create", "stop"])
def test_a_refused_connection_is_retried_even_for_a_create(any_wire: Surface, retries: Records, operation: Any) -> None:
    with pytest.raises(APIConnectionError, match="ConnectError"):
        any_wire.run(_closed_port(), operation, max_retries=2)
    assert [r.retry_reason for r in retries()] == ["ConnectError", "ConnectError"]  # type: ignore[attr-defined]
    assert [r.attempt for r in retries()] == [2, 3]  # type: ignore[attr-defined]


# Unit tests of the policy: the decisions above, without a network.


def test_backoff_is_full_jitter_below_an_exponential_ceiling() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=8.0)
    for retry, ceiling in [(0, 0.5), (1, 1.0), (3, 4.0), (10, 8.0)]:
        delays = [policy.backoff(retry) for _ in range(200)]
        assert all(0.0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling / 2  # jitter spreads over the whole range, not a fixed delay
        assert len(set(delays)) > 100


def test_retry_after_wins_over_jitter_and_is_capped() -> None:
    policy = RetryPolicy(max_retry_after=60.0)
    assert policy.backoff(0, 3.0) == 3.0
    assert policy.backoff(5, 0.0) == 0.0
    assert policy.backoff(0, 3600.0) == 60.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("5", 5.0),
        (" 0.25 ", 0.25),
        ("0", 0.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 10.0),  # an HTTP date, 10 s after `now`
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # a date in the past: no wait
        ("-3", None),
        ("nan", None),
        ("inf", None),
        ("1e3", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=1445412470.0) == seconds


def test_transport_failures_a_create_may_repeat() -> None:
    policy = RetryPolicy(max_retries=2)
    request = httpx.Request("POST", "http://127.0.0.1/sessions")
    never_sent = [
        httpx.ConnectError("x", request=request),
        httpx.ConnectTimeout("x", request=request),
        httpx.PoolTimeout("x", request=request),
    ]
    maybe_sent = [
        httpx.ReadTimeout("x", request=request),
        httpx.WriteTimeout("x", request=request),
        httpx.ReadError("x", request=request),
        httpx.WriteError("x", request=request),
        httpx.RemoteProtocolError("x", request=request),
    ]
    for exc in never_sent:
        assert policy.reason_for_error(0, exc, idempotent=False) == type(exc).__name__
    for exc in maybe_sent:
        assert policy.reason_for_error(0, exc, idempotent=False) is None
        assert policy.reason_for_error(0, exc, idempotent=True) == type(exc).__name__
    assert policy.reason_for_error(2, never_sent[0], idempotent=True) is None  # out of retries
    assert policy.reason_for_error(0, httpx.DecodingError("x", request=request), idempotent=True) is None


def test_per_call_max_retries_keeps_the_clients_delays() -> None:
    policy = RetryPolicy(max_retries=2, base_delay=0.01, max_retry_after=1.0)
    assert policy.with_retries(5) == RetryPolicy(max_retries=5, base_delay=0.01, max_retry_after=1.0)
    assert policy.with_retries(None) is policy


@pytest.mark.parametrize("value", [-1, 1.5, "2", True])
def test_bad_max_retries_is_a_configuration_error(value: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_retries"):
        BrowserClients(max_retries=value)
    with pytest.raises(ConfigurationError, match="max_retries"):
        BrowserClients().with_options(max_retries=value)
    with pytest.raises(ConfigurationError, match="max_retries"):
        BrowserClients(browserai_api_key="k").stop("browserai", "t", max_retries=value)


@pytest.mark.parametrize("value", [0, -1, "5", True])
def test_bad_timeout_is_a_configuration_error(value: Any) -> None:
    with pytest.raises(ConfigurationError, match="timeout"):
        BrowserClients(timeout=value)


def test_a_429_holds_back_every_request_of_the_client_to_that_account_only() -> None:
    engine = BrowserClients(browser_use_api_key="k")._engine
    call: Call[Any] = Call(Vendor.BROWSER_USE, "stop_session", {"method": "post", "url": "/x"}, dict)
    assert engine.accounts.pause_left("browser-use") == 0.0
    answer = Answer(429, "Too Many Requests", httpx.Headers({"Retry-After": "30"}), b"", "http://x")
    decision = engine._after_status(call, engine.policy.with_retries(0), 0, answer, "browser-use")
    assert decision.reason is None  # out of retries: the 429 is final
    assert decision.retry_after == 30.0  # parsed once, here, for the error too
    assert 29.0 < engine.accounts.pause_left("browser-use") <= 30.0  # the next request to this account waits
    assert engine.accounts.pause_left("browserai") == 0.0  # the other account's rate limit is its own
