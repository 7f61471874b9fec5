"""The incident sweep of a whole Browser-Use account, sync and async and on the command line: v3's agent sessions,
v4's runs over several cursor pages, the messages queued in v4 sessions, and the account's browsers; v4 alone; a
Zero Data Retention project, where v4 answers 403; and a v4 that fails otherwise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_clients import (
    ActiveWork,
    CommonStatus,
    ConfigurationError,
    PermissionDeniedError,
    ServerError,
    SweepReport,
    SweepState,
    Vendor,
    WorkKind,
)
from browser_clients._vendors.browser_use_v4.listing import QUEUED_MESSAGE, RUN
from browser_clients.cli import EXIT_OK
from tests.lifecycle import v4_fake
from tests.lifecycle.conftest import Account
from tests.lifecycle.fakes import Stage
from tests.lifecycle.test_sweep import call
from tests.support.loopback import Reply, serve

ROOT = Path(__file__).resolve().parents[2]
MODES = ["sync", "async"]
V3, V4 = Vendor.BROWSER_USE, Vendor.BROWSER_USE_V4


@dataclass
class Filled:
    """What ``fill`` put on the account, by role."""

    sessions: list[str]
    ended_sessions: list[str]
    runs: list[str]
    ended_runs: list[str]
    messages: list[str]
    """The pending messages, as ``<session>/<message id>`` (how the sweep names them)."""
    browsers: list[str]
    ended_browsers: list[str]
    promoted_before: int

    @property
    def active(self) -> set[str]:
        return {*self.sessions, *self.runs, *self.messages, *self.browsers}


def fill(account: Account) -> Filled:
    """Put an incident on the account: active and ended work on both APIs, v4's runs over three cursor pages."""
    v3, v4 = account.v3, account.v4
    sessions = [v3.add([Stage(status)]) for status in ("created", "idle", "running") * 10]
    ended_sessions = [v3.add([Stage(status)]) for status in ("stopped", "timed_out", "error") * 3]
    runs = [v4.add([Stage(status)]) for status in v4_fake.ACTIVE * 70]
    ended_runs = [v4.add(v4_fake.ended(status)) for status in v4_fake.ENDED * 15]
    # Follow-ups: a session whose first run completed and whose second one runs, with messages queued behind it.
    busy = [v4.runs[run].session for run in runs[:6]]
    for session in busy[:2]:
        ended_runs.append(v4.add(v4_fake.ended("completed"), session=session))
        runs.append(v4.add([Stage("running")], session=session))
    messages = [f"{session}/{message}" for session in busy for message in v4.queue(session, 3)]
    browsers = [v3.add_browser() for _ in range(8)]
    ended_browsers = [v3.add_browser("stopped") for _ in range(3)]
    return Filled(sessions, ended_sessions, runs, ended_runs, messages, browsers, ended_browsers, len(v4.promoted))


def check_account_swept(account: Account, made: Filled) -> None:
    """Check the account after a sweep: nothing active, no message became a run, each item stopped once."""
    v3, v4 = account.v3, account.v4
    assert v3.active_ids() == set()
    assert v4.active() == set()
    assert v4.pending() == []
    assert len(v4.promoted) == made.promoted_before  # no queued message became a run
    # Nothing that had ended was touched; each active item got one stop.
    assert dict(v3.stops) == dict.fromkeys([*made.sessions, *made.browsers], 1)
    assert dict(v4.changes) == dict.fromkeys([*made.runs, *made.messages], 1)
    # Each session's queued messages were cancelled before the run they waited behind.
    changes = account.changes("v4")
    for run in made.runs:
        session = v4.runs[run].session
        cancelled_at = changes.index(("POST", f"/runs/{run}/cancel"))
        assert all(
            changes.index(("DELETE", f"/sessions/{session}/queue/{m.rpartition('/')[2]}")) < cancelled_at
            for m in made.messages
            if m.startswith(session)
        )


def check_report(report: SweepReport, made: Filled) -> None:
    assert (report.complete, report.ok, report.skipped) == (True, True, ())
    assert {item.id for item in report.stopped} == made.active
    assert len(report.items) == len(made.active)  # each once
    by_kind = {(item.work.vendor, item.kind) for item in report.items}
    assert by_kind == {(V3, WorkKind.AGENT_SESSION), (V3, WorkKind.BROWSER_SESSION), (V4, RUN), (V4, QUEUED_MESSAGE)}


