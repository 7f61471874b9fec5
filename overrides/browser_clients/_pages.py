"""Walk a list operation page by page: the decisions are pure walks, the I/O a few lines each for sync and async.

Two kinds of list exist. A numbered list (``page=1, 2, ...`` with a ``total``) is walked by PageWalk, a cursor
list by CursorWalk: each page asked for after the cursor the page before gave (``nextCursor``), or, where the
server gives none, after its last item's id (``after=<last id>``), while it says ``hasMore``. Both follow one
rule, because the lists move while they are read (sessions are created and stopped during the walk, which shifts
items from page to page):

- every item is yielded at most once: an id already seen on an earlier page is skipped;
- the walk ends on a short page, an empty page, a page with nothing new, a cursor page without ``hasMore``,
  or (numbered) a page at or past the ``total`` it reports;
- a numbered walk reads at most ``2 * ceil(total / size) + 1`` pages, ``total`` taken from the first page, so
  a total that keeps growing during the walk never makes it loop: it has room for the list to double while it
  is read, and no more;
- what was created or removed during the walk may be missed (items shift past the pages already read): walk
  again to see it.

A sweep walks an account's whole history on every pass (most lists have no status filter), and wants models only
of what is still going: a walk given the active status words (``active=``) skims each page, reading into models
only the items whose status may be active; an item whose status is another word stays in the walk as its
``Ended`` id (counted, and skipped on later pages), and no model is made of it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, Protocol, TypeVar

from browser_clients._constants import PAGE_SIZE
from browser_clients._convert import value
from browser_clients._engine import Call
from browser_clients._errors import InvalidArgumentError

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
P = TypeVar("P")


def listed_id(item: Any) -> object:
    """Return a listed item's ``id``: one whose id deviates from the document (UNSET) is an item of its own, never a
    duplicate of another."""
    found = value(item.id)
    return ("unreadable id", id(item)) if found is None else found


def check_size(value: object, option: str) -> int:
    """Return ``value`` as a page size from 1 to PAGE_SIZE, or raise InvalidArgumentError."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= PAGE_SIZE:
        raise InvalidArgumentError(f"{option} must be a whole number from 1 to {PAGE_SIZE}, got {value!r}")
    return value


