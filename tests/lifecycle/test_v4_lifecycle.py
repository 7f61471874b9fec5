"""Browser-Use API v4 through the facade, as a new user tries it, sync and async, against the account's fakes on
one loopback host: run and wait, stop (twice), a run id given to v3, stop_many, run()'s options on the wire,
results, and the one key and the URL rule of the account."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest

from browser_clients import (
    APITimeoutError,
    BrowserClients,
    CommonStatus,
    ConfigurationError,
    Handle,
    NotFoundError,
    RateLimitError,
    Snapshot,
    Vendor,
)
from browser_clients import CustomProxy as ExportedCustomProxy
from browser_use_v4_client.models import CreatedRun, CustomProxy, RunAttachment, RunStatusView, RunView
from tests.lifecycle import v4_fake
from tests.lifecycle.conftest import Account, Clients
from tests.lifecycle.fakes import BU_KEY, Stage
from tests.lifecycle.test_lifecycle import _statuses
from tests.lifecycle.v4_fake import FakeV4
from tests.support.loopback import Reply, serve

FAST = {"poll_interval": 0.001, "max_interval": 0.01}
V4 = Vendor.BROWSER_USE_V4


def _paths(account: Account) -> list[tuple[str, str]]:
    return [(r.method, r.raw_path) for r in account.requests("v4")]


# run -> wait


def test_a_run_waits_through_its_statuses_to_succeeded(account_clients: Clients, account: Account) -> None:
    handle = account_clients.call(lambda c: c.run("browser-use-v4", "Find the price"))
    assert handle.vendor is V4
    assert isinstance(handle.created, CreatedRun)
    assert handle.id in account.v4.runs
    seen: list[Snapshot[Any]] = []
    final = account_clients.call(lambda c: c.wait(handle, on_progress=seen.append, **FAST))
    assert _statuses(seen) == [
        (CommonStatus.QUEUED, "queued"),
        (CommonStatus.QUEUED, "dispatching"),
        (CommonStatus.RUNNING, "running"),
        (CommonStatus.SUCCEEDED, "completed"),
    ]
    assert (final.status, final.raw_status, final.is_terminal) == (CommonStatus.SUCCEEDED, "completed", True)
    assert isinstance(final.model, RunView)
    assert final.output == "The price is 19.99"
    assert final.costs is not None
    assert final.costs.total == Decimal("0.0421")
    # The cheap status is what is polled; the whole run is read once, when it has ended.
    sent = _paths(account)
    assert sent[0] == ("POST", "/api/v4/runs")
    assert sent[-1] == ("GET", f"/api/v4/runs/{handle.id}")
    assert set(sent[1:-1]) == {("GET", f"/api/v4/runs/{handle.id}/status")}
    assert len(sent[1:-1]) >= 4


def test_a_failed_run_ends_the_wait_failed_with_its_error(account_clients: Clients, account: Account) -> None:
    account.v4.plan("Pass the captcha", v4_fake.failure())
    handle = account_clients.call(lambda c: c.run("browser-use-v4", "Pass the captcha"))
    final = account_clients.call(lambda c: c.wait(handle, **FAST))
    assert (final.status, final.raw_status) == (CommonStatus.FAILED, "failed")
    assert isinstance(final.model, RunView)
    assert final.model.error == "blocked by a captcha"


def test_get_polls_the_status_alone_while_the_run_goes_on(account_clients: Clients, account: Account) -> None:
    handle = account_clients.call(lambda c: c.run("browser-use-v4", "Find the price"))
    snapshot = account_clients.call(lambda c: c.get(handle))
    assert (snapshot.status, snapshot.raw_status) == (CommonStatus.QUEUED, "queued")
    assert isinstance(snapshot.model, RunStatusView)
    assert _paths(account)[-1] == ("GET", f"/api/v4/runs/{handle.id}/status")


# run -> stop


def test_a_stopped_run_ends_stopped_and_a_second_stop_returns_its_final_state(
    account_clients: Clients, account: Account
) -> None:
    account.v4.plan("Loop", v4_fake.forever())
    handle = account_clients.call(lambda c: c.run("browser-use-v4", "Loop"))
    first = account_clients.call(lambda c: c.stop(handle))
    assert (first.vendor, first.id, first.status, first.raw_status) == (
        V4,
        handle.id,
        CommonStatus.STOPPED,
        "cancelled",
    )
    assert isinstance(first.model, RunView)
    assert first.note is None
    assert account.v4.status(handle.id) == "cancelled"
    again = account_clients.call(lambda c: c.stop("browser-use-v4", handle.id))  # the run has ended: no raise
    assert (again.status, again.raw_status) == (CommonStatus.STOPPED, "cancelled")
    final = account_clients.call(lambda c: c.wait(handle, **FAST))
    assert (final.status, final.raw_status) == (CommonStatus.STOPPED, "cancelled")
    assert account.v4.changes == {handle.id: 2}
    assert account.requests("v3") == []  # found where it was asked: the account's other API is never asked


def test_stopping_a_run_that_completed_returns_it_as_it_is(account_clients: Clients, account: Account) -> None:
    done = account.v4.add(v4_fake.ended("completed"))
    result = account_clients.call(lambda c: c.stop("browser-use-v4", done))
    assert (result.status, result.raw_status) == (CommonStatus.SUCCEEDED, "completed")
    assert account.v4.status(done) == "completed"


# One account, two APIs: an id given to the wrong one


def test_a_v4_run_id_given_to_v3_is_found_and_cancelled_and_says_so(account_clients: Clients, account: Account) -> None:
    run = account.v4.add(v4_fake.forever())
    result = account_clients.call(lambda c: c.stop("browser-use", run))
    assert (result.vendor, result.id, result.status) == (V4, run, CommonStatus.STOPPED)
    assert result.note == f"browser-use does not know {run}: it was found and stopped on browser-use-v4"
    assert result.to_dict()["note"] == result.note
    assert account.v4.status(run) == "cancelled"
    assert account.changes("v3") == [("POST", f"/sessions/{run}/stop")]  # asked first, and answered 404
    assert account.v4.changes == {run: 1}


def test_a_v3_session_id_given_to_v4_is_found_on_v3(account_clients: Clients, account: Account) -> None:
    session = account.v3.add([Stage("running")])
    result = account_clients.call(lambda c: c.stop("browser-use-v4", session))
    assert (result.vendor, result.id, result.status) == (Vendor.BROWSER_USE, session, CommonStatus.STOPPED)
    assert result.note == f"browser-use-v4 does not know {session}: it was found and stopped on browser-use"
    assert account.v3.stops == {session: 1}


def test_an_id_neither_api_knows_is_not_found_after_asking_both(account_clients: Clients, account: Account) -> None:
    unknown = str(uuid.uuid4())
    with pytest.raises(NotFoundError) as info:
        account_clients.call(lambda c: c.stop("browser-use", unknown))
    assert info.value.status_code == 404
    assert account.changes("v3") == [("POST", f"/sessions/{unknown}/stop")]
    assert account.changes("v4") == [("POST", f"/runs/{unknown}/cancel")]


# stop_many


def test_stop_many_over_a_thousand_run_ids_gives_one_outcome_per_id(account_clients: Clients, account: Account) -> None:
    runs = [account.v4.add(v4_fake.forever()) for _ in range(950)]
    unknown = {str(uuid.uuid4()) for _ in range(50)}
    ids = runs[:400] + sorted(unknown) + runs[400:]
    outcomes = account_clients.call(lambda c: c.stop_many("browser-use-v4", ids, concurrency=32))
    assert [o.id for o in outcomes] == ids  # one per id, in the order given
    assert all(o.vendor is V4 for o in outcomes)
    for outcome in outcomes:
        if outcome.id in unknown:
            assert outcome.already_ended
            assert isinstance(outcome.error, NotFoundError)
        else:
            assert outcome.ok
            assert outcome.result is not None
            assert outcome.result.status is CommonStatus.STOPPED
    assert account.v4.active() == set()
    assert account.v4.changes == dict.fromkeys(runs, 1)  # each run cancelled once
    # An unknown id is asked on v4 once, then on v3 (an id of the account's other API), and is 404 on both.
    assert sorted(path for _, path in account.changes("v4")) == sorted(f"/runs/{i}/cancel" for i in ids)
    assert sorted(path for _, path in account.changes("v3")) == sorted(f"/sessions/{u}/stop" for u in unknown)


# run()'s options


def test_run_sends_each_option_given_in_v4s_spelling_and_nothing_else(
    account_clients: Clients, account: Account
) -> None:
    workspace, profile = uuid.uuid4(), uuid.uuid4()
    account_clients.call(lambda c: c.run("browser-use-v4", "Bare"))
    account_clients.call(
        lambda c: c.run(
            "browser-use-v4",
            "Dressed",
            model="claude-sonnet-5",
            max_cost_usd=Decimal("2.50"),
            workspace_id=workspace,
            profile_id=str(profile),
            proxy_country_code="DE",
            screen_width=1280,
            screen_height=800,
            record=True,
            custom_proxy=CustomProxy(host="proxy.example.test", port=8080),
        )
    )
    assert account.v4.created == [
        {"task": "Bare"},
        {
            "task": "Dressed",
            "model": "claude-sonnet-5",
            "maxCostUsd": "2.50",
            "workspaceId": str(workspace),
            "browserSettings": {
                "profileId": str(profile),
                "proxyCountryCode": "de",
                "customProxy": {"host": "proxy.example.test", "port": 8080, "ignoreCertErrors": False},
                "screenWidth": 1280,
                "screenHeight": 800,
                "record": True,
            },
        },
    ]


def test_a_follow_up_run_sends_no_browser_settings_or_model_it_was_not_given(
    account_clients: Clients, account: Account
) -> None:
    first = account_clients.call(
        lambda c: c.run("browser-use-v4", "Find the price", model="gpt-5.6", proxy_country_code=None)
    )
    account_clients.call(lambda c: c.wait(first, **FAST))
    session = str(first.created.session_id)
    follow = account_clients.call(lambda c: c.run("browser-use-v4", "And the shipping cost", session_id=session))
    assert account.v4.created[-1] == {"task": "And the shipping cost", "sessionId": session}
    assert str(follow.created.session_id) == session
    assert account.v4.runs[follow.id].session == session


def test_results_give_the_runs_output_and_attachments(account_clients: Clients, account: Account) -> None:
    handle = account_clients.call(lambda c: c.run("browser-use-v4", "Find the price"))
    account.v4.attachments[handle.id] = [
        {
            "id": str(uuid.uuid4()),
            "name": "prices.csv",
            "contentType": "text/csv",
            "sizeBytes": 120,
            "status": "uploaded",
        }
    ]
    account_clients.call(lambda c: c.wait(handle, **FAST))
    results = account_clients.call(lambda c: c.results(handle))
    assert (results.vendor, results.id, results.status) == (V4, handle.id, CommonStatus.SUCCEEDED)
    assert results.output == "The price is 19.99"
    assert [(a.name, a.size_bytes) for a in results.attachments] == [("prices.csv", 120)]
    assert all(isinstance(a, RunAttachment) for a in results.attachments)
    assert results.steps == ()
    assert results.completed_at is not None


# The account: one key, and v4's URL


def _clean(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    for name in ("BROWSER_USE_API_KEY", "BROWSER_USE_BASE_URL", "BROWSER_USE_V4_BASE_URL", "BROWSERAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def test_only_the_accounts_one_key_is_set_and_both_apis_work(account: Account, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean(monkeypatch, **account.env(), BROWSER_USE_V4_API_KEY="not-a-variable-we-read")
    with BrowserClients(max_retries=0) as clients:
        session = clients.run("browser-use", "On v3")
        run = clients.run("browser-use-v4", "On v4")
        assert clients.stop(session).status is CommonStatus.STOPPED
        assert clients.stop(run).status is CommonStatus.STOPPED
    for api in ("v3", "v4"):
        assert account.requests(api)
        assert {r.headers["x-browser-use-api-key"] for r in account.requests(api)} == {BU_KEY}


def test_v4_follows_v3s_url_to_api_v4_on_the_same_host(account: Account, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean(monkeypatch, BROWSER_USE_API_KEY=BU_KEY, BROWSER_USE_BASE_URL=account.v3_url + "/")
    with BrowserClients(max_retries=0) as clients:
        handle = clients.run("browser-use-v4", "Find the price")
    assert [(r.method, r.raw_path) for r in account.server.requests] == [("POST", "/api/v4/runs")]
    assert handle.id in account.v4.runs


def test_browser_use_v4_base_url_overrides_the_rule(account: Account, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = FakeV4()
    with serve(elsewhere) as other:
        _clean(monkeypatch, **account.env(), BROWSER_USE_V4_BASE_URL=other.url)
        with BrowserClients(max_retries=0) as clients:
            handle = clients.run("browser-use-v4", "Find the price")
        assert [(r.method, r.raw_path) for r in other.requests] == [("POST", "/runs")]
    assert handle.id in elsewhere.runs
    assert account.server.requests == []


def test_a_v3_url_v4_cannot_follow_makes_v4_say_which_variable_to_set(
    account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    _clean(monkeypatch, BROWSER_USE_API_KEY=BU_KEY, BROWSER_USE_BASE_URL=account.server.url + "/browser-use")
    with BrowserClients(max_retries=0) as clients:
        with pytest.raises(ConfigurationError, match="set BROWSER_USE_V4_BASE_URL"):
            clients.run("browser-use-v4", "Find the price")
        with pytest.raises(ConfigurationError, match="set BROWSER_USE_V4_BASE_URL"):
            clients.get(Handle.of("browser-use-v4", str(uuid.uuid4())))
    assert account.server.requests == []


def test_a_v3_user_whose_url_v4_cannot_follow_stops_v3_and_is_told_what_a_404_needs(
    account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = account.v3.add([Stage("running")])
    with serve(account.v3) as v3_alone:  # v3 at a URL that does not end in /api/v3
        _clean(monkeypatch, BROWSER_USE_API_KEY=BU_KEY, BROWSER_USE_BASE_URL=v3_alone.url)
        with BrowserClients(max_retries=0) as clients:
            assert clients.stop("browser-use", session).status is CommonStatus.STOPPED  # v4 is not needed
            unknown = str(uuid.uuid4())
            with pytest.raises(ConfigurationError) as info:
                clients.stop("browser-use", unknown)
        assert str(info.value).startswith(f"browser-use does not know {unknown}, so browser-use-v4 must be asked: ")
        assert str(info.value).endswith("set BROWSER_USE_V4_BASE_URL")
        assert [(r.method, r.raw_path) for r in v3_alone.requests] == [
            ("POST", f"/sessions/{session}/stop"),
            ("POST", f"/sessions/{unknown}/stop"),
        ]


def test_the_custom_proxy_browser_clients_exports_goes_to_v4_too(account_clients: Clients, account: Account) -> None:
    # The CustomProxy a user imports from browser_clients is v3's model; v4's document has the same one.
    proxy = ExportedCustomProxy(host="proxy.example.test", port=3128, username="u", password="p")
    account_clients.call(lambda c: c.run("browser-use-v4", "Through my proxy", custom_proxy=proxy))
    assert account.v4.created[-1]["browserSettings"] == {
        "customProxy": {
            "host": "proxy.example.test",
            "port": 3128,
            "username": "u",
            "password": "p",
            "ignoreCertErrors": False,
        }
    }


def test_a_429_from_v4_holds_v3_back_too(account: Account) -> None:
    session = account.v3.add([Stage("running")])
    account.v4.list_fault = Reply(429, {"detail": "Too Many Requests"}, {"Retry-After": "30"})
    with BrowserClients(**account.options()) as clients:
        with pytest.raises(RateLimitError):
            clients.browser_use_v4.list_runs_page()
        # The account's pause holds v3's request back: the call's deadline comes first, and nothing is sent.
        with pytest.raises(APITimeoutError, match="browser-use's rate-limit pause"):
            clients.stop("browser-use", session, deadline=1)
    assert account.requests("v3") == []
    assert account.v3.stops == {}
