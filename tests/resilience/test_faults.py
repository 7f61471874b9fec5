"""Faults a real server injects, and the one error tree they all end in (never a raw httpx or generated error)."""

from __future__ import annotations

import gzip
import json
import logging
import time
from typing import Any

import httpx
import pytest

from browser_clients import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BrowserClientError,
    CommonStatus,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)
from browser_clients._constants import ERROR_BODY_BYTES as MAX_BODY
from tests.resilience.conftest import SESSION, SESSION_BODY, Surface, always, then_ok
from tests.support.loopback import Loopback, Reply, close_early, stall

HANG_GUARD = 10  # a timeout error must come within this many timeouts: a guard against hanging, not a benchmark


def _raises(surface: Surface, server: Loopback, vendor: str, error: type[Exception], **options: Any) -> Any:
    session = SESSION if vendor == "browser-use" else "task-1"
    with pytest.raises(error) as caught:
        surface.stop(server.url, vendor, session, **options)
    exc = caught.value
    # The tree's errors hide httpx's own: no chained httpx exception (its request holds the key's header).
    assert isinstance(exc, BrowserClientError)
    assert not isinstance(exc, httpx.HTTPError)
    assert exc.__cause__ is None
    return exc


# A read that never finishes.


@pytest.mark.parametrize(
    "sent",
    [b"", b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"id": "3c90'],
    ids=["nothing", "half-a-body"],
)
def test_a_read_that_never_finishes_raises_the_timeout_error(any_wire: Surface, server: Loopback, sent: bytes) -> None:
    server.script(always(lambda _r, handler: stall(handler, sent)))
    started = time.monotonic()
    exc = _raises(any_wire, server, "browser-use", APITimeoutError, timeout=0.3, max_retries=0)
    assert time.monotonic() - started < 0.3 * HANG_GUARD
    assert exc.vendor == "browser-use"
    assert "ReadTimeout" in str(exc)


def test_a_per_call_timeout_overrides_the_clients(any_wire: Surface, server: Loopback) -> None:
    server.script(always(lambda _r, handler: stall(handler)))
    started = time.monotonic()
    # The client would wait 30 s; this call waits 0.2 s, as an httpx.Timeout as well as seconds.
    _raises(
        any_wire, server, "browserai", APITimeoutError, timeout=30, max_retries=0, call={"timeout": httpx.Timeout(0.2)}
    )
    assert time.monotonic() - started < 0.2 * HANG_GUARD
    assert len(server.requests) == 1


def test_timeouts_are_retried_then_raised(any_wire: Surface, server: Loopback) -> None:
    server.script(always(lambda _r, handler: stall(handler)))
    started = time.monotonic()
    _raises(any_wire, server, "browser-use", APITimeoutError, timeout=0.2, max_retries=2)
    assert len(server.requests) == 3
    assert time.monotonic() - started < 3 * 0.2 * HANG_GUARD


def test_clients_time_out_by_default() -> None:
    from browser_clients import AsyncBrowserClients, BrowserClients

    for clients in (BrowserClients(), AsyncBrowserClients()):
        # connect within 5 s, and each attempt over within 30 s, whatever it is waiting for
        timeouts = clients._engine.timeouts
        assert (timeouts.connect, timeouts.attempt, timeouts.deadline) == (5.0, 30.0, None)


# 2xx answers that are not what the document promised: a stop that happened is never an error.

ODD_BODIES = [
    (b'{"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": "stop', "application/json", "not JSON"),
    (b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html; charset=utf-8", "not JSON (text/html"),
    (b"", "application/json", "not JSON"),
    (b"[" * 100_000, "application/json", "not JSON"),  # nested too deep for json.loads
    (b"[]", "application/json", "get_session"),
    (json.dumps({**SESSION_BODY, "id": "not-a-uuid"}).encode(), "application/json", "get_session"),
    (json.dumps({k: v for k, v in SESSION_BODY.items() if k != "createdAt"}).encode(), "application/json", "createdAt"),
    (json.dumps({**SESSION_BODY, "status": 7}).encode(), "application/json", "get_session"),
]
ODD_IDS = ["truncated-json", "html-page", "empty", "too-deep", "wrong-type", "bad-uuid", "missing-required", "status-7"]


def _as_sent(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return body.decode("utf-8", errors="replace")


@pytest.mark.parametrize(("body", "content_type", "hint"), ODD_BODIES, ids=ODD_IDS)
def test_a_2xx_stop_never_raises_whatever_its_body(
    any_wire: Surface, server: Loopback, body: bytes, content_type: str, hint: str
) -> None:
    server.script(always(lambda _r, _h: Reply(200, body, {"Content-Type": content_type})))
    result = any_wire.stop(server.url, "browser-use", SESSION)
    assert result.id == SESSION
    assert result.raw == _as_sent(body)  # nothing the vendor sent is lost
    sent = result.raw if isinstance(result.raw, dict) else {}
    if isinstance(sent.get("status"), str):  # readable status, though the model is not: the status still counts
        assert result.status is CommonStatus.STOPPED
        assert result.raw_status == "stopped"
    else:
        assert result.status is CommonStatus.UNKNOWN
        assert result.raw_status == (None if "status" not in sent else json.dumps(sent["status"]))
    assert len(server.requests) == 1  # an answer that came back whole is not retried


@pytest.mark.parametrize(("body", "content_type", "hint"), ODD_BODIES, ids=ODD_IDS)
def test_a_typed_surface_answer_the_document_does_not_allow_still_returns_the_model(
    any_wire: Surface, server: Loopback, body: bytes, content_type: str, hint: str
) -> None:
    server.script(always(lambda _r, _h: Reply(200, body, {"Content-Type": content_type})))
    model = any_wire.run(server.url, lambda c: c.browser_use.get_session(SESSION))
    assert model.deviations, "a deviating answer lists what deviated"
    sent = _as_sent(body)
    if isinstance(sent, dict):
        assert model.to_dict() == sent  # nothing the vendor sent is lost
    else:  # not an object: the whole body is the one deviation, at the document's root
        assert [d.pointer for d in model.deviations] == [""]
        assert model.deviations[0].value == (sent if body.strip() else "")
    assert len(server.requests) == 1


@pytest.mark.parametrize(("body", "content_type", "hint"), ODD_BODIES, ids=ODD_IDS)
def test_a_strict_client_raises_on_an_answer_that_deviates(
    any_wire: Surface, server: Loopback, body: bytes, content_type: str, hint: str
) -> None:
    server.script(always(lambda _r, _h: Reply(200, body, {"Content-Type": content_type})))
    with pytest.raises(ResponseValidationError) as caught:
        any_wire.run(server.url, lambda c: c.browser_use.get_session(SESSION), strict=True)
    exc = caught.value
    assert exc.status_code == 200
    assert exc.vendor == "browser-use"
    assert exc.body == body[:MAX_BODY]  # the body is kept on the error
    assert "get_session: the answer deviates from the document" in str(exc)
    assert "\n" not in str(exc)


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ([], ""),
        ({**SESSION_BODY, "id": "not-a-uuid"}, "/id"),
        ({k: v for k, v in SESSION_BODY.items() if k != "createdAt"}, "/createdAt"),
        ({**SESSION_BODY, "status": 7}, "/status"),
    ],
    ids=["wrong-type", "bad-uuid", "missing-required", "status-not-a-string"],
)
def test_a_2xx_json_body_that_deviates_from_the_document_still_returns_the_model(
    any_wire: Surface, server: Loopback, body: Any, pointer: str
) -> None:
    server.script(always(lambda _r, _h: Reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})))
    result = any_wire.stop(server.url, "browser-use", SESSION)
    assert [d.pointer for d in result.model.deviations] == [pointer]
    assert result.model.to_dict() == (body if isinstance(body, dict) else {})
    assert len(server.requests) == 1


