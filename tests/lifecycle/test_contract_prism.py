"""Contract tests for the lifecycle operations: the real Prism mock of each document in specs/ validates what the
facade sends (auth, paths, bodies) and answers with what the document promises, which the facade must parse."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator

import httpx
import pytest

from browser_clients import (
    ActiveWork,
    AsyncBrowserClients,
    BadRequestError,
    BrowserClients,
    BrowserSessionAction,
    BrowserSessionPage,
    BrowserSessionStatus,
    BrowserSessionView,
    CommonStatus,
    CreateBrowserSessionRequest,
    CreateSessionRequest,
    CreateTaskRequest,
    CreateTaskResponse,
    CustomProxy,
    GeoLocation,
    GetResultsResponse,
    GetTaskResponse,
    Handle,
    MessagePage,
    MessageView,
    ModelTier,
    SessionPage,
    SessionView,
    TaskInstruction,
    TaskStepResult,
    TaskType,
    UpdateBrowserSessionRequest,
    Vendor,
    WaitTimeoutError,
    WorkKind,
)
from browser_clients._vendors.browser_use_v4.listing import QUEUED_MESSAGE, RUN
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


@pytest.fixture(scope="module")
def browser_use_v4_url() -> Iterator[str]:
    with prism(ROOT / "specs" / "browser-use-v4.yaml") as url:
        yield url


@pytest.fixture
def options(browserai_url: str, browser_use_url: str, browser_use_v4_url: str) -> dict[str, object]:
    return {
        "browserai_api_key": "test-key",
        "browser_use_api_key": "test-key",  # the account's one key, for v3 and v4 alike
        "browserai_base_url": browserai_url,
        "browser_use_base_url": browser_use_url,
        "base_urls": {"browser-use-v4": browser_use_v4_url},
        "max_retries": 0,
    }


@pytest.fixture
def clients(options: dict[str, object]) -> Iterator[BrowserClients]:
    with BrowserClients(**options) as c:  # type: ignore[arg-type]  # the keywords above
        yield c


# BrowserAI


def test_browserai_run_passes_validation_and_gives_a_handle(clients: BrowserClients) -> None:
    handle = clients.run("browserai", "Find the price", project="p", geo_location=GeoLocation(country="US", city="X"))
    assert handle.vendor is Vendor.BROWSERAI
    assert isinstance(handle.created, CreateTaskResponse)
    assert handle.id == handle.created.execution_id
    assert isinstance(handle.created.started, datetime.datetime)


def test_browserai_get_and_results_parse_what_the_document_promises(clients: BrowserClients) -> None:
    handle = Handle.of("browserai", "task-1")
    snapshot = clients.get(handle)
    assert isinstance(snapshot.model, GetTaskResponse)
    # BrowserAI's status is a free string; Prism invents "string", which no mapping knows: unknown, kept.
    assert (snapshot.status, snapshot.raw_status) == (CommonStatus.UNKNOWN, "string")
    results = clients.results(handle)
    assert isinstance(results.model, GetResultsResponse)
    assert results.steps
    assert all(isinstance(step, TaskStepResult) for step in results.steps)
    assert isinstance(results.steps[0].insert_ts, datetime.datetime)


def test_browserai_stop_by_handle(clients: BrowserClients) -> None:
    assert clients.stop(Handle.of("browserai", "task-1")).message == "Task stopped successfully"


def test_browserai_surface_operations(clients: BrowserClients) -> None:
    body = CreateTaskRequest(
        instructions=[TaskInstruction(action="await page.goto('https://example.com')")],
        geo_location=GeoLocation(country="US"),
        project="p",
        type_=TaskType.SCRIPT_AUTOMATION,
        inspect=True,
    )
    assert isinstance(clients.browserai.create_task(body), CreateTaskResponse)
    assert isinstance(clients.browserai.get_task("t 1"), GetTaskResponse)
    assert isinstance(clients.browserai.get_task_results("t 1"), GetResultsResponse)


# Browser-Use


def test_browser_use_run_passes_validation_with_every_option(clients: BrowserClients) -> None:
    handle = clients.run(
        "browser-use",
        "Find the price",
        model=ModelTier.CLAUDE_SONNET_4_6,
        keep_alive=True,
        max_cost_usd="2.5",
        profile_id=uuid.UUID(SESSION),
        workspace_id=SESSION,
        proxy_country_code=None,
        output_schema={"type": "object", "properties": {"price": {"type": "string"}}},
        enable_recording=True,
    )
    assert handle.vendor is Vendor.BROWSER_USE
    assert isinstance(handle.created, SessionView)
    assert handle.id == str(handle.created.id)


def test_browser_use_dispatch_to_a_session_passes_validation(clients: BrowserClients) -> None:
    assert clients.run("browser-use", "Next", session_id=SESSION).vendor is Vendor.BROWSER_USE


def test_browser_use_get_wait_and_stop_by_handle(clients: BrowserClients) -> None:
    handle = Handle.of("browser-use", SESSION)
    snapshot = clients.get(handle)
    assert isinstance(snapshot.model, SessionView)
    assert (snapshot.status, snapshot.raw_status) == (CommonStatus.QUEUED, "created")
    assert snapshot.created_at is not None
    assert snapshot.created_at.tzinfo is not None
    assert snapshot.costs is not None
    # Prism's session is created for good: every poll passes validation, and the wait ends at its timeout.
    with pytest.raises(WaitTimeoutError) as info:
        clients.wait(handle, timeout=0.3, poll_interval=0.05)
    assert info.value.last_snapshot.raw_status == "created"
    # Prism answers about its example session whatever id is asked: stop that one, as a vendor would answer.
    assert clients.stop(Handle.of("browser-use", snapshot.id), strategy="task").vendor is Vendor.BROWSER_USE


def test_browser_use_surface_operations(clients: BrowserClients) -> None:
    assert isinstance(clients.browser_use.create_session(), SessionView)
    assert isinstance(clients.browser_use.create_session(CreateSessionRequest(task="t", keep_alive=True)), SessionView)
    assert isinstance(clients.browser_use.get_session(SESSION), SessionView)


async def test_async_lifecycle_on_both_vendors(options: dict[str, object]) -> None:
    async with AsyncBrowserClients(**options) as c:  # type: ignore[arg-type]  # the keywords above
        task = await c.run("browserai", "Find", project="p")
        session = await c.run("browser-use", "Find")
        assert (await c.get(task)).vendor is Vendor.BROWSERAI
        assert (await c.get(session)).status is CommonStatus.QUEUED
        assert (await c.results(task)).steps
        assert isinstance(await c.browserai.get_task(task.id), GetTaskResponse)
        assert isinstance(await c.browser_use.get_session(session.id), SessionView)
        assert (await c.stop(task)).status is CommonStatus.STOPPED


# Prism checks these operations: what the facade sends above would fail if it were wrong.


@pytest.mark.parametrize(
    ("spec", "path", "body", "headers", "expected"),
    [
        ("browserai.yaml", "/tasks", {"instructions": [], "geoLocation": {"country": "US"}}, {}, 401),
        (
            "browserai.yaml",
            "/tasks",
            {"instructions": [{"action": "x"}], "geoLocation": {"country": "US"}, "type": "crawler_automation"},
            {"Authorization": "apikey k"},
            400,  # no project
        ),
        (
            "browserai.yaml",
            "/tasks",
            {"instructions": [{"action": "x"}], "geoLocation": {}, "project": "p", "type": "crawler_automation"},
            {"Authorization": "apikey k"},
            400,  # no country
        ),
        ("browser-use.yaml", "/sessions", {"task": "x"}, {}, 401),
        ("browser-use.yaml", "/sessions", {"keepAlive": "yes"}, {"X-Browser-Use-API-Key": "k"}, 422),
        ("browser-use.yaml", "/sessions", {"maxCostUsd": "lots"}, {"X-Browser-Use-API-Key": "k"}, 422),
        ("browser-use.yaml", "/sessions", {"proxyCountryCode": "US"}, {"X-Browser-Use-API-Key": "k"}, 422),
        ("browser-use.yaml", "/sessions", {"sessionId": "nope"}, {"X-Browser-Use-API-Key": "k"}, 422),
    ],
)
def test_prism_rejects_wrong_create_requests(
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


@pytest.mark.parametrize(
    ("path", "headers", "expected"),
    [
        ("/tasks/t", {}, 401),
        ("/results/t", {}, 401),
        (f"/sessions/{SESSION}", {}, 401),
        ("/sessions/not-a-uuid", {"X-Browser-Use-API-Key": "k"}, 422),
    ],
)
def test_prism_rejects_wrong_reads(
    browserai_url: str, browser_use_url: str, path: str, headers: dict[str, str], expected: int
) -> None:
    url = browser_use_url if path.startswith("/sessions") else browserai_url
    assert httpx.get(url + path, headers=headers).status_code == expected


def test_a_create_prism_rejects_is_a_bad_request_error(browser_use_url: str) -> None:
    # The facade's own checks stop a bad option before any request; the surface sends what it is given.
    with BrowserClients(browser_use_api_key="k", browser_use_base_url=browser_use_url, max_retries=0) as c:
        body = CreateSessionRequest.from_dict({"task": "x", "maxCostUsd": "lots"})
        with pytest.raises(BadRequestError) as info:
            c.browser_use.create_session(body)
    assert info.value.status_code == 422


# Browser-Use's inventory (issue 11): Prism validates every request of every new operation against the document and
# answers with what it promises, which the typed models must parse; a walk over Prism's answers must end.

BROWSER = "4f1c2a5e-7b3d-4e8a-9c6f-0a1b2c3d4e5f"


def test_browser_use_sessions_listed_by_page_and_walked(clients: BrowserClients) -> None:
    page = clients.browser_use.list_sessions_page(page=2, page_size=50)
    assert isinstance(page, SessionPage)
    assert all(isinstance(s, SessionView) for s in page.sessions)
    # Prism's page says total 0 with one session on it: the walk takes that session and ends at the total.
    found = list(clients.browser_use.list_sessions(page_size=100))
    assert found
    assert all(isinstance(s, SessionView) for s in found)


def test_browser_use_delete_session_reads_the_empty_204(clients: BrowserClients) -> None:
    assert clients.browser_use.delete_session(SESSION) is None


def test_browser_use_messages_by_page_and_by_cursor(clients: BrowserClients) -> None:
    page = clients.browser_use.list_session_messages_page(SESSION, after=SESSION, before=BROWSER, limit=5)
    assert isinstance(page, MessagePage)
    assert isinstance(page.has_more, bool)
    assert all(isinstance(m, MessageView) for m in page.messages)
    # Prism always says hasMore and repeats its one message: the page with nothing new ends the walk.
    found = list(clients.browser_use.list_session_messages(SESSION, limit=100))
    assert [str(m.id) for m in found] == [str(page.messages[0].id)]


def test_browser_use_browser_sessions_listed_created_read_and_stopped(clients: BrowserClients) -> None:
    page = clients.browser_use.list_browser_sessions_page(page_number=3, page_size=100, filter_by="active")
    assert isinstance(page, BrowserSessionPage)
    assert all(isinstance(b, BrowserSessionView) for b in page.items)
    walked = list(clients.browser_use.list_browser_sessions(filter_by=BrowserSessionStatus.STOPPED))
    assert all(isinstance(b, BrowserSessionView) for b in walked)
    body = CreateBrowserSessionRequest(
        profile_id=uuid.UUID(SESSION),
        proxy_country_code=None,
        timeout=240,
        browser_screen_width=1920,
        browser_screen_height=1080,
        allow_resizing=True,
        custom_proxy=CustomProxy(host="proxy.example.test", port=8080, username="u", password="p"),
        enable_recording=True,
    )
    created = clients.browser_use.create_browser_session(body)
    assert isinstance(created, BrowserSessionView)
    assert created.status is BrowserSessionStatus.ACTIVE
    assert isinstance(created.timeout_at, datetime.datetime)
    assert isinstance(clients.browser_use.create_browser_session(), BrowserSessionView)
    assert isinstance(clients.browser_use.get_browser_session(BROWSER), BrowserSessionView)
    update = UpdateBrowserSessionRequest(action=BrowserSessionAction.STOP)
    assert isinstance(clients.browser_use.update_browser_session(BROWSER, update), BrowserSessionView)
    assert isinstance(clients.browser_use.stop_browser_session(uuid.UUID(BROWSER)), BrowserSessionView)


async def test_async_inventory_on_prism(options: dict[str, object]) -> None:
    async with AsyncBrowserClients(**options) as c:  # type: ignore[arg-type]  # the keywords above
        assert [s async for s in c.browser_use.list_sessions()]
        assert [m async for m in c.browser_use.list_session_messages(SESSION)]
        assert [b async for b in c.browser_use.list_browser_sessions(filter_by="active")]
        assert isinstance(await c.browser_use.list_sessions_page(), SessionPage)
        assert await c.browser_use.delete_session(SESSION) is None
        assert isinstance(await c.browser_use.stop_browser_session(BROWSER), BrowserSessionView)


def test_browser_use_active_and_the_sweep_on_prism(clients: BrowserClients) -> None:
    # Every request of active() and stop_all() passes Prism's validation, and its answers read into the report.
    found = clients.active("browser-use")
    assert found
    assert all(isinstance(w, ActiveWork) for w in found)
    assert {w.kind for w in found} <= {WorkKind.AGENT_SESSION, WorkKind.BROWSER_SESSION, RUN, QUEUED_MESSAGE}
    assert {w.vendor for w in found} == {Vendor.BROWSER_USE, Vendor.BROWSER_USE_V4}  # the whole account
    assert [i.id for i in clients.stop_all("browser-use", dry_run=True).found] == [w.id for w in found]
    report = clients.stop_all("browser-use", max_passes=3)
    assert report.complete  # Prism lists the same example again: nothing new, so the sweep ends
    assert not report.failed
    assert {i.id for i in report.stopped} == {w.id for w in found}


KEY = {"X-Browser-Use-API-Key": "k"}


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "expected"),
    [
        ("GET", "/sessions", None, {}, 401),
        ("GET", "/sessions?page_size=101", None, KEY, 422),
        ("GET", "/sessions?page=0", None, KEY, 422),
        ("DELETE", "/sessions/not-a-uuid", None, KEY, 422),
        ("DELETE", f"/sessions/{SESSION}", None, {}, 401),
        ("GET", f"/sessions/{SESSION}/messages?after=nope", None, KEY, 422),
        ("GET", f"/sessions/{SESSION}/messages?limit=0", None, KEY, 422),
        ("GET", "/browsers?filterBy=paused", None, KEY, 422),
        ("GET", "/browsers?pageSize=101", None, KEY, 422),
        ("GET", "/browsers", None, {}, 401),
        ("POST", "/browsers", {"customProxy": {"host": "h"}}, KEY, 422),  # a custom proxy needs its port
        ("POST", "/browsers", {"browserScreenWidth": 100}, KEY, 422),
        ("POST", "/browsers", {"proxyCountryCode": "US"}, KEY, 422),
        ("PATCH", f"/browsers/{BROWSER}", {"action": "pause"}, KEY, 422),
        ("PATCH", f"/browsers/{BROWSER}", {}, KEY, 422),
        ("GET", f"/browsers/{BROWSER}", None, {}, 401),
    ],
)
def test_prism_rejects_wrong_inventory_requests(
    browser_use_url: str, method: str, path: str, body: object, headers: dict[str, str], expected: int
) -> None:
    assert httpx.request(method, browser_use_url + path, json=body, headers=headers).status_code == expected
