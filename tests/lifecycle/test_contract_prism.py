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
from browser_use_v4_client import models as v4
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


# Browser-Use v4 (issue 20): Prism validates every request of the facade's calls and of every surface operation on
# v4 against its document, and answers with what the document promises, which must read without a deviation
# (strict). Prism answers about its example run whatever id is asked; a stop checks the answer is about the run
# asked, so the stops below name the run Prism's answers name.

V4_KEY = {"X-Browser-Use-API-Key": "k"}


@pytest.fixture
def v4_clients(options: dict[str, object]) -> Iterator[BrowserClients]:
    with BrowserClients(**options, strict=True) as c:  # type: ignore[arg-type]  # the keywords above
        yield c


def test_browser_use_v4_run_passes_validation_with_every_option(v4_clients: BrowserClients) -> None:
    handle = v4_clients.run(
        "browser-use-v4",
        "Find the price",
        model="claude-sonnet-5",
        max_cost_usd="2.5",
        workspace_id=SESSION,
        profile_id=uuid.UUID(BROWSER),
        proxy_country_code="DE",
        custom_proxy=v4.CustomProxy(host="proxy.example.test", port=8080, username="u", password="p"),
        screen_width=1920,
        screen_height=1080,
        record=True,
    )
    assert handle.vendor is Vendor.BROWSER_USE_V4
    assert isinstance(handle.created, v4.CreatedRun)
    assert handle.id == str(handle.created.id)
    assert v4_clients.run("browser-use-v4", "Find", proxy_country_code=None).vendor is Vendor.BROWSER_USE_V4


def test_browser_use_v4_follow_up_run_passes_validation(v4_clients: BrowserClients) -> None:
    follow = v4_clients.run("browser-use-v4", "And then the shipping", session_id=SESSION, max_cost_usd=1)
    assert isinstance(follow.created, v4.CreatedRun)


def test_browser_use_v4_get_wait_results_and_stop(v4_clients: BrowserClients) -> None:
    handle = v4_clients.run("browser-use-v4", "Find the price")
    snapshot = v4_clients.get(handle)
    assert (snapshot.status, snapshot.raw_status) == (CommonStatus.QUEUED, "queued")
    assert isinstance(snapshot.model, v4.RunStatusView)
    # Prism's run is queued for good: every poll passes validation, and the wait ends at its timeout.
    with pytest.raises(WaitTimeoutError) as info:
        v4_clients.wait(handle, timeout=0.3, poll_interval=0.05)
    assert info.value.last_snapshot.raw_status == "queued"
    results = v4_clients.results(handle)
    assert isinstance(results.model, v4.RunView)
    assert results.output == "string"
    assert all(isinstance(a, v4.RunAttachment) for a in results.attachments)
    assert results.attachments
    stopped = v4_clients.stop(handle)
    assert (stopped.vendor, stopped.id) == (Vendor.BROWSER_USE_V4, handle.id)
    assert isinstance(stopped.model, v4.RunView)
    assert v4_clients.stop("browser-use-v4", handle.id).raw_status == "queued"  # the run as the answer gives it
    outcomes = v4_clients.stop_many("browser-use-v4", [handle.id, uuid.UUID(handle.id)])
    assert [o.ok for o in outcomes] == [True, True]


def test_browser_use_v4_surface_operations(v4_clients: BrowserClients) -> None:
    surface = v4_clients.browser_use_v4
    created = surface.create_run(v4.CreateRunRequest(task="Find", model=v4.RunModel.GPT_5_5))
    assert isinstance(created, v4.CreatedRun)
    run = created.id
    assert isinstance(run, uuid.UUID)
    page = surface.list_runs_page(limit=10, cursor="opaque", session_id=SESSION)
    assert isinstance(page, v4.RunPage)
    assert all(isinstance(r, v4.RunView) for r in surface.list_runs(session_id=SESSION))
    assert isinstance(surface.get_run(run), v4.RunView)
    assert isinstance(surface.get_run_status(run), v4.RunStatusView)
    assert isinstance(surface.cancel_run(run), v4.RunView)
    assert isinstance(surface.list_run_events_page(run, after=3, limit=50), v4.RunEventPage)
    assert all(isinstance(e, v4.RunEvent) for e in surface.list_run_events(run))
    assert isinstance(surface.list_run_attachments(run), v4.RunAttachmentList)
    assert isinstance(surface.list_sessions_page(limit=100, cursor="opaque"), v4.SessionPage)
    sessions = list(surface.list_sessions())
    assert sessions
    assert all(isinstance(s, v4.SessionSummary) for s in sessions)
    assert isinstance(surface.get_session(SESSION), v4.SessionSummary)
    body = v4.SendMessageRequest(text="Then this", interrupt=True)
    message = surface.send_message(SESSION, body)
    assert isinstance(message, v4.QueuedMessage)
    assert isinstance(surface.list_queued_messages(SESSION), v4.MessageQueue)
    assert isinstance(surface.cancel_queued_message(SESSION, 7), v4.QueuedMessage)
    browsers = surface.list_browser_sessions_page(page_number=2, page_size=100, filter_by="active")
    assert isinstance(browsers, v4.BrowserSessionPage)
    assert all(isinstance(b, v4.BrowserSessionView) for b in surface.list_browser_sessions(filter_by="stopped"))
    request = v4.CreateBrowserSessionRequest(timeout=240, browser_screen_width=1920, browser_screen_height=1080)
    assert isinstance(surface.create_browser_session(request), v4.BrowserSessionView)
    assert isinstance(surface.create_browser_session(), v4.BrowserSessionView)
    assert isinstance(surface.get_browser_session(BROWSER), v4.BrowserSessionView)
    update = v4.UpdateBrowserSessionRequest(action=v4.BrowserSessionAction.STOP)
    assert isinstance(surface.update_browser_session(BROWSER, update), v4.BrowserSessionView)
    assert isinstance(surface.stop_browser_session(uuid.UUID(BROWSER)), v4.BrowserSessionView)


