"""The lifecycle through the facade, sync and async alike: run, get, wait, results and stop on both vendor fakes."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest

from browser_clients import (
    CommonStatus,
    CreateTaskResponse,
    GeoLocation,
    Handle,
    InvalidArgumentError,
    InvalidSessionIdError,
    ModelTier,
    NotFoundError,
    SessionView,
    Snapshot,
    TaskStepResult,
    TaskType,
    Vendor,
    WaitTimeoutError,
)
from tests.lifecycle import fakes
from tests.lifecycle.conftest import Clients, Vendors

FAST = {"poll_interval": 0.001, "max_interval": 0.01}


def _wait(clients: Clients, handle: Handle, **options: object) -> tuple[Snapshot, list[Snapshot]]:
    seen: list[Snapshot] = []
    final = clients.call(lambda c: c.wait(handle, on_progress=seen.append, **{**FAST, **options}))
    return final, seen


def _statuses(seen: list[Snapshot]) -> list[tuple[CommonStatus, str | None]]:
    collapsed: list[tuple[CommonStatus, str | None]] = []
    for snapshot in seen:
        pair = (snapshot.status, snapshot.raw_status)
        if not collapsed or collapsed[-1] != pair:
            collapsed.append(pair)
    return collapsed


# Browser-Use


def test_run_returns_a_handle_at_once_without_polling(clients: Clients, vendors: Vendors) -> None:
    handle = clients.call(lambda c: c.run("browser-use", "Find the price"))
    assert handle.vendor is Vendor.BROWSER_USE
    assert uuid.UUID(handle.id)
    assert isinstance(handle.created, SessionView)
    assert handle == Handle.of("browser-use", handle.id)  # equality ignores the creation answer
    requests = vendors.browser_use_server.requests
    assert [(r.method, r.raw_path) for r in requests] == [("POST", "/sessions")]
    assert requests[0].json()["task"] == "Find the price"
    assert requests[0].headers["x-browser-use-api-key"] == fakes.BU_KEY


def test_browser_use_task_runs_to_success(clients: Clients, vendors: Vendors) -> None:
    handle = clients.call(lambda c: c.run("browser-use", "Find the price"))
    final, seen = _wait(clients, handle)
    assert _statuses(seen) == [
        (CommonStatus.QUEUED, "created"),
        (CommonStatus.RUNNING, "running"),
        (CommonStatus.SUCCEEDED, "stopped"),
    ]
    assert [s.step_count for s in seen] == [0, 1, 2, 3, 3]
    assert final.is_terminal
    assert final.output == {"price": "19.99"}
    assert final.last_step_summary == "Done"
    assert final.costs is not None
    assert final.costs.total == Decimal("0.0123")
    assert final.costs.llm == Decimal("0.01")
    assert final.costs.limit is None
    assert final.created_at == datetime.datetime(2026, 1, 5, 10, tzinfo=datetime.UTC)
    assert final.updated_at is not None
    assert final.updated_at.tzinfo is not None
    assert isinstance(final.model, SessionView)
    assert final.handle == handle


def test_keep_alive_session_returns_to_idle_and_the_wait_ends_with_its_verdict(
    clients: Clients, vendors: Vendors
) -> None:
    handle = clients.call(lambda c: c.run("browser-use", "Answer", keep_alive=True))
    final, seen = _wait(clients, handle)
    assert vendors.browser_use.created[0]["keepAlive"] is True
    # Idle before the task ran did not end the wait; idle after it, with isTaskSuccessful, did.
    assert _statuses(seen) == [
        (CommonStatus.QUEUED, "created"),
        (CommonStatus.IDLE, "idle"),
        (CommonStatus.RUNNING, "running"),
        (CommonStatus.SUCCEEDED, "idle"),
    ]
    assert final.output == "42"


def test_keep_alive_session_takes_a_second_task(clients: Clients, vendors: Vendors) -> None:
    first = clients.call(lambda c: c.run("browser-use", "Answer", keep_alive=True))
    _wait(clients, first)
    vendors.browser_use.plan(
        "Next",
        [
            fakes.Stage("running", fields={"stepCount": 1, "lastStepSummary": "Reading"}),
            fakes.Stage("idle", fields={"stepCount": 2, "isTaskSuccessful": True, "output": "43"}),
        ],
    )
    second = clients.call(lambda c: c.run("browser-use", "Next", session_id=uuid.UUID(first.id)))
    assert second == first
    assert vendors.browser_use.created[1]["sessionId"] == first.id
    final, seen = _wait(clients, second)  # the second task, waited on to its own end
    assert (final.status, final.raw_status, final.output, final.step_count) == (CommonStatus.SUCCEEDED, "idle", "43", 2)
    assert seen[0].status is CommonStatus.RUNNING


def test_stopping_only_the_task_of_a_keep_alive_session_ends_the_wait_at_idle(
    clients: Clients, vendors: Vendors
) -> None:
    vendors.browser_use.plan("Forever", fakes.bu_forever())
    handle = clients.call(lambda c: c.run("browser-use", "Forever", keep_alive=True))
    seen: list[Snapshot] = []

    def stop_once_running(snapshot: Snapshot) -> None:
        seen.append(snapshot)
        if snapshot.status is CommonStatus.RUNNING and len(seen) == 2:
            # What the vendor does on stop with strategy "task": the task ends, the session goes back to idle.
            vendors.browser_use.stop_task(handle.id)

    final = clients.call(lambda c: c.wait(handle, on_progress=stop_once_running, timeout=30, **FAST))
    assert final.status is CommonStatus.IDLE
    assert final.raw_status == "idle"
    assert seen[-2].status is CommonStatus.RUNNING


@pytest.mark.parametrize(
    ("plan", "status", "raw"),
    [
        (fakes.bu_failure, CommonStatus.FAILED, "stopped"),
        (fakes.bu_error, CommonStatus.FAILED, "error"),
        (fakes.bu_vendor_timeout, CommonStatus.TIMED_OUT, "timed_out"),
    ],
)
def test_browser_use_failures_end_the_wait(
    clients: Clients, vendors: Vendors, plan: Callable[[], fakes.Plan], status: CommonStatus, raw: str
) -> None:
    vendors.browser_use.plan("Try", plan())
    handle = clients.call(lambda c: c.run("browser-use", "Try"))
    final, _ = _wait(clients, handle)
    assert (final.status, final.raw_status) == (status, raw)
    assert final.is_terminal


def test_wait_times_out_with_the_last_snapshot_and_the_work_goes_on(clients: Clients, vendors: Vendors) -> None:
    vendors.browser_use.plan("Forever", fakes.bu_forever())
    handle = clients.call(lambda c: c.run("browser-use", "Forever"))
    with pytest.raises(WaitTimeoutError) as info:
        clients.call(lambda c: c.wait(handle, timeout=0.2, **FAST))
    error = info.value
    assert error.handle == handle
    assert error.timeout == 0.2
    assert error.last_snapshot.status is CommonStatus.RUNNING
    assert error.last_snapshot.last_step_summary == "Thinking"
    assert "did not finish within 0.2s" in str(error)
    polls = len(vendors.browser_use_server.requests)
    assert polls >= 3  # it polled until the deadline, and made one request at it
    after = clients.call(lambda c: c.get(handle))
    assert after.status is CommonStatus.RUNNING  # nothing was stopped


def test_undocumented_status_is_unknown_with_its_value_and_does_not_end_the_wait(
    clients: Clients, vendors: Vendors
) -> None:
    vendors.browser_use.plan("Review", fakes.bu_undocumented())
    handle = clients.call(lambda c: c.run("browser-use", "Review"))
    final, seen = _wait(clients, handle)
    assert (CommonStatus.UNKNOWN, "paused_for_review") in _statuses(seen)
    assert final.status is CommonStatus.SUCCEEDED
    unknown = next(s for s in seen if s.status is CommonStatus.UNKNOWN)
    assert unknown.to_dict()["raw_status"] == "paused_for_review"
    assert str(unknown.model.status) == "paused_for_review"


def test_run_sends_browser_use_options_typed(clients: Clients, vendors: Vendors) -> None:
    clients.call(
        lambda c: c.run(
            "browser-use",
            "Book",
            model=ModelTier.BU_MAX,
            max_cost_usd=Decimal("2.50"),
            proxy_country_code="DE",
            output_schema={"type": "object"},
            enable_recording=True,
            profile_id="3c90c3cc-0d44-4b50-8888-8dd25736052a",
        )
    )
    body = vendors.browser_use.created[0]
    assert body["model"] == "bu-max"
    assert body["maxCostUsd"] == "2.50"  # a decimal string: no float rounding on the way
    assert body["proxyCountryCode"] == "de"
    assert body["outputSchema"] == {"type": "object"}
    assert body["enableRecording"] is True
    assert body["profileId"] == "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def test_a_model_this_client_does_not_list_yet_still_goes_through(clients: Clients, vendors: Vendors) -> None:
    clients.call(lambda c: c.run("browser-use", "Book", model="bu-next"))
    assert vendors.browser_use.created[0]["model"] == "bu-next"


@pytest.mark.parametrize(
    ("vendor", "options", "message"),
    [
        ("browser-use", {"project": "p"}, "Browser-Use's run() takes no project"),
        ("browser-use", {"max_cost_usd": "-1"}, "max_cost_usd must be a non-negative amount"),
        ("browser-use", {"keep_alive": "yes"}, "keep_alive must be True or False"),
        ("browser-use", {"session_id": "nope"}, "session_id must be a UUID"),
        ("browser-use", {"proxy_country_code": "zz"}, "proxy_country_code='zz'"),
        ("browserai", {"keep_alive": True}, "BrowserAI's run() takes no keep_alive"),
        ("browserai", {}, "BROWSERAI_PROJECT"),
        ("browserai", {"project": "p", "type": "magic"}, "type='magic'"),
    ],
)
def test_bad_run_options_are_rejected_before_any_request(
    clients: Clients, vendors: Vendors, vendor: str, options: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        clients.call(lambda c: c.run(vendor, "task", **options))
    assert vendors.browser_use_server.requests == []
    assert vendors.browserai_server.requests == []


def test_results_is_a_browserai_operation(clients: Clients, vendors: Vendors) -> None:
    handle = Handle.of("browser-use", "3c90c3cc-0d44-4b50-8888-8dd25736052a")
    with pytest.raises(InvalidArgumentError, match="Browser-Use has no step results"):
        clients.call(lambda c: c.results(handle))
    assert vendors.browser_use_server.requests == []


def test_get_of_an_unknown_session_is_not_found(clients: Clients) -> None:
    with pytest.raises(NotFoundError, match="Session not found"):
        clients.call(lambda c: c.get(Handle.of("browser-use", uuid.uuid4())))


def test_get_rejects_what_is_not_a_handle(clients: Clients) -> None:
    with pytest.raises(InvalidArgumentError, match="expected a Handle"):
        clients.call(lambda c: c.get("browser-use"))
    with pytest.raises(InvalidSessionIdError):
        clients.call(lambda c: c.get(Handle.of("browser-use", "not-a-uuid")))


# BrowserAI


def test_browserai_task_runs_to_success(clients: Clients, vendors: Vendors) -> None:
    handle = clients.call(lambda c: c.run("browserai", "Find the price", project="proj-1"))
    assert handle == Handle(Vendor.BROWSERAI, "exec-1")
    assert isinstance(handle.created, CreateTaskResponse)
    assert vendors.browserai.created == [
        {
            "instructions": [{"action": "Find the price"}],
            "geoLocation": {"country": "US"},
            "project": "proj-1",
            "type": "crawler_automation",
        }
    ]
    final, seen = _wait(clients, handle)
    assert _statuses(seen) == [
        (CommonStatus.QUEUED, "queued"),
        (CommonStatus.RUNNING, "running"),
        (CommonStatus.SUCCEEDED, "completed"),
    ]
    assert final.started_at == datetime.datetime(2026, 1, 5, 10, 0, 1, tzinfo=datetime.UTC)
    # An RFC 2822 date, which only python-dateutil reads, as an aware datetime.
    assert final.finished_at == datetime.datetime(2026, 1, 5, 10, 2, tzinfo=datetime.UTC)
    assert final.costs is None
    assert final.step_count is None


def test_browserai_project_comes_from_the_environment(
    clients: Clients, vendors: Vendors, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSERAI_PROJECT", "from-env")
    clients.call(
        lambda c: c.run(
            "browserai",
            "console.log(1)",
            type=TaskType.SCRIPT_AUTOMATION,
            geo_location=GeoLocation(country="DE", city="Berlin"),
            inspect=True,
        )
    )
    body = vendors.browserai.created[0]
    assert body["project"] == "from-env"
    assert body["type"] == "script_automation"
    assert body["geoLocation"] == {"country": "DE", "city": "Berlin"}
    assert body["inspect"] is True


def test_browserai_failure_and_naive_timestamps_taken_as_utc(clients: Clients, vendors: Vendors) -> None:
    vendors.browserai.plan("Break", fakes.ba_failure())
    handle = clients.call(lambda c: c.run("browserai", "Break", project="p"))
    final, _ = _wait(clients, handle)
    assert (final.status, final.raw_status) == (CommonStatus.FAILED, "failed")
    assert final.started_at == datetime.datetime(2026, 1, 5, 10, 0, 1, tzinfo=datetime.UTC)


def test_browserai_undocumented_status_times_out_with_its_value(clients: Clients, vendors: Vendors) -> None:
    vendors.browserai.plan("Captcha", fakes.ba_undocumented())
    handle = clients.call(lambda c: c.run("browserai", "Captcha", project="p"))
    with pytest.raises(WaitTimeoutError) as info:
        clients.call(lambda c: c.wait(handle, timeout=0.15, **FAST))
    last = info.value.last_snapshot
    assert (last.status, last.raw_status) == (CommonStatus.UNKNOWN, "Awaiting Human")


def test_browserai_results_are_typed_steps(clients: Clients, vendors: Vendors) -> None:
    handle = clients.call(lambda c: c.run("browserai", "Find", project="p"))
    results = clients.call(lambda c: c.results(handle))
    assert vendors.browserai_server.requests[-1].raw_path == "/results/exec-1"
    assert len(results.steps) == 2
    assert all(isinstance(step, TaskStepResult) for step in results.steps)
    assert results.steps[1].screenshot_url == "https://cdn.example.test/1.png"
    assert results.steps[1].insert_ts == datetime.datetime(2026, 1, 5, 10, 0, 1, tzinfo=datetime.UTC)
    assert results.last_step_summary == "step 1"
    assert results.status is CommonStatus.QUEUED
    assert results.started_at == datetime.datetime(2026, 1, 5, 10, 0, 1, tzinfo=datetime.UTC)
    assert results.completed_at == datetime.datetime(2026, 1, 5, 10, 2, tzinfo=datetime.UTC)
    assert json.loads(json.dumps(results.to_dict()))["step_count"] == 2


def test_browserai_ids_are_escaped_in_every_path(clients: Clients, vendors: Vendors) -> None:
    with pytest.raises(NotFoundError):
        clients.call(lambda c: c.get(Handle.of("browserai", "../x?y#z")))
    assert vendors.browserai_server.requests[-1].raw_path == "/tasks/..%2Fx%3Fy%23z"


# stop, by handle and the old way


def test_stop_takes_a_handle_on_both_vendors(clients: Clients, vendors: Vendors) -> None:
    session = clients.call(lambda c: c.run("browser-use", "Find"))
    task = clients.call(lambda c: c.run("browserai", "Find", project="p"))
    stopped = clients.call(lambda c: c.stop(session))
    assert (stopped.status, stopped.id) == (CommonStatus.STOPPED, session.id)
    assert clients.call(lambda c: c.stop(task)).status is CommonStatus.STOPPED
    assert clients.call(lambda c: c.get(task)).status is CommonStatus.STOPPED
    assert clients.call(lambda c: c.stop(Vendor.BROWSERAI, task.id)).message == "Task stopped successfully"
    assert vendors.browserai_server.requests[-1].raw_path == "/tasks/exec-1/command"


def test_stop_with_a_handle_takes_no_second_id(clients: Clients) -> None:
    handle = Handle.of("browserai", "t")
    with pytest.raises(InvalidArgumentError, match="not both"):
        clients.call(lambda c: c.stop(handle, "t"))
    with pytest.raises(InvalidArgumentError, match="needs the id"):
        clients.call(lambda c: c.stop("browserai"))


def test_snapshot_serializes_to_json(clients: Clients) -> None:
    handle = clients.call(lambda c: c.run("browser-use", "Find the price"))
    final, _ = _wait(clients, handle)
    data = json.loads(json.dumps(final.to_dict()))
    assert data["status"] == "succeeded"
    assert data["costs"]["total"] == "0.0123"
    assert data["created_at"] == "2026-01-05T10:00:00+00:00"
    assert data["response"]["isTaskSuccessful"] is True
