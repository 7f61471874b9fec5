"""``browser-clients run|status|wait|results|stop browser-use-v4 ...`` as a new user types them, against the
account's fakes (v3 and v4 on one host, only the account's key and v3's URL in the environment)."""

from __future__ import annotations

import argparse
import json
import uuid

import pytest

from browser_clients import cli
from browser_clients.cli import EXIT_OK, EXIT_USAGE, EXIT_WORK_STOPPED
from tests.lifecycle import v4_fake
from tests.lifecycle.conftest import Account
from tests.lifecycle.test_cli import _run

FAST = ["--poll-interval", "0.001"]


@pytest.fixture
def env(account: Account, monkeypatch: pytest.MonkeyPatch) -> Account:
    for name in ("BROWSER_USE_V4_BASE_URL", "BROWSERAI_API_KEY", "BROWSERAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in account.env().items():
        monkeypatch.setenv(name, value)
    return account


def test_run_prints_the_handle_and_sends_v4s_options(env: Account, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys,
        "run",
        "browser-use-v4",
        "Find the price",
        "--model",
        "claude-sonnet-5",
        "--max-cost-usd",
        "2.5",
        "--proxy-country-code",
        "DE",
        "--screen-width",
        "1280",
        "--screen-height",
        "800",
        "--record",
        "--json",
    )
    assert (code, err) == (EXIT_OK, "")
    handle = json.loads(out)
    assert handle["vendor"] == "browser-use-v4"
    assert handle["id"] in env.v4.runs
    assert env.v4.created == [
        {
            "task": "Find the price",
            "model": "claude-sonnet-5",
            "maxCostUsd": "2.5",
            "browserSettings": {"proxyCountryCode": "de", "screenWidth": 1280, "screenHeight": 800, "record": True},
        }
    ]


def test_a_follow_up_run_on_the_command_line_sends_only_its_session(
    env: Account, capsys: pytest.CaptureFixture[str]
) -> None:
    first = env.v4.add(v4_fake.ended("completed"))
    session = env.v4.runs[first].session
    code, out, _ = _run(capsys, "run", "browser-use-v4", "And the shipping", "--session-id", session)
    assert code == EXIT_OK
    assert out.splitlines()[1] == f"  follow it: browser-clients wait browser-use-v4 {out.split(':')[1].split()[0]}"
    assert env.v4.created == [{"task": "And the shipping", "sessionId": session}]


def test_a_flag_v4_does_not_take_is_a_usage_error(env: Account, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "run", "browser-use-v4", "Find", "--keep-alive")
    assert code == EXIT_USAGE
    assert "--keep-alive: not an option of browser-use-v4" in err
    code, _, err = _run(capsys, "run", "browser-use", "Find", "--screen-width", "1280")
    assert code == EXIT_USAGE
    assert "--screen-width: not an option of browser-use" in err
    assert env.server.requests == []


def test_status_wait_and_results_of_a_run(env: Account, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "run", "browser-use-v4", "Find the price", "--json")
    run = json.loads(out)["id"]
    env.v4.attachments[run] = [
        {
            "id": str(uuid.uuid4()),
            "name": "prices.csv",
            "contentType": "text/csv",
            "sizeBytes": 12,
            "status": "uploaded",
        }
    ]
    code, out, _ = _run(capsys, "status", "browser-use-v4", run)
    assert (code, out.splitlines()[0]) == (EXIT_OK, f"browser-use-v4:{run}: queued")
    code, out, err = _run(capsys, "wait", "browser-use-v4", run, "--json", *FAST)
    assert (code, err) == (EXIT_OK, "")
    final = json.loads(out)
    assert (final["status"], final["raw_status"], final["output"]) == ("succeeded", "completed", "The price is 19.99")
    assert final["costs"]["total"] == "0.0421"
    code, out, _ = _run(capsys, "results", "browser-use-v4", run)
    assert code == EXIT_OK
    assert out.splitlines() == [
        f"browser-use-v4:{run}: succeeded (completed)",
        "  output: The price is 19.99",
        "  attachment: prices.csv (text/csv, 12 bytes)",
    ]
    code, out, _ = _run(capsys, "results", "browser-use-v4", run, "--json")
    found = json.loads(out)
    assert (found["output"], [a["name"] for a in found["attachments"]]) == ("The price is 19.99", ["prices.csv"])


def test_run_wait_follows_a_run_to_its_end(env: Account, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "run", "browser-use-v4", "Find the price", "--wait", "--json", *FAST)
    assert code == EXIT_OK
    assert json.loads(out)["status"] == "succeeded"


def test_stop_a_run_and_stop_it_again(env: Account, capsys: pytest.CaptureFixture[str]) -> None:
    run = env.v4.add(v4_fake.forever())
    code, out, _ = _run(capsys, "stop", "browser-use-v4", run)
    assert code == EXIT_OK
    stopped = json.loads(out)
    assert (stopped["vendor"], stopped["id"], stopped["status"], stopped["raw_status"]) == (
        "browser-use-v4",
        run,
        "stopped",
        "cancelled",
    )
    assert "note" not in stopped
    code, out, _ = _run(capsys, "stop", "browser-use-v4", run)  # ended: its final state, exit 0
    assert (code, json.loads(out)["status"]) == (EXIT_OK, "stopped")
    code, _, _ = _run(capsys, "wait", "browser-use-v4", run, *FAST)
    assert code == EXIT_WORK_STOPPED


def test_a_v4_run_id_given_to_stop_browser_use_is_found_and_the_output_says_v4(
    env: Account, capsys: pytest.CaptureFixture[str]
) -> None:
    run = env.v4.add(v4_fake.forever())
    code, out, err = _run(capsys, "stop", "browser-use", run)
    assert code == EXIT_OK
    stopped = json.loads(out)
    assert (stopped["vendor"], stopped["status"], stopped["raw_status"]) == ("browser-use-v4", "stopped", "cancelled")
    note = f"browser-use does not know {run}: it was found and stopped on browser-use-v4"
    assert stopped["note"] == note
    assert note in err  # for a person, too
    assert env.v4.status(run) == "cancelled"


def test_a_v4_command_says_which_variable_to_set_when_v4_cannot_follow_v3(
    env: Account, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_USE_BASE_URL", env.server.url + "/browser-use")
    code, _, err = _run(capsys, "status", "browser-use-v4", str(uuid.uuid4()))
    assert code == EXIT_USAGE
    assert "set BROWSER_USE_V4_BASE_URL" in err
    assert env.server.requests == []


def test_every_v4_run_option_but_the_custom_proxy_has_its_flag() -> None:
    from browser_clients._vendors.browser_use_v4.options import BrowserUseV4Options

    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    flags = {option for action in commands.choices["run"]._actions for option in action.option_strings}
    for name in set(BrowserUseV4Options.__annotations__) - {"custom_proxy"}:  # an object: run() takes it in Python
        assert "--" + name.replace("_", "-") in flags, name
