"""In an incident: clients.active() and stop_all(), sync and async, against a loopback fake with hundreds of sessions
over several pages, a loop creating more during the sweep, a 429, a session that vanishes and one that never stops;
and the sweep's decisions, unit by unit."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from browser_clients import (
    ActiveWork,
    AsyncBrowserClients,
    BrowserClients,
    CommonStatus,
    InvalidArgumentError,
    NotFoundError,
    ResponseValidationError,
    ServerError,
    SweepReport,
    SweepState,
    Vendor,
    WorkKind,
    _bulk,
)
from browser_clients._contract import ActiveSource
from browser_clients._engine import Call, Deferred
from browser_clients._sweep import SweepPlan
from browser_clients._transport import Answer
from browser_clients._types import StopOutcome, StopResult
from browser_clients._vendors.browser_use import listing as sweep
from tests.lifecycle.conftest import Vendors
from tests.lifecycle.sweep_fake import BROWSER_COST, SESSION_COST, Incident, SweepFake, incident
from tests.resilience.conftest import SESSION_BODY

MODES = ["sync", "async"]


def fake(vendors: Vendors) -> SweepFake:
    assert isinstance(vendors.browser_use, SweepFake)
    return vendors.browser_use


def call(mode: str, options: dict[str, Any], method: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``method`` on a fresh sync or async client (awaited), closed afterwards."""
    if mode == "sync":
        with BrowserClients(**options) as clients:
            return getattr(clients, method)(*args, **kwargs)

    async def run() -> Any:
        async with AsyncBrowserClients(**options) as clients:
            return await getattr(clients, method)(*args, **kwargs)

    return asyncio.run(run())


def stop_requests(vendors: Vendors) -> list[str]:
    """Return the path of every request that could change something (anything but a GET)."""
    return [r.raw_path for r in vendors.browser_use_server.requests if r.method != "GET"]


@pytest.mark.parametrize("mode", MODES)
def test_active_lists_every_active_session_and_browser_as_neutral_items(fleet: Vendors, mode: str) -> None:
    made = incident(fake(fleet))
    found = call(mode, fleet.options(), "active", "browser-use")
    assert all(isinstance(w, ActiveWork) and w.vendor is Vendor.BROWSER_USE for w in found)
    assert {w.id for w in found} == set(made.active) | set(made.browsers)
    assert len(found) == len(made.active) + len(made.browsers)  # each once, over three pages of sessions
    by_id = {w.id: w for w in found}
    agent = by_id[made.active[0]]
    assert (agent.kind, agent.cost) == (WorkKind.AGENT_SESSION, SESSION_COST)
    assert {(w.raw_status, w.status) for w in found if w.kind is WorkKind.AGENT_SESSION} == {
        ("created", CommonStatus.QUEUED),
        ("idle", CommonStatus.IDLE),
        ("running", CommonStatus.RUNNING),
    }
    browser = by_id[made.browsers[0]]
    assert (browser.kind, browser.status, browser.raw_status, browser.cost) == (
        WorkKind.BROWSER_SESSION,
        CommonStatus.RUNNING,
        "active",
        BROWSER_COST,
    )
    assert stop_requests(fleet) == []
    # Browser sessions are asked for filtered: only the active ones come.
    browsers = [r.raw_path for r in fleet.browser_use_server.requests if r.raw_path.startswith("/browsers")]
    assert browsers
    assert all("filterBy=active" in path for path in browsers)


@pytest.mark.parametrize("mode", MODES)
def test_the_dry_run_lists_every_active_id_and_stops_nothing(fleet: Vendors, mode: str) -> None:
    made = incident(fake(fleet))
    report = call(mode, fleet.options(), "stop_all", "browser-use", dry_run=True)
    assert isinstance(report, SweepReport)
    assert (report.dry_run, report.complete, report.passes) == (True, True, 1)
    assert {i.id for i in report.found} == set(made.active) | set(made.browsers)
    assert report.stopped == report.failed == report.already_ended == ()
    assert report.total_cost == SESSION_COST * len(made.active) + BROWSER_COST * len(made.browsers)
    assert stop_requests(fleet) == []
    assert fake(fleet).active_ids() == set(made.active) | set(made.browsers)


