"""The command line under failure: one line on stderr, a distinct exit code per class, never a traceback or a key."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from typing import Any

import pytest

from browser_clients import cli
from tests.resilience.conftest import BROWSER_USE_KEY, BROWSERAI_KEY, SESSION, SESSION_BODY
from tests.support.loopback import Loopback, Recorded, Reply, reset_connection, serve, stall

CODES = {"usage": 2, "auth": 3, "not found": 4, "rate limited": 5, "server": 6, "network": 7}


def test_each_class_of_failure_has_its_own_exit_code() -> None:
    assert tuple(CODES.values()) == (
        cli.EXIT_USAGE,
        cli.EXIT_AUTH,
        cli.EXIT_NOT_FOUND,
        cli.EXIT_RATE_LIMITED,
        cli.EXIT_SERVER,
        cli.EXIT_NETWORK,
    )
    assert len({*CODES.values(), cli.EXIT_OTHER, 0}) == len(CODES) + 2


def _script(request: Recorded, handler: Any) -> Reply | None:
    """Answer by the task id: each one is a fault."""
    task = request.raw_path.split("/")[2] if request.raw_path.startswith(("/tasks/", "/results/")) else ""
    answers: dict[str, Reply | None] = {
        "unauthorized": Reply(401, {"error": "Unauthorized"}),
        "forbidden": Reply(403, {"error": "Forbidden"}),
        "missing": Reply(404, {"error": "Task not found"}),
        "limited": Reply(429, {"error": "Too many requests"}, {"Retry-After": "0"}),
        "failing": Reply(500, {"error": "Internal server error\nat line 3"}),
        "garbled": Reply(200, "<html>oops</html>", {"Content-Type": "text/html"}),
    }
    if task == "slow":
        return stall(handler)
    if task == "reset":
        return reset_connection(handler)
    if task in answers:
        return answers[task]
    if request.raw_path.startswith("/sessions/"):
        return Reply(200, SESSION_BODY)
    return Reply(200, {"message": "Task stopped successfully"})


@pytest.fixture(scope="module")
def server() -> Any:
    with serve(_script) as loopback:
        yield loopback


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "browser_clients", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "BROWSERAI_API_KEY": BROWSERAI_KEY,
            "BROWSER_USE_API_KEY": BROWSER_USE_KEY,
            **env,
        },
    )


RETRIES = ["--max-retries", "0", "--timeout", "0.5"]
FAILURES = [
    pytest.param(["stop", "skyvern", "t"], {}, "usage", "invalid choice", id="unknown-vendor"),
    pytest.param(["stop", "browser-use", "not-a-uuid"], {}, "usage", "UUID", id="bad-session-id"),
    pytest.param(["stop", "browserai", "t", "--max-retries", "-1"], {}, "usage", "max_retries", id="bad-option"),
    pytest.param(["stop", "browserai", "t", "--timeout", "soon"], {}, "usage", "--timeout", id="bad-number"),
    pytest.param(
        ["stop", "browserai", "t"], {"BROWSERAI_API_KEY": ""}, "usage", "BROWSERAI_API_KEY is empty", id="empty-key"
    ),
    pytest.param(
        ["stop", "browserai", "t"],
        {"BROWSERAI_API_KEY": BROWSERAI_KEY + "\r\nX-Injected: 1"},
        "usage",
        "control characters",
        id="header-injection-key",
    ),
    pytest.param(["stop", "browserai", "unauthorized", *RETRIES], {}, "auth", "answered 401: Unauthorized", id="401"),
    pytest.param(["stop", "browserai", "forbidden", *RETRIES], {}, "auth", "answered 403: Forbidden", id="403"),
    pytest.param(["stop", "browserai", "missing", *RETRIES], {}, "not found", "Task not found", id="404"),
    pytest.param(["stop", "browserai", "limited", *RETRIES], {}, "rate limited", "answered 429", id="429"),
    pytest.param(["stop", "browserai", "failing", *RETRIES], {}, "server", "Internal server error at line 3", id="500"),
    pytest.param(["stop", "browserai", "slow", *RETRIES], {}, "network", "timed out", id="timeout"),
    pytest.param(["stop", "browserai", "reset", *RETRIES], {}, "network", "connection failed", id="reset"),
    pytest.param(
        ["stop", "browserai", "t", *RETRIES],
        {"BROWSERAI_BASE_URL": "closed"},
        "network",
        "connection failed",
        id="refused",
    ),
]


@pytest.mark.parametrize(("args", "env", "kind", "message"), FAILURES)
def test_every_failure_is_one_line_with_its_exit_code(
    server: Loopback, args: list[str], env: dict[str, str], kind: str, message: str
) -> None:
    base = _closed_port() if env.get("BROWSERAI_BASE_URL") == "closed" else server.url
    done = _cli(
        args,
        {
            "BROWSERAI_BASE_URL": base,
            "BROWSER_USE_BASE_URL": server.url,
            **{k: v for k, v in env.items() if k != "BROWSERAI_BASE_URL"},
        },
    )
    assert done.returncode == CODES[kind], done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.endswith("\n")
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert message in done.stderr
    assert BROWSERAI_KEY not in done.stderr
    assert BROWSER_USE_KEY not in done.stderr


def test_a_body_that_is_not_what_the_document_promised_is_read_and_warned_in_one_line(server: Loopback) -> None:
    done = _cli(["results", "browserai", "garbled", *RETRIES], {"BROWSERAI_BASE_URL": server.url})
    assert done.returncode == 0, done.stderr  # a 2xx answer is the vendor's data, never an error
    assert done.stdout.strip(), "the results are printed"
    warnings = done.stderr.splitlines()
    assert len(warnings) == 1, done.stderr  # the deviation, logged once, on one line
    assert "expected GetResultsResponse object" in warnings[0]
    assert "Traceback" not in done.stderr


def test_a_2xx_stop_with_a_garbled_body_is_a_stop_that_happened(server: Loopback) -> None:
    done = _cli(["stop", "browserai", "garbled", *RETRIES], {"BROWSERAI_BASE_URL": server.url})
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["status"] == "stopped"
    assert printed["id"] == "garbled"
    assert printed["response"] == "<html>oops</html>"  # the body, kept as sent


def test_success_still_prints_json(server: Loopback) -> None:
    done = _cli(["stop", "browser-use", SESSION], {"BROWSER_USE_BASE_URL": server.url})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == SESSION
    assert json.loads(done.stdout)["session_id"] == SESSION  # kept for 0.1's scripts until 0.3
