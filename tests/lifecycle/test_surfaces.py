"""Every operation of every (overlaid) document is a method of its vendor's surface, sync and async, on the wire."""

from __future__ import annotations

import inspect
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from browser_clients import (
    AsyncBrowserClients,
    BrowserClients,
    BrowserSessionAction,
    BrowserSessionPage,
    BrowserSessionView,
    CreateBrowserSessionRequest,
    CreateSessionRequest,
    CreateTaskRequest,
    CreateTaskResponse,
    GeoLocation,
    GetResultsResponse,
    GetTaskResponse,
    MessagePage,
    MessageView,
    SessionPage,
    SessionView,
    StopTaskResponse,
    TaskInstruction,
    TaskType,
    UpdateBrowserSessionRequest,
    Vendor,
)
from browser_use_v4_client import models as v4
from generator.pipeline import prepare
from generator.registry import VENDORS
from tests.lifecycle.conftest import Vendors
from tests.lifecycle.v4_fake import FakeV4, forever
from tests.support.loopback import Loopback, serve

_METHODS = ("get", "put", "post", "delete", "patch")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def operations() -> Iterator[tuple[Vendor, str, str, str]]:
    """Yield (vendor, HTTP method, path, operationId) for every operation the pipeline generates."""
    for entry in VENDORS:
        doc = prepare(entry.spec, entry.overlays)
        for path, item in doc["paths"].items():
            for method in _METHODS:
                if method in item:
                    yield Vendor(entry.name), method, path, item[method]["operationId"]


OPERATIONS = list(operations())
IDS = [f"{v.value}:{op}" for v, _, _, op in OPERATIONS]


def test_every_document_has_the_whole_lifecycle() -> None:
    assert sorted((v.value, op) for v, _, _, op in OPERATIONS) == [
        ("browser-use", "createBrowserSession"),
        ("browser-use", "createSession"),
        ("browser-use", "deleteSession"),
        ("browser-use", "getBrowserSession"),
        ("browser-use", "getSession"),
        ("browser-use", "listBrowserSessions"),
        ("browser-use", "listSessionMessages"),
        ("browser-use", "listSessions"),
        ("browser-use", "stopSession"),
        ("browser-use", "updateBrowserSession"),
        ("browser-use-v4", "cancelQueuedMessage"),
        ("browser-use-v4", "cancelRun"),
        ("browser-use-v4", "createBrowserSession"),
        ("browser-use-v4", "createRun"),
        ("browser-use-v4", "getBrowserSession"),
        ("browser-use-v4", "getRun"),
        ("browser-use-v4", "getRunStatus"),
        ("browser-use-v4", "getSession"),
        ("browser-use-v4", "listBrowserSessions"),
        ("browser-use-v4", "listQueuedMessages"),
        ("browser-use-v4", "listRunAttachments"),
        ("browser-use-v4", "listRunEvents"),
        ("browser-use-v4", "listRuns"),
        ("browser-use-v4", "listSessions"),
        ("browser-use-v4", "sendMessage"),
        ("browser-use-v4", "updateBrowserSession"),
        ("browserai", "createTask"),
        ("browserai", "getTask"),
        ("browserai", "getTaskResults"),
        ("browserai", "stopTask"),
    ]


def _surface(clients: BrowserClients | AsyncBrowserClients, vendor: Vendor) -> Any:
    return getattr(clients, vendor.name.lower())


@pytest.mark.parametrize(("vendor", "method", "path", "operation_id"), OPERATIONS, ids=IDS)
def test_every_operation_is_a_surface_method_sync_and_async(
    vendor: Vendor, method: str, path: str, operation_id: str
) -> None:
    name = _snake(operation_id)
    if operation_id in LISTS:  # list_x iterates every page (sync and async alike); list_x_page is the one request
        walk, async_walk = (getattr(_surface(c, vendor), name) for c in (BrowserClients(), AsyncBrowserClients()))
        assert not inspect.iscoroutinefunction(walk)
        assert not inspect.iscoroutinefunction(async_walk)
        assert f"{method.upper()} {path}" in (walk.__doc__ or "")
        assert inspect.signature(walk).parameters == inspect.signature(async_walk).parameters
        name += "_page"
    sync = getattr(_surface(BrowserClients(), vendor), name, None)
    asynchronous = getattr(_surface(AsyncBrowserClients(), vendor), name, None)
    assert callable(sync), f"clients.{vendor.name.lower()}.{name} is missing"
    assert callable(asynchronous), f"async clients.{vendor.name.lower()}.{name} is missing"
    assert not inspect.iscoroutinefunction(sync)
    assert inspect.iscoroutinefunction(asynchronous)
    assert f"{method.upper()} {path}" in (sync.__doc__ or "")
    assert inspect.signature(sync) == inspect.signature(asynchronous)