def check_sweep(fleet: Vendors, made: Incident, report: SweepReport, retries: int) -> None:
    """Check a finished sweep: nothing active but the failing session, every id stopped once plus retries."""
    bu = fake(fleet)
    spawned = set(bu.spawned)
    assert len(spawned) == 4 * 7  # the loop created sessions during the sweep, and they were stopped too
    assert bu.active_ids() == {made.failing}  # nothing active is left but the session whose stop always fails
    # No ended session or stopped browser was touched; each active one was stopped once, plus its retries.
    assert not set(bu.stops) & (set(made.ended) | set(made.ended_browsers))
    expected = dict.fromkeys([*made.active, *made.browsers, *spawned], 1)
    expected[made.failing] = 1 + retries
    expected[made.limited] = 2  # the 429, then the stop
    assert dict(bu.stops) == expected
    # The report: what was stopped, what had ended, what failed and why, and the cost reached.
    assert report.complete
    assert not report.ok
    assert report.passes >= 2
    assert [i.id for i in report.failed] == [made.failing]
    assert isinstance(report.failed[0].error, ServerError)
    assert [i.id for i in report.already_ended] == [made.vanishing]
    assert isinstance(report.already_ended[0].error, NotFoundError)
    assert {i.id for i in report.stopped} == set(expected) - {made.failing, made.vanishing}
    assert all(i.state is SweepState.STOPPED and i.outcome is not None and i.outcome.ok for i in report.stopped)
    sessions = len(made.active) + len(spawned)
    assert report.total_cost == SESSION_COST * sessions + BROWSER_COST * len(made.browsers)
    assert all(i.cost is not None for i in report.items)
    assert report.summary().startswith(f"stopped {len(report.stopped)}, already ended 1, failed 1;")
    # Its repr counts the items by state on one line; it does not write thousands of them out.
    shown = repr(report)
    assert f"items=<{len(report.items)}: " in shown
    assert f"{len(report.stopped)} stopped" in shown
    assert "1 failed" in shown
    assert "1 already_ended" in shown
    assert "\n" not in shown
    assert made.active[0] not in shown


@pytest.mark.parametrize("mode", MODES)
def test_the_sweep_stops_everything_active_once_and_keeps_the_failure_apart(fleet: Vendors, mode: str) -> None:
    bu = fake(fleet)
    made = incident(bu)
    bu.spawn, bu.spawn_lists = 7, 4  # a loop creating sessions while the sweep lists and stops
    report = call(mode, {**fleet.options(), "max_retries": 2}, "stop_all", "browser-use", concurrency=16)
    check_sweep(fleet, made, report, retries=2)
    # Agent sessions are stopped whole (the sandbox too), browsers with the PATCH stop.
    stops = [r for r in fleet.browser_use_server.requests if r.method == "POST"]
    assert stops
    assert all(r.json() == {"strategy": "session"} for r in stops)
    patches = [r for r in fleet.browser_use_server.requests if r.method == "PATCH"]
    assert len(patches) == len(made.browsers)
    assert all(r.json() == {"action": "stop"} for r in patches)


def test_a_sync_client_over_your_own_http_client_sweeps_on_threads(fleet: Vendors) -> None:
    bu = fake(fleet)
    made = incident(bu, sessions=120, ended=20, browsers=5)
    bu.spawn, bu.spawn_lists = 7, 4
    with httpx.Client() as http, BrowserClients(http_client=http, **{**fleet.options(), "max_retries": 1}) as clients:
        report = clients.stop_all("browser-use", concurrency=8)
    check_sweep(fleet, made, report, retries=1)


