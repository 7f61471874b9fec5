"""``browser-clients stop browser-use --all-active`` in a subprocess, as a new user runs it in an incident: the dry
run, the refusal without a terminal, --yes with --json, the exit codes, and the confirmation on a pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from browser_clients.cli import EXIT_OK, EXIT_OTHER, EXIT_SERVER, EXIT_SWEEP_INCOMPLETE, EXIT_USAGE
from tests.lifecycle.conftest import Vendors
from tests.lifecycle.sweep_fake import SweepFake, incident
from tests.support.terminal import read_chunk

ROOT = Path(__file__).resolve().parents[2]
ALL = ["stop", "browser-use", "--all-active"]


def fake(vendors: Vendors) -> SweepFake:
    assert isinstance(vendors.browser_use, SweepFake)
    return vendors.browser_use


def cli(vendors: Vendors, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run the command line with no terminal anywhere (stdin, stdout and stderr are pipes or /dev/null)."""
    return subprocess.run(
        [sys.executable, "-m", "browser_clients", *argv],
        cwd=ROOT,
        env={**os.environ, **vendors.env()},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def changes(vendors: Vendors) -> list[str]:
    return [r.raw_path for r in vendors.browser_use_server.requests if r.method != "GET"]


def test_the_dry_run_prints_every_active_id_and_stops_nothing(fleet: Vendors) -> None:
    made = incident(fake(fleet))
    done = cli(fleet, *ALL, "--dry-run")
    assert done.returncode == EXIT_OK, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(made.active) + len(made.browsers) + 1
    assert {line.split()[2] for line in lines[:-1]} == set(made.active) | set(made.browsers)
    assert lines[0].split()[:2] == ["browser-use", "agent_session"]  # which API each piece belongs to, first
    assert "$0.25" in lines[0]
    assert lines[-1].startswith(f"found {len(lines) - 1} active (")
    assert lines[-1].endswith("nothing stopped (dry run)")
    assert changes(fleet) == []


def test_the_dry_run_in_json_is_a_line_per_id_and_a_summary(fleet: Vendors) -> None:
    made = incident(fake(fleet))
    done = cli(fleet, *ALL, "--dry-run", "--json")
    assert done.returncode == EXIT_OK, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    *items, summary = rows
    assert {row["id"] for row in items} == set(made.active) | set(made.browsers)
    assert {(row["kind"], row["state"]) for row in items} == {("agent_session", "found"), ("browser_session", "found")}
    assert summary["summary"] is True
    assert summary["dry_run"] is True
    assert summary["found"] == len(items)
    assert changes(fleet) == []


def test_with_no_terminal_and_no_yes_it_refuses_before_any_request(fleet: Vendors) -> None:
    incident(fake(fleet))
    done = cli(fleet, *ALL)
    assert done.returncode == EXIT_USAGE
    assert "no terminal to confirm on" in done.stderr
    assert "--yes" in done.stderr
    assert fleet.browser_use_server.requests == []


def test_yes_stops_everything_and_exits_nonzero_only_for_the_failing_session(fleet: Vendors) -> None:
    bu = fake(fleet)
    made = incident(bu)
    bu.spawn, bu.spawn_lists = 7, 4
    done = cli(fleet, *ALL, "--yes", "--json", "--max-retries", "2")
    assert done.returncode == EXIT_SERVER, done.stderr  # the one failure's own code: a server error
    *items, summary = [json.loads(line) for line in done.stdout.splitlines()]
    assert bu.active_ids() == {made.failing}
    assert [row["id"] for row in items if row["state"] == "failed"] == [made.failing]
    assert [row["id"] for row in items if row["state"] == "already_ended"] == [made.vanishing]
    assert len(items) == len(made.active) + len(made.browsers) + len(bu.spawned)
    assert (summary["failed"], summary["already_ended"], summary["complete"]) == (1, 1, True)
    assert bu.stops[made.failing] == 3
    assert bu.stops[made.limited] == 2
    assert all(count == 1 for sid, count in bu.stops.items() if sid not in (made.failing, made.limited))


def test_yes_exits_zero_when_everything_active_was_stopped(fleet: Vendors) -> None:
    bu = fake(fleet)
    made = incident(bu, sessions=130, ended=20, browsers=4)
    bu.failing.clear()
    done = cli(fleet, *ALL, "--yes", "--max-retries", "1")
    assert done.returncode == EXIT_OK, done.stderr
    # No terminal: a JSON line per piece of work on stdout, as each is known; the summary for people on stderr.
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == len(made.active) + 4
    assert {row["vendor"] for row in rows} == {"browser-use"}
    assert {row["kind"] for row in rows} == {"agent_session", "browser_session"}
    assert done.stderr.splitlines()[-1].startswith(f"stopped {len(made.active) + 4 - 1}, already ended 1, failed 0;")
    assert bu.active_ids() == set()


def test_a_sweep_the_loop_outruns_exits_with_its_own_code(fleet: Vendors) -> None:
    bu = fake(fleet)
    bu.add_many(2)
    bu.spawn, bu.spawn_lists = 1, None
    done = cli(fleet, *ALL, "--yes", "--max-passes", "2")
    assert done.returncode == EXIT_SWEEP_INCOMPLETE
    assert "INCOMPLETE" in done.stderr


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["stop", "browserai", "--all-active", "--yes"], "BrowserAI publishes no way to list tasks"),
        (["stop", "browser-use", "3c90c3cc-0d44-4b50-8888-8dd25736052a", "--all-active"], "give no id"),
        ([*ALL, "--from-file", "ids.txt"], "give no id and no --from-file"),
        ([*ALL, "--strategy", "task"], "--strategy does not apply"),
        (["stop", "browser-use", "--dry-run"], "go with --all-active"),
    ],
)
def test_usage_errors(fleet: Vendors, argv: list[str], said: str) -> None:
    done = cli(fleet, *argv)
    assert done.returncode == EXIT_USAGE
    assert said in done.stderr
    if argv[1] == "browserai":
        assert "--from-file" in done.stderr
    assert fleet.browser_use_server.requests == fleet.browserai_server.requests == []


