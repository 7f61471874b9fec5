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
from tests.support.prism import ROOT, prism

pytestmark = pytest.mark.prism

SESSION = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


@pytest.fixture(scope="module")
def browserai_url() -> Iterator[str]:
    with prism(ROOT / "specs" / "browserai.yaml") as url:
        yield url


@pytest.fixture(scope="module")
def browser_use_url() -> Iterator[str]:
    with prism(ROOT / "specs" / "browser-use.yaml") as url:
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
    result = clients.stop("browser-use", SESSION, strategy=strategy)
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


async def test_async_stop_on_both_vendors(browserai_url: str, browser_use_url: str) -> None:
    async with AsyncBrowserClients(
        browserai_api_key="k",
        browser_use_api_key="k",
        browserai_base_url=browserai_url,
        browser_use_base_url=browser_use_url,
    ) as c:
        first = await c.stop("browserai", "t-1")
        second = await c.stop("browser-use", SESSION, strategy="session")
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
        ("browserai.yaml", "/tasks/t/command", {"command": "stop"}, {}, 401),
        ("browserai.yaml", "/tasks/t/command", {"command": "pause"}, {"Authorization": "apikey k"}, 400),
    ],
)
def test_prism_rejects_wrong_auth_and_bodies(
    browserai_url: str,
    browser_use_url: str,
    spec: str,
    path: str,
    body: object,
    headers: dict[str, str],
    expected: int,
) -> None:
    url = browser_use_url if spec == "browser-use.yaml" else browserai_url
    assert httpx.post(url + path, json=body, headers=headers).status_code == expected


def test_missing_key_header_is_an_authentication_error(browser_use_url: str) -> None:
    # A client whose auth goes to the wrong header: Prism answers 401, the facade raises its error.
    from browser_clients._contract import adapter

    with BrowserClients(browser_use_api_key="k", browser_use_base_url=browser_use_url, max_retries=0) as c:
        browser_use = adapter(Vendor.BROWSER_USE)
        original = browser_use.auth
        try:
            browser_use.auth = lambda token: httpx.BasicAuth("user", token)
            with pytest.raises(AuthenticationError) as info:
                c.stop("browser-use", SESSION)
        finally:
            browser_use.auth = original
    assert info.value.status_code == 401


def test_specs_are_the_documents_prism_serves() -> None:
    names = ["browser-use-v4.yaml", "browser-use.yaml", "browserai.yaml"]
    assert sorted(p.name for p in (ROOT / "specs").glob("*.yaml")) == names
    assert Path(ROOT / "specs" / "browserai.yaml").read_text().startswith("openapi: 3.0.3")
