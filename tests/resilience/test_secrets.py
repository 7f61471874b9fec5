"""Bad input and secrets: malformed keys fail before any request, a key never shows, ids cannot steer the URL."""

from __future__ import annotations

import logging
import socket
import traceback
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from browser_clients import BrowserClientError, ConfigurationError, InvalidSessionIdError
from tests.resilience.conftest import BROWSER_USE_KEY, BROWSERAI_KEY, SESSION, Surface, always
from tests.support.loopback import Loopback, Recorded, Reply, reset_connection, serve, stall

MARK = "SeCrEtMaRk"
BAD_KEYS = {
    "empty": "",
    "leading-space": f" {MARK}",
    "trailing-space": f"{MARK} ",
    "trailing-newline": f"{MARK}\n",
    "header-injection": f"{MARK}\r\nX-Injected: 1",
    "nul": f"{MARK}\x00",
    "tab": f"{MARK}\tx",
    "delete": f"{MARK}\x7f",
    "line-separator": f"{MARK}\u2028",
    "non-ascii": f"{MARK}é",
}


@pytest.mark.parametrize("key", BAD_KEYS.values(), ids=BAD_KEYS.keys())
@pytest.mark.parametrize("vendor", ["browserai", "browser_use"])
def test_a_malformed_key_is_rejected_before_any_request(
    surface: Surface, server: Loopback, key: str, vendor: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        surface.clients(server.url, **{f"{vendor}_api_key": key})
    assert f"{vendor}_api_key" in str(caught.value)
    assert MARK not in str(caught.value)
    assert server.requests == []


# The process environment is C strings: no variable can hold NUL.
ENV_KEYS = {name: key for name, key in BAD_KEYS.items() if "\x00" not in key}


@pytest.mark.parametrize("key", ENV_KEYS.values(), ids=ENV_KEYS.keys())
def test_a_malformed_key_from_the_environment_names_the_variable(
    surface: Surface, server: Loopback, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("BROWSER_USE_API_KEY", key)
    with pytest.raises(ConfigurationError) as caught:
        surface.stop(server.url, "browser-use", SESSION, browser_use_api_key=None)
    assert "BROWSER_USE_API_KEY" in str(caught.value)
    assert MARK not in str(caught.value)
    assert server.requests == []


@pytest.mark.parametrize("package", ["browserai_client", "browser_use_client"])
@pytest.mark.parametrize("key", BAD_KEYS.values(), ids=BAD_KEYS.keys())
def test_the_generated_packages_alone_reject_a_malformed_key(package: str, key: str) -> None:
    client_module = __import__(f"{package}.client", fromlist=["AuthenticatedClient"])
    with pytest.raises(ValueError, match="API token") as caught:
        client_module.AuthenticatedClient(base_url="http://127.0.0.1:9", token=key)
    assert MARK not in str(caught.value)
    with pytest.raises(ValueError, match="API token"):
        client_module.ApiKeyAuth(key)


@pytest.mark.parametrize("package", ["browserai_client", "browser_use_client"])
def test_the_generated_packages_alone_time_out_by_default(package: str) -> None:
    client_module = __import__(f"{package}.client", fromlist=["Client"])
    client = client_module.AuthenticatedClient(base_url="http://127.0.0.1:9", token=MARK)
    timeout = client.get_httpx_client().timeout
    assert timeout.connect == 5.0
    assert timeout.read == 30.0
    for shown in (repr(client), str(client), repr(client.get_httpx_client().auth)):
        assert MARK not in shown


# The key never shows: run every kind of outcome and capture everything a user or a log could see.


class _Everything(logging.Handler):
    """Keep every record of every logger, formatted with its traceback, at every level."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.names: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        # The message as any formatter would show it, plus every attribute (args, extra, exception) raw.
        self.lines.append(f"{logging.Formatter().format(record)} {vars(record)!r}")
        self.names.add(record.name.split(".")[0])


@pytest.fixture
def everything() -> Iterator[_Everything]:
    handler = _Everything()
    root = logging.getLogger()
    saved = root.level, {n: logging.getLogger(n).level for n in ("httpx", "httpcore", "browser_clients", "asyncio")}
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in saved[1]:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        for name, level in saved[1].items():
            logging.getLogger(name).setLevel(level)


def _script(request: Recorded, handler: Any) -> Reply | None:
    """Answer by the id in the path: each id is one kind of outcome."""
    path = request.raw_path
    if "unauthorized" in path or path.endswith(("0001/stop",)):
        return Reply(401, {"error": "Unauthorized"} if path.startswith("/tasks/") else {"detail": "Invalid API key"})
    if "failing" in path or path.endswith("0002/stop"):
        return Reply(500, {"error": "Internal server error"})
    if "slow" in path or path.endswith("0003/stop"):
        return stall(handler)
    if "reset" in path or path.endswith("0004/stop"):
        return reset_connection(handler)
    if "garbled" in path or path.endswith("0005/stop"):
        return Reply(200, b"{not json", {"Content-Type": "application/json"})
    if path.startswith("/tasks/"):
        return Reply(200, {"message": "Task stopped successfully"})
    return Reply(
        200,
        {
            "id": SESSION,
            "status": "stopped",
            "model": "bu-mini",
            "createdAt": "2023-11-07T05:31:56Z",
            "updatedAt": "2023-11-07T05:31:56Z",
        },
    )


OUTCOMES = [
    ("browserai", "ok"),
    ("browserai", "unauthorized"),
    ("browserai", "failing"),
    ("browserai", "slow"),
    ("browserai", "reset"),
    ("browserai", "garbled"),
    ("browser-use", SESSION),
    *[("browser-use", f"00000000-0000-4000-8000-00000000000{i}") for i in range(1, 6)],
]


def _seen_by_a_user(error: BaseException) -> list[str]:
    """Return every text an error shows: str, repr, its attributes and its traceback, with every frame's locals."""
    texts = [str(error), repr(error), repr(vars(error))]
    texts.append("".join(traceback.format_exception(error)))
    texts.append("".join(traceback.TracebackException.from_exception(error, capture_locals=True).format()))
    return texts


def test_a_key_never_shows_in_repr_str_errors_logs_or_tracebacks(
    surface: Surface, everything: _Everything, through_httpx: bool
) -> None:
    shown: list[str] = []
    with serve(_script) as server:

        def run_all(clients: Any) -> Any:
            shown.extend(
                [
                    repr(clients),
                    str(clients),
                    repr(vars(clients)),
                    repr(vars(clients._engine)),
                    repr(vars(clients._engine.accounts)),
                ]
            )
            return [(vendor, ident) for vendor, ident in OUTCOMES]

        plan = surface.run(server.url, run_all, through_httpx=through_httpx)
        for vendor, ident in plan:
            try:
                result = surface.stop(
                    server.url, vendor, ident, timeout=0.2, max_retries=1, through_httpx=through_httpx
                )
            except BrowserClientError as error:
                shown.extend(_seen_by_a_user(error))
            else:
                shown.extend([repr(result), str(result), repr(result.to_dict()), repr(result.model)])
        with pytest.raises(BrowserClientError) as refused:
            surface.stop(_closed_port(), "browserai", "t", max_retries=1, through_httpx=through_httpx)
        shown.extend(_seen_by_a_user(refused.value))
        sent = [
            r.headers.get("authorization", "") + r.headers.get("x-browser-use-api-key", "") for r in server.requests
        ]
    # The keys did go on the wire, and the logs below the facade were captured: the check below is not vacuous.
    assert any(BROWSERAI_KEY in s for s in sent)
    assert any(BROWSER_USE_KEY in s for s in sent)
    assert "browser_clients" in everything.names
    if through_httpx:  # httpx logs each request at INFO, httpcore each step at DEBUG
        assert {"httpx", "httpcore"} <= everything.names
    assert len(shown) > 30
    for text in [*shown, *everything.lines]:
        assert BROWSERAI_KEY not in text
        assert BROWSER_USE_KEY not in text


AUTH_LIKE = {"Authorization": "Bearer user-token", "X-Browser-Use-API-Key": "user-token", "X-Api-Key": "user-token"}


def test_a_key_never_shows_in_raw_responses_request_logs_or_derived_clients(
    surface: Surface, everything: _Everything, through_httpx: bool
) -> None:
    """The new paths too: raw responses (and their errors), the request log, with_options, auth-like extra headers."""
    shown: list[str] = []
    with serve(_script) as server:
        for vendor, ident in OUTCOMES:

            def raw(clients: Any, vendor: str = vendor, ident: str = ident) -> Any:
                derived = clients.with_options(default_headers={"X-Tenant": "t"}, timeout=0.2, max_retries=1)
                shown.extend(
                    [
                        repr(derived),
                        repr(vars(derived)),
                        repr(vars(derived._engine)),
                        repr(vars(derived._engine.accounts)),
                    ]
                )
                return derived.with_raw_response.stop(vendor, ident, extra_headers=AUTH_LIKE)

            try:
                response = surface.run(server.url, raw, through_httpx=through_httpx)
            except BrowserClientError as error:
                shown.extend(_seen_by_a_user(error))
            else:
                shown.extend([repr(response), str(response), repr(vars(response)), response.url, str(response.headers)])
                shown.extend([repr(response.parse()), repr(response.parse().to_dict())])
        sent = [
            r.headers.get("authorization", "") + r.headers.get("x-browser-use-api-key", "") for r in server.requests
        ]
    assert any(BROWSERAI_KEY in s for s in sent)
    assert any(BROWSER_USE_KEY in s for s in sent)
    # The request log ran (method, URL, status, attempt) at every outcome, and so did the debug line of headers.
    assert any("-> 200 in" in line for line in everything.lines)
    assert any("sent headers:" in line for line in everything.lines)
    assert len(shown) > 30
    for text in [*shown, *everything.lines]:
        assert BROWSERAI_KEY not in text
        assert BROWSER_USE_KEY not in text
    # Nor do the values of the user's own auth-like headers show in any log line (a traceback's frame locals
    # show the arguments the user passed, which are theirs to see).
    for line in everything.lines:
        assert "user-token" not in line


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


# Session ids cannot change the path or the query.

HOSTILE_IDS = [
    "../admin",
    "../../x",
    "a/../b",
    "?x=1",
    "a?b=c&d=e",
    "#frag",
    "a b",
    " t ",
    "%2e%2e",
    "..%2F",
    "%",
    "\\..\\",
    "a;b",
    "ünï",
    "...",
    "t/command?x=",
    "@evil.example",
]


def _path_of(request: Recorded) -> tuple[list[str], str, str]:
    parts = urlsplit(request.raw_path)
    return parts.path.split("/"), parts.query, parts.fragment


@pytest.mark.parametrize("task_id", HOSTILE_IDS)
def test_a_browserai_id_is_one_escaped_path_segment_on_the_wire(
    surface: Surface, server: Loopback, task_id: str
) -> None:
    result = surface.stop(server.url, "browserai", task_id)
    (request,) = server.requests
    segments, query, fragment = _path_of(request)
    assert segments == ["", "tasks", quote(task_id, safe=""), "command"]
    assert (query, fragment) == ("", "")
    assert result.id == task_id


@pytest.mark.parametrize("task_id", HOSTILE_IDS)
def test_the_generated_package_alone_escapes_ids_too(task_id: str) -> None:
    from browserai_client import AuthenticatedClient
    from browserai_client.api.task import stop_task
    from browserai_client.models import StopTaskRequest, TaskCommand

    with serve(always(lambda _r, _h: Reply(200, {"message": "ok"}))) as server:
        with AuthenticatedClient(base_url=server.url, token="k") as client:
            stop_task.sync(task_id, client=client, body=StopTaskRequest(command=TaskCommand.STOP))
        (request,) = server.requests
    segments, query, fragment = _path_of(request)
    assert segments == ["", "tasks", quote(task_id, safe=""), "command"]
    assert (query, fragment) == ("", "")


@pytest.mark.parametrize("task_id", ["", ".", ".."])
def test_ids_no_path_can_carry_are_refused_before_any_request(surface: Surface, server: Loopback, task_id: str) -> None:
    from browserai_client.api.task import stop_task
    from browserai_client.models import StopTaskRequest, TaskCommand

    with pytest.raises(InvalidSessionIdError):
        surface.stop(server.url, "browserai", task_id)
    with pytest.raises(ValueError, match="cannot be a path parameter"):
        stop_task._get_kwargs(task_id, body=StopTaskRequest(command=TaskCommand.STOP))
    assert server.requests == []


@pytest.mark.parametrize(
    "session_id", ["../" + SESSION, SESSION + "/../x", SESSION + "?x=1", "not-a-uuid", "", " ", "3c90c3cc"]
)
def test_a_browser_use_id_must_be_a_uuid(surface: Surface, server: Loopback, session_id: str) -> None:
    with pytest.raises(InvalidSessionIdError, match="UUID"):
        surface.stop(server.url, "browser-use", session_id)
    assert server.requests == []


@pytest.mark.parametrize(
    "spelling",
    [SESSION.upper(), "{" + SESSION + "}", "urn:uuid:" + SESSION, SESSION.replace("-", ""), uuid.UUID(SESSION)],
)
def test_every_spelling_of_a_uuid_goes_out_canonical(surface: Surface, server: Loopback, spelling: Any) -> None:
    surface.stop(server.url, "browser-use", spelling)
    assert server.requests[0].raw_path == f"/sessions/{SESSION}/stop"


def test_error_messages_never_echo_a_key_even_when_the_vendor_does(surface: Surface, server: Loopback) -> None:
    echo: Callable[..., Reply] = lambda request, _h: Reply(  # noqa: E731 - a one-line script
        401, {"detail": "bad key " + request.headers.get("x-browser-use-api-key", "")}
    )
    server.script(echo)
    with pytest.raises(BrowserClientError) as caught:
        surface.stop(server.url, "browser-use", SESSION)
    # The vendor's own words are passed on as they are: a vendor that echoes the key is outside our control,
    # so this documents the one place a key could appear, and that it is the vendor's body, not ours.
    assert BROWSER_USE_KEY in caught.value.message  # type: ignore[attr-defined]
