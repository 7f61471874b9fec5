"""stop_many on every surface: one outcome per id, in order; failures kept apart; retries and 429s honoured."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from browser_clients import (
    AsyncBrowserClients,
    BrowserClients,
    InvalidArgumentError,
    InvalidSessionIdError,
    NotFoundError,
    ServerError,
    StopOutcome,
    StopResult,
    Vendor,
)
from tests.perf.conftest import FakeVendor, Surface, options, quick, session_ids
from tests.support.loopback import Loopback, Reply


def test_every_id_gets_one_outcome_in_input_order(surface: Surface, vendor: FakeVendor, server: Loopback) -> None:
    ids = session_ids(40)
    vendor.delay = 0.002  # so that answers come back out of order
    outcomes = surface.stop_many(server.url, "browser-use", ids, concurrency=8)
    assert [o.id for o in outcomes] == ids
    assert all(o.ok and isinstance(o.result, StopResult) for o in outcomes)
    assert [o.unwrap().id for o in outcomes] == ids
    assert sorted(s for _, s in vendor.arrivals) == sorted(ids)  # each id sent exactly once


def test_a_failure_never_stops_the_batch(surface: Surface, vendor: FakeVendor, server: Loopback) -> None:
    ids = session_ids(12)
    missing, broken = ids[3], ids[7]
    vendor.answers[missing] = lambda _seen: Reply(404, {"detail": "Session not found"})
    vendor.answers[broken] = lambda _seen: Reply(500, {"detail": "boom"})
    batch = [*ids[:5], "not-a-uuid", *ids[5:]]
    outcomes = surface.stop_many(server.url, "browser-use", batch, concurrency=4, max_retries=2)
    assert [o.id for o in outcomes] == batch
    errors = {o.id: type(o.error) for o in outcomes if not o.ok}
    assert errors == {missing: NotFoundError, broken: ServerError, "not-a-uuid": InvalidSessionIdError}
    assert sum(o.ok for o in outcomes) == len(batch) - 3
    assert [s for _, s in vendor.arrivals].count(broken) == 3  # 1 + max_retries, then its error
    assert [s for _, s in vendor.arrivals].count(missing) == 1  # a 404 is final
    assert "not-a-uuid" not in [s for _, s in vendor.arrivals]  # rejected before any request
    failed = outcomes[batch.index(missing)]
    with pytest.raises(NotFoundError):
        failed.unwrap()
    assert failed.already_ended
    assert not outcomes[batch.index(broken)].already_ended
    assert failed.to_dict() == {
        "ok": False,
        "already_ended": True,
        "vendor": "browser-use",
        "id": missing,
        "session_id": missing,
        "error": "NotFoundError",
        "message": str(failed.error),
        "status_code": 404,
    }


def test_retries_are_honoured_per_id(surface: Surface, vendor: FakeVendor, server: Loopback) -> None:
    ids = session_ids(10)
    for session in ids:
        vendor.answers[session] = lambda seen: (
            Reply(503, {"detail": "busy"}) if seen == 1 else Reply(200, {"message": "Task stopped successfully"})
        )
    outcomes = surface.stop_many(server.url, "browserai", ids, concurrency=5)
    assert all(o.ok for o in outcomes)
    assert all(o.vendor is Vendor.BROWSERAI for o in outcomes)
    assert len(vendor.arrivals) == 2 * len(ids)


def test_no_more_than_concurrency_requests_are_in_flight(
    surface: Surface, vendor: FakeVendor, server: Loopback
) -> None:
    vendor.delay = 0.02
    outcomes = surface.stop_many(server.url, "browser-use", session_ids(24), concurrency=4)
    assert all(o.ok for o in outcomes)
    assert 2 <= vendor.most_in_flight <= 4


def test_a_429_holds_the_whole_batch_back(surface: Surface, vendor: FakeVendor, server: Loopback) -> None:
    ids = session_ids(30)
    vendor.delay = 0.005
    vendor.answers[ids[0]] = lambda seen: (
        Reply(429, {"detail": "slow down"}, {"Retry-After": "1"})
        if seen == 1
        else (
            Reply(
                200,
                {
                    "id": ids[0],
                    "status": "stopped",
                    "model": "bu-mini",
                    "createdAt": "2026-11-07T05:31:56Z",
                    "updatedAt": "2026-11-07T05:32:56Z",
                },
            )
        )
    )
    outcomes = surface.stop_many(server.url, "browser-use", ids, concurrency=4)
    assert all(o.ok for o in outcomes)
    limited = next(t for t, s in vendor.arrivals if s == ids[0])
    # While the server's Retry-After runs, the batch sends nothing new: at most the few requests already on their
    # way when the 429 left the server arrive in its first moments. Without the client-wide pause, the other
    # workers would keep going and dozens of requests would land in this window.
    during = [s for t, s in vendor.arrivals if limited + 0.3 < t < limited + 0.9]
    assert during == []
    retried = [t for t, s in vendor.arrivals if s == ids[0]][1]
    assert retried >= limited + 0.9  # the 429'd id itself came back only after the wait
    assert len(vendor.arrivals) == len(ids) + 1


def test_progress_is_reported_once_per_id(surface: Surface, vendor: FakeVendor, server: Loopback) -> None:
    seen: list[StopOutcome] = []
    ids = [*session_ids(9), "bad id"]
    outcomes = surface.stop_many(server.url, "browser-use", ids, concurrency=3, on_progress=seen.append)
    assert sorted(o.id for o in seen) == sorted(ids)
    assert sorted(seen, key=lambda o: ids.index(o.id)) == outcomes


def test_an_empty_batch_sends_nothing(surface: Surface, vendor: FakeVendor, server: Loopback) -> None:
    assert surface.stop_many(server.url, "browser-use", []) == []
    assert vendor.arrivals == []


@pytest.mark.parametrize("concurrency", [0, -1, 1.5, True])
def test_concurrency_must_be_a_whole_number_of_at_least_one(concurrency: object) -> None:
    with BrowserClients(**options("http://127.0.0.1:9")) as clients, pytest.raises(InvalidArgumentError):
        clients.stop_many("browser-use", session_ids(2), concurrency=concurrency)  # type: ignore[arg-type]


def test_uuid_ids_are_accepted_and_kept_as_given(vendor: FakeVendor, server: Loopback) -> None:
    ids = [uuid.UUID(s) for s in session_ids(3)]
    with BrowserClients(**options(server.url)) as clients:
        outcomes = clients.stop_many("browser-use", ids)
    assert [o.id for o in outcomes] == [str(i) for i in ids]


def test_sync_stop_many_works_inside_a_running_event_loop(vendor: FakeVendor, server: Loopback) -> None:
    async def caller() -> list[StopOutcome]:
        with BrowserClients(**options(server.url)) as clients:
            return clients.stop_many("browser-use", session_ids(5))  # runs its own loop in a thread

    assert all(o.ok for o in asyncio.run(caller()))


def test_sync_stop_many_shares_the_clients_rate_limit_pause(vendor: FakeVendor, server: Loopback) -> None:
    ids = session_ids(2)
    vendor.answers[ids[0]] = lambda _seen: Reply(429, {"detail": "slow down"}, {"Retry-After": "30"})
    with quick(BrowserClients(**options(server.url), max_retries=0)) as clients:
        assert isinstance(clients, BrowserClients)
        outcomes = clients.stop_many("browser-use", ids[:1])
        assert type(outcomes[0].error).__name__ == "RateLimitError"
        # The batch ran on its own event loop, yet the pause it learned holds this client's next request back.
        assert clients._engine.accounts.pause_left("browser-use") > 4  # Retry-After 30, capped at 5 s by quick()


def test_async_stop_many_uses_the_httpx_client_you_pass(vendor: FakeVendor, server: Loopback) -> None:
    sent: list[str] = []

    async def go() -> list[StopOutcome]:
        async def record(request: httpx.Request) -> None:
            sent.append(request.url.path)

        async with (
            httpx.AsyncClient(event_hooks={"request": [record]}) as own,
            AsyncBrowserClients(http_client=own, **options(server.url)) as clients,
        ):
            return await clients.stop_many("browser-use", session_ids(4))

    assert all(o.ok for o in asyncio.run(go()))
    assert sorted(sent) == sorted(f"/sessions/{s}/stop" for s in session_ids(4))


def test_an_outcome_holds_a_result_or_an_error_never_both_nor_neither() -> None:
    error = NotFoundError("gone", status_code=404, vendor="browser-use")
    with pytest.raises(ValueError, match="exactly one"):
        StopOutcome(Vendor.BROWSER_USE, "a")
    with pytest.raises(ValueError, match="exactly one"):
        StopOutcome(Vendor.BROWSER_USE, "a", result=object(), error=error)  # type: ignore[arg-type]
    assert not StopOutcome(Vendor.BROWSER_USE, "a", error=error).ok
