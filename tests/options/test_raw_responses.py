"""with_raw_response: the server's status, headers and request id, and parse() giving what the plain call returns."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from browser_clients import (
    AsyncBrowserClients,
    BrowserClients,
    CreateSessionRequest,
    Handle,
    NotFoundError,
    RawResponse,
)
from browser_clients._client import AsyncRawBrowserClients, RawBrowserClients
from browser_clients._surface import Operation
from browser_clients._vendors.browser_use.surface import BrowserUse
from browser_clients._vendors.browserai.surface import BrowserAI
from tests.options.conftest import HEADERS, answer
from tests.options.test_request_options import _create_task
from tests.resilience.conftest import SESSION, Surface
from tests.support.loopback import Loopback, Reply

# (name, operation on a client or its raw view, HTTP method, path)
OPERATIONS: list[tuple[str, Callable[[Any], Any], str, str]] = [
    ("stop", lambda c: c.stop("browserai", "t-1"), "POST", "/tasks/t-1/command"),
    ("stop", lambda c: c.stop("browser-use", SESSION), "POST", f"/sessions/{SESSION}/stop"),
    ("run", lambda c: c.run("browser-use", "look"), "POST", "/sessions"),
    ("run", lambda c: c.run("browserai", "look", project="p"), "POST", "/tasks"),
    ("get", lambda c: c.get(Handle.of("browser-use", SESSION)), "GET", f"/sessions/{SESSION}"),
    ("get", lambda c: c.get(Handle.of("browserai", "t-1")), "GET", "/tasks/t-1"),
    ("results", lambda c: c.results(Handle.of("browserai", "t-1")), "GET", "/results/t-1"),
    ("wait", lambda c: c.wait(Handle.of("browser-use", SESSION)), "GET", f"/sessions/{SESSION}"),
    ("create_task", lambda c: c.browserai.create_task(_create_task()), "POST", "/tasks"),
    ("get_task", lambda c: c.browserai.get_task("t-1"), "GET", "/tasks/t-1"),
    ("get_task_results", lambda c: c.browserai.get_task_results("t-1"), "GET", "/results/t-1"),
    ("stop_task", lambda c: c.browserai.stop_task("t-1"), "POST", "/tasks/t-1/command"),
    ("create_session", lambda c: c.browser_use.create_session(CreateSessionRequest(task="x")), "POST", "/sessions"),
    ("get_session", lambda c: c.browser_use.get_session(SESSION), "GET", f"/sessions/{SESSION}"),
    ("stop_session", lambda c: c.browser_use.stop_session(SESSION), "POST", f"/sessions/{SESSION}/stop"),
]
IDS = [f"{name}:{path}" for name, _, _, path in OPERATIONS]


def _same(value: Any) -> Any:
    """Return what two equal results share (facade results compare by their dicts, models by their own eq)."""
    return value.to_dict() if hasattr(value, "to_dict") and not hasattr(value, "deviations") else value


@pytest.mark.parametrize(("name", "operation", "method", "path"), OPERATIONS, ids=IDS)
def test_a_raw_response_has_the_servers_headers_and_parses_to_the_plain_result(
    surface: Surface, recorder: Loopback, name: str, operation: Callable[[Any], Any], method: str, path: str
) -> None:
    async def both_async(clients: AsyncBrowserClients) -> tuple[Any, Any]:
        return await operation(clients), await operation(clients.with_raw_response)

    def both(clients: Any) -> Any:
        if isinstance(clients, BrowserClients):
            return operation(clients), operation(clients.with_raw_response)
        return both_async(clients)

    plain, raw = surface.run(recorder.url, both)
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 200
    assert raw.headers["x-served-by"] == HEADERS["X-Served-By"]
    assert raw.request_id == "req-42"
    assert (raw.method, raw.url) == (method, recorder.url + path)
    assert raw.elapsed >= datetime.timedelta(0)
    assert raw.retries_taken == 0
    assert raw.json() == answer(recorder.requests[-1]).body
    assert _same(raw.parse()) == _same(plain)
    assert type(raw.parse()) is type(plain)
    assert "ba-" not in repr(raw)
    assert "bu-" not in repr(raw)


def test_a_raw_response_counts_the_retries_and_errors_stay_typed(surface: Surface, recorder: Loopback) -> None:
    replies = iter([Reply(503, {"error": "busy"}), None])
    recorder.script(lambda request, h: next(replies) or answer(request))
    raw = surface.run(recorder.url, lambda c: c.with_raw_response.stop("browserai", "t-1"))
    assert (raw.status_code, raw.retries_taken) == (200, 1)
    recorder.script(lambda _r, _h: Reply(404, {"error": "Task not found"}, {"X-Request-Id": "req-9", "X-Why": "gone"}))
    with pytest.raises(NotFoundError) as caught:
        surface.run(recorder.url, lambda c: c.with_raw_response.browserai.get_task("t-1"))
    assert caught.value.request_id == "req-9"
    assert caught.value.headers["x-why"] == "gone"  # plain calls' errors carry the headers too


def test_raw_request_options_reach_the_wire(surface: Surface, recorder: Loopback) -> None:
    raw = surface.run(
        recorder.url,
        lambda c: c.with_raw_response.browser_use.get_session(SESSION, extra_query={"view": "full"}),
    )
    assert raw.url == f"{recorder.url}/sessions/{SESSION}?view=full"
    assert recorder.requests[0].raw_path.endswith("?view=full")


@pytest.mark.parametrize(
    ("plain", "raw"), [(BrowserClients, RawBrowserClients), (AsyncBrowserClients, AsyncRawBrowserClients)]
)
def test_every_facade_method_that_sends_has_its_typed_raw_twin(plain: type, raw: type) -> None:
    methods = {"stop", "run", "get", "results", "wait"}
    declared = {n for n in vars(raw) if not n.startswith("_") and n not in ("browserai", "browser_use")}
    missing = methods - declared
    assert not missing, f"add `name = raw({plain.__name__}.name)` (araw when async) to {raw.__name__}: {missing}"


@pytest.mark.parametrize("surface_class", [BrowserAI, BrowserUse])
def test_every_vendor_operation_is_one_declaration_for_every_way_to_run_it(surface_class: type) -> None:
    # The same class serves the sync, async and raw views: an operation declared once is in all four.
    operations = {name for name, member in vars(surface_class).items() if isinstance(member, Operation)}
    assert operations
    clients = BrowserClients()
    for view in (clients.browserai, clients.browser_use, clients.with_raw_response.browser_use):
        if isinstance(view, surface_class):
            assert all(callable(getattr(view, name)) for name in operations)


def test_a_raw_view_has_no_walk_through_pages() -> None:
    with pytest.raises(AttributeError, match="walks a list"):
        BrowserClients().with_raw_response.browser_use.list_sessions  # noqa: B018 (the access is what is tested)
