"""The incident commands leave a record (issue 19): each outcome as it is known, a summary that names the failures,
Ctrl-C on a pseudo-terminal, a broken pipe, a closed stdin, duplicates, terminal escapes, and errors a shell user
can act on. Every run is a real process against a loopback vendor."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import signal
import subprocess
import sys
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_clients import CommonStatus, StopOutcome, StopResult, Vendor
from browser_clients._bulk import stop_each
from browser_clients.cli import EXIT_OK, EXIT_SERVER, EXIT_USAGE, main
from browser_clients.cli.exits import EXIT_INTERRUPTED, EXIT_OUTPUT_CLOSED
from tests.perf.conftest import BROWSER_USE_KEY, BROWSERAI_KEY, FakeVendor, session_ids
from tests.support.empty_v4 import empty_v4_url
from tests.support.loopback import Loopback, Reply
from tests.support.terminal import read_chunk

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31mFAKE: all sessions stopped\x1b[0m"


def _env(server: Loopback, **more: str) -> dict[str, str]:
    return {
        **os.environ,
        "BROWSER_USE_API_KEY": BROWSER_USE_KEY,
        "BROWSERAI_API_KEY": BROWSERAI_KEY,
        "BROWSER_USE_BASE_URL": server.url,
        "BROWSER_USE_V4_BASE_URL": empty_v4_url(),  # the account's other API, with nothing on it
        "BROWSERAI_BASE_URL": server.url,
        **more,
    }


def _ids_file(tmp_path: Path, ids: list[str]) -> Path:
    path = tmp_path / "ids.txt"
    path.write_text("\n".join(ids) + "\n")
    return path


def _cli(server: Loopback, *argv: str, cwd: Path, shell_suffix: str = "") -> subprocess.CompletedProcess[str]:
    command = " ".join([sys.executable, "-m", "browser_clients", *argv]) + shell_suffix
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=_env(server), capture_output=True, text=True, timeout=120, check=False
    )


# --json --summary, --record, duplicates, already ended.


def test_json_summary_prints_one_json_document(server: Loopback, vendor: FakeVendor, tmp_path: Path) -> None:
    ids = session_ids(5)
    vendor.answers[ids[1]] = lambda _seen: Reply(404, {"detail": "Session not found"})
    vendor.answers[ids[2]] = lambda _seen: Reply(500, {"detail": "boom"})
    done = _cli(
        server, "stop", "browser-use", "--from-file", str(_ids_file(tmp_path, ids)), "--json", "--summary",
        "--max-retries", "0", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == EXIT_SERVER, done.stderr
    summary = json.loads(done.stdout)  # one JSON document, nothing else
    assert (summary["stopped"], summary["already_ended"], summary["failed"]) == (3, 1, 1)
    assert summary["failures"][0]["id"] == ids[2]
    assert list(tmp_path.glob("browser-clients-*.jsonl")) == []  # no terminal: no record file of its own


def test_record_file_gets_every_outcome_and_a_summary_line(
    server: Loopback, vendor: FakeVendor, tmp_path: Path
) -> None:
    ids = session_ids(30)
    record = tmp_path / "incident" / "record.jsonl"
    done = _cli(
        server, "stop", "browser-use", "--from-file", str(_ids_file(tmp_path, ids)), "--summary",
        "--record", str(record), cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == EXIT_OK, done.stderr
    *lines, summary = [json.loads(line) for line in record.read_text().splitlines()]
    assert sorted(line["id"] for line in lines) == ids
    assert all(line["state"] == "stopped" for line in lines)
    assert summary["summary"] is True
    assert (summary["stopped"], summary["record"]) == (30, str(record))
    assert done.stdout.splitlines()[0] == "stopped 30 of 30"
    assert f"record: {record}" in done.stdout


def test_a_thousand_copies_of_one_id_send_one_stop(server: Loopback, vendor: FakeVendor, tmp_path: Path) -> None:
    one = session_ids(1)[0]
    done = _cli(server, "stop", "browser-use", "--from-file", str(_ids_file(tmp_path, [one] * 1000)), cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert [arrived for _, arrived in vendor.arrivals] == [one]
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 1000  # one outcome per id given
    assert sum(1 for line in lines if line.get("duplicate")) == 999
    assert "999 duplicates (each stopped once)" in done.stderr


def test_a_404_is_already_ended_in_every_bulk_command(server: Loopback, vendor: FakeVendor, tmp_path: Path) -> None:
    ids = session_ids(2)
    for gone in ids:
        vendor.answers[gone] = lambda _seen: Reply(404, {"detail": "Session not found"})
    done = _cli(server, "stop", "browser-use", "--from-file", str(_ids_file(tmp_path, ids)), cwd=tmp_path)
    assert done.returncode == EXIT_OK  # already ended is not a failure
    assert done.stderr.strip() == "stopped 0 of 2; already ended 2"


# Vendor text on a terminal.


def test_terminal_escapes_in_an_error_body_never_reach_stderr(
    server: Loopback, vendor: FakeVendor, tmp_path: Path
) -> None:
    ids = session_ids(2)
    for bad in ids:
        vendor.answers[bad] = lambda _seen: Reply(500, {"detail": ESCAPES})
    one = _cli(server, "stop", "browser-use", ids[0], "--max-retries", "0", cwd=tmp_path)
    many = _cli(
        server, "stop", "browser-use", "--from-file", str(_ids_file(tmp_path, ids)), "--max-retries", "0",
        cwd=tmp_path,
    )  # fmt: skip
    for done in (one, many):
        assert done.returncode == EXIT_SERVER
        assert "FAKE: all sessions stopped" in done.stderr  # the vendor's words are kept...
        assert not any(ord(ch) < 32 and ch not in "\n" for ch in done.stderr)  # ...without one escape
    assert "\x1b" not in many.stdout  # nor in the record a person may cat


# A broken pipe, a closed stdin.


def test_a_broken_pipe_ends_with_one_line_and_its_exit_code(
    server: Loopback, vendor: FakeVendor, tmp_path: Path
) -> None:
    vendor.delay = 0.01
    ids = session_ids(300)
    done = _cli(
        server, "stop", "browser-use", "--from-file", str(_ids_file(tmp_path, ids)), "--concurrency", "4",
        cwd=tmp_path, shell_suffix=" | head -1; exit ${PIPESTATUS[0]}",
    )  # fmt: skip
    assert done.returncode == EXIT_OUTPUT_CLOSED, done.stderr
    assert json.loads(done.stdout)["ok"] is True  # what head read
    assert "Traceback" not in done.stderr
    said = done.stderr.strip().splitlines()
    assert len(said) == 1
    assert "standard output was closed (broken pipe)" in said[0]
    assert "never attempted" in said[0]


def test_a_broken_pipe_on_a_single_command_is_one_line(server: Loopback, tmp_path: Path) -> None:
    done = _cli(server, "--version", cwd=tmp_path, shell_suffix=" | true; exit ${PIPESTATUS[0]}")
    assert "Traceback" not in done.stderr


def test_a_closed_stdin_is_a_usage_error_in_one_line(server: Loopback, vendor: FakeVendor, tmp_path: Path) -> None:
    for argv in (["--from-file", "-"], ["--all-active"]):
        done = _cli(server, "stop", "browser-use", *argv, cwd=tmp_path, shell_suffix=" <&-")
        assert done.returncode == EXIT_USAGE, done.stderr
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert vendor.arrivals == []


# Errors a person at a shell can act on.


def test_errors_name_the_environment_variable_and_the_url(server: Loopback, tmp_path: Path) -> None:
    no_key = subprocess.run(
        [sys.executable, "-m", "browser_clients", "stop", "browser-use", session_ids(1)[0]],
        cwd=tmp_path,
        env={k: v for k, v in _env(server).items() if k != "BROWSER_USE_API_KEY"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "set BROWSER_USE_API_KEY" in no_key.stderr
    wrong_url = "http://127.0.0.1:9/v3"
    refused = subprocess.run(
        [sys.executable, "-m", "browser_clients", "stop", "browser-use", session_ids(1)[0], "--max-retries", "0"],
        cwd=tmp_path,
        env=_env(server, BROWSER_USE_BASE_URL=wrong_url),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert wrong_url in refused.stderr
    for said in (no_key.stderr, refused.stderr):
        assert not any(python in said for python in ("=...", "stop_many()", "get(handle)"))


def test_timeout_and_deadline_help_say_what_they_bound(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["stop", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "bound each attempt of a request as a whole" in text
    assert "--deadline bounds it all" in text
    assert "every attempt, retry and pause included" in text


# Ids as a stream, with bounded memory.


def test_stop_each_reads_ids_as_workers_free_up_and_keeps_no_outcome() -> None:
    handed = 0

    def ids() -> Iterator[str]:
        nonlocal handed
        for number in range(100_000):
            handed += 1
            yield str(uuid.UUID(int=number % 90_000 + 1))  # 10,000 duplicates too

    answer = {"padding": "x" * 4000}  # what each answer weighs: kept for each id, 100,000 would be 400 MB
    handed_at_first: list[int] = []

    async def stop(id: Any) -> StopResult[Any]:
        return StopResult(Vendor.BROWSER_USE, str(id), CommonStatus.STOPPED, "stopped", None, None, raw=dict(answer))

    def on_outcome(position: int, outcome: StopOutcome) -> None:
        if not handed_at_first:
            handed_at_first.append(handed)

    tracemalloc.start()
    try:
        asyncio.run(stop_each(stop, Vendor.BROWSER_USE, ids(), concurrency=8, on_outcome=on_outcome))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert handed_at_first[0] <= 16  # the first outcome came before the ids were read: a stream
    assert peak < 60 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB for 100,000 ids"


# On a pseudo-terminal: the progress bar, the record file, Ctrl-C, and a summary that fits a screen.


def _on_a_terminal(server: Loopback, cwd: Path, argv: list[str], interrupt_after: float | None) -> tuple[int, str]:
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "browser_clients", *argv],
        cwd=cwd,
        env={**_env(server), "COLUMNS": "100", "LINES": "30"},
        stdin=follower,
        stdout=follower,
        stderr=follower,
        start_new_session=True,
        # As a shell gives a foreground command: SIGINT at its default (a background runner may ignore it).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509  # no threads in the child yet
    )
    os.close(follower)
    screen, started, sent = b"", time.monotonic(), False
    while True:
        if interrupt_after is not None and not sent and time.monotonic() - started > interrupt_after:
            os.killpg(child.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's foreground group
            sent = True
        chunk = read_chunk(leader, 0.2)
        if chunk is None or (not chunk and child.poll() is not None):
            break
        screen += chunk
        if time.monotonic() - started > 120:
            child.kill()
            break
    code = child.wait(timeout=30)
    os.close(leader)
    return code, screen.decode(errors="replace")


@pytest.fixture
def slow(vendor: FakeVendor) -> FakeVendor:
    vendor.delay = 0.05
    return vendor


def test_ctrl_c_in_the_middle_keeps_every_completed_outcome_and_prints_the_counts(
    server: Loopback, slow: FakeVendor, tmp_path: Path
) -> None:
    ids = session_ids(2000)
    path = _ids_file(tmp_path, ids)
    code, screen = _on_a_terminal(
        server, tmp_path, ["stop", "browser-use", "--from-file", str(path), "--concurrency", "8"], interrupt_after=3
    )
    assert code == EXIT_INTERRUPTED, screen
    assert "\rstopped 0/2000 [" in screen  # the bar was drawn before the first answer
    (record,) = tmp_path.glob("browser-clients-stop-*.jsonl")
    assert f"record: {record.name}" in screen  # named at the start
    said = [line for line in screen.splitlines() if "interrupted" in line][-1]
    *lines, summary = [json.loads(line) for line in record.read_text().splitlines()]
    stopped = sum(1 for line in lines if line["state"] == "stopped")
    assert 0 < stopped < 2000
    assert f"stopped {stopped} of 2000" in said
    assert summary["ended"] == "interrupted"
    assert f"{summary['never_attempted']} never attempted" in said
    assert summary["never_attempted"] + summary["in_flight"] + len(lines) == 2000
    # Every stop whose answer came is on record: each line an id the vendor answered.
    answered = {arrived for _, arrived in slow.arrivals}
    assert {line["id"] for line in lines} <= answered


def test_run_to_the_end_the_summary_names_the_failures_and_fits_a_screen(
    server: Loopback, slow: FakeVendor, tmp_path: Path
) -> None:
    slow.delay = 0.002
    ids = session_ids(2000)
    for failing in ids[100:130]:
        slow.answers[failing] = lambda _seen: Reply(500, {"detail": "the vendor is down"})
    path = _ids_file(tmp_path, ids)
    code, screen = _on_a_terminal(
        server, tmp_path, ["stop", "browser-use", "--from-file", str(path), "--max-retries", "0"], interrupt_after=None
    )
    assert code == EXIT_SERVER, screen
    (record,) = tmp_path.glob("browser-clients-stop-*.jsonl")
    after_bar = screen.rsplit("\r\n", 25)  # the summary: what follows the progress bar's last line
    summary = [line for line in screen.replace("\r", "\n").splitlines() if line.startswith(("failed: ", "..."))]
    assert len(summary) == 21  # 20 failed ids with their error, then how many more and where
    assert all(any(bad in line for bad in ids[100:130]) for line in summary[:20])
    assert summary[20] == f"... and 10 more failed: see the record, {record.name}"
    assert "stopped 1970 of 2000; failed 30 (ServerError 30)" in screen
    assert len(after_bar) <= 26  # fits a 30-line screen
    assert len(record.read_text().splitlines()) == 2001