def test_a_body_cut_short_of_its_length_is_a_connection_error(any_wire: Surface, server: Loopback) -> None:
    cut = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"id": "3c90c3cc'
    server.script(always(lambda _r, handler: close_early(handler, cut)))
    exc = _raises(any_wire, server, "browser-use", APIConnectionError, max_retries=1)
    assert "RemoteProtocolError" in str(exc)
    assert len(server.requests) == 2  # a stop is safe to repeat


def test_a_body_cut_short_once_is_retried(any_wire: Surface, server: Loopback) -> None:
    cut = b"HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n{"
    server.script(then_ok(lambda _r, handler: close_early(handler, cut)))
    assert any_wire.stop(server.url, "browser-use", SESSION).raw_status == "stopped"


def test_a_corrupt_content_encoding_is_a_connection_error(any_wire: Surface, server: Loopback) -> None:
    server.script(always(lambda _r, _h: Reply(200, b"not gzip at all", {"Content-Encoding": "gzip"})))
    exc = _raises(any_wire, server, "browser-use", APIConnectionError)
    assert "DecodingError" in str(exc)


def test_a_gzipped_answer_is_read(any_wire: Surface, server: Loopback) -> None:
    body = gzip.compress(json.dumps(SESSION_BODY).encode())
    server.script(
        always(lambda _r, _h: Reply(200, body, {"Content-Encoding": "gzip", "Content-Type": "application/json"}))
    )
    assert any_wire.stop(server.url, "browser-use", SESSION).raw_status == "stopped"


