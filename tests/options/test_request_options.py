"""Request options on the wire: extra headers, query and body, and default headers, for every method of both clients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_clients import (
    AsyncBrowserClients,
    BrowserClients,
    ConfigurationError,
    CreateSessionRequest,
    CreateTaskRequest,
    GeoLocation,
    Handle,
    InvalidArgumentError,
    ServerError,
    TaskInstruction,
    TaskType,
)
from tests.resilience.conftest import BROWSER_USE_KEY, BROWSERAI_KEY, SESSION, Surface, fast
from tests.support.loopback import Loopback, Recorded, Reply

Op = Callable[..., Any]


def _create_task() -> CreateTaskRequest:
    return CreateTaskRequest(
        instructions=[TaskInstruction(action="look")],
        geo_location=GeoLocation(country="US"),
        project="p",
        type_=TaskType.CRAWLER_AUTOMATION,
    )


# (name, operation taking the client and the request options, whether it sends a JSON body)
OPERATIONS: list[tuple[str, Callable[[Any, dict[str, Any]], Any], bool]] = [
    ("stop browserai", lambda c, o: c.stop("browserai", "t-1", **o), True),
    ("stop browser-use", lambda c, o: c.stop("browser-use", SESSION, strategy="task", **o), True),
    ("run browserai", lambda c, o: c.run("browserai", "look", project="p", **o), True),
    ("run browser-use", lambda c, o: c.run("browser-use", "look", keep_alive=True, **o), True),
    ("get browserai", lambda c, o: c.get(Handle.of("browserai", "t-1"), **o), False),
    ("get browser-use", lambda c, o: c.get(Handle.of("browser-use", SESSION), **o), False),
    ("results browserai", lambda c, o: c.results(Handle.of("browserai", "t-1"), **o), False),
    ("wait browser-use", lambda c, o: c.wait(Handle.of("browser-use", SESSION), poll_options=o), False),
    ("surface create_task", lambda c, o: c.browserai.create_task(_create_task(), **o), True),
    ("surface get_task", lambda c, o: c.browserai.get_task("t-1", **o), False),
    ("surface get_task_results", lambda c, o: c.browserai.get_task_results("t-1", **o), False),
    ("surface stop_task", lambda c, o: c.browserai.stop_task("t-1", **o), True),
    ("surface create_session", lambda c, o: c.browser_use.create_session(CreateSessionRequest(task="x"), **o), True),
    ("surface get_session", lambda c, o: c.browser_use.get_session(SESSION, **o), False),
    ("surface stop_session", lambda c, o: c.browser_use.stop_session(SESSION, "task", **o), True),
]
IDS = [name for name, _, _ in OPERATIONS]
EXTRAS: dict[str, Any] = {
    "extra_headers": {"X-Trace-Id": "trace-1", "x-tenant": "from-the-call"},
    "extra_query": {"beta": "on", "page": 2},
}


def _query(request: Recorded) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.raw_path).query)


@pytest.mark.parametrize(("name", "operation", "has_body"), OPERATIONS, ids=IDS)
def test_extra_headers_query_and_body_and_default_headers_reach_the_wire(
    surface: Surface, recorder: Loopback, name: str, operation: Callable[..., Any], has_body: bool
) -> None:
    options = {**EXTRAS, **({"extra_body": {"experimental": {"on": True}}} if has_body else {})}
    default = {"X-Tenant": "acme", "X-Client-Tag": "tests"}
    surface.run(recorder.url, lambda c: operation(c, options), default_headers=default)
    (request,) = recorder.requests
    assert request.headers["x-trace-id"] == "trace-1"
    assert request.headers["x-client-tag"] == "tests"  # a default header
    assert request.headers["x-tenant"] == "from-the-call"  # the call's header wins over the default, any case
    assert sum(line.lower().startswith(b"x-tenant:") for line in request.header_lines()) == 1
    assert _query(request) == {"beta": ["on"], "page": ["2"]}
    # The key is still the client's: no option replaces the auth header.
    assert (
        BROWSERAI_KEY in request.headers.get("authorization", "")
        or request.headers.get("x-browser-use-api-key") == BROWSER_USE_KEY
    )
    if has_body:
        body = request.json()
        assert body["experimental"] == {"on": True}
        assert len(body) > 1  # the document's own fields are still there
        assert request.headers["content-type"] == "application/json"


def test_extra_body_is_merged_over_the_documents_fields(surface: Surface, recorder: Loopback) -> None:
    surface.run(recorder.url, lambda c: c.stop("browserai", "t-1", extra_body={"command": "stop", "reason": "done"}))
    surface.run(recorder.url, lambda c: c.run("browser-use", "look", extra_body={"task": "other", "beta": 1}))
    stop, run = recorder.requests
    assert stop.json() == {"command": "stop", "reason": "done"}
    assert run.json()["task"] == "other"
    assert run.json()["beta"] == 1


def test_extra_body_becomes_the_body_of_a_post_that_had_none(surface: Surface, recorder: Loopback) -> None:
    surface.run(recorder.url, lambda c: c.stop("browser-use", SESSION))
    surface.run(recorder.url, lambda c: c.stop("browser-use", SESSION, extra_body={"strategy": "task"}))
    bare, given = recorder.requests
    assert bare.body == b""
    assert given.json() == {"strategy": "task"}


@pytest.mark.parametrize(
    "operation",
    [
        lambda c: c.get(Handle.of("browser-use", SESSION), extra_body={"x": 1}),
        lambda c: c.browserai.get_task("t-1", extra_body={"x": 1}),
        lambda c: c.results(Handle.of("browserai", "t-1"), extra_body={"x": 1}),
    ],
    ids=["get", "surface-get", "results"],
)
def test_extra_body_on_an_operation_without_a_body_is_an_error_before_any_request(
    surface: Surface, recorder: Loopback, operation: Op
) -> None:
    with pytest.raises(InvalidArgumentError, match="extra_body"):
        surface.run(recorder.url, operation)
    assert recorder.requests == []


@pytest.mark.parametrize(
    "body", [{"when": object()}, {"nan": float("nan")}, ["not", "a", "mapping"]], ids=["object", "nan", "list"]
)
def test_an_extra_body_that_is_not_json_is_refused(surface: Surface, recorder: Loopback, body: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="extra_body"):
        surface.run(recorder.url, lambda c: c.stop("browserai", "t-1", extra_body=body))
    assert recorder.requests == []


BAD_HEADERS = {
    "cr-lf-in-value": {"X-Note": "a\r\nX-Injected: 1"},
    "lf-in-value": {"X-Note": "a\nb"},
    "cr-in-value": {"X-Note": "a\rb"},
    "nul-in-value": {"X-Note": "a\x00b"},
    "not-latin-1": {"X-Note": "price in €"},
    "latin-1-but-not-ascii": {"X-Note": "Ren\u00e9"},
    "space-in-name": {"X Note": "a"},
    "colon-in-name": {"X-Note:": "a"},
    "newline-in-name": {"X-Note\r\nX-Injected": "a"},
    "empty-name": {"": "a"},
    "not-a-string": {"X-Note": 1},
}


@pytest.mark.parametrize("headers", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
def test_headers_no_request_can_carry_are_refused_before_any_request(
    surface: Surface, recorder: Loopback, headers: dict[str, Any]
) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        surface.run(recorder.url, lambda c: c.browser_use.get_session(SESSION, extra_headers=headers))
    assert "X-Injected: 1" not in str(caught.value)  # the message names the header, never its value
    with pytest.raises(ConfigurationError):
        surface.clients(recorder.url, default_headers=headers)
    with pytest.raises(ConfigurationError):
        surface.clients(recorder.url).with_options(default_headers=headers)
    assert recorder.requests == []


def test_header_names_and_values_go_out_as_given(surface: Surface, recorder: Loopback) -> None:
    value = 'a value; with=punctuation, "quotes" and\ttab'
    surface.run(recorder.url, lambda c: c.stop("browserai", "t-1", extra_headers={"X-Odd_Name.1": value}))
    assert f"X-Odd_Name.1: {value}".encode() in recorder.requests[0].raw_headers


def test_a_misspelled_option_is_a_type_error(surface: Surface, recorder: Loopback) -> None:
    with pytest.raises(TypeError, match="extra_header"):
        surface.run(recorder.url, lambda c: c.browser_use.get_session(SESSION, extra_header={"X": "1"}))
    assert recorder.requests == []


def test_stop_many_sends_the_options_with_every_stop(surface: Surface, recorder: Loopback) -> None:
    ids = ["a", "b", "c"]
    outcomes = surface.run(
        recorder.url,
        lambda c: c.stop_many("browserai", ids, concurrency=2, extra_headers={"X-Batch": "7"}, extra_query={"q": 1}),
        default_headers={"X-Tenant": "acme"},
    )
    assert all(o.ok for o in outcomes)
    assert len(recorder.requests) == 3
    for request in recorder.requests:
        assert (request.headers["x-batch"], request.headers["x-tenant"]) == ("7", "acme")
        assert _query(request) == {"q": ["1"]}


def test_stop_many_through_your_httpx_client_sends_the_options_too(recorder: Loopback) -> None:
    Surface("sync", through_httpx=True).run(
        recorder.url, lambda c: c.stop_many("browserai", ["a", "b"], extra_headers={"X-Batch": "7"})
    )
    assert [r.headers["x-batch"] for r in recorder.requests] == ["7", "7"]


# with_options: a client with other options over the same connections, keys and rate-limit state.


def test_with_options_max_retries_0_sends_once_where_the_original_retries(surface: Surface, recorder: Loopback) -> None:
    recorder.script(lambda _r, _h: Reply(503, {"error": "busy"}))
    counts: list[int] = []

    def sync(clients: BrowserClients) -> None:
        for target in (clients, clients.with_options(max_retries=0)):
            with pytest.raises(ServerError):
                target.stop("browserai", "t")
            counts.append(len(recorder.requests))

    async def asynchronous(clients: AsyncBrowserClients) -> None:
        for target in (clients, clients.with_options(max_retries=0)):
            with pytest.raises(ServerError):
                await target.stop("browserai", "t")
            counts.append(len(recorder.requests))

    surface.run(recorder.url, sync if surface.kind == "sync" else asynchronous, max_retries=2)
    assert counts == [3, 4]  # three tries by the original, then one by the derived client


def test_with_options_shares_connections_keys_and_rate_limit_state(surface: Surface, recorder: Loopback) -> None:
    def check(clients: Any) -> Any:
        derived = clients.with_options(timeout=5, max_retries=0, default_headers={"X-Tenant": "acme"})
        assert type(derived) is type(clients)
        assert derived._wire() is clients._wire()  # one pool of connections
        assert derived._engine.accounts is clients._engine.accounts
        derived._engine.accounts.pause("browserai", 30)
        assert clients._engine.accounts.pause_left("browserai") > 0  # a 429 seen by one holds the other back too
        assert clients._engine.accounts.pause_left("browser-use") == 0
        clients._engine.accounts.paused_until.clear()
        assert (derived._engine.timeouts.attempt, clients._engine.timeouts.attempt) == (5.0, 30.0)
        assert (derived._engine.policy.max_retries, clients._engine.policy.max_retries) == (0, 2)
        return [derived.stop("browserai", "t-1"), clients.stop("browserai", "t-2")]

    def run(clients: Any) -> Any:
        if surface.kind == "sync":
            return check(clients)

        async def both() -> Any:
            results = check(clients)
            return [await result for result in results]

        return both()

    surface.run(recorder.url, run)
    with_header, without = recorder.requests
    assert with_header.headers["x-tenant"] == "acme"
    assert "x-tenant" not in without.headers
    assert with_header.headers["authorization"] == without.headers["authorization"] == f"apikey {BROWSERAI_KEY}"


def test_with_options_adds_to_the_default_headers(surface: Surface, recorder: Loopback) -> None:
    surface.run(
        recorder.url,
        lambda c: c.with_options(default_headers={"x-b": "2", "X-A": "replaced"}).stop("browserai", "t"),
        default_headers={"X-A": "1"},
    )
    (request,) = recorder.requests
    assert (request.headers["x-a"], request.headers["x-b"]) == ("replaced", "2")


def test_a_derived_client_keeps_the_originals_fast_retries(recorder: Loopback) -> None:
    with BrowserClients(
        browserai_api_key=BROWSERAI_KEY, browserai_base_url=recorder.url, max_retries=1, timeout=2
    ) as clients:
        fast(clients)
        recorder.script(lambda _r, _h: Reply(503, {"error": "busy"}))
        with pytest.raises(ServerError):
            clients.with_options(max_retries=3).stop("browserai", "t")
    assert len(recorder.requests) == 4
