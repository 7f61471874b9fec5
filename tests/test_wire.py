"""Wire tests: what the facade and each generated package alone put on the wire, byte for byte."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from browser_clients import (
    BrowserClients,
    InvalidSessionIdError,
    ModelTier,
    SessionStatus,
    SessionView,
    StopTaskRequest,
    StopTaskResponse,
    TaskCommand,
)
from tests.support.loopback import Loopback, Recorded, Reply, serve

SESSION = uuid.UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a")
SESSION_BODY = {
    "id": str(SESSION),
    "status": "stopped",
    "model": "bu-mini",
    "createdAt": "2023-11-07T05:31:56Z",
    "updatedAt": "2023-11-07T05:31:56Z",
}


def _answer(request: Recorded, _handler: object) -> Reply:
    if request.raw_path.startswith("/tasks/"):
        return Reply(200, {"message": "Task stopped successfully"})
    return Reply(200, SESSION_BODY)


@pytest.fixture
def server() -> Iterator[Loopback]:
    with serve(_answer) as loopback:
        yield loopback


@pytest.fixture
def clients(server: Loopback) -> Iterator[BrowserClients]:
    with BrowserClients(
        browserai_api_key="ba-key-1",
        browser_use_api_key="bu-key-2",
        browserai_base_url=server.url,
        browser_use_base_url=server.url + "/",
    ) as c:
        yield c


def _auth_lines(request: Recorded) -> list[bytes]:
    return [line for line in request.header_lines() if line.lower().startswith((b"authorization", b"x-browser-use"))]


def test_browserai_stop_sends_apikey_authorization(clients: BrowserClients, server: Loopback) -> None:
    clients.stop("browserai", "task-1")
    (request,) = server.requests
    assert request.method == "POST"
    assert request.raw_path == "/tasks/task-1/command"
    assert _auth_lines(request) == [b"Authorization: apikey ba-key-1"]
    assert request.body == b'{"command":"stop"}'
    assert request.headers["content-type"] == "application/json"


def test_browser_use_stop_sends_raw_key_header(clients: BrowserClients, server: Loopback) -> None:
    clients.stop("browser-use", str(SESSION), strategy="task")
    (request,) = server.requests
    assert request.raw_path == f"/sessions/{SESSION}/stop"
    assert _auth_lines(request) == [b"X-Browser-Use-API-Key: bu-key-2"]
    assert request.json() == {"strategy": "task"}


def test_browser_use_stop_without_strategy_sends_no_body(clients: BrowserClients, server: Loopback) -> None:
    result = clients.stop("browser-use", SESSION)
    (request,) = server.requests
    assert request.body == b""
    assert "content-type" not in request.headers
    assert result.raw_status == "stopped"


@pytest.mark.parametrize(
    ("task_id", "path"),
    [
        ("../admin", "/tasks/..%2Fadmin/command"),
        ("a?b=c", "/tasks/a%3Fb%3Dc/command"),
        ("x#frag", "/tasks/x%23frag/command"),
        ("with space", "/tasks/with%20space/command"),
        ("ünï", "/tasks/%C3%BCn%C3%AF/command"),
    ],
)
def test_browserai_ids_are_escaped_into_one_path_segment(
    clients: BrowserClients, server: Loopback, task_id: str, path: str
) -> None:
    result = clients.stop("browserai", task_id)
    assert server.requests[-1].raw_path == path
    assert result.id == task_id


@pytest.mark.parametrize("task_id", ["", " ", ".", "..", "a\r\nb"])
def test_browserai_ids_that_no_path_can_carry_are_rejected(
    clients: BrowserClients, server: Loopback, task_id: str
) -> None:
    with pytest.raises(InvalidSessionIdError):
        clients.stop("browserai", task_id)
    assert server.requests == []


@pytest.mark.parametrize("session_id", ["not-a-uuid", "../3c90c3cc", "", "3c90c3cc-0d44-4b50-8888"])
def test_browser_use_ids_must_be_uuids(clients: BrowserClients, server: Loopback, session_id: str) -> None:
    with pytest.raises(InvalidSessionIdError, match="UUID"):
        clients.stop("browser-use", session_id)
    assert server.requests == []


def test_generated_browserai_package_alone_sends_the_documented_header(server: Loopback) -> None:
    from browserai_client import AuthenticatedClient
    from browserai_client.api.task import stop_task

    client = AuthenticatedClient(base_url=server.url, token="alone-1")
    with client:
        parsed = stop_task.sync("a/b", client=client, body=StopTaskRequest(command=TaskCommand.STOP))
    (request,) = server.requests
    assert _auth_lines(request) == [b"Authorization: apikey alone-1"]
    assert request.raw_path == "/tasks/a%2Fb/command"
    assert isinstance(parsed, StopTaskResponse)
    assert parsed.message == "Task stopped successfully"
    assert parsed.to_dict() == {"message": "Task stopped successfully"}
    assert "alone-1" not in repr(client)


def test_generated_browser_use_package_alone_sends_the_documented_header(server: Loopback) -> None:
    from browser_use_client import AuthenticatedClient
    from browser_use_client.api.sessions import stop_session

    client = AuthenticatedClient(base_url=server.url, token="alone-2")
    with client:
        session = stop_session.sync(SESSION, client=client)  # no body: the server's default strategy
    (request,) = server.requests
    assert _auth_lines(request) == [b"X-Browser-Use-API-Key: alone-2"]
    assert request.body == b""
    assert isinstance(session, SessionView)
    assert session.id == SESSION
    assert session.status is SessionStatus.STOPPED
    assert session.model is ModelTier.BU_MINI
    assert session.created_at == datetime(2023, 11, 7, 5, 31, 56, tzinfo=UTC)
    assert session.to_dict() == SESSION_BODY


def test_a_session_in_the_published_shapes_with_every_null_it_allows_reads_back_as_sent(server: Loopback) -> None:
    from browser_use_client import AuthenticatedClient
    from browser_use_client.api.sessions import get_session

    body = {
        **SESSION_BODY,
        **dict.fromkeys(("title", "output", "outputSchema", "lastStepSummary", "isTaskSuccessful", "liveUrl")),
        **dict.fromkeys(("profileId", "workspaceId", "proxyCountryCode", "maxCostUsd", "screenshotUrl")),
        "agentmailEmail": None,
        "recordingUrls": [],
    }
    server.script(lambda _request, _handler: Reply(200, body))
    with AuthenticatedClient(base_url=server.url, token="alone-3") as client:
        session = get_session.sync(SESSION, client=client)
    assert isinstance(session, SessionView)
    assert session.output_schema is None  # the vendor's document allows null here; ours says so too now
    assert session.is_task_successful is None
    assert session.to_dict() == body
