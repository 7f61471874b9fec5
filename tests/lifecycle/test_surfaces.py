"""Every operation of both (overlaid) documents is a method of its vendor's surface, sync and async, on the wire."""

from __future__ import annotations

import inspect
import re
import uuid
from collections.abc import Callable, Iterator
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
from generator.pipeline import prepare
from generator.registry import VENDORS
from tests.lifecycle.conftest import Vendors

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


def test_both_documents_have_the_whole_lifecycle() -> None:
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


# The list operations: each has an iterating method and a one-page method (``_page``).
LISTS = {"listSessions", "listSessionMessages", "listBrowserSessions"}

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


@pytest.mark.parametrize(("vendor", "method", "path", "operation_id"), OPERATIONS, ids=IDS)
async def test_every_surface_method_sends_its_operation_and_returns_the_typed_model(
    vendors: Vendors, vendor: Vendor, method: str, path: str, operation_id: str
) -> None:
    make_args, model = SAMPLES[operation_id]
    name = _snake(operation_id) + ("_page" if operation_id in LISTS else "")
    with BrowserClients(**vendors.options()) as clients:
        ids = {
            "browserai": clients.run("browserai", "Find", project="p").id,
            "browser-use": clients.run("browser-use", "Find").id,
            "browser": vendors.browser_use.add_browser(),
        }
        vendors.browser_use.add_messages(ids["browser-use"], 3)
        server = vendors.browserai_server if vendor is Vendor.BROWSERAI else vendors.browser_use_server

        def sent(before: int) -> list[tuple[str, str]]:
            return [(r.method, r.raw_path.partition("?")[0]) for r in server.requests[before:]]

        def expected(args: tuple[Any, ...]) -> list[tuple[str, str]]:
            return [(method.upper(), re.sub(r"\{[^}]+\}", str(args[0]) if "{" in path else "", path))]

        ids["doomed"] = vendors.browser_use.add_many(1)[0]
        before, args = len(server.requests), make_args(ids)
        result = getattr(_surface(clients, vendor), name)(*args)
        assert isinstance(result, model)
        assert sent(before) == expected(args)
        if operation_id in LISTS:  # one page of these few items: the walk sends the one request too
            before = len(server.requests)
            items = list(getattr(_surface(clients, vendor), _snake(operation_id))(*args))
            assert items
            assert all(isinstance(item, ITEMS[operation_id]) for item in items)
            assert sent(before) == expected(args)
    async with AsyncBrowserClients(**vendors.options()) as aclients:
        ids["doomed"] = vendors.browser_use.add_many(1)[0]
        before, args = len(server.requests), make_args(ids)
        result = await getattr(_surface(aclients, vendor), name)(*args)
        assert isinstance(result, model)
        assert sent(before) == expected(args)
        if operation_id in LISTS:
            before = len(server.requests)
            items = [item async for item in getattr(_surface(aclients, vendor), _snake(operation_id))(*args)]
            assert items
            assert all(isinstance(item, ITEMS[operation_id]) for item in items)
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
