"""Auto-pagination on the wire: every list operation walks all its pages, sync and async, against a loopback fake
whose lists move while they are read; and the walks' decisions, unit by unit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_clients import (
    AsyncBrowserClients,
    AsyncPages,
    BrowserClients,
    BrowserSessionStatus,
    BrowserSessionView,
    InvalidArgumentError,
    MessageView,
    Pages,
    SessionView,
    Vendor,
)
from browser_clients._convert import value
from browser_clients._engine import Call
from browser_clients._pages import Cursored, CursorWalk, Ended, Numbered, PageWalk, Skimmed, skimming
from browser_clients._vendors.browser_use import requests as v3_requests
from browser_clients._vendors.browser_use.listing import read_session
from browser_clients._vendors.browser_use.statuses import ACTIVE_SESSION
from browser_clients._vendors.browser_use_v4 import requests as v4_requests
from browser_clients._vendors.browser_use_v4.statuses import ACTIVE_RUN
from tests.lifecycle.conftest import Vendors
from tests.lifecycle.fakes import Stage
from tests.lifecycle.inventory_fake import FakeInventory
from tests.support.loopback import Recorded, Reply, serve

MODES = ["sync", "async"]


def walk(mode: str, options: dict[str, Any], make: Callable[[Any], Iterable[Any]]) -> list[Any]:
    """Iterate what ``make(clients.browser_use)`` returns to the end, with a sync or an async client."""
    if mode == "sync":
        with BrowserClients(**options) as clients:
            pages = make(clients.browser_use)
            assert isinstance(pages, Pages)
            return list(pages)

    async def run() -> list[Any]:
        async with AsyncBrowserClients(**options) as clients:
            pages = make(clients.browser_use)
            assert isinstance(pages, AsyncPages)
            return [item async for item in pages]

    return asyncio.run(run())


def lists(vendors: Vendors, path: str = "/sessions") -> list[dict[str, list[str]]]:
    """Return the query of each list request the fake received at ``path``."""
    found = []
    for r in vendors.browser_use_server.requests:
        url = urlsplit(r.raw_path)
        if r.method == "GET" and url.path == path:
            found.append(parse_qs(url.query))
    return found


def ids(items: Iterable[Any]) -> list[str]:
    return [str(item.id) for item in items]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("count", "size", "requests"), [(250, 100, 3), (250, 7, 36), (40, 20, 2), (0, 20, 1)])
def test_every_session_comes_once_over_several_pages(
    vendors: Vendors, mode: str, count: int, size: int, requests: int
) -> None:
    created = vendors.browser_use.add_many(count)
    found = walk(mode, vendors.options(), lambda bu: bu.list_sessions(page_size=size))
    assert all(isinstance(s, SessionView) for s in found)
    assert ids(found) == created[::-1]  # the fake lists newest first; the walk keeps the server's order
    # A short last page ends the walk; a full last page that reaches the total needs no empty page after it.
    sent = [(q["page"], q["page_size"]) for q in lists(vendors)]
    assert sent == [([str(n)], [str(size)]) for n in range(1, requests + 1)]


@pytest.mark.parametrize("mode", MODES)
def test_the_walk_asks_for_the_largest_page_by_default(vendors: Vendors, mode: str) -> None:
    vendors.browser_use.add_many(150)
    assert len(walk(mode, vendors.options(), lambda bu: bu.list_sessions())) == 150
    assert [q["page_size"] for q in lists(vendors)] == [["100"], ["100"]]


@pytest.mark.parametrize("mode", MODES)
def test_an_empty_page_ends_the_walk_even_when_the_total_says_more(vendors: Vendors, mode: str) -> None:
    created = vendors.browser_use.add_many(30)
    vendors.browser_use.page_answers[2] = {"sessions": [], "total": 30, "page": 2, "pageSize": 10}
    found = walk(mode, vendors.options(), lambda bu: bu.list_sessions(page_size=10))
    assert ids(found) == created[::-1][:10]
    assert len(lists(vendors)) == 2


@pytest.mark.parametrize("mode", MODES)
def test_a_page_with_nothing_new_ends_the_walk(vendors: Vendors, mode: str) -> None:
    created = vendors.browser_use.add_many(30)
    first = [vendors.browser_use._view(sid, vendors.browser_use.sessions[sid]) for sid in created[::-1][:10]]
    vendors.browser_use.page_answers[2] = {"sessions": first, "total": 30, "page": 2, "pageSize": 10}
    found = walk(mode, vendors.options(), lambda bu: bu.list_sessions(page_size=10))
    assert ids(found) == created[::-1][:10]  # page 2 repeated page 1: nothing new, so no page 3
    assert len(lists(vendors)) == 2


@pytest.mark.parametrize("mode", MODES)
def test_a_total_that_grows_a_little_during_the_walk_ends_with_every_session_once(vendors: Vendors, mode: str) -> None:
    fake = vendors.browser_use
    originals = fake.add_many(45)
    fake.on_list = lambda _path: fake.add_many(3)  # a loop creating sessions while they are listed
    found = walk(mode, vendors.options(), lambda bu: bu.list_sessions(page_size=10))
    assert len(ids(found)) == len(set(ids(found)))  # the shifted sessions are not yielded twice
    assert set(originals) <= set(ids(found))  # every session there before the walk is found
    assert len(lists(vendors)) <= 2 * 5 + 1


@pytest.mark.parametrize("mode", MODES)
def test_a_total_that_outruns_the_walk_is_bounded_by_pages_seen(vendors: Vendors, mode: str) -> None:
    fake = vendors.browser_use
    fake.add_many(30)
    # 20 new sessions per request, 10 read: every page is full of sessions not seen yet, and the total keeps
    # running ahead; only the bound ends the walk: 2 * ceil(50 / 10) + 1 pages (the first page's total is 50).
    fake.on_list = lambda _path: fake.add_many(20)
    found = walk(mode, vendors.options(), lambda bu: bu.list_sessions(page_size=10))
    assert len(lists(vendors)) == 11
    assert len(found) == len(set(ids(found))) == 110


@pytest.mark.parametrize("mode", MODES)
def test_browser_sessions_walk_every_page_of_one_status(vendors: Vendors, mode: str) -> None:
    fake = vendors.browser_use
    active = [fake.add_browser("active") if i % 4 else fake.add_browser("stopped") for i in range(40)]
    wanted = [bid for bid in active if fake.browsers[bid]["status"] == "active"]
    found = walk(
        mode,
        vendors.options(),
        lambda bu: bu.list_browser_sessions(filter_by=BrowserSessionStatus.ACTIVE, page_size=4),
    )
    assert all(isinstance(b, BrowserSessionView) for b in found)
    assert ids(found) == wanted[::-1]
    assert all(b.status is BrowserSessionStatus.ACTIVE for b in found)
    sent = lists(vendors, "/browsers")
    assert len(sent) == 8  # 30 active, 4 a page: the eighth page is short
    assert all(q["filterBy"] == ["active"] and q["pageSize"] == ["4"] for q in sent)
    assert [q["pageNumber"] for q in sent] == [[str(n)] for n in range(1, 9)]


@pytest.mark.parametrize("mode", MODES)
def test_every_browser_session_without_a_filter(vendors: Vendors, mode: str) -> None:
    made = [vendors.browser_use.add_browser(status) for status in ("active", "stopped") * 13]
    found = walk(mode, vendors.options(), lambda bu: bu.list_browser_sessions(filter_by="stopped", page_size=5))
    assert ids(found) == [bid for bid in made[::-1] if vendors.browser_use.browsers[bid]["status"] == "stopped"]
    found = walk(mode, vendors.options(), lambda bu: bu.list_browser_sessions(page_size=5))
    assert ids(found) == made[::-1]
    assert "filterBy" not in lists(vendors, "/browsers")[-1]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("count", "limit", "requests"), [(25, 10, 3), (20, 10, 2), (0, 10, 1), (7, 100, 1)])
def test_messages_walk_by_cursor_until_there_are_no_more(
    vendors: Vendors, mode: str, count: int, limit: int, requests: int
) -> None:
    sid = vendors.browser_use.add_many(1)[0]
    made = vendors.browser_use.add_messages(sid, count)
    found = walk(mode, vendors.options(), lambda bu: bu.list_session_messages(sid, limit=limit))
    assert all(isinstance(m, MessageView) for m in found)
    assert ids(found) == made  # oldest first, each once
    sent = lists(vendors, f"/sessions/{sid}/messages")
    assert len(sent) == requests
    assert "after" not in sent[0]
    # Each later page is asked for after the last message of the page before.
    assert [q["after"] for q in sent[1:]] == [[made[limit * n - 1]] for n in range(1, requests)]


@pytest.mark.parametrize("mode", MODES)
def test_messages_walk_from_a_cursor(vendors: Vendors, mode: str) -> None:
    sid = vendors.browser_use.add_many(1)[0]
    made = vendors.browser_use.add_messages(sid, 12)
    found = walk(mode, vendors.options(), lambda bu: bu.list_session_messages(sid, after=made[4], limit=5))
    assert ids(found) == made[5:]


def test_one_page_of_each_list(vendors: Vendors) -> None:
    fake = vendors.browser_use
    created = fake.add_many(12)
    sid = created[0]
    made = fake.add_messages(sid, 12)
    with BrowserClients(**vendors.options()) as clients:
        page = clients.browser_use.list_sessions_page(page=2, page_size=5)
        assert (page.page, page.page_size, page.total) == (2, 5, 12)
        assert ids(page.sessions) == created[::-1][5:10]
        messages = clients.browser_use.list_session_messages_page(sid, before=made[6], limit=3)
        assert (ids(messages.messages), messages.has_more) == (made[:3], True)
        fake.add_browser()
        browsers = clients.browser_use.list_browser_sessions_page(page_number=1, page_size=10, filter_by="active")
        assert (len(browsers.items), browsers.total_items, browsers.page_number) == (1, 1, 1)


@pytest.mark.parametrize("mode", MODES)
def test_per_call_options_apply_to_every_page(mode: str) -> None:
    fake = FakeInventory()
    fake.add_many(25)
    tries: dict[str, int] = {}

    def flaky(request: Recorded, handler: BaseHTTPRequestHandler) -> Reply | None:
        # Every page fails once with 503 before it is answered: only a retry per page completes the walk.
        tries[request.raw_path] = tries.get(request.raw_path, 0) + 1
        if tries[request.raw_path] == 1:
            return Reply(503, {"detail": "try again"}, {"Retry-After": "0"})
        return fake(request, handler)

    with serve(flaky) as server:
        options = {"browser_use_api_key": "bu-test-key", "browser_use_base_url": server.url, "max_retries": 0}
        found = walk(mode, options, lambda bu: bu.list_sessions(page_size=10, max_retries=1, timeout=5.0))
    assert len(found) == 25
    assert sorted(tries.values()) == [2, 2, 2]


@pytest.mark.parametrize(
    "make",
    [
        lambda bu: bu.list_sessions(page_size=0),
        lambda bu: bu.list_sessions(page_size=101),
        lambda bu: bu.list_browser_sessions(filter_by="paused"),
        lambda bu: bu.list_session_messages("not-a-uuid"),
        lambda bu: bu.list_session_messages("3c90c3cc-0d44-4b50-8888-8dd25736052a", after="nope"),
        lambda bu: bu.list_session_messages("3c90c3cc-0d44-4b50-8888-8dd25736052a", limit=True),
    ],
)
def test_wrong_arguments_fail_at_the_call_before_any_request(vendors: Vendors, make: Callable[[Any], Any]) -> None:
    with BrowserClients(**vendors.options()) as clients, pytest.raises(InvalidArgumentError):
        make(clients.browser_use)
    assert vendors.browser_use_server.requests == []


# The walks' decisions, without I/O.


def _call(tag: object) -> Call[object]:
    return Call(Vendor.BROWSER_USE, "list", {"tag": tag}, lambda data: data)


class _Item:
    def __init__(self, id: str) -> None:
        self.id = id


def _numbered(walk_: PageWalk[Any, _Item], answers: list[tuple[list[str], int]]) -> tuple[list[str], int]:
    seen, pages = [], 0
    while (call := walk_.next_call()) is not None:
        items, total = answers[min(pages, len(answers) - 1)]
        pages += 1
        assert call.request["tag"] == pages
        seen += [i.id for i in walk_.take(([_Item(x) for x in items], total))]
    return seen, pages


def _page_walk(size: int) -> PageWalk[Any, _Item]:
    return PageWalk(_call, lambda a: Numbered(a[0], a[1], size), lambda i: i.id, size)


def test_a_page_walk_ends_at_the_total() -> None:
    assert _numbered(_page_walk(2), [(["a", "b"], 4), (["c", "d"], 4)]) == (["a", "b", "c", "d"], 2)


def test_a_page_walk_skips_ids_seen_before_and_ends_on_a_short_page() -> None:
    assert _numbered(_page_walk(2), [(["a", "b"], 5), (["b", "c"], 5), (["d"], 5)]) == (["a", "b", "c", "d"], 3)


def test_a_page_walk_whose_total_lies_is_bounded() -> None:
    # Every page full and new, the total a billion after the first page's 4: only the bound ends the walk.
    answers = [([f"{n}a", f"{n}b"], 10**9 if n else 4) for n in range(100)]
    pages = iter(answers)
    walk_: PageWalk[Any, str] = PageWalk(_call, lambda _a: Numbered(*next(pages), 2), lambda i: i, 2)
    count = 0
    while walk_.next_call() is not None:
        count += 1
        walk_.take(None)
    assert count == 2 * 2 + 1  # the first page's total (4) needs 2 pages; the bound allows it to double, plus one


def test_a_cursor_walk_ends_without_has_more_and_on_a_repeated_page() -> None:
    answers = iter([(["a", "b"], True), (["c"], True), (["c"], True), (["z"], True)])
    cursors: list[object] = []

    def call_for(cursor: str | None) -> Call[object]:
        cursors.append(cursor)
        return _call(cursor)

    walk_ = CursorWalk(call_for, lambda a: Cursored([_Item(x) for x in a[0]], a[1]), lambda i: i.id)
    seen = []
    while walk_.next_call() is not None:
        seen += [i.id for i in walk_.take(next(answers))]
    assert seen == ["a", "b", "c"]
    assert cursors == [None, "b", "c"]


def test_a_walk_starts_anew_each_time_it_is_iterated(vendors: Vendors) -> None:
    vendors.browser_use.add_many(3, [Stage("idle")])
    with BrowserClients(**vendors.options()) as clients:
        sessions = clients.browser_use.list_sessions()
        assert len(list(sessions)) == len(list(sessions)) == 3
    assert len(lists(vendors)) == 2


# A sweep's skimmed walks: an ended item is counted and deduplicated as its id, never read into a model.

STATUSES = ["created", "idle", "running", "stopped", "timed_out", "error", "paused-by-vendor"]


def _listed(sid: str, status: object) -> dict[str, Any]:
    return {"id": sid, "status": status, "model": "bu-mini", "createdAt": "2026-01-05T10:00:00Z"}


def _ids(n: int) -> list[str]:
    return [f"00000000-0000-4000-8000-{k:012d}" for k in range(n)]


def _page(items: list[Any], total: int, size: int = 3) -> dict[str, Any]:
    return {"sessions": items, "total": total, "page": 1, "pageSize": size}


def _take(walk_: Any, page: dict[str, Any]) -> list[Any]:
    call = walk_.next_call()
    assert call is not None
    return list(walk_.take(call.parse(page)))


def test_a_skimmed_page_reads_only_what_may_be_active_and_keeps_every_item_in_order() -> None:
    ids = _ids(4)
    page = _page(
        [_listed(ids[0], "stopped"), _listed(ids[1], "running"), _listed(ids[2], "error"), _listed(ids[3], "idle")],
        4,
        4,
    )
    call = v3_requests.list_sessions_page(1, 4)
    skimmed = skimming(call, "sessions", lambda p: value(p.sessions), ACTIVE_SESSION).parse(page)
    assert isinstance(skimmed, Skimmed)
    assert [str(s.id) for s in skimmed.model.sessions] == [ids[1], ids[3]]  # the only models made
    assert [type(i).__name__ for i in skimmed.items] == ["str", "SessionView", "str", "SessionView"]
    assert [i if isinstance(i, Ended) else str(i.id) for i in skimmed.items] == ids


def test_a_skimmed_walk_finds_the_same_active_work_as_a_plain_one() -> None:
    # Every status word, and items a skim must leave to the model: a status that is no string, an item with no id.
    ids = _ids(len(STATUSES) + 1)
    items: list[Any] = [_listed(sid, status) for sid, status in zip(ids, STATUSES, strict=False)]
    items += [_listed(ids[-1], 7), {"status": "stopped"}]
    for page in (
        _page(items, len(items), len(items)),
        _page([*items, "not an object"], len(items) + 1, len(items) + 1),
    ):
        size = len(page["sessions"])
        plain = [read_session(i) for i in _take(v3_requests.session_walk(size), page)]
        skimmed = [
            read_session(i)
            for i in _take(v3_requests.session_walk(size, ACTIVE_SESSION), page)
            if not isinstance(i, Ended)
        ]
        assert [w for w in plain if w is not None] == [w for w in skimmed if w is not None]
    assert sorted(w.id for w in plain if w is not None) == []  # a list with an item that is no object reads as UNSET
    page = _page(items, len(items), len(items))
    found = [
        read_session(i)
        for i in _take(v3_requests.session_walk(len(items), ACTIVE_SESSION), page)
        if not isinstance(i, Ended)
    ]
    assert sorted(w.id for w in found if w is not None) == sorted(ids[:3])  # created, idle, running


def test_a_full_page_of_ended_sessions_does_not_end_a_skimmed_walk() -> None:
    # A page of ended sessions is a full page: the walk goes on to the next, and skips an ended id it saw before.
    ids = _ids(6)
    walk_ = v3_requests.session_walk(3, ACTIVE_SESSION)
    first = _take(walk_, _page([_listed(sid, "stopped") for sid in ids[:3]], 9))
    assert first == ids[:3]
    assert all(isinstance(i, Ended) for i in first)
    second = _take(
        walk_, _page([_listed(ids[2], "stopped"), _listed(ids[3], "running"), _listed(ids[4], "stopped")], 9)
    )
    assert [i if isinstance(i, Ended) else str(i.id) for i in second] == ids[3:5]
    assert walk_.next_call() is not None  # 5 of 9 seen: the walk goes on


def test_a_skimmed_cursor_walk_moves_after_an_ended_last_item() -> None:
    # v4 runs carry no cursor here: the next page is asked for after the last item's id, ended or not.
    ids = _ids(3)
    walk_ = v4_requests.run_walk(3, active=ACTIVE_RUN)
    runs = [
        {"id": ids[0], "status": "running"},
        {"id": ids[1], "status": "completed"},
        {"id": ids[2], "status": "cancelled"},
    ]
    call = walk_.next_call()
    assert call is not None
    items = walk_.take(call.parse({"runs": runs, "hasMore": True}))
    assert [i if isinstance(i, Ended) else str(i.id) for i in items] == ids
    assert not isinstance(items[0], Ended)
    assert all(isinstance(i, Ended) for i in items[1:])
    following = walk_.next_call()
    assert following is not None
    assert ids[2] in str(following.request)


def _batch(walk_: PageWalk[Any, _Item], answers: dict[int, tuple[list[str], int]]) -> tuple[list[str], list[list[int]]]:
    """Run a walk as a sweep does: send what it asks for at once together (answered in reverse order), else the
    next page; return what it yielded and the page numbers of each batch it asked for."""
    seen: list[str] = []
    asked: list[list[int]] = []
    while True:
        calls = walk_.rest() or [c for c in [walk_.next_call()] if c is not None]
        if not calls:
            return seen, asked
        numbers = [call.request["tag"] for call in calls]
        asked.append(numbers)
        for number in reversed(numbers):
            items, total = answers.get(number, ([], answers[1][1]))
            seen += [i.id for i in walk_.take(([_Item(x) for x in items], total))]


def test_a_page_walk_told_what_to_expect_asks_for_every_page_at_once() -> None:
    walk_ = _page_walk(2)
    walk_.expect(3)
    answers = {1: (["a", "b"], 6), 2: (["c", "d"], 6), 3: (["e", "f"], 6)}
    seen, asked = _batch(walk_, answers)
    assert asked == [[1, 2, 3]]
    assert sorted(seen) == ["a", "b", "c", "d", "e", "f"]
    assert walk_.pages == 3


def test_a_page_walk_told_nothing_asks_for_the_first_page_alone() -> None:
    seen, asked = _batch(_page_walk(2), {1: (["a", "b"], 6), 2: (["c", "d"], 6), 3: (["e", "f"], 6)})
    assert asked == [[1], [2, 3]]
    assert sorted(seen) == ["a", "b", "c", "d", "e", "f"]


def test_a_page_walk_that_expected_fewer_pages_goes_on_page_by_page() -> None:
    # The list grew from 2 pages to 3 since the last walk: the third page is asked for once the first two are in.
    walk_ = _page_walk(2)
    walk_.expect(2)
    seen, asked = _batch(walk_, {1: (["a", "b"], 5), 2: (["c", "d"], 5), 3: (["e"], 5)})
    assert asked == [[1, 2], [3]]
    assert sorted(seen) == ["a", "b", "c", "d", "e"]


def test_a_page_walk_that_expected_more_pages_ends_on_a_short_one() -> None:
    walk_ = _page_walk(2)
    walk_.expect(4)
    seen, asked = _batch(walk_, {1: (["a", "b"], 3), 2: (["c"], 3)})
    assert asked == [[1, 2, 3, 4]]
    assert sorted(seen) == ["a", "b", "c"]
