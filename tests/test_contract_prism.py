"""Contract tests: the facade's requests pass the real Prism mock's validation of each document in specs/."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from browser_clients import (
    AsyncBrowserClients,
    AuthenticationError,
    BrowserClients,
    CommonStatus,
    SessionView,
    StopTaskResponse,
    Vendor,
)
from browser_use_v4_client import AuthenticatedClient
from browser_use_v4_client.api.runs import cancel_run, create_run, get_run, get_run_status, list_runs
from browser_use_v4_client.api.sessions import cancel_queued_message, send_message
from browser_use_v4_client.models import CreateRunRequest, RunStatus, RunStatusView, RunView, SendMessageRequest
from tests.support.prism import ROOT, prism

pytestmark = pytest.mark.prism

SESSION = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
RUN = "0b9d4a53-8f2e-4c5a-9a43-3f3f0e6b2a71"
KEY = {"X-Browser-Use-API-Key": "k"}


@pytest.fixture(scope="module")
def browserai_url() -> Iterator[str]:
    with prism(ROOT / "specs" / "browserai.yaml") as url:
        yield url


@pytest.fixture(scope="module")
def browser_use_url() -> Iterator[str]:
    with prism(ROOT / "specs" / "browser-use.yaml") as url:
        yield url


@pytest.fixture(scope="module")
def browser_use_v4_url() -> Iterator[str]:
    with prism(ROOT / "specs" / "browser-use-v4.yaml") as url:
        yield url


@pytest.fixture
def clients(browserai_url: str, browser_use_url: str) -> Iterator[BrowserClients]:
    with BrowserClients(
        browserai_api_key="test-key",
        browser_use_api_key="test-key",
        browserai_base_url=browserai_url,
        browser_use_base_url=browser_use_url,
        max_retries=0,
    ) as c:
        yield c


def test_browserai_stop_passes_validation_and_parses(clients: BrowserClients) -> None:
    result = clients.stop(Vendor.BROWSERAI, "task-123")
    assert result.status is CommonStatus.STOPPED
    assert isinstance(result.model, StopTaskResponse)
    assert result.message == "Task stopped successfully"


@pytest.mark.parametrize("strategy", [None, "task", "session"])
def test_browser_use_stop_passes_validation_and_parses(clients: BrowserClients, strategy: str | None) -> None:
    # Prism answers about its example session whatever id is asked: ask about that one, as a vendor would answer.
    session = str(clients.browser_use.get_session(SESSION).id)
    result = clients.stop("browser-use", session, strategy=strategy)
    assert isinstance(result.model, SessionView)
    assert isinstance(result.model.id, uuid.UUID)
    assert result.status is CommonStatus.QUEUED  # Prism answers with the first enum value, "created"
    assert result.raw_status == "created"


def test_browser_use_typed_surface(clients: BrowserClients) -> None:
    session = clients.browser_use.stop_session(SESSION, strategy="task")
    assert isinstance(session, SessionView)
    assert session.status.value == "created"


def test_prism_answers_in_the_reconciled_shapes(browser_use_url: str) -> None:
    answer = httpx.get(f"{browser_use_url}/sessions/{SESSION}", headers={"X-Browser-Use-API-Key": "k"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["recordingUrls"] == []  # the published document's default
    assert body["outputSchema"] is None or isinstance(body["outputSchema"], dict)
    assert SessionView.from_dict(body).to_dict() == body


def test_the_generated_v4_client_reads_a_run_and_a_cancel_answer(browser_use_v4_url: str) -> None:
    # strict: an answer that deviates from our document raises rather than reading as UNSET.
    with AuthenticatedClient(base_url=browser_use_v4_url, token="k", strict=True) as client:
        run = get_run.sync(uuid.UUID(RUN), client=client)
        cancelled = cancel_run.sync(uuid.UUID(RUN), client=client)
        status = get_run_status.sync(uuid.UUID(RUN), client=client)
    for answer in (run, cancelled):
        assert isinstance(answer, RunView)
        assert answer.deviations == ()
        assert isinstance(answer.id, uuid.UUID)
        assert isinstance(answer.session_id, uuid.UUID)
        assert answer.status is RunStatus.QUEUED  # Prism answers with the first status the document lists
        assert RunView.from_dict(answer.to_dict()) == answer
    assert isinstance(status, RunStatusView)
    assert status.status is RunStatus.QUEUED


@pytest.mark.parametrize(
    ("call", "code"),
    [
        ("list_runs", 403),  # a Zero Data Retention project: v4 does not serve it
        ("cancel_run", 404),
        ("create_run", 409),  # the session named already has a run going
        ("cancel_queued_message", 409),  # the message no longer waits
        ("send_message", 429),  # the session's queue is full
    ],
)
def test_the_v4_refusals_are_documented_and_reach_the_generated_client(
    browser_use_v4_url: str, call: str, code: int
) -> None:
    run, session = uuid.UUID(RUN), uuid.UUID(SESSION)
    calls = {
        "list_runs": lambda c: list_runs.sync_detailed(client=c),
        "cancel_run": lambda c: cancel_run.sync_detailed(run, client=c),
        "create_run": lambda c: create_run.sync_detailed(
            client=c, body=CreateRunRequest(task="Find a flight", session_id=session)
        ),
        "cancel_queued_message": lambda c: cancel_queued_message.sync_detailed(session, 7, client=c),
        "send_message": lambda c: send_message.sync_detailed(session, client=c, body=SendMessageRequest(text="next")),
    }
    # Prism answers a status only when the document lists it for the operation; raising on an unexpected status
    # proves the generated client knows it too. The document gives these answers no body, so nothing is parsed.
    with AuthenticatedClient(
        base_url=browser_use_v4_url, token="k", headers={"Prefer": f"code={code}"}, raise_on_unexpected_status=True
    ) as client:
        answer = calls[call](client)
    assert answer.status_code == code
    assert answer.parsed is None


async def test_async_stop_on_both_vendors(browserai_url: str, browser_use_url: str) -> None:
    async with AsyncBrowserClients(
        browserai_api_key="k",
        browser_use_api_key="k",
        browserai_base_url=browserai_url,
        browser_use_base_url=browser_use_url,
    ) as c:
        first = await c.stop("browserai", "t-1")
        session = str((await c.browser_use.get_session(SESSION)).id)  # the example session Prism answers about
        second = await c.stop("browser-use", session, strategy="session")
    assert first.vendor is Vendor.BROWSERAI
    assert second.vendor is Vendor.BROWSER_USE


@pytest.mark.parametrize(
    ("spec", "path", "body", "headers", "expected"),
    [
        # Prism's own checks, which the facade's passing requests above must satisfy:
        ("browser-use.yaml", f"/sessions/{SESSION}/stop", {"strategy": "task"}, {}, 401),
        (
            "browser-use.yaml",
            f"/sessions/{SESSION}/stop",
            {"strategy": "task"},
            {"Authorization": "apikey k"},
            401,
        ),
        (
            "browser-use.yaml",
            f"/sessions/{SESSION}/stop",
            {"strategy": "bogus"},
            {"X-Browser-Use-API-Key": "k"},
            422,
        ),
        # The create fields taken from the vendor's published document are checked too:
        ("browser-use.yaml", "/sessions", {"task": "t", "skills": "yes"}, {"X-Browser-Use-API-Key": "k"}, 422),
        ("browser-use.yaml", "/sessions", {"sensitiveData": {"pw": 1}}, {"X-Browser-Use-API-Key": "k"}, 422),
        (
            "browser-use.yaml",
            "/sessions",
            {"task": "t", "sensitiveData": {"pw": "s"}, "cacheScript": None, "outputSchema": None, "agentmail": False},
            {"X-Browser-Use-API-Key": "k"},
            200,
        ),
        # v4: the key, the required task, no field beyond the documented ones, v4's own models:
        ("browser-use-v4.yaml", f"/runs/{RUN}/cancel", None, {}, 401),
        ("browser-use-v4.yaml", "/runs", {"model": "minimax-m3"}, KEY, 422),
        ("browser-use-v4.yaml", "/runs", {"task": "t", "keepAlive": True}, KEY, 422),
        ("browser-use-v4.yaml", "/runs", {"task": "t", "model": "bu-max"}, KEY, 422),
        ("browser-use-v4.yaml", f"/sessions/{SESSION}/queue", {"text": ""}, KEY, 422),
        (
            "browser-use-v4.yaml",
            "/runs",
            {"task": "t", "sessionId": SESSION, "browserSettings": {"proxyCountryCode": "ci"}, "maxCostUsd": "0.5"},
            KEY,
            200,
        ),
        ("browserai.yaml", "/tasks/t/command", {"command": "stop"}, {}, 401),
        ("browserai.yaml", "/tasks/t/command", {"command": "pause"}, {"Authorization": "apikey k"}, 400),
    ],
)
def test_prism_rejects_wrong_auth_and_bodies(
    browserai_url: str,
    browser_use_url: str,
    browser_use_v4_url: str,
    spec: str,
    path: str,
    body: object,
    headers: dict[str, str],
    expected: int,
) -> None:
    url = {"browser-use.yaml": browser_use_url, "browser-use-v4.yaml": browser_use_v4_url}.get(spec, browserai_url)
    assert httpx.post(url + path, json=body, headers=headers).status_code == expected


def test_missing_key_header_is_an_authentication_error(browser_use_url: str) -> None:
    # A client whose auth goes to the wrong header: Prism answers 401, the facade raises its error.
    from browser_clients._contract import adapter

    with BrowserClients(browser_use_api_key="k", browser_use_base_url=browser_use_url, max_retries=0) as c:
        browser_use = adapter(Vendor.BROWSER_USE)
        original = browser_use.auth_headers
        try:
            browser_use.auth_headers = lambda token: {"Authorization": f"Basic {token}"}  # type: ignore[method-assign]  # the test swaps the scheme
            with pytest.raises(AuthenticationError) as info:
                c.stop("browser-use", SESSION)
        finally:
            browser_use.auth_headers = original  # type: ignore[method-assign]
    assert info.value.status_code == 401


def test_specs_are_the_documents_prism_serves() -> None:
    names = ["browser-use-v4.yaml", "browser-use.yaml", "browserai.yaml"]
    assert sorted(p.name for p in (ROOT / "specs").glob("*.yaml")) == names
    assert Path(ROOT / "specs" / "browserai.yaml").read_text().startswith("openapi: 3.0.3")