@pytest.mark.parametrize("mode", MODES)
def test_a_runaway_loop_is_bounded_by_max_passes(fleet: Vendors, mode: str) -> None:
    bu = fake(fleet)
    bu.add_many(3)
    bu.spawn, bu.spawn_lists = 2, None  # never stops creating sessions
    report = call(mode, fleet.options(), "stop_all", "browser-use", max_passes=3)
    assert (report.passes, report.complete, report.ok) == (3, False, False)
    assert len(report.stopped) == 3 + 3 * 2  # each pass stopped what the loop had made by its listing; more came
    assert "INCOMPLETE" in report.summary()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("method", ["active", "stop_all"])
def test_browserai_publishes_no_way_to_list_tasks(vendors: Vendors, mode: str, method: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        call(mode, vendors.options(), method, "browserai")
    message = str(info.value)
    assert "BrowserAI publishes no way to list tasks" in message
    assert "--from-file" in message  # what a person at a shell runs instead
    assert vendors.browserai_server.requests == []


@pytest.mark.parametrize(
    ("options", "wrong"),
    [({"deadline": 0}, "deadline"), ({"max_passes": 0}, "max_passes"), ({"concurrency": 0}, "concurrency")],
)
def test_wrong_limits_are_refused_before_any_request(vendors: Vendors, options: dict[str, Any], wrong: str) -> None:
    with pytest.raises(InvalidArgumentError, match=wrong), BrowserClients(**vendors.options()) as clients:
        clients.stop_all("browser-use", **options)
    assert vendors.browser_use_server.requests == []


# The decisions, unit by unit.


def _work(n: int, kind: WorkKind = WorkKind.AGENT_SESSION) -> ActiveWork:
    return ActiveWork(Vendor.BROWSER_USE, kind, f"id-{n}", CommonStatus.RUNNING, "running", Decimal(n))


def _source(kind: WorkKind) -> ActiveSource:
    return next(s for s in sweep.SOURCES if s.kind == kind)


def test_the_deadline_starts_no_new_pass() -> None:
    now = [0.0]
    plan = SweepPlan(Vendor.BROWSER_USE, sweep.SOURCES, dry_run=False, deadline=10, max_passes=99, clock=lambda: now[0])
    assert plan.begin_pass()
    assert [plan.claim(_work(1)), plan.claim(_work(2, WorkKind.BROWSER_SESSION))] == [True, True]
    plan.end_pass()
    now[0] = 10.0
    assert not plan.begin_pass()
    report = plan.report()
    assert (report.passes, report.complete) == (1, False)


def test_work_tried_once_is_never_claimed_again() -> None:
    plan = SweepPlan(Vendor.BROWSER_USE, sweep.SOURCES, dry_run=False, deadline=None, max_passes=5)
    source = _source(WorkKind.AGENT_SESSION)
    assert plan.begin_pass()
    assert [plan.claim(_work(1)), plan.claim(_work(2)), plan.claim(_work(1))] == [True, True, False]
    error = ServerError("boom", vendor="browser-use", status_code=500)
    result = StopResult(Vendor.BROWSER_USE, "id-1", CommonStatus.STOPPED, "stopped", None, None)
    plan.record(source, _work(1), StopOutcome(Vendor.BROWSER_USE, "id-1", result=result))
    plan.record(source, _work(2), StopOutcome(Vendor.BROWSER_USE, "id-2", error=error))
    plan.end_pass()
    assert plan.begin_pass()
    assert [plan.claim(_work(1)), plan.claim(_work(2))] == [False, False]
    plan.end_pass()  # nothing new: the sweep is over, complete
    assert not plan.begin_pass()
    report = plan.report()
    assert (report.complete, report.ok, [i.state for i in report.items]) == (
        True,
        False,
        [SweepState.STOPPED, SweepState.FAILED],
    )
    assert report.total_cost == Decimal(3)  # the listed costs: the stop answer reported none


def test_a_dry_run_lists_once_and_claims_nothing() -> None:
    plan = SweepPlan(Vendor.BROWSER_USE, sweep.SOURCES, dry_run=True, deadline=None, max_passes=5)
    assert plan.begin_pass()
    assert plan.claim(_work(1)) is False
    plan.end_pass()
    assert not plan.begin_pass()
    report = plan.report()
    assert (report.complete, [i.state for i in report.found]) == (True, [SweepState.FOUND])


def test_a_list_answer_is_checked_again_client_side() -> None:
    from browser_use_client.models import BrowserSessionView, SessionView

    stopped = BrowserSessionView.from_dict({"id": "4f1c2a5e-7b3d-4e8a-9c6f-0a1b2c3d4e5f", "status": "stopped"})
    assert sweep.read_browser(stopped) is None
    ended = SessionView.from_dict({"id": "4f1c2a5e-7b3d-4e8a-9c6f-0a1b2c3d4e5f", "status": "timed_out"})
    assert sweep.read_session(ended) is None
    no_id = SessionView.from_dict({"status": "running"})
    assert sweep.read_session(no_id) is None
    assert _source(WorkKind.BROWSER_SESSION).read(stopped) is None


@pytest.mark.parametrize("mode", MODES)
def test_stops_go_out_while_the_list_is_still_being_read(fleet: Vendors, mode: str) -> None:
    made = incident(fake(fleet))
    report = call(mode, fleet.options(), "stop_all", "browser-use", concurrency=2)
    assert report.stopped
    seen = [(r.method, r.raw_path.partition("?")[0]) for r in fleet.browser_use_server.requests]
    first_pass_pages = [i for i, (method, path) in enumerate(seen) if (method, path) == ("GET", "/sessions")]
    first_stop = next(i for i, (method, _path) in enumerate(seen) if method == "POST")
    assert len(made.active) > 100  # more than a page: the list takes several requests
    # The first pass asks for every page after the first at once; the first page's stops do not wait for them.
    assert first_stop < first_pass_pages[1]


class _Account:
    """Running sessions in pages of 100, listed and stopped through a sweep's ``run`` (no HTTP). ``events`` says what
    happened, in order: ``("ask", page)``, ``("answer", page)`` 10 ms later, ``("read", page)`` when the sweep read
    it (into models), ``("stop", sessions found by then)``."""

    def __init__(self, sessions: int, stop_takes: float = 0.0) -> None:
        self.ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(sessions)]
        self.stopped: set[str] = set()
        self.found: list[str] = []  # the ids the sweep found (its on_found)
        self.events: list[tuple[str, int]] = []
        self.models_read: list[int] = []  # how many sessions of each page read were read into models
        self._stop_takes = stop_takes

    def sweep(self, concurrency: int) -> SweepReport:
        plan = SweepPlan(
            Vendor.BROWSER_USE, [_source(WorkKind.AGENT_SESSION)], dry_run=False, deadline=None, max_passes=5
        )
        return asyncio.run(
            _bulk.sweep(self.run, plan, concurrency=concurrency, on_found=lambda work: self.found.append(work.id))
        )

    def page(self, number: int) -> dict[str, Any]:
        chosen = self.ids[(number - 1) * 100 : number * 100]
        listed = [{"id": s, "status": "stopped" if s in self.stopped else "running"} for s in chosen]
        return {"sessions": listed, "total": len(self.ids), "page": number, "pageSize": 100}

    async def run(self, steps: Any) -> Any:
        call = steps.send(None)
        if call.operation == "list_sessions":
            number = call.request["params"]["page"]
            self.events.append(("ask", number))
            await asyncio.sleep(0.01)
            self.events.append(("answer", number))
            sent = self.page(number)

            def read(sent: dict[str, Any] = sent, number: int = number) -> Any:
                self.events.append(("read", number))
                answer = call.parse(sent)
                self.models_read.append(len(answer.model.sessions))
                return answer

            answer = Deferred(read) if call.deferred else read()  # a sweep reads a page when it needs its ids
        else:
            self.events.append(("stop", len(self.found)))
            await asyncio.sleep(self._stop_takes)
            sid = call.request["url"].split("/")[2]
            self.stopped.add(sid)
            answer = call.parse({"id": sid, "status": "stopped"})
        try:
            steps.send(answer)
        except StopIteration as done:
            return done.value
        raise AssertionError("a stop or a page is one request")


