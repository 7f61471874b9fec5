"""Many at once: the concurrent I/O of stop_many() and stop_all(), on one event loop, over pure plans.

Every stop goes through the client's one request path (retries, the account's 429 pause, typed errors), at most
``concurrency`` at a time. A sync client runs these on an event loop of its own (``run_coroutine``), through its
own wire or, when you passed an ``http_client``, that client on worker threads: one implementation of fan-out.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from browser_clients._contract import ActiveSource, Vendor
from browser_clients._engine import Steps, single
from browser_clients._errors import BrowserClientError, InvalidArgumentError, PermissionDeniedError
from browser_clients._pages import walk_all
from browser_clients._sweep import SweepPlan
from browser_clients._types import ActiveWork, StopOutcome, StopResult, SweepReport, WorkKind

T = TypeVar("T")
Progress = Callable[[StopOutcome], None]
"""Called once per id as its outcome is known (in completion order), e.g. to draw a progress bar."""
Outcomes = Callable[[int, StopOutcome], None]
"""Called with each id's position among the ids and its outcome, as soon as it is known."""


def check_concurrency(concurrency: object) -> int:
    """Return ``concurrency`` if it is a whole number >= 1, or raise InvalidArgumentError."""
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise InvalidArgumentError(f"concurrency must be a whole number >= 1, got {concurrency!r}")
    return concurrency


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to completion from sync code, in a thread of its own when this one runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser-clients") as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def stop_each(
    stop: Callable[[str | uuid.UUID], Awaitable[StopResult[Any]]],
    vendor: Vendor,
    ids: Iterable[str | uuid.UUID],
    *,
    concurrency: int,
    on_outcome: Outcomes,
) -> None:
    """Stop every id, taken from ``ids`` as workers free up, ``concurrency`` at a time.

    ``on_outcome(position, outcome)`` is called as each is known. An id given again shares the request of its
    first appearance, and its outcome, kept light: a duplicate's result carries no model and no answer, so that
    what is kept per id stays small however many ids stream through (the outcomes themselves are not kept).
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
            first[key] = _light(outcome)
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

    await stop_each(stop, vendor, ids, concurrency=concurrency, on_outcome=keep)
    return [outcomes[position] for position in range(len(outcomes))]


def listing(
    sources: Sequence[ActiveSource], skipped: list[tuple[Vendor, str]] | None = None
) -> Steps[list[ActiveWork]]:
    """Return the Steps of listing every source's active work, each piece once, in list order.

    An API that answers 403 to its listing is not enabled for the account's project (Browser-Use v4 is not, for
    Zero Data Retention projects): with ``skipped`` given it is noted there and left out, else the error stands.
    """
    found: dict[tuple[Vendor, WorkKind, str], ActiveWork] = {}
    refused: set[Vendor] = set()
    for source in sources:
        if source.vendor in refused:
            continue
        try:
            items = yield from walk_all(source.walks())
        except PermissionDeniedError as error:
            if skipped is None:
                raise
            refused.add(source.vendor)
            skipped.append((source.vendor, error.message))
            continue
        for item in items:
            work = source.read(item)
            if work is not None:
                found.setdefault((work.vendor, work.kind, work.id), work)
    return list(found.values())


async def sweep(
    run: Callable[[Steps[Any]], Awaitable[Any]],
    plan: SweepPlan,
    *,
    concurrency: int,
    on_progress: Progress | None,
) -> SweepReport:
    """Carry a sweep out: list, stop what is new (each kind in its order), until the plan says it is done."""
    listing_time = stopping_time = 0.0
    skipped: list[tuple[Vendor, str]] = []
    while plan.next_pass():
        started = time.monotonic()
        listed = await run(listing(plan.sources, skipped))
        listing_time += time.monotonic() - started
        for vendor, why in skipped:
            plan.skip(vendor, why)
        skipped.clear()
        started = time.monotonic()
        for source, works in plan.take(listed):
            outcomes = await stop_many(
                _stopper(run, source, works), source.vendor, [w.id for w in works], concurrency=concurrency,
                on_progress=on_progress,
            )  # fmt: skip
            plan.record(source, works, outcomes)
        stopping_time += time.monotonic() - started
    report = plan.report()
    return SweepReport(
        report.vendor,
        report.items,
        report.passes,
        report.complete,
        report.dry_run,
        report.skipped,
        listing_time,
        stopping_time,
    )


def _stopper(
    run: Callable[[Steps[Any]], Awaitable[Any]], source: ActiveSource, works: Sequence[ActiveWork]
) -> Callable[[str | uuid.UUID], Awaitable[StopResult[Any]]]:
    """Return the stop of one listed piece of ``source``'s work, by id."""
    by_id = {work.id: work for work in works}

    async def stop(given: str | uuid.UUID) -> StopResult[Any]:
        result: StopResult[Any] = await run(single(source.stop(by_id[str(given)])))
        return result

    return stop