def _on_a_terminal(vendors: Vendors, answer: bytes) -> tuple[int, str, str]:
    """Run --all-active with stdin and stderr on a pseudo-terminal; answer the question; return code, out, screen."""
    leader, follower = pty.openpty()
    # stdout is a file, not a pipe nobody reads while the terminal is read: the JSON lines would fill a pipe.
    out_file = tempfile.TemporaryFile()  # noqa: SIM115  # read after the child ends, closed below
    child = subprocess.Popen(
        [sys.executable, "-m", "browser_clients", *ALL],
        cwd=ROOT,
        env={**os.environ, **vendors.env()},
        stdin=follower,
        stdout=out_file,
        stderr=follower,
    )
    os.close(follower)
    screen, answered = b"", False
    while True:
        chunk = read_chunk(leader, 60)
        if not chunk:  # nothing for a minute, or the child closed the terminal
            break
        screen += chunk
        if not answered and b"[y/N]" in screen:
            os.write(leader, answer)
            answered = True
    child.wait(timeout=60)
    os.close(leader)
    out_file.seek(0)
    with out_file:
        return child.returncode, out_file.read().decode(), screen.decode()


def test_on_a_terminal_it_asks_naming_the_count_and_stops_on_yes(fleet: Vendors) -> None:
    bu = fake(fleet)
    made = incident(bu, sessions=130, ended=20, browsers=4)
    bu.failing.clear()
    code, out, screen = _on_a_terminal(fleet, b"y\n")
    count = len(made.active) + len(made.browsers)
    assert f"Stop all {count} ({len(made.active)} agent sessions, 4 browser sessions) active on browser-use?" in screen
    assert f"stopped {count}/{count} [" in screen  # the progress bar of --from-file
    assert code == EXIT_OK
    assert screen.rstrip().splitlines()[-1].startswith(f"stopped {count - 1}, already ended 1, failed 0;")
    assert len(out.splitlines()) == count  # stdout is no terminal: a JSON line per piece of work
    assert bu.active_ids() == set()


def test_on_a_terminal_anything_but_yes_stops_nothing(fleet: Vendors) -> None:
    made = incident(fake(fleet), sessions=40, ended=10, browsers=2)
    code, out, screen = _on_a_terminal(fleet, b"n\n")
    assert f"Stop all {len(made.active) + 2} (" in screen
    assert "nothing stopped" in screen
    assert (code, out) == (EXIT_OTHER, "")
    assert changes(fleet) == []
