"""What no request may carry, refused before any request on both transports and inside stop_many (issue 19)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from browser_clients import (
    AsyncBrowserClients,
    BrowserClients,
    ConfigurationError,
    InvalidArgumentError,
    NotFoundError,
    ServerError,
    StopOutcome,
)
from tests.resilience.conftest import BROWSER_USE_KEY, SESSION, SESSION_BODY, Surface, always
from tests.support.loopback import Loopback, Reply

SESSION_BODY_BYTES = json.dumps(SESSION_BODY).encode()
SESSIONS = [SESSION, "3c90c3cc-0d44-4b50-8888-8dd257360501", "3c90c3cc-0d44-4b50-8888-8dd257360502"]


@pytest.mark.parametrize("character", ["\x0b", "\x0c", "\x7f", "\x00", "\r", "\n", "\x1b"])
def test_a_header_value_with_a_control_character_is_refused_before_any_request(
    any_wire: Surface, server: Loopback, character: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=r"X-Trace.*control character"):
        any_wire.stop(server.url, "browser-use", SESSION, call={"extra_headers": {"X-Trace": f"a{character}b"}})
    assert server.requests == []


def test_a_tab_is_the_one_control_character_a_header_value_may_carry(any_wire: Surface, server: Loopback) -> None:
    any_wire.stop(server.url, "browser-use", SESSION, call={"extra_headers": {"X-Trace": "a\tb"}})
    assert server.requests[0].headers["x-trace"] == "a\tb"


def test_a_non_ascii_header_value_is_refused_before_any_request(any_wire: Surface, server: Loopback) -> None:
    with pytest.raises(InvalidArgumentError, match=r"X-Note.*not ASCII"):
        any_wire.stop(server.url, "browser-use", SESSION, call={"extra_headers": {"X-Note": "café"}})
    with pytest.raises(ConfigurationError, match=r"X-Note.*not ASCII"):
        any_wire.stop(server.url, "browser-use", SESSION, default_headers={"X-Note": "naïve"})
    assert server.requests == []


def test_an_answer_header_that_is_not_ascii_is_read(any_wire: Surface, server: Loopback) -> None:
    # A vendor (or a proxy) sends a Latin-1 or UTF-8 header value: the answer is still read on every wire.
    server.script(always(lambda _r, _h: Reply(200, SESSION_BODY, {"X-Region": "Zürich"})))
    assert any_wire.stop(server.url, "browser-use", SESSION).id == SESSION


@pytest.mark.parametrize(
    ("name", "value"), [("Content-Length", "50"), ("transfer-encoding", "chunked"), ("Host", "elsewhere.example")]
)
def test_framing_headers_are_refused_before_any_request(
    any_wire: Surface, server: Loopback, name: str, value: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=f"{name}.*set by the transport"):
        any_wire.stop(server.url, "browser-use", SESSION, call={"extra_headers": {name: value}})
    with pytest.raises(ConfigurationError, match=name):
        any_wire.stop(server.url, "browser-use", SESSION, default_headers={name: value})
    assert server.requests == []


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_inside_stop_many_a_refused_header_is_one_outcome_per_id(kind: str, server: Loopback) -> None:
    options: dict[str, Any] = {"browser_use_api_key": BROWSER_USE_KEY, "browser_use_base_url": server.url}
    bad = {"extra_headers": {"X-Trace": "a\x0bb"}}
    if kind == "sync":
        with BrowserClients(**options) as clients:
            outcomes = clients.stop_many("browser-use", SESSIONS, **bad)  # type: ignore[arg-type]  # a mapping
    else:

        async def go() -> list[StopOutcome]:
            async with AsyncBrowserClients(**options) as clients:
                return await clients.stop_many("browser-use", SESSIONS, **bad)  # type: ignore[arg-type]  # a mapping

        outcomes = asyncio.run(go())
    # Never an ExceptionGroup that loses every outcome: one outcome per id, each saying what was wrong.
    assert [o.id for o in outcomes] == SESSIONS
    assert all(isinstance(o.error, InvalidArgumentError) for o in outcomes)
    assert server.requests == []


def _made_and_used(make: Any) -> None:
    make().stop("browser-use", SESSION)  # refused when made, or at the latest before its first request


@pytest.mark.parametrize("url", ["http://user:secret-pw@127.0.0.1:9", "https://:secret-pw@api.example"])
def test_credentials_in_a_base_url_are_refused_never_shown(url: str) -> None:
    for make in (
        lambda: BrowserClients(browser_use_api_key=BROWSER_USE_KEY, browser_use_base_url=url),
        lambda: AsyncBrowserClients(browser_use_api_key=BROWSER_USE_KEY, base_urls={"browser-use": url}),
    ):
        with pytest.raises(ConfigurationError) as caught:
            _made_and_used(make)
        assert "secret-pw" not in str(caught.value)
        assert "credentials" in str(caught.value) or "user" in str(caught.value)


def test_credentials_in_a_base_url_from_the_environment_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, server: Loopback
) -> None:
    monkeypatch.setenv("BROWSER_USE_API_KEY", BROWSER_USE_KEY)
    monkeypatch.setenv("BROWSER_USE_BASE_URL", "http://me:secret-pw@127.0.0.1:9")
    with BrowserClients() as clients:
        with pytest.raises(ConfigurationError) as caught:
            clients.stop("browser-use", SESSION)
        assert "secret-pw" not in repr(clients)
    assert "BROWSER_USE_BASE_URL" in str(caught.value)
    assert "secret-pw" not in str(caught.value)
    assert server.requests == []


def _with_note(head: bytes, body: bytes, *, chunked: bool = False) -> Any:
    """Answer with a header value holding a non-ASCII byte (``X-Note: café`` in Latin-1), as some proxies send."""
    framing = b"Transfer-Encoding: chunked" if chunked else b"Content-Length: %d" % len(body)
    data = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if chunked else body
    answer = b"HTTP/1.1 %s\r\nContent-Type: application/json\r\nX-Note: caf\xe9\r\n%s\r\n\r\n%s" % (head, framing, data)

    def script(_request: Any, handler: Any) -> None:
        handler.wfile.write(answer)
        handler.wfile.flush()
        handler.close_connection = True

    return script


@pytest.mark.parametrize(
    ("head", "body", "chunked", "raised"),
    [
        (b"404 Not Found", b'{"detail": "Session not found"}', False, NotFoundError),
        (b"503 Service Unavailable", b'{"detail": "busy"}', False, ServerError),
        (b"200 OK", SESSION_BODY_BYTES, True, None),
    ],
    ids=["404", "503", "chunked-200"],
)
def test_an_answer_header_with_a_non_ascii_byte_ends_in_the_error_tree_or_the_result(
    any_wire: Surface, server: Loopback, head: bytes, body: bytes, chunked: bool, raised: type[Exception] | None
) -> None:
    server.script(always(_with_note(head, body, chunked=chunked)))
    if raised is None:
        assert any_wire.stop(server.url, "browser-use", SESSION).id == SESSION
        return
    with pytest.raises(raised) as caught:
        any_wire.stop(server.url, "browser-use", SESSION, call={"max_retries": 0})
    assert caught.value.headers["x-note"] in ("caf\xe9", "café")  # kept on the error, as the answer said it
