"""Many at once: the concurrent I/O of stop_many(), active() and stop_all(), on one event loop, over pure plans.

Every request goes through the client's one request path (retries, the account's 429 pause, typed errors), at most
``concurrency`` at a time. A sync client runs these on an event loop of its own (``run_coroutine``), through its
own wire or, when you passed an ``http_client``, that client on worker threads: one implementation of fan-out.

A sweep is pipelined: every kind of work is listed at once, a numbered list's pages all at once as soon as its
first page gives the total, a cursor list's pages one after another as the cursor allows; each piece of work is
stopped as soon as its page is read, within the same bound on requests in flight as the listing (the pages take
at most half of it, and go first). A page is read when its ids are needed: pages that arrive together are not
read all at once while the answers of the stops already out wait. A kind whose stops must wait for another's
(``ActiveSource.after``: a run for the messages queued behind it) is listed at once but stopped only when the
other's stops of the pass are over.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Coroutine, Iterable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from browser_clients._contract import ActiveSource, Vendor
from browser_clients._engine import Call, Deferred, Steps, single
from browser_clients._errors import BrowserClientError, InvalidArgumentError, PermissionDeniedError
from browser_clients._pages import Ended, Walk, rest_of
from browser_clients._sweep import SweepPlan
from browser_clients._types import ActiveWork, StopOutcome, StopResult, SweepReport, WorkKind

T = TypeVar("T")
Progress = Callable[[StopOutcome], None]
"""Called once per id as its outcome is known (in completion order), e.g. to draw a progress bar."""
Outcomes = Callable[[int, StopOutcome], None]
"""Called with each id's position among the ids and its outcome, as soon as it is known."""
Found = Callable[[ActiveWork], None]
"""Called once per piece of active work a sweep finds, as its page is read (for progress): a page is read when its
ids are needed, so the count grows with the stops once the first pages are in."""


def check_concurrency(concurrency: object) -> int:
    """Return ``concurrency`` if it is a whole number >= 1, or raise InvalidArgumentError."""
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise InvalidArgumentError(f"concurrency must be a whole number >= 1, got {concurrency!r}")
    return concurrency


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to completion from sync code, in a thread of its own when this one runs a loop.

    Its result comes back in a box, not as the result of the loop's main task: on the main thread, asyncio.run
    formats that task's repr (its result included) twice on the way out, as it puts the SIGINT handler back, and
    the outcomes of thousands of stops take tens of milliseconds to format.
    """
    box: list[T] = []

    async def main() -> None:
        box.append(await coroutine)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(main())
        return box[0]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser-clients") as pool:
        pool.submit(asyncio.run, main()).result()
    return box[0]


async def stop_each(
    stop: Callable[[str | uuid.UUID], Awaitable[StopResult[Any]]],
    vendor: Vendor,
    ids: Iterable[str | uuid.UUID],
    *,
    concurrency: int,
    on_outcome: Outcomes,
    light: bool = True,
) -> None:
    """Stop every id, taken from ``ids`` as workers free up, ``concurrency`` at a time.

    ``on_outcome(position, outcome)`` is called as each is known. An id given again shares the request of its
    first appearance, and its outcome, kept ``light``: then a duplicate's result carries no model and no answer,
    so that what is kept per id stays small however many ids stream through (the outcomes themselves are not
    kept); stop_many, which keeps every outcome anyway, hands a duplicate the very outcome of its first.
    """
    queue = iter(enumerate(ids))
    first: dict[str, asyncio.Future[StopOutcome] | StopOutcome] = {}
    loop = asyncio.get_running_loop()

    async def worker() -> None:
        for position, given in queue:  # one shared iterator: each id is taken by exactly one worker
            key = str(given)
            earlier = first.get(key)
            if earlier is not None:
                known = earlier if isinstance(earlier, StopOutcome) else await asyncio.shield(earlier)
                on_outcome(position, known)
                continue
            future = first[key] = loop.create_future()
            try:
                outcome = StopOutcome(vendor, key, await stop(given))
            except BrowserClientError as error:
                outcome = StopOutcome(vendor, key, error=error)
            future.set_result(outcome)
            first[key] = _light(outcome) if light else outcome
            on_outcome(position, outcome)

    async with asyncio.TaskGroup() as group:
        for _ in range(concurrency):
            group.create_task(worker())


def _light(outcome: StopOutcome) -> StopOutcome:
    """Return ``outcome`` without the vendor's answer and model: what a duplicate of its id is told."""
    if outcome.result is None or (outcome.result.model is None and outcome.result.raw is None):
        return outcome
    return replace(outcome, result=replace(outcome.result, model=None, raw=None))


