"""The lifecycle on the command line: run, status, wait, results and stop against both vendor fakes."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from browser_clients import CommonStatus, Snapshot, Vendor, cli
from browser_clients.cli import EXIT_WORK_FAILED, main
from browser_clients.cli.output import ProgressView
from tests.lifecycle import fakes
from tests.lifecycle.conftest import Vendors

FAST = ["--poll-interval", "0.001"]


@pytest.fixture
def env(vendors: Vendors, monkeypatch: pytest.MonkeyPatch) -> Vendors:
    for name, value in vendors.env().items():
        monkeypatch.setenv(name, value)
    return vendors


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_prints_the_handle_as_json(env: Vendors, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "run", "browser-use", "Find the price", "--keep-alive", "--json")
    assert (code, err) == (0, "")
    handle = json.loads(out)
    assert handle["vendor"] == "browser-use"
    assert handle["id"] in env.browser_use.sessions
    assert env.browser_use.created[0]["keepAlive"] is True
    assert [r.method for r in env.browser_use_server.requests] == ["POST"]  # at once: no polling


def test_run_for_people_says_how_to_follow_it(env: Vendors, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "run", "browserai", "Find", "--country", "DE", "--city", "Berlin")
    assert code == 0
    assert out.splitlines() == ["browserai:exec-1", "  follow it: browser-clients wait browserai exec-1"]
    assert env.browserai.created[0]["geoLocation"] == {"country": "DE", "city": "Berlin"}
    assert env.browserai.created[0]["project"] == "proj-1"  # from BROWSERAI_PROJECT


def test_status_json_and_text(env: Vendors, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "run", "browser-use", "Find", "--json")
    session = json.loads(out)["id"]
    code, out, _ = _run(capsys, "status", "browser-use", session, "--json")
    assert code == 0
    snapshot = json.loads(out)
    assert (snapshot["status"], snapshot["raw_status"], snapshot["is_terminal"]) == ("queued", "created", False)
    code, out, _ = _run(capsys, "status", "browser-use", session)
    assert out.splitlines()[0] == f"browser-use:{session}: running"


def test_wait_json_prints_only_the_final_snapshot(env: Vendors, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "run", "browser-use", "Find", "--json")
    code, out, err = _run(capsys, "wait", "browser-use", json.loads(out)["id"], "--json", *FAST)
    assert (code, err) == (0, "")
    final = json.loads(out)
    assert (final["status"], final["raw_status"]) == ("succeeded", "stopped")
    assert final["costs"]["total"] == "0.0123"
    assert final["output"] == {"price": "19.99"}


def test_wait_prints_plain_progress_lines_when_not_on_a_terminal(
    env: Vendors, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(capsys, "run", "browser-use", "Find", "--json")
    code, out, _ = _run(capsys, "wait", "browser-use", json.loads(out)["id"], *FAST)
    assert code == 0
    lines = out.splitlines()
    assert "\r" not in out
    assert "\x1b" not in out
    assert lines[:5] == [
        "queued (created) · 0 steps · $0",
        "running · 1 step · $0.001 · step 1",
        "running · 2 steps · $0.002 · step 2",
        "running · 3 steps · $0.003 · step 3",
        "succeeded (stopped) · 3 steps · $0.0123 · Done",
    ]
    assert lines[5].endswith(": succeeded (stopped)")
    assert '  output: {"price": "19.99"}' in lines


def test_run_wait_follows_a_keep_alive_session_to_idle(env: Vendors, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "run", "browser-use", "Answer", "--keep-alive", "--wait", "--json", *FAST)
    assert code == 0
    final = json.loads(out)
    assert (final["status"], final["raw_status"], final["output"]) == ("succeeded", "idle", "42")


def test_wait_timeout_is_one_line_and_exit_code_8(env: Vendors, capsys: pytest.CaptureFixture[str]) -> None:
    env.browserai.plan("Forever", fakes.ba_forever())
    _run(capsys, "run", "browserai", "Forever")
    code, out, err = _run(capsys, "wait", "browserai", "exec-1", "--timeout", "0.1", "--json", *FAST)
    assert code == 8
    assert out == ""
    assert err.count("\n") == 1
    assert "browserai:exec-1 did not finish within 0.1s" in err
    assert "vendor status 'running'" in err


def test_wait_reports_a_failure_as_the_final_status(env: Vendors, capsys: pytest.CaptureFixture[str]) -> None:
    env.browserai.plan("Break", fakes.ba_failure())
    _run(capsys, "run", "browserai", "Break")
    code, out, _ = _run(capsys, "wait", "browserai", "exec-1", "--json", *FAST)
    assert code == EXIT_WORK_FAILED  # the work failed: its own exit code
    assert json.loads(out)["status"] == "failed"


def test_results_lists_the_steps(env: Vendors, capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "run", "browserai", "Find")
    code, out, _ = _run(capsys, "results", "browserai", "exec-1")
    assert code == 0
    assert out.splitlines() == ["browserai:exec-1: queued", "  1. step 0 -> ok", "  2. step 1 -> ok"]
    code, out, _ = _run(capsys, "results", "browserai", "exec-1", "--json")
    assert json.loads(out)["step_count"] == 2


def test_stop_takes_json_too(env: Vendors, capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "run", "browserai", "Find")
    code, out, _ = _run(capsys, "stop", "browserai", "exec-1", "--json")
    assert code == 0
    assert json.loads(out)["status"] == "stopped"
    _, out, _ = _run(capsys, "status", "browserai", "exec-1", "--json")
    assert json.loads(out)["raw_status"] == "stopped"


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["run", "browser-use", "Find", "--project", "p"], 2, "--project: not an option of browser-use"),
        (["run", "browserai", "Find", "--keep-alive"], 2, "--keep-alive: not an option of browserai"),
        (["run", "browser-use", "Find", "--output-schema", "[1]"], 2, "must be a JSON object"),
        (["wait", "browser-use", "nope"], 2, "UUID"),
        (["results", "browser-use", "3c90c3cc-0d44-4b50-8888-8dd25736052a"], 2, "Browser-Use has no step results"),
        (["status", "browserai", "missing"], 4, "Task not found"),
        (["wait", "browserai", "x", "--timeout", "0"], 2, "must be more than 0 seconds"),
    ],
)
def test_errors_are_one_line_with_their_exit_code(
    env: Vendors, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    try:
        got, _, err = _run(capsys, *argv)
    except SystemExit as exit:  # argparse's own usage errors
        got, err = int(exit.code or 0), capsys.readouterr().err
    assert got == code
    assert err.count("\n") == 1
    assert message in err


def test_progress_is_redrawn_in_place_on_a_terminal() -> None:
    stream = io.StringIO()
    view = ProgressView(stream, terminal=True)
    model = None
    for status, steps in ((CommonStatus.QUEUED, 0), (CommonStatus.RUNNING, 1), (CommonStatus.RUNNING, 1)):
        view.show(Snapshot(Vendor.BROWSERAI, "t", status, status.value, model, step_count=steps))  # type: ignore[arg-type]  # not read
    view.close()
    text = stream.getvalue()
    assert text.count("\r\x1b[2K") == 3  # every poll redraws the same line, even without a change
    assert text.count("\n") == 1  # and only the end moves on
    assert text.endswith("\r\x1b[2Krunning · 1 step\n")


def _cli_env(vendors: Vendors) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **vendors.env()}


def test_wait_on_a_real_terminal_redraws_one_line(vendors: Vendors) -> None:
    session = vendors.browser_use.add(fakes.bu_success())
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "browser_clients", "wait", "browser-use", session, *FAST],
            stdout=follower,
            stderr=subprocess.PIPE,
            env=_cli_env(vendors),
            timeout=60,
            check=False,
        )
        os.close(follower)
        follower = -1
        output = b""
        while select.select([leader], [], [], 0.5)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert done.returncode == 0, done.stderr
    text = output.decode()
    assert text.count("\r\x1b[2K") >= 5
    progress = text.split("\n")[0]  # the redrawn line, before the summary
    assert progress.rsplit("\r\x1b[2K", 1)[-1].startswith("succeeded (stopped) · 3 steps · $0.0123")


@contextlib.contextmanager
def _ctrl_c_as_on_a_terminal() -> Iterator[None]:
    """Start children with Ctrl-C doing what it does on a terminal, however this test run was started.

    A run started as a background job of a non-interactive shell ignores SIGINT, its children inherit that, and
    Python then leaves SIGINT ignored: Ctrl-C would do nothing to the command line, whatever its code does.
    """
    saved = signal.signal(signal.SIGINT, signal.default_int_handler)  # a handler: exec resets it to the default
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, saved)


def test_ctrl_c_ends_a_wait_at_once_and_says_the_work_goes_on(vendors: Vendors) -> None:
    sid = vendors.browser_use.add(fakes.bu_forever())
    with _ctrl_c_as_on_a_terminal():
        proc = subprocess.Popen(
            [sys.executable, "-m", "browser_clients", "wait", "browser-use", sid, "--poll-interval", "0.01"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_cli_env(vendors),
            text=True,
        )
    try:
        deadline = time.monotonic() + 30
        # The third poll has been sent, so the second (running) has been shown.
        while len(vendors.browser_use_server.requests) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        f"browser-clients: interrupted; browser-use:{sid} goes on "
        f"(stop it with: browser-clients stop browser-use {sid})"
    ]
    assert "running · 1 step" in out
    assert not any(r.raw_path.endswith("/stop") for r in vendors.browser_use_server.requests)


def _stopped_without_verdict() -> fakes.Plan:
    return [fakes.Stage("created"), fakes.Stage("running"), fakes.Stage("stopped")]


def _idle_after_running() -> fakes.Plan:
    return [fakes.Stage("created"), fakes.Stage("running"), fakes.Stage("idle")]


@pytest.mark.parametrize(
    ("plan", "status", "expected"),
    [
        (fakes.bu_success, "succeeded", cli.EXIT_OK),
        (_idle_after_running, "idle", cli.EXIT_OK),  # a keep-alive session whose task ended without a verdict
        (fakes.bu_failure, "failed", cli.EXIT_WORK_FAILED),
        (fakes.bu_error, "failed", cli.EXIT_WORK_FAILED),
        (_stopped_without_verdict, "stopped", cli.EXIT_WORK_STOPPED),
        (fakes.bu_vendor_timeout, "timed_out", cli.EXIT_WORK_TIMED_OUT),
    ],
    ids=["succeeded", "idle", "failed", "error", "stopped", "timed-out"],
)
@pytest.mark.parametrize("command", ["wait", "run --wait"])
def test_wait_exits_with_the_code_of_how_the_work_ended(
    env: Vendors,
    capsys: pytest.CaptureFixture[str],
    plan: Callable[[], fakes.Plan],
    status: str,
    expected: int,
    command: str,
) -> None:
    env.browser_use.plan("Task", plan())
    if command == "wait":
        code, out, _ = _run(capsys, "run", "browser-use", "Task", "--json")
        assert code == 0  # run without --wait only starts the work
        code, out, _ = _run(capsys, "wait", "browser-use", json.loads(out)["id"], "--json", *FAST)
    else:
        code, out, _ = _run(capsys, "run", "browser-use", "Task", "--wait", "--json", *FAST)
    assert json.loads(out)["status"] == status
    assert code == expected


def test_the_exit_codes_are_distinct_and_documented() -> None:
    codes = {name: value for name, value in vars(cli.exits).items() if name.startswith("EXIT_")}
    assert len(set(codes.values())) == len(codes)
    assert (cli.EXIT_WAIT_TIMEOUT, cli.EXIT_WORK_FAILED, cli.EXIT_WORK_STOPPED, cli.EXIT_WORK_TIMED_OUT) == (
        8,
        9,
        10,
        11,
    )
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    usage = (Path(__file__).resolve().parents[2] / "docs" / "usage.md").read_text(encoding="utf-8")
    for text in (readme, usage, cli.exits.SUMMARY):
        for phrase in (
            "8 wait timed out",
            "9 work failed",
            "10 work stopped",
            "11 work timed out",
            "12 stop --all-active",
        ):
            assert phrase in text, phrase


def test_every_run_option_has_its_flag_and_the_choices_come_from_the_enums() -> None:
    from browser_clients import BrowserAIOptions, BrowserUseOptions, StopStrategy, TaskType

    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    run, stop = commands.choices["run"], commands.choices["stop"]
    flags = {option: action for action in run._actions for option in action.option_strings}
    for options in (BrowserAIOptions, BrowserUseOptions):
        for name in set(options.__annotations__) - {"geo_location"}:  # geo_location: --country, --city, --zipcode
            assert "--" + name.replace("_", "-") in flags, name
    assert list(flags["--type"].choices) == [t.value for t in TaskType]
    strategy = next(a for a in stop._actions if "--strategy" in a.option_strings)
    assert list(strategy.choices) == [s.value for s in StopStrategy]
    vendor = next(a for a in run._actions if a.dest == "vendor")
    assert list(vendor.choices) == [v.value for v in Vendor]