# A status no document lists.


@pytest.mark.parametrize(("field", "value"), [("status", "paused"), ("model", "bu-ultra-2")])
def test_a_value_no_document_lists_parses_and_is_kept(
    surface: Surface, server: Loopback, field: str, value: str
) -> None:
    body = {**SESSION_BODY, field: value, "brandNewField": {"nested": [1, 2]}}
    server.script(always(lambda _r, _h: Reply(200, body)))
    result = surface.stop(server.url, "browser-use", SESSION)
    enum = getattr(result.model, field)
    assert enum == value
    assert enum.value == value
    assert enum.is_known is False
    assert result.model.to_dict() == body
    if field == "status":
        assert result.status is CommonStatus.UNKNOWN
        assert result.raw_status == "paused"
    else:
        assert result.status is CommonStatus.STOPPED
        assert result.model.status.is_known is True


# Error answers, with each vendor's real error body.


@pytest.mark.parametrize(
    ("vendor", "code", "body", "error", "message"),
    [
        ("browserai", 401, {"error": "Unauthorized"}, AuthenticationError, "Unauthorized"),
        ("browserai", 404, {"error": "Task not found"}, NotFoundError, "Task not found"),
        ("browserai", 400, {"error": "Invalid command or task ID"}, BadRequestError, "Invalid command or task ID"),
        ("browser-use", 401, {"detail": "Invalid API key"}, AuthenticationError, "Invalid API key"),
        ("browser-use", 404, {"detail": "Session not found"}, NotFoundError, "Session not found"),
        ("browser-use", 403, {"detail": "Not allowed"}, PermissionDeniedError, "Not allowed"),
        ("browser-use", 409, {"detail": "Session is already stopped"}, ConflictError, "Session is already stopped"),
        (
            "browser-use",
            422,
            {
                "detail": [
                    {
                        "loc": ["body", "strategy"],
                        "msg": "Input should be 'task' or 'session'",
                        "type": "enum",
                        "input": "all",
                    },
                    {"loc": ["path", "session_id"], "msg": "Input should be a valid UUID", "type": "uuid_parsing"},
                ]
            },
            BadRequestError,
            "body.strategy: Input should be 'task' or 'session'; path.session_id: Input should be a valid UUID",
        ),
        ("browser-use", 418, {"detail": "I'm a teapot"}, APIStatusError, "I'm a teapot"),
        ("browser-use", 429, {"detail": "Too many requests"}, RateLimitError, "Too many requests"),
        ("browserai", 500, {"error": "Internal server error"}, ServerError, "Internal server error"),
        ("browserai", 502, "<html><h1>Bad Gateway</h1></html>", ServerError, "Bad Gateway"),
        ("browser-use", 503, b"", ServerError, "Service Unavailable"),
        ("browser-use", 500, {"message": "upstream failed"}, ServerError, "upstream failed"),
    ],
)
def test_error_answers_map_to_the_tree_with_the_vendors_message(
    any_wire: Surface, server: Loopback, vendor: str, code: int, body: Any, error: type[APIStatusError], message: str
) -> None:
    headers = {"X-Request-Id": "req-81f2"}
    server.script(always(lambda _r, _h: Reply(code, body, headers)))
    exc = _raises(any_wire, server, vendor, error, max_retries=0)
    assert type(exc) is error
    assert exc.status_code == code
    assert exc.vendor == vendor
    assert exc.message == message
    assert exc.request_id == "req-81f2"
    assert str(exc) == f"{vendor} answered {code}: {message} (request id req-81f2)"
    sent = body if isinstance(body, bytes) else body.encode() if isinstance(body, str) else json.dumps(body).encode()
    assert exc.body == sent
    if isinstance(body, dict) and isinstance(body.get("detail"), list):
        assert exc.detail == body["detail"]