async def test_async_lifecycle_on_browser_use_v4(options: dict[str, object]) -> None:
    async with AsyncBrowserClients(**options, strict=True) as c:  # type: ignore[arg-type]  # the keywords above
        handle = await c.run("browser-use-v4", "Find", model="gemini-3-flash")
        assert (await c.get(handle)).status is CommonStatus.QUEUED
        assert (await c.results(handle)).attachments
        assert (await c.stop(handle)).vendor is Vendor.BROWSER_USE_V4
        assert [r async for r in c.browser_use_v4.list_runs()]
        assert isinstance(await c.browser_use_v4.get_session(SESSION), v4.SessionSummary)
        assert isinstance(await c.browser_use_v4.cancel_queued_message(SESSION, 1), v4.QueuedMessage)


def test_browser_use_v4_active_and_its_sweep_on_prism(v4_clients: BrowserClients) -> None:
    found = v4_clients.active("browser-use-v4")
    assert {(w.vendor, w.kind) for w in found} == {
        (Vendor.BROWSER_USE_V4, RUN),
        (Vendor.BROWSER_USE_V4, QUEUED_MESSAGE),
    }
    report = v4_clients.stop_all("browser-use-v4", max_passes=3)
    assert report.complete  # Prism lists the same example again: nothing new, so the sweep ends
    assert not report.failed
    assert {i.id for i in report.stopped} == {w.id for w in found}


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "expected"),
    [
        ("POST", "/runs", {"task": "x"}, {}, 401),
        ("POST", "/runs", {"task": ""}, V4_KEY, 422),
        ("POST", "/runs", {"task": "x", "proxyCountryCode": "us"}, V4_KEY, 422),  # v3's spelling: not v4's
        ("POST", "/runs", {"task": "x", "model": "bu-max"}, V4_KEY, 422),
        ("POST", "/runs", {"task": "x", "sessionId": "nope"}, V4_KEY, 422),
        ("POST", "/runs", {"task": "x", "browserSettings": {"screenWidth": 100}}, V4_KEY, 422),
        ("POST", "/runs", {"task": "x", "browserSettings": {"proxyCountryCode": "US"}}, V4_KEY, 422),
        ("POST", "/runs", {"task": "x", "maxCostUsd": "lots"}, V4_KEY, 422),
        ("GET", f"/runs/{SESSION}/status", None, {}, 401),
        ("GET", "/runs/not-a-uuid/status", None, V4_KEY, 422),
        ("POST", "/runs/not-a-uuid/cancel", None, V4_KEY, 422),
        ("GET", "/sessions?limit=0", None, V4_KEY, 422),
        ("GET", "/sessions?limit=101", None, V4_KEY, 422),
        ("POST", f"/sessions/{SESSION}/queue", {"text": ""}, V4_KEY, 422),
        ("DELETE", f"/sessions/{SESSION}/queue/first", None, V4_KEY, 422),
        ("GET", f"/runs/{SESSION}/events?after=last", None, V4_KEY, 422),
    ],
)
def test_prism_rejects_wrong_v4_requests(
    browser_use_v4_url: str, method: str, path: str, body: object, headers: dict[str, str], expected: int
) -> None:
    assert httpx.request(method, browser_use_v4_url + path, json=body, headers=headers).status_code == expected