def check_page(value: object, option: str) -> int:
    """Return ``value`` as a page number (1 or more), or raise InvalidArgumentError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(f"{option} must be a whole number from 1 up, got {value!r}")
    return value


@dataclass(frozen=True)
class Numbered(Generic[T]):
    """What one page of a numbered list says: its items, the total and the page size the server reports."""

    items: Sequence[T]
    total: int | None
    size: int | None


@dataclass(frozen=True)
class Cursored(Generic[T]):
    """What one page of a cursor list says: its items, whether more follow, and the cursor of the next page (None:
    after the last item's id)."""

    items: Sequence[T]
    has_more: bool
    next_cursor: str | None = None


Ended = str
"""The id of a listed item whose status says it has ended, in place of its model (see the module docstring): a plain
string, which no model is, so that thousands of them cost the garbage collector nothing to walk."""


@dataclass(frozen=True)
class Skimmed(Generic[P]):
    """A page read for a sweep: its model, holding only the items that may be active (so the engine reports their
    deviations), and every item in the page's order, each such a model or the Ended id of one that has ended."""

    model: P
    items: list[Any]


def skimming(
    call: Call[P],
    field: str,
    items_of: Callable[[P], Sequence[Any] | None],
    active: Collection[str],
    id_field: str = "id",
) -> Call[Any]:
    """Return ``call`` reading its page skimmed: ``field`` is the page's list, ``items_of`` reads it off the model.

    An item is left out of the model only when it is an object with a string id (``id_field``) and a string
    ``status`` that is not in ``active``; anything else (an item that deviates, a status of another type) is read
    as before.
    """
    parse = call.parse

    def skim(data: Any) -> Skimmed[P]:
        found = data.get(field) if isinstance(data, dict) else None
        listed: list[Any] = found if isinstance(found, list) else []
        ended = {n: item[id_field] for n, item in enumerate(listed) if _ended(item, active, id_field)}
        if not ended:
            page = parse(data)
            return Skimmed(page, list(items_of(page) or []))
        page = parse({**data, field: [item for n, item in enumerate(listed) if n not in ended]})
        kept = iter(items_of(page) or [])  # a list that deviates is UNSET: only the ended ids are left
        items = [ended[n] if n in ended else next(kept, None) for n in range(len(listed))]
        return Skimmed(page, [item for item in items if item is not None])

    return call.reading(skim)


def _ended(item: Any, active: Collection[str], id_field: str) -> bool:
    if not isinstance(item, dict):
        return False
    status, found = item.get("status"), item.get(id_field)
    return isinstance(status, str) and status not in active and isinstance(found, str)


def _facts(read: Callable[[P], Any], answer: Any) -> Any:
    """Return what ``read`` says of a page, its items every item of a skimmed page."""
    return replace(read(answer.model), items=answer.items) if isinstance(answer, Skimmed) else read(answer)


class Walk(Protocol[T_co]):
    """One walk through a list: which request comes next, and what each answer adds."""

    def next_call(self) -> Call[Any] | None:
        """Return the next page's request, or None when the walk has ended."""
        ...

    def take(self, answer: Any) -> Sequence[T_co]:
        """Return the items of ``answer`` not seen before, and decide whether another page follows."""
        ...


def rest_of(walk: Walk[Any]) -> list[Call[Any]]:
    """Return the requests a walk can send at once now (its ``rest()``, where it has one), else none."""
    rest = getattr(walk, "rest", None)
    return [] if rest is None else list(rest())


class _Seen(Generic[T]):
    def __init__(self, id_of: Callable[[T], object]) -> None:
        self._id_of = id_of
        self._ids: set[str] = set()

    def fresh(self, items: Sequence[T]) -> list[T]:
        new = []
        for item in items:
            key = item if isinstance(item, Ended) else str(self._id_of(item))
            if key not in self._ids:
                self._ids.add(key)
                new.append(item)
        return new


class PageWalk(Generic[P, T]):
    """Walk a numbered list from page 1 (see the module docstring for when it ends).

    Its pages may be asked for at once (``rest``): every page after the first once the first gives the total, or,
    told how many pages the list had when last walked (``expect``), all of those from the start. A walk asked for
    at once decides nothing until every answer is in; then it goes on page by page if the list grew beyond them.
    """

    def __init__(
        self,
        call_for: Callable[[int], Call[P]],
        read: Callable[[P], Numbered[T]],
        id_of: Callable[[T], object],
        size: int,
    ) -> None:
        self._call_for = call_for
        self._read = read
        self._seen = _Seen(id_of)
        self._size = size
        self._page = 0
        self._bound: int | None = None
        self._pages: int | None = None
        self._done = False
        self._fanned = False
        self._expected = 0
        self._out = 0  # answers to pages asked for at once, not yet taken
        self._short = False

    @property
    def pages(self) -> int | None:
        """Return how many pages the total first reported needs (None before it, or without a total)."""
        return self._pages

    def expect(self, pages: int | None) -> None:
        """Say how many pages the list had when last walked: before the first page, ``rest`` asks for them all."""
        if self._page == 0 and pages is not None and pages > 1:
            self._expected = pages

    def next_call(self) -> Call[P] | None:
        """Return the next page's request, or None when the walk has ended."""
        if self._done or self._out:
            return None
        self._page += 1
        return self._call_for(self._page)

    def take(self, answer: P) -> list[T]:
        """Return the page's items not seen before, and decide whether another page follows."""
        facts: Numbered[T] = _facts(self._read, answer)
        fresh = self._seen.fresh(facts.items)
        size = self._size if not facts.size or facts.size < 1 else min(self._size, facts.size)
        total = facts.total if facts.total is not None and facts.total >= 0 else None
        if self._bound is None:
            pages = -(-(total or 0) // size)
            self._bound, self._pages = 2 * pages + 1, pages if total is not None else None
        if self._out:  # one of the pages asked for at once: decide once the last of them is in
            self._out -= 1
            self._short = self._short or len(facts.items) < size
            if not self._out and not self._done:
                self._done = self._short or total is None or self._page * size >= total or self._page >= self._bound
            return fresh
        if self._fanned:  # every page was asked for at once after the first: every page was decided on already
            return fresh
        self._done = (
            len(facts.items) < size
            or not fresh
            or (total is not None and self._page * size >= total)
            or self._page >= self._bound
        )
        return fresh

    def rest(self) -> list[Call[P]]:
        """Return the requests that may be sent at once now: every expected page before the first, or, right after
        the first page, every other page its total says there are.

        Their answers go to ``take`` in any order. Without a total, or after the first page, there is nothing to
        send at once.
        """
        if self._page == 0 and self._expected:
            self._page = self._out = self._expected
            return [self._call_for(number) for number in range(1, self._expected + 1)]
        if self._page != 1 or self._done or self._pages is None or self._fanned:
            return []
        self._fanned = self._done = True
        return [self._call_for(number) for number in range(2, self._pages + 1)]


class CursorWalk(Generic[P, T]):
    """Walk a cursor list forward, each page asked for after the cursor the one before gave (or its last id)."""

    def __init__(
        self,
        call_for: Callable[[str | None], Call[P]],
        read: Callable[[P], Cursored[T]],
        id_of: Callable[[T], object],
        after: str | None = None,
    ) -> None:
        self._call_for = call_for
        self._read = read
        self._id_of = id_of
        self._seen = _Seen(id_of)
        self._cursor = after
        self._done = False

    def next_call(self) -> Call[P] | None:
        """Return the next page's request, or None when the walk has ended."""
        return None if self._done else self._call_for(self._cursor)

    def take(self, answer: P) -> list[T]:
        """Return the page's items not seen before, and move the cursor on."""
        facts: Cursored[T] = _facts(self._read, answer)
        fresh = self._seen.fresh(facts.items)
        cursor = facts.next_cursor
        if cursor is None and facts.items:
            last = facts.items[-1]
            cursor = last if isinstance(last, Ended) else str(self._id_of(last))
        # A cursor that does not move would ask for the same page again: the walk ends there.
        self._done = not facts.has_more or not fresh or cursor is None or cursor == self._cursor
        self._cursor = cursor
        return fresh


class Pages(Generic[T]):
    """Every item of a list operation, fetched a page at a time as you iterate; each ``for`` walks anew."""

    def __init__(self, send: Callable[[Call[Any]], Any], walk: Callable[[], Walk[T]]) -> None:
        self._send = send
        self._walk = walk

    def __iter__(self) -> Iterator[T]:
        walk = self._walk()
        while (call := walk.next_call()) is not None:
            yield from walk.take(self._send(call))


class AsyncPages(Generic[T]):
    """Every item of a list operation, fetched a page at a time as you ``async for``; each loop walks anew."""

    def __init__(self, send: Callable[[Call[Any]], Awaitable[Any]], walk: Callable[[], Walk[T]]) -> None:
        self._send = send
        self._walk = walk

    async def __aiter__(self) -> AsyncIterator[T]:
        walk = self._walk()
        while (call := walk.next_call()) is not None:
            for item in walk.take(await self._send(call)):
                yield item