@pytest.mark.parametrize("mode", MODES)
def test_active_lists_the_whole_account_each_item_once(account: Account, mode: str) -> None:
    made = fill(account)
    found = call(mode, account.options(), "active", "browser-use")
    assert all(isinstance(w, ActiveWork) for w in found)
    assert [w.id for w in found if w.vendor is V3 and w.kind == WorkKind.AGENT_SESSION] == list(reversed(made.sessions))
    assert {w.id for w in found if w.kind == WorkKind.BROWSER_SESSION} == set(made.browsers)
    assert {w.id for w in found if w.vendor is V4 and w.kind == RUN} == set(made.runs)
    assert {w.id for w in found if w.vendor is V4 and w.kind == QUEUED_MESSAGE} == set(made.messages)
    assert len(found) == len(made.active)
    by_word = {w.raw_status: w.status for w in found if w.kind == RUN}
    assert by_word == {
        "queued": CommonStatus.QUEUED,
        "dispatching": CommonStatus.QUEUED,
        "running": CommonStatus.RUNNING,
    }
    assert {(w.status, w.raw_status) for w in found if w.kind == QUEUED_MESSAGE} == {(CommonStatus.QUEUED, "pending")}
    assert account.changes("v3") == account.changes("v4") == []  # a listing changes nothing
    pages = [r.raw_path for r in account.requests("v4") if r.raw_path.startswith("/api/v4/runs?")]
    assert len(pages) == 3  # 212 runs, 100 a page: walked by the server's cursor
    assert sum("cursor=" in page for page in pages) == 2


@pytest.mark.parametrize("mode", MODES)
def test_stop_all_sweeps_the_whole_account_each_item_once(account: Account, mode: str) -> None:
    made = fill(account)
    report = call(mode, account.options(), "stop_all", "browser-use")
    check_account_swept(account, made)
    check_report(report, made)
    assert report.passes == 2  # the second pass found nothing new


def test_the_dry_run_says_which_api_each_item_belongs_to(account: Account) -> None:
    made = fill(account)
    report = call("sync", account.options(), "stop_all", "browser-use", dry_run=True)
    assert {item.id for item in report.found} == made.active
    rows = {item.id: item.to_dict() for item in report.found}
    assert {rows[run]["vendor"] for run in made.runs} == {"browser-use-v4"}
    assert {rows[session]["vendor"] for session in made.sessions} == {"browser-use"}
    assert account.changes("v3") == account.changes("v4") == []