async def stop_many(
    stop: Callable[[str | uuid.UUID], Awaitable[StopResult[Any]]],
    vendor: Vendor,
    ids: Iterable[str | uuid.UUID],
    *,
    concurrency: int,
    on_progress: Progress | None,
) -> list[StopOutcome]:
    """Stop every id; return one StopOutcome per id, in the order given."""
    outcomes: dict[int, StopOutcome] = {}

    def keep(position: int, outcome: StopOutcome) -> None:
        outcomes[position] = outcome
        if on_progress is not None:
            on_progress(outcome)

    await stop_each(stop, vendor, ids, concurrency=concurrency, on_outcome=keep, light=False)
    return [outcomes[position] for position in range(len(outcomes))]


async def _each_page(
    send: Callable[[Call[Deferred[Any]]], Awaitable[Deferred[Any]]], walk: Walk[Any]
) -> AsyncGenerator[Sequence[Any], None]:
    """Yield the fresh items of each page of ``walk``, in the order the pages arrive; read each page only when the
    caller asks for the next one.

    The requests a page tells of (the rest of a numbered list, a cursor list's next page) are sent as soon as it is
    read, before its items are yielded: they take their places within the bound on requests in flight before the
    stops of those items do, and they load while those items are stopped. Closed early, the generator cancels the
    pages still out.
    """
    out: set[asyncio.Future[Deferred[Any]]] = set()
    arrived: deque[asyncio.Future[Deferred[Any]]] = deque()

    def send_next() -> None:
        calls = rest_of(walk)
        if not calls:
            call = walk.next_call()
            calls = [] if call is None else [call]
        for call in calls:
            page = asyncio.ensure_future(send(call.deferring()))
            page.add_done_callback(arrived.append)
            out.add(page)

    send_next()
    try:
        while out:
            if not arrived:
                await asyncio.wait(out, return_when=asyncio.FIRST_COMPLETED)
            page = arrived.popleft()
            out.discard(page)
            items = walk.take(page.result().result())
            send_next()
            yield items
    finally:
        for page in out:  # closed early (a page failed, or the caller stopped): the rest is not needed
            if not page.cancel() and not page.cancelled():
                page.exception()  # looked at: the first failure is the one raised


_READ_AT_ONCE = 8
"""How many listed items a sweep takes in before it lets the event loop run, and pauses while ``limit`` pieces of
claimed work wait for a stopper: the answers of the stops already out do not wait behind the reading of a page,
and a page is read (into models) only when its ids are needed."""


class _Claimed:
    """A source's claimed work, waiting in a queue for at most ``limit`` stoppers, each a task that stops one piece
    after another (after ``waits``: the stops of the kinds this one must wait for)."""

    def __init__(
        self,
        limit: int,
        stop: Callable[[ActiveWork], Awaitable[None]],
        waits: list[asyncio.Event],
        group: asyncio.TaskGroup,
    ) -> None:
        self._limit = limit
        self._stop = stop
        self._waits = waits
        self._group = group
        self._queue: deque[ActiveWork] = deque()
        self._wanted = asyncio.Event()  # set when the queue runs short
        self._stoppers: list[asyncio.Task[None]] = []
        self._busy = 0

    def add(self, work: ActiveWork) -> None:
        """Queue ``work``; start a stopper for it unless ``limit`` of them are at work."""
        self._queue.append(work)
        if self._busy < self._limit:
            self._busy += 1
            self._stoppers.append(self._group.create_task(self._stopper()))

    async def room(self) -> None:
        """Let the event loop run; return once fewer than ``limit`` pieces wait (the pages are read as needed)."""
        await asyncio.sleep(0)
        while len(self._queue) >= self._limit:
            self._wanted.clear()
            await self._wanted.wait()

    async def done(self) -> None:
        """Return once every piece queued has been stopped (or failed to be)."""
        if self._stoppers:
            await asyncio.wait(self._stoppers)

    async def _stopper(self) -> None:
        try:
            for event in self._waits:
                await event.wait()
            while self._queue:
                work = self._queue.popleft()
                if len(self._queue) < self._limit:
                    self._wanted.set()
                await self._stop(work)
        finally:
            self._busy -= 1  # no await since the queue was seen empty: new work finds a stopper, or starts one


