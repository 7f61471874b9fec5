"""wait()'s decisions (backoff, deadline, what ends a wait) and how an interrupted or cancelled wait ends."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from browser_clients import (
    AsyncBrowserClients,
    BrowserClients,
    CommonStatus,
    ConfigurationError,
    Handle,
    SessionStatus,
    Snapshot,
    Vendor,
    WaitTimeoutError,
)
from browser_clients._vendors.browser_use import statuses as browser_use
from browser_clients._vendors.browserai import statuses as browserai
from browser_clients._waiting import WaitPlan
from tests.lifecycle import fakes
from tests.lifecycle.conftest import Vendors

HANDLE = Handle(Vendor.BROWSER_USE, "3c90c3cc-0d44-4b50-8888-8dd25736052a")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def snap(status: CommonStatus, steps: int | None = None, raw: str | None = None) -> Snapshot:
    return Snapshot(Vendor.BROWSER_USE, HANDLE.id, status, raw or status.value, model=None, step_count=steps)  # type: ignore[arg-type]  # the plan never reads the model


def test_pauses_grow_while_nothing_changes_and_reset_on_progress() -> None:
    clock = Clock()
    plan = WaitPlan(HANDLE, timeout=None, poll_interval=1.0, max_interval=3.0, clock=clock)
    running = snap(CommonStatus.RUNNING, 1)
    pauses = [plan.after(running) for _ in range(5)]
    assert pauses == [1.0, 1.5, 2.25, 3.0, 3.0]
    assert plan.after(snap(CommonStatus.RUNNING, 2)) == 1.0  # a new step: watch closely again
    assert plan.after(snap(CommonStatus.RUNNING, 2)) == 1.5


def test_a_pause_never_runs_past_the_deadline_and_the_poll_at_it_raises() -> None:
    clock = Clock()
    plan = WaitPlan(HANDLE, timeout=2.5, poll_interval=2.0, clock=clock)
    assert plan.after(snap(CommonStatus.RUNNING)) == 2.0
    clock.now += 2.0
    assert plan.after(snap(CommonStatus.RUNNING)) == pytest.approx(0.5)
    clock.now += 0.5
    last = snap(CommonStatus.RUNNING, 7)
    with pytest.raises(WaitTimeoutError) as info:
        plan.after(last)
    assert info.value.last_snapshot is last
    assert plan.polls == 3


@pytest.mark.parametrize(
    "status", [CommonStatus.SUCCEEDED, CommonStatus.FAILED, CommonStatus.STOPPED, CommonStatus.TIMED_OUT]
)
def test_terminal_statuses_end_the_wait(status: CommonStatus) -> None:
    assert WaitPlan(HANDLE).after(snap(status)) is None


@pytest.mark.parametrize("status", [CommonStatus.QUEUED, CommonStatus.RUNNING, CommonStatus.UNKNOWN, CommonStatus.IDLE])
def test_other_statuses_keep_it_going(status: CommonStatus) -> None:
    assert WaitPlan(HANDLE).after(snap(status)) is not None


def test_idle_ends_the_wait_only_after_the_work_was_seen_running() -> None:
    plan = WaitPlan(HANDLE)
    assert plan.after(snap(CommonStatus.IDLE)) is not None  # a new session, ready, its task not started
    assert plan.after(snap(CommonStatus.RUNNING)) is not None
    assert plan.after(snap(CommonStatus.IDLE)) is None  # the task ended without a verdict


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": 0}, "timeout must be a positive"),
        ({"timeout": float("nan")}, "timeout must be a positive"),
        ({"poll_interval": -1}, "poll_interval must be a positive"),
        ({"max_interval": True}, "max_interval must be a positive"),
    ],
)
def test_bad_wait_options_are_rejected(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        WaitPlan(HANDLE, **options)


def test_every_documented_browser_use_status_has_a_common_status() -> None:
    for status in SessionStatus:
        assert browser_use.session_status(status.value) is not CommonStatus.UNKNOWN, status
    assert browser_use.session_status("hibernating") is CommonStatus.UNKNOWN


@pytest.mark.parametrize(
    ("raw", "verdict", "expected"),
    [
        ("created", None, CommonStatus.QUEUED),
        ("idle", None, CommonStatus.IDLE),
        ("idle", True, CommonStatus.SUCCEEDED),
        ("idle", False, CommonStatus.FAILED),
        ("running", None, CommonStatus.RUNNING),
        ("stopped", None, CommonStatus.STOPPED),
        ("stopped", True, CommonStatus.SUCCEEDED),
        ("stopped", False, CommonStatus.FAILED),
        ("timed_out", None, CommonStatus.TIMED_OUT),
        ("timed_out", False, CommonStatus.TIMED_OUT),
        ("timed_out", True, CommonStatus.SUCCEEDED),
        ("error", None, CommonStatus.FAILED),
        ("error", True, CommonStatus.FAILED),
        ("new_thing", True, CommonStatus.UNKNOWN),
    ],
)
def test_browser_use_status_and_verdict_mapping(raw: str, verdict: bool | None, expected: CommonStatus) -> None:
    assert browser_use.session_status(raw, verdict) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("queued", CommonStatus.QUEUED),
        ("Pending", CommonStatus.QUEUED),
        ("running", CommonStatus.RUNNING),
        ("In Progress", CommonStatus.RUNNING),
        ("in-progress", CommonStatus.RUNNING),
        ("completed", CommonStatus.SUCCEEDED),
        ("COMPLETED", CommonStatus.SUCCEEDED),
        ("failed", CommonStatus.FAILED),
        ("error", CommonStatus.FAILED),
        ("stopped", CommonStatus.STOPPED),
        ("cancelled", CommonStatus.STOPPED),
        ("timeout", CommonStatus.TIMED_OUT),
        ("Awaiting Human", CommonStatus.UNKNOWN),
        ("", CommonStatus.UNKNOWN),
        (None, CommonStatus.UNKNOWN),
    ],
)
def test_browserai_status_words(raw: str | None, expected: CommonStatus) -> None:
    assert browserai.common_status(raw) is expected


# Interrupting and cancelling: nothing keeps running, and the work itself is left alone.


def _client_threads() -> set[threading.Thread]:
    """Return the live threads, without the loopback server's per-connection handlers."""
    return {t for t in threading.enumerate() if "process_request" not in t.name}