# The list operations: each has an iterating method and a one-page method (``_page``). A session's message queue
# (v4's listQueuedMessages) is one answer, not pages.
LISTS = {"listSessions", "listSessionMessages", "listBrowserSessions", "listRuns", "listRunEvents"}

# Each operation's arguments; a new operation in a document fails below until it has a line here.
Ids = dict[str, str]
SAMPLES: dict[str, tuple[Callable[[Ids], tuple[Any, ...]], type]] = {
    "createTask": (
        lambda ids: (
            CreateTaskRequest(
                instructions=[TaskInstruction(action="Find")],
                geo_location=GeoLocation(country="US"),
                project="p",
                type_=TaskType.CRAWLER_AUTOMATION,
            ),
        ),
        CreateTaskResponse,
    ),
    "getTask": (lambda ids: (ids["browserai"],), GetTaskResponse),
    "getTaskResults": (lambda ids: (ids["browserai"],), GetResultsResponse),
    "stopTask": (lambda ids: (ids["browserai"],), StopTaskResponse),
    "createSession": (lambda ids: (CreateSessionRequest(task="Find"),), SessionView),
    "getSession": (lambda ids: (uuid.UUID(ids["browser-use"]),), SessionView),
    "stopSession": (lambda ids: (ids["browser-use"], "task"), SessionView),
    "listSessions": (lambda ids: (), SessionPage),
    "deleteSession": (lambda ids: (ids["doomed"],), type(None)),
    "listSessionMessages": (lambda ids: (ids["browser-use"],), MessagePage),
    "listBrowserSessions": (lambda ids: (), BrowserSessionPage),
    "createBrowserSession": (lambda ids: (CreateBrowserSessionRequest(timeout=30),), BrowserSessionView),
    "getBrowserSession": (lambda ids: (uuid.UUID(ids["browser"]),), BrowserSessionView),
    "updateBrowserSession": (
        lambda ids: (ids["browser"], UpdateBrowserSessionRequest(action=BrowserSessionAction.STOP)),
        BrowserSessionView,
    ),
}
ITEMS = {"listSessions": SessionView, "listSessionMessages": MessageView, "listBrowserSessions": BrowserSessionView}

# Browser-Use v4's, whose operation ids partly repeat v3's (listSessions, getSession, the browsers).
SAMPLES_V4: dict[str, tuple[Callable[[Ids], tuple[Any, ...]], type]] = {
    "createRun": (lambda ids: (v4.CreateRunRequest(task="Find"),), v4.CreatedRun),
    "listRuns": (lambda ids: (), v4.RunPage),
    "getRun": (lambda ids: (uuid.UUID(ids["run"]),), v4.RunView),
    "getRunStatus": (lambda ids: (ids["run"],), v4.RunStatusView),
    "cancelRun": (lambda ids: (ids["run"],), v4.RunView),
    "listRunEvents": (lambda ids: (ids["run"],), v4.RunEventPage),
    "listRunAttachments": (lambda ids: (ids["run"],), v4.RunAttachmentList),
    "listSessions": (lambda ids: (), v4.SessionPage),
    "getSession": (lambda ids: (ids["v4-session"],), v4.SessionSummary),
    "sendMessage": (lambda ids: (ids["v4-session"], v4.SendMessageRequest(text="Then this")), v4.QueuedMessage),
    "listQueuedMessages": (lambda ids: (uuid.UUID(ids["v4-session"]),), v4.MessageQueue),
    "cancelQueuedMessage": (lambda ids: (ids["v4-session"], int(ids["message"])), v4.QueuedMessage),
    "listBrowserSessions": (lambda ids: (), v4.BrowserSessionPage),
    "createBrowserSession": (lambda ids: (v4.CreateBrowserSessionRequest(timeout=30),), v4.BrowserSessionView),
    "getBrowserSession": (lambda ids: (uuid.UUID(ids["v4-browser"]),), v4.BrowserSessionView),
    "updateBrowserSession": (
        lambda ids: (ids["v4-browser"], v4.UpdateBrowserSessionRequest(action=v4.BrowserSessionAction.STOP)),
        v4.BrowserSessionView,
    ),
}
ITEMS_V4 = {
    "listRuns": v4.RunView,
    "listRunEvents": v4.RunEvent,
    "listSessions": v4.SessionSummary,
    "listBrowserSessions": v4.BrowserSessionView,
}