class _Passes:
    """List (and, in a sweep, stop) the active work of a plan's sources concurrently, at most ``limit`` requests in
    flight, keeping what the plan decides; a pass at a time.

    What a page claims waits in its source's queue (``_Claimed``), drained by at most ``limit`` stoppers a source:
    a stop becomes a task only when it can soon be sent, so that thousands of claimed pieces do not wait as
    thousands of tasks (which the garbage collector walks again and again while the stops go out); while ``limit``
    pieces wait, the next page is not read. A numbered list is asked for all at once from the second pass on: every
    page the pass before found (``PageWalk.expect``). The listing time of a pass runs until its last page arrived.
    """

    def __init__(
        self,
        run: Callable[[Steps[Any]], Awaitable[Any]],
        plan: SweepPlan,
        *,
        limit: int,
        on_found: Found | None,
        on_progress: Progress | None,
    ) -> None:
        self._run = run
        self._plan = plan
        self._limit = limit
        self._limiter = asyncio.Semaphore(limit)
        self._listers = asyncio.Semaphore(max(1, limit // 2))
        self._on_found = on_found
        self._on_progress = on_progress
        self.failures: list[BrowserClientError] = []
        self._pages: dict[WorkKind, int | None] = {}
        self.listing = 0.0
        self._started = 0.0
        self.stopping: tuple[float, float] | None = None

    async def _send(self, call: Call[Any]) -> Any:
        async with self._limiter:
            return await self._run(single(call))

    async def _fetch(self, call: Call[Deferred[Any]]) -> Deferred[Any]:
        """Send a page's request, at most half the bound of them at once (the stops always have room): the pass's
        listing lasts until its last page has arrived (read or not)."""
        try:
            async with self._listers:
                page: Deferred[Any] = await self._send(call)
                return page
        finally:
            self.listing = max(self.listing, time.monotonic() - self._started)

    async def one_pass(self) -> None:
        """List every source at once, stopping what the plan claims as its page is read; wait for all of it."""
        self.listing, self.stopping = 0.0, None
        self._started = time.monotonic()
        over = {source.kind: asyncio.Event() for source in self._plan.sources}
        async with asyncio.TaskGroup() as group:
            for source in self._plan.sources:
                waits = [over[kind] for kind in source.after if kind in over]
                group.create_task(self._source(source, group, over[source.kind], waits))

    async def _source(
        self,
        source: ActiveSource,
        group: asyncio.TaskGroup,
        over: asyncio.Event,
        waits: list[asyncio.Event],
    ) -> None:
        claimed = _Claimed(self._limit, lambda work: self._stop(source, work), waits, group)
        walk = source.walks()
        expect = getattr(walk, "expect", None)
        if expect is not None:
            expect(self._pages.get(source.kind))
        try:
            async with contextlib.aclosing(_each_page(self._fetch, walk)) as pages:
                async for items in pages:
                    for number, item in enumerate(items, 1):
                        if number % _READ_AT_ONCE == 0:
                            await claimed.room()
                        work = None if isinstance(item, Ended) else source.read(item)
                        if work is None:
                            continue
                        if self._on_found is not None:
                            self._on_found(work)
                        if self._plan.claim(work):
                            claimed.add(work)
        except PermissionDeniedError as error:
            if source.vendor is self._plan.vendor:
                self.failures.append(error)
            else:  # an API of the account not enabled for the project (v4 is not, for Zero Data Retention ones)
                self._plan.skip(source.vendor, f"not available to this project: {error}")
        except BrowserClientError as error:  # kept, so that the stops already going out are not cancelled
            self.failures.append(error)
        finally:
            self._pages[source.kind] = getattr(walk, "pages", None)
            await claimed.done()
            over.set()

    async def _stop(self, source: ActiveSource, work: ActiveWork) -> None:
        began = time.monotonic()
        try:
            outcome = StopOutcome(work.vendor, work.id, await self._send(source.stop(work)))
        except BrowserClientError as error:
            outcome = StopOutcome(work.vendor, work.id, error=error)
        first, last = self.stopping or (began, began)
        self.stopping = (min(first, began), max(last, time.monotonic()))
        self._plan.record(source, work, outcome)
        if self._on_progress is not None:
            self._on_progress(outcome)


async def sweep(
    run: Callable[[Steps[Any]], Awaitable[Any]],
    plan: SweepPlan,
    *,
    concurrency: int,
    on_progress: Progress | None = None,
    on_found: Found | None = None,
) -> SweepReport:
    """Carry a sweep (or, for a dry run, a listing) out, pass after pass, until the plan says it is done.

    A listing that fails (but for a sibling API not enabled for the project) raises once every stop already going
    out has its outcome, so that no stop is cancelled halfway.
    """
    passes = _Passes(run, plan, limit=concurrency, on_found=on_found, on_progress=on_progress)
    listing = stopping = 0.0
    while plan.begin_pass():
        await passes.one_pass()
        listing += passes.listing
        if passes.stopping is not None:
            stopping += passes.stopping[1] - passes.stopping[0]
        if passes.failures:
            raise passes.failures[0]
        plan.end_pass()
    return plan.report(listing, stopping)
