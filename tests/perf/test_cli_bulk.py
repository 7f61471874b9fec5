"""The bulk stop on the command line: ids from a file or stdin, JSON lines or a summary, exit codes, progress."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from browser_clients import CommonStatus, NotFoundError, StopOutcome, StopResult, StopTaskResponse, Vendor
from browser_clients.cli import EXIT_SERVER, EXIT_USAGE, main
from browser_clients.cli.output import ProgressBar
from tests.perf.conftest import BROWSER_USE_KEY, BROWSERAI_KEY, FakeVendor, session_ids
from tests.support.empty_v4 import empty_v4_url
from tests.support.loopback import Loopback, Reply
from tests.support.terminal import read_chunk

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(server: Loopback, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "BROWSER_USE_API_KEY": BROWSER_USE_KEY,
        "BROWSERAI_API_KEY": BROWSERAI_KEY,
        "BROWSER_USE_BASE_URL": server.url,
        "BROWSER_USE_V4_BASE_URL": empty_v4_url(),  # the account's other API, with nothing on it
        "BROWSERAI_BASE_URL": server.url,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def _ids_file(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "ids.txt"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def test_prints_one_json_line_per_id_as_each_is_known_with_its_position(
    env: dict[str, str], vendor: FakeVendor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = session_ids(20)
    path = _ids_file(tmp_path, ["# runaway fleet, 2026-11-23", ids[0], "", *ids[1:]])
    code = main(["stop", "browser-use", "--from-file", path, "--concurrency", "5"])
    out, err = capsys.readouterr()
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    # Written as each outcome is known; the position restores the file's order.
    assert [line["session_id"] for line in sorted(lines, key=lambda line: line["position"])] == ids
    assert sorted(line["position"] for line in lines) == list(range(1, 21))
    assert all(line["ok"] and line["status"] == "stopped" for line in lines)
    assert err == "stopped 20 of 20\n"  # not a terminal: no progress bar, just the summary
    assert len(vendor.arrivals) == 20


def test_a_404_is_already_ended_with_its_own_count_and_no_failure(
    env: dict[str, str], vendor: FakeVendor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = session_ids(6)
    vendor.answers[ids[2]] = lambda _seen: Reply(404, {"detail": "Session not found"})
    code = main(["stop", "browser-use", "--from-file", _ids_file(tmp_path, ids)])
    out, err = capsys.readouterr()
    assert code == 0  # a 404 alone never makes the exit code nonzero
    ended = [json.loads(line) for line in out.splitlines() if not json.loads(line)["ok"]]
    assert [(f["session_id"], f["state"], f["already_ended"], f["status_code"]) for f in ended] == [
        (ids[2], "already_ended", True, 404)
    ]
    assert err == "stopped 5 of 6; already ended 1\n"


def test_failures_show_in_the_lines_the_summary_and_the_exit_code(
    env: dict[str, str], vendor: FakeVendor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = session_ids(6)
    vendor.answers[ids[2]] = lambda _seen: Reply(500, {"detail": "Internal error"})
    code = main(["stop", "browser-use", "--from-file", _ids_file(tmp_path, ids), "--max-retries", "0"])
    out, err = capsys.readouterr()
    assert code == EXIT_SERVER  # every failure is a server error: its code
    failed = [json.loads(line) for line in out.splitlines() if not json.loads(line)["ok"]]
    assert [(f["session_id"], f["error"], f["status_code"]) for f in failed] == [(ids[2], "ServerError", 500)]
    assert err.splitlines()[0] == "stopped 5 of 6; failed 1 (ServerError 1)"
    assert err.splitlines()[1].startswith(f"failed: browser-use {ids[2]}: ServerError: ")


def test_mixed_failures_exit_with_one(
    env: dict[str, str], vendor: FakeVendor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = session_ids(3)
    vendor.answers[ids[0]] = lambda _seen: Reply(500, {"detail": "Internal error"})
    code = main(["stop", "browser-use", "--from-file", _ids_file(tmp_path, [*ids, "not-a-uuid"]), "--max-retries", "0"])
    capsys.readouterr()
    assert code == 1


def test_summary_replaces_the_json_lines(
    env: dict[str, str], vendor: FakeVendor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["stop", "browserai", "--from-file", _ids_file(tmp_path, ["task-1", "task-2"]), "--summary"])
    out, err = capsys.readouterr()
    assert (code, out, err) == (0, "stopped 2 of 2\n", "")


def test_dash_reads_ids_from_stdin(
    env: dict[str, str], vendor: FakeVendor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = session_ids(3)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(ids)))
    assert main(["stop", "browser-use", "--from-file", "-"]) == 0
    assert sorted(json.loads(line)["session_id"] for line in capsys.readouterr().out.splitlines()) == ids


@pytest.mark.parametrize(
    "argv",
    [
        ["stop", "browser-use", "3c90c3cc-0d44-4b50-8888-8dd25736052a", "--from-file", "ids.txt"],
        ["stop", "browser-use", "--from-file", "does-not-exist.txt"],
        ["stop", "browser-use"],
        ["stop", "browser-use", "--from-file", "ids.txt", "--concurrency", "0"],
    ],
    ids=["id-and-file", "missing-file", "neither", "zero-concurrency"],
)
def test_usage_mistakes_are_one_line_and_the_usage_code(
    env: dict[str, str],
    vendor: FakeVendor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ids.txt").write_text(session_ids(1)[0] + "\n")
    assert main(argv) == EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("browser-clients: error: ")
    assert err.count("\n") == 1
    assert vendor.arrivals == []


def test_progress_bar_counts_and_redraws_in_place() -> None:
    stream = io.StringIO()
    bar = ProgressBar(2, stream)
    stopped = StopResult(Vendor.BROWSERAI, "a", CommonStatus.STOPPED, None, None, StopTaskResponse(message="ok"))
    bar.update(StopOutcome(Vendor.BROWSERAI, "a", result=stopped))
    bar.update(StopOutcome(Vendor.BROWSERAI, "b", error=NotFoundError("gone", status_code=404, vendor="browserai")))
    bar.finish()
    drawn = stream.getvalue()
    assert drawn.startswith("\rstopped 1/2 [")
    assert drawn.endswith(f"\rstopped 2/2 [{'#' * ProgressBar.WIDTH}] 100% ok 1 already ended 1 failed 0\n")


def test_a_terminal_sees_a_progress_bar(env: dict[str, str], vendor: FakeVendor, tmp_path: Path) -> None:
    path = _ids_file(tmp_path, session_ids(30))
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "browser_clients", "stop", "browser-use", "--from-file", path],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=follower,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    screen = b""
    while True:
        chunk = read_chunk(leader, 30)
        if not chunk:  # nothing for 30 s, or the child closed the terminal
            break
        screen += chunk
    out, _ = child.communicate(timeout=30)
    os.close(leader)
    assert child.returncode == 0
    assert len(out.splitlines()) == 30
    text = screen.decode()
    assert "\rstopped 30/30 [" in text
    assert "100% ok 30 failed 0" in text
    assert text.rstrip().endswith("stopped 30 of 30")