def test_a_confirming_pass_asks_for_every_page_at_once_and_makes_no_model_of_an_ended_session() -> None:
    # 250 running sessions in pages of 100, stopped by the first pass; the second pass finds them ended.
    account = _Account(250)
    report = account.sweep(concurrency=8)
    assert (report.passes, len(report.stopped), account.stopped) == (2, 250, set(account.ids))
    pages = [event for event in account.events if event[0] in ("ask", "answer")]
    first, second = pages[:6], pages[6:]
    assert first[:2] == [("ask", 1), ("answer", 1)]  # the first pass learns the total from the first page
    assert sorted(second[:3]) == [("ask", 1), ("ask", 2), ("ask", 3)]  # the second asks for every page the first found
    assert sorted(account.models_read[:3]) == [50, 100, 100]  # the first pass read every running session
    assert account.models_read[3:] == [0, 0, 0]  # the second pass read no ended session into a model


def test_a_page_is_read_a_few_sessions_at_a_time_so_stops_go_out_meanwhile() -> None:
    # Taking in a page of 100 sessions takes milliseconds: the answers of stops already out, and the stops of the
    # sessions already taken in, do not wait until the whole page is.
    account = _Account(100)
    report = account.sweep(concurrency=8)
    assert len(report.stopped) == 100
    found_when_sent = [found for kind, found in account.events if kind == "stop"]
    assert len(found_when_sent) == 100
    assert found_when_sent[0] < 100  # the first stop went out before the page was taken in to its end