def test_interrupting_a_sync_wait_leaves_nothing_running(vendors: Vendors) -> None:
    vendors.browser_use.plan("Forever", fakes.bu_forever())
    threads = _client_threads()
    polls = 0

    def interrupt(_snapshot: Snapshot) -> None:
        nonlocal polls
        polls += 1
        if polls == 3:
            raise KeyboardInterrupt

    with BrowserClients(**vendors.options()) as clients:
        handle = clients.run("browser-use", "Forever")
        with pytest.raises(KeyboardInterrupt):
            clients.wait(handle, poll_interval=0.001, on_progress=interrupt)
        seen = len(vendors.browser_use_server.requests)
        assert seen == 1 + 3
        assert _client_threads() == threads
        assert clients.get(handle).status is CommonStatus.RUNNING  # the client still works; the task goes on
    assert not any(r.raw_path.endswith("/stop") for r in vendors.browser_use_server.requests)


async def test_cancelling_an_async_wait_leaves_nothing_running(vendors: Vendors) -> None:
    vendors.browser_use.plan("Forever", fakes.bu_forever())
    async with AsyncBrowserClients(**vendors.options()) as clients:
        handle = await clients.run("browser-use", "Forever")
        waiting = asyncio.create_task(clients.wait(handle, poll_interval=0.001, max_interval=0.002))
        while len(vendors.browser_use_server.requests) < 4:
            await asyncio.sleep(0.001)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        seen = len(vendors.browser_use_server.requests)
        await asyncio.sleep(0.05)
        assert len(vendors.browser_use_server.requests) == seen  # no poll after the cancel
        assert asyncio.all_tasks() == {asyncio.current_task()}
        assert (await clients.get(handle)).status is CommonStatus.RUNNING
    assert not any(r.raw_path.endswith("/stop") for r in vendors.browser_use_server.requests)


async def test_async_wait_under_a_timeout_of_the_caller(vendors: Vendors) -> None:
    vendors.browser_use.plan("Forever", fakes.bu_forever())
    async with AsyncBrowserClients(**vendors.options()) as clients:
        handle = await clients.run("browser-use", "Forever")
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.1):
                await clients.wait(handle, poll_interval=0.001)
        assert asyncio.all_tasks() == {asyncio.current_task()}