@dataclass
class V4:
    """Browser-Use v4's fake on loopback, with a run going in a session that has a message queued behind it."""

    fake: FakeV4
    server: Loopback

    def ids(self) -> Ids:
        """Return ids the fake knows: a running run, its session, a pending message there, a browser."""
        run = self.fake.add(forever())
        session = self.fake.runs[run].session
        message = self.fake.queue(session, 1)[0]
        return {
            "run": run,
            "v4-session": session,
            "message": str(message),
            "v4-browser": self.fake.account.add_browser(),
        }


@pytest.fixture
def v4_api() -> Iterator[V4]:
    fake = FakeV4()
    with serve(fake) as server:
        yield V4(fake, server)


@pytest.mark.parametrize(("vendor", "method", "path", "operation_id"), OPERATIONS, ids=IDS)
async def test_every_surface_method_sends_its_operation_and_returns_the_typed_model(
    vendors: Vendors, v4_api: V4, vendor: Vendor, method: str, path: str, operation_id: str
) -> None:
    samples, items_of = (SAMPLES_V4, ITEMS_V4) if vendor is Vendor.BROWSER_USE_V4 else (SAMPLES, ITEMS)
    make_args, model = samples[operation_id]
    name = _snake(operation_id) + ("_page" if operation_id in LISTS else "")
    options = {**vendors.options(), "base_urls": {"browser-use-v4": v4_api.server.url}}
    with BrowserClients(**options) as clients:
        ids = {
            "browserai": clients.run("browserai", "Find", project="p").id,
            "browser-use": clients.run("browser-use", "Find").id,
            "browser": vendors.browser_use.add_browser(),
            **v4_api.ids(),
        }
        vendors.browser_use.add_messages(ids["browser-use"], 3)
        server = {
            Vendor.BROWSERAI: vendors.browserai_server,
            Vendor.BROWSER_USE: vendors.browser_use_server,
            Vendor.BROWSER_USE_V4: v4_api.server,
        }[vendor]

        def sent(before: int) -> list[tuple[str, str]]:
            return [(r.method, r.raw_path.partition("?")[0]) for r in server.requests[before:]]

        def expected(args: tuple[Any, ...]) -> list[tuple[str, str]]:
            given = iter(args)  # each of the path's parameters, in order, is the next argument
            return [(method.upper(), re.sub(r"\{[^}]+\}", lambda _: str(next(given)), path))]

        ids["doomed"] = vendors.browser_use.add_many(1)[0]
        before, args = len(server.requests), make_args(ids)
        result = getattr(_surface(clients, vendor), name)(*args)
        assert isinstance(result, model)
        assert sent(before) == expected(args)
        if operation_id in LISTS:  # one page of these few items: the walk sends the one request too
            before = len(server.requests)
            items = list(getattr(_surface(clients, vendor), _snake(operation_id))(*args))
            assert items
            assert all(isinstance(item, items_of[operation_id]) for item in items)
            assert sent(before) == expected(args)
    async with AsyncBrowserClients(**options) as aclients:
        ids["doomed"] = vendors.browser_use.add_many(1)[0]
        ids.update(v4_api.ids())
        before, args = len(server.requests), make_args(ids)
        result = await getattr(_surface(aclients, vendor), name)(*args)
        assert isinstance(result, model)
        assert sent(before) == expected(args)
        if operation_id in LISTS:
            before = len(server.requests)
            items = [item async for item in getattr(_surface(aclients, vendor), _snake(operation_id))(*args)]
            assert items
            assert all(isinstance(item, items_of[operation_id]) for item in items)
            assert sent(before) == expected(args)


def test_create_session_without_a_body_sends_the_defaults(vendors: Vendors) -> None:
    with BrowserClients(**vendors.options()) as clients:
        session = clients.browser_use.create_session()
    assert isinstance(session, SessionView)
    # The published document's defaults: the generated model sends each documented default it has.
    assert vendors.browser_use.created == [
        {
            "keepAlive": False,
            "proxyCountryCode": "us",
            "enableRecording": False,
            "enableScheduledTasks": False,
            "skills": True,
            "agentmail": True,
            "useOwnKey": False,
            "autoHeal": True,
            "codeMode": False,
        }
    ]