def test_a_sweep_asks_for_every_page_first_and_reads_each_only_when_its_ids_are_needed() -> None:
    # 500 running sessions in pages of 100, 8 in flight. The pages after the first are asked for before any stop
    # goes out; each is read (into models) only once fewer than 8 sessions wait to be stopped.
    account = _Account(500, stop_takes=0.002)
    report = account.sweep(concurrency=8)
    assert len(report.stopped) == 500
    events = account.events
    first_stop = next(n for n, (kind, _) in enumerate(events) if kind == "stop")
    assert sorted(events[:first_stop]) == [("answer", 1)] + [("ask", n) for n in range(1, 6)] + [("read", 1)]
    reads = [n for n, (kind, _) in enumerate(events) if kind == "read"]
    stops_before_second_read = sum(1 for kind, _ in events[: reads[1]] if kind == "stop")
    assert stops_before_second_read > 80  # page 2 waited until page 1's sessions were nearly all stopped


def test_a_deferred_answer_is_read_when_asked_as_the_engine_would_have_read_it() -> None:
    from browser_use_client.models import SessionView

    engine = BrowserClients(browser_use_api_key="k")._engine
    read: list[Any] = []

    def parse(data: Any) -> SessionView:
        read.append(data)
        return SessionView.from_dict(data)

    call = Call(Vendor.BROWSER_USE, "get_session", {"method": "get", "url": "/x"}, parse).deferring()
    assert call.reading(parse).deferred  # another reader of the same request is deferred too
    body = json.dumps({**SESSION_BODY, "id": "not-a-uuid"}).encode()
    answer = Answer(200, "OK", httpx.Headers({"Content-Type": "application/json"}), body, "http://x")
    later = engine.read(call, answer)
    assert isinstance(later, Deferred)
    assert read == []  # nothing read until asked
    model = later.result()
    assert [d.pointer for d in model.deviations] == ["/id"]  # kept as sent, the deviation reported
    assert model.to_dict() == json.loads(body)
    with pytest.raises(ResponseValidationError, match="get_session: the answer deviates"):
        engine.derive(strict=True).read(call, answer).result()  # strict: raised when read
    missing = Answer(404, "Not Found", httpx.Headers({}), b'{"detail": "Not Found"}', "http://x")
    with pytest.raises(NotFoundError):
        engine.read(call, missing)  # an error is no 2xx answer: raised at once, never deferred
