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
    CreateSessionRequest,
    CreateTaskRequest,
    CreateTaskResponse,
    GeoLocation,
    GetResultsResponse,
    GetTaskResponse,
    SessionView,
    StopTaskResponse,
    TaskInstruction,
    TaskType,
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
        ("browser-use", "createSession"),
        ("browser-use", "getSession"),
        ("browser-use", "stopSession"),
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
    sync = getattr(_surface(BrowserClients(), vendor), name, None)
    asynchronous = getattr(_surface(AsyncBrowserClients(), vendor), name, None)
    assert callable(sync), f"clients.{vendor.name.lower()}.{name} is missing"
    assert callable(asynchronous), f"async clients.{vendor.name.lower()}.{name} is missing"
    assert not inspect.iscoroutinefunction(sync)
    assert inspect.iscoroutinefunction(asynchronous)
    assert f"{method.upper()} {path}" in (sync.__doc__ or "")
    assert inspect.signature(sync) == inspect.signature(asynchronous)


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
}


@pytest.mark.parametrize(("vendor", "method", "path", "operation_id"), OPERATIONS, ids=IDS)
async def test_every_surface_method_sends_its_operation_and_returns_the_typed_model(
    vendors: Vendors, vendor: Vendor, method: str, path: str, operation_id: str
) -> None:
    make_args, model = SAMPLES[operation_id]
    with BrowserClients(**vendors.options()) as clients:
        ids = {
            "browserai": clients.run("browserai", "Find", project="p").id,
            "browser-use": clients.run("browser-use", "Find").id,
        }
        server = vendors.browserai_server if vendor is Vendor.BROWSERAI else vendors.browser_use_server
        expected = re.sub(r"\{[^}]+\}", ids[vendor.value], path)
        before = len(server.requests)
        result = getattr(_surface(clients, vendor), _snake(operation_id))(*make_args(ids))
        assert isinstance(result, model)
        assert [(r.method, r.raw_path) for r in server.requests[before:]] == [(method.upper(), expected)]
    async with AsyncBrowserClients(**vendors.options()) as aclients:
        before = len(server.requests)
        result = await getattr(_surface(aclients, vendor), _snake(operation_id))(*make_args(ids))
        assert isinstance(result, model)
        assert [(r.method, r.raw_path) for r in server.requests[before:]] == [(method.upper(), expected)]


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
        }
    ]