def test_error_bodies_and_messages_are_size_bounded(surface: Surface, server: Loopback) -> None:
    huge = {"error": "x" * 50_000, "padding": "y" * 100_000}
    server.script(always(lambda _r, _h: Reply(404, huge)))
    exc = _raises(surface, server, "browserai", NotFoundError)
    assert len(exc.body) == MAX_BODY
    assert exc.body == json.dumps(huge).encode()[:MAX_BODY]
    assert len(str(exc)) < 600
    assert exc.message.startswith("xxx")


def test_a_multiline_vendor_message_becomes_one_line(surface: Surface, server: Loopback) -> None:
    server.script(always(lambda _r, _h: Reply(404, {"detail": "Session\nnot\r\nfound"})))
    exc = _raises(surface, server, "browser-use", NotFoundError)
    assert exc.message == "Session not found"


def test_the_typed_surfaces_raise_the_same_tree(surface: Surface, server: Loopback) -> None:
    server.script(always(lambda _r, _h: Reply(404, {"detail": "Session not found"})))

    def op(clients: Any) -> Any:
        return clients.browser_use.stop_session(SESSION, max_retries=0)

    with pytest.raises(NotFoundError, match="Session not found"):
        surface.run(server.url, op)


def test_the_facade_never_calls_the_generated_endpoint_functions() -> None:
    """The generated sync()/asyncio() raise UnexpectedStatus and let httpx errors out: the facade uses none of them.

    It takes each request from ``_get_kwargs`` and reads every answer itself (``_call.read``), which is why the
    tests above see only the facade's tree, whatever the status.
    """
    import ast
    from pathlib import Path

    import browser_clients

    root = Path(browser_clients.__file__).parent
    generated_entry_points = {"sync", "sync_detailed", "asyncio", "asyncio_detailed"}
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in generated_entry_points, f"{path.name}:{node.lineno}"
            if isinstance(node, ast.Name | ast.Attribute):
                name = node.id if isinstance(node, ast.Name) else node.attr
                assert name != "UnexpectedStatus", f"{path.name}:{node.lineno}"


def test_a_deviation_is_logged_once_per_operation_and_field_on_the_package_logger(
    surface: Surface, server: Loopback, caplog: pytest.LogCaptureFixture
) -> None:
    # The package logs each (operation, field) once per process: each surface uses a field no other test bends.
    field = "totalInputTokens" if surface.kind == "sync" else "totalOutputTokens"
    body = {**SESSION_BODY, field: "many"}
    server.script(always(lambda _r, _h: Reply(200, body)))
    caplog.set_level(logging.WARNING, logger="browser_use_client")

    first = surface.run(server.url, lambda c: c.browser_use.get_session(SESSION))
    second = surface.run(server.url, lambda c: c.browser_use.get_session(SESSION))
    assert first.to_dict() == body == second.to_dict()
    assert [d.pointer for d in first.deviations] == [f"/{field}"]
    records = [r for r in caplog.records if r.name == "browser_use_client" and f"/{field}" in r.getMessage()]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].levelno == logging.WARNING
    assert "get_session" in records[0].getMessage()
