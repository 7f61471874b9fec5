"""Issue 9's facade items on the wire: a 2xx stop is a stop that happened, stop and get share one status mapping,
a 429 pauses only its own vendor, repr loads and raises nothing, and the old ``session_id`` names still work."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from browser_clients import AsyncBrowserClients, BrowserClients, CommonStatus, Handle, StopOutcome, Vendor
from tests.resilience.conftest import SESSION, SESSION_BODY, Surface, always
from tests.support.loopback import Loopback, Recorded, Reply

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("body", "content_type", "raw"),
    [
        (b"", "application/json", ""),
        (b"Task stopped", "text/plain", "Task stopped"),
        (b"<html>ok</html>", "text/html", "<html>ok</html>"),
        (b'["stopped"]', "application/json", ["stopped"]),
        (b'"stopped"', "application/json", "stopped"),
        (b'{"message": 7, "extra": true}', "application/json", {"message": 7, "extra": True}),
    ],
    ids=["empty", "text", "html", "a-list", "a-string", "other-object"],
)
def test_a_2xx_browserai_stop_is_stopped_whatever_its_body(
    any_wire: Surface, server: Loopback, body: bytes, content_type: str, raw: Any
) -> None:
    server.script(always(lambda _r, _h: Reply(200, body, {"Content-Type": content_type})))
    result = any_wire.stop(server.url, "browserai", "task-1")
    assert (result.vendor, result.id, result.status) == (Vendor.BROWSERAI, "task-1", CommonStatus.STOPPED)
    assert result.raw == raw  # the answer, kept as sent
    assert result.to_dict()["response"] == raw
    assert result.message is None


def test_stop_many_never_fails_a_2xx(any_wire: Surface, server: Loopback) -> None:
    server.script(always(lambda _r, _h: Reply(200, b"not json", {"Content-Type": "text/plain"})))
    outcomes = any_wire.run(server.url, lambda c: c.stop_many("browserai", ["a", "b", "c"], concurrency=2))
    assert [(o.id, o.ok, o.unwrap().status) for o in outcomes] == [(i, True, CommonStatus.STOPPED) for i in "abc"]


@pytest.mark.parametrize(
    "status", [None, 7, {"state": "stopped"}, ""], ids=["missing", "a-number", "an-object", "empty-string"]
)
def test_a_browser_use_status_that_cannot_be_read_is_unknown_with_the_value_kept(
    any_wire: Surface, server: Loopback, status: Any
) -> None:
    body = {k: v for k, v in SESSION_BODY.items() if k != "status"}
    if status is not None:
        body["status"] = status
    server.script(always(lambda _r, _h: Reply(200, body)))
    result = any_wire.stop(server.url, "browser-use", SESSION)
    snapshot = any_wire.run(server.url, lambda c: c.get(Handle.of("browser-use", SESSION)))
    for seen in (result, snapshot):
        assert seen.id == SESSION
        assert seen.status is CommonStatus.UNKNOWN
        assert seen.raw == body
        expected = None if status is None else status if isinstance(status, str) else json.dumps(status)
        assert seen.raw_status == expected


def test_wait_goes_on_polling_past_an_unreadable_answer(any_wire: Surface, server: Loopback) -> None:
    answers = iter([Reply(200, b"<html>busy</html>", {"Content-Type": "text/html"}), Reply(200, {"id": SESSION})])

    def script(_request: Recorded, _handler: Any) -> Reply:
        return next(answers, Reply(200, {**SESSION_BODY, "isTaskSuccessful": True, "output": "done"}))

    server.script(script)
    seen: list[Any] = []
    handle = Handle.of("browser-use", SESSION)
    final = any_wire.run(server.url, lambda c: c.wait(handle, poll_interval=0.01, on_progress=seen.append))
    assert [s.status for s in seen] == [CommonStatus.UNKNOWN, CommonStatus.UNKNOWN, CommonStatus.SUCCEEDED]
    assert seen[0].raw == "<html>busy</html>"
    assert final.output == "done"


@pytest.mark.parametrize(
    ("status", "verdict", "expected"),
    [
        ("stopped", True, CommonStatus.SUCCEEDED),
        ("stopped", False, CommonStatus.FAILED),
        ("idle", True, CommonStatus.SUCCEEDED),
        ("stopped", None, CommonStatus.STOPPED),
        ("timed_out", True, CommonStatus.SUCCEEDED),
    ],
)
def test_stop_and_get_agree_on_the_same_session(
    any_wire: Surface, server: Loopback, status: str, verdict: bool | None, expected: CommonStatus
) -> None:
    server.script(always(lambda _r, _h: Reply(200, {**SESSION_BODY, "status": status, "isTaskSuccessful": verdict})))
    stopped = any_wire.stop(server.url, "browser-use", SESSION)
    got = any_wire.run(server.url, lambda c: c.get(Handle.of("browser-use", SESSION)))
    assert stopped.status is got.status is expected
    assert stopped.raw_status == got.raw_status == status


def test_a_429_from_one_vendor_never_pauses_the_other(server: Loopback) -> None:
    def script(request: Recorded, _handler: Any) -> Reply:
        if request.raw_path.startswith("/tasks/"):
            return Reply(429, {"error": "slow down"}, {"Retry-After": "30"})
        return Reply(200, SESSION_BODY)

    server.script(script)
    with BrowserClients(
        browserai_api_key="k", browser_use_api_key="k", browserai_base_url=server.url, browser_use_base_url=server.url
    ) as clients:
        clients._engine.policy = replace(clients._engine.policy, max_retries=0)
        with pytest.raises(Exception, match="429"):
            clients.stop("browserai", "task-1")
        assert clients._engine.accounts.pause_left("browserai") > 25  # BrowserAI asked for 30 s
        assert clients._engine.accounts.pause_left("browser-use") == 0.0
        assert clients.stop("browser-use", SESSION).status is CommonStatus.STOPPED  # at once, not after 30 s
    assert [r.raw_path.split("/")[1] for r in server.requests] == ["tasks", "sessions"]


def test_repr_never_raises_and_loads_nothing() -> None:
    code = textwrap.dedent(
        """
        import json, os, sys
        os.environ["BROWSER_USE_API_KEY"] = "bad key\\nwith a newline"
        os.environ["BROWSERAI_BASE_URL"] = "not a url"
        from browser_clients import BrowserClients
        text = repr(BrowserClients())
        loaded = sorted(m for m in sys.modules if m.startswith(("browserai_client", "browser_use_client",
                                                                "browser_clients._vendors."))
                        and not m.endswith(".options") and m.count(".") > 2)
        print(json.dumps({"repr": text, "loaded": loaded}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["loaded"] == []
    assert seen["repr"] == "BrowserClients(browserai=<invalid>, browser-use=<default>, browser-use-v4=<default>)"
    assert "bad key" not in seen["repr"]


def test_session_id_is_a_deprecated_name_of_id(server: Loopback) -> None:
    server.script(always(lambda _r, _h: Reply(200, {"message": "ok"})))
    with BrowserClients(browserai_api_key="k", browserai_base_url=server.url) as clients:
        with pytest.warns(DeprecationWarning, match="session_id is deprecated"):
            result = clients.stop("browserai", session_id="task-1")
        with pytest.warns(DeprecationWarning, match="StopResult.session_id"):
            assert result.session_id == result.id == "task-1"
        with pytest.warns(DeprecationWarning, match="session_ids is deprecated"):
            outcomes = clients.stop_many("browserai", session_ids=["a"])
        with pytest.warns(DeprecationWarning, match="StopOutcome.session_id"):
            assert outcomes[0].session_id == "a"
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the new names warn about nothing
            assert clients.stop("browserai", id="task-2").id == "task-2"
            assert clients.stop_many("browserai", ids=["b"])[0].id == "b"
        with pytest.raises(ValueError, match="not both"):
            clients.stop("browserai", "x", session_id="y")
    assert isinstance(outcomes[0], StopOutcome)


async def test_the_async_client_takes_the_same_deprecated_names(server: Loopback) -> None:
    server.script(always(lambda _r, _h: Reply(200, {"message": "ok"})))
    async with AsyncBrowserClients(browserai_api_key="k", browserai_base_url=server.url) as clients:
        with pytest.warns(DeprecationWarning, match="session_id is deprecated"):
            assert (await clients.stop("browserai", session_id="task-1")).id == "task-1"
        with pytest.warns(DeprecationWarning, match="session_ids is deprecated"):
            outcomes = await clients.stop_many("browserai", session_ids=["a", "b"])
    assert [o.id for o in outcomes] == ["a", "b"]