def cli(account: Account, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in a subprocess, as a user of the account would, with no terminal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BROWSER_USE", "BROWSERAI"))}
    return subprocess.run(
        [sys.executable, "-m", "browser_clients", *argv],
        cwd=ROOT,
        env={**env, **account.env()},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_command_line_sweeps_the_whole_account(account: Account) -> None:
    made = fill(account)
    done = cli(account, "stop", "browser-use", "--all-active", "--yes", "--json")
    assert done.returncode == EXIT_OK, done.stderr
    *rows, summary = [json.loads(line) for line in done.stdout.splitlines()]
    assert {row["id"] for row in rows} == made.active
    assert {row["state"] for row in rows} == {"stopped"}
    assert {(row["vendor"], row["kind"]) for row in rows} == {
        ("browser-use", "agent_session"),
        ("browser-use", "browser_session"),
        ("browser-use-v4", "run"),
        ("browser-use-v4", "queued_message"),
    }
    assert (summary["ok"], summary["stopped"], summary["skipped"]) == (True, len(made.active), {})
    check_account_swept(account, made)


def test_stop_browser_use_v4_all_active_stops_v4s_runs_and_messages_alone(account: Account) -> None:
    made = fill(account)
    done = cli(account, "stop", "browser-use-v4", "--all-active", "--yes", "--json")
    assert done.returncode == EXIT_OK, done.stderr
    *rows, summary = [json.loads(line) for line in done.stdout.splitlines()]
    assert {row["id"] for row in rows} == {*made.runs, *made.messages}
    assert {row["vendor"] for row in rows} == {"browser-use-v4"}
    assert summary["ok"] is True
    assert account.v4.active() == set()
    assert account.v4.pending() == []
    assert len(account.v4.promoted) == made.promoted_before
    assert account.requests("v3") == []  # v3's sessions and the account's browsers are left alone
    assert account.v3.active_ids() == {*made.sessions, *made.browsers}


# A project where v4 is not available, and a v4 that fails


@pytest.mark.parametrize("mode", MODES)
def test_a_zero_data_retention_project_is_swept_on_v3_and_v4_is_reported_skipped(account: Account, mode: str) -> None:
    made = fill(account)
    account.v4.zdr = True
    found = call(mode, account.options(), "active", "browser-use")
    assert {w.id for w in found} == {*made.sessions, *made.browsers}
    report = call(mode, account.options(), "stop_all", "browser-use")
    assert (report.complete, report.ok) == (True, True)
    [(api, why)] = report.skipped
    assert api is V4
    assert "403" in why
    assert v4_fake.ZDR_BODY["detail"] in why
    assert f"browser-use-v4 skipped: {why}" in report.summary()
    assert {item.id for item in report.stopped} == {*made.sessions, *made.browsers}
    assert account.v3.active_ids() == set()
    assert account.changes("v4") == []


def test_a_zero_data_retention_project_on_the_command_line(account: Account) -> None:
    made = fill(account)
    account.v4.zdr = True
    done = cli(account, "stop", "browser-use", "--all-active", "--yes")
    assert done.returncode == EXIT_OK, done.stderr
    said = done.stdout + done.stderr
    assert "not swept: browser-use-v4: " in said
    assert v4_fake.ZDR_BODY["detail"] in said
    assert account.v3.active_ids() == set()
    assert set(account.v3.stops) == {*made.sessions, *made.browsers}


@pytest.mark.parametrize("mode", MODES)
def test_a_403_from_v4_itself_is_an_error_when_v4_is_the_api_asked(account: Account, mode: str) -> None:
    fill(account)
    account.v4.zdr = True
    with pytest.raises(PermissionDeniedError) as info:
        call(mode, account.options(), "stop_all", "browser-use-v4")
    assert "Zero Data Retention" in str(info.value)
    with pytest.raises(PermissionDeniedError):
        call(mode, account.options(), "active", "browser-use-v4")


@pytest.mark.parametrize("mode", MODES)
def test_any_other_v4_error_is_a_failure_not_a_skip(account: Account, mode: str) -> None:
    made = fill(account)
    account.v4.list_fault = Reply(500, {"detail": "Internal Server Error"})
    with pytest.raises(ServerError) as info:
        call(mode, account.options(), "stop_all", "browser-use")
    assert info.value.status_code == 500
    assert "browser-use-v4" in str(info.value)
    # The failure is raised, and it kept nothing else from being stopped: v3's work and the browsers were.
    assert account.v3.active_ids() == set()
    assert set(account.v3.stops) == {*made.sessions, *made.browsers}
    assert account.changes("v4") == []


def test_a_sweep_that_needs_v4_says_which_variable_to_set(account: Account) -> None:
    made = fill(account)
    with serve(account.v3) as v3_alone:  # v3 at a URL that does not end in /api/v3: v4 cannot follow it
        options = {**account.options(), "browser_use_base_url": v3_alone.url}
        with pytest.raises(ConfigurationError, match="set BROWSER_USE_V4_BASE_URL"):
            call("sync", options, "stop_all", "browser-use")
    assert account.server.requests == []  # nothing went to the account's host: v4 was never asked
    assert set(account.v3.stops) == {*made.sessions, *made.browsers}  # v3's own work was swept meanwhile


def test_each_item_is_stopped_once_though_the_account_lists_it_again(account: Account) -> None:
    made = fill(account)
    # A second sweep right after the first finds nothing active: nothing is sent again.
    first = call("sync", account.options(), "stop_all", "browser-use")
    second = call("sync", account.options(), "stop_all", "browser-use")
    assert len(first.stopped) == len(made.active)
    assert (second.items, second.passes, second.complete) == ((), 1, True)
    check_account_swept(account, made)


@pytest.mark.parametrize("mode", MODES)
def test_a_message_that_became_a_run_during_the_sweep_is_stopped_by_the_next_pass(account: Account, mode: str) -> None:
    made = fill(account)
    raced: list[str] = []

    def run_ends_by_itself(method: str, parts: list[str]) -> None:
        # Just as the first message's cancel arrives, its session's run ends by itself: the vendor starts the
        # session's oldest pending message as its next run, so that message is no longer pending (409).
        if method == "DELETE" and not raced:
            session = parts[1]
            raced.append(session)
            account.v4.end(account.v4.sessions[session].runs[-1])

    account.v4.on_request = run_ends_by_itself
    report = call(mode, account.options(), "stop_all", "browser-use")
    assert len(account.v4.promoted) == made.promoted_before + 1
    started = account.v4.sessions[raced[0]].runs[-1]  # the run that message became
    assert account.v4.status(started) == "cancelled"
    assert account.v4.active() == set()
    assert account.v4.pending() == []
    assert (report.complete, report.ok) == (True, True)
    assert report.passes == 3  # the second pass found the new run; the third, nothing
    by_id = {item.id: item for item in report.items}
    assert by_id[started].state is SweepState.STOPPED
    assert by_id[started].sweep_pass == 2
    [promoted] = [m for m in made.messages if by_id[m].state is SweepState.ALREADY_ENDED]  # its cancel: 409
    assert promoted.startswith(raced[0])
