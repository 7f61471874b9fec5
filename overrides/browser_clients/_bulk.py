"""Stop many tasks or sessions at once: bounded concurrency, one outcome per id, in order, failures kept apart.

Every stop goes through the client's own ``stop``, so each honours the retry policy, and a 429 pauses every
request of the client to that vendor (``Core.pause``): the batch slows down together instead of hammering a
vendor that asked for a break, while the other vendor's calls go on. The async client runs the batch on its event
loop; the sync one runs it on an event loop of its own (a thread pool over your ``http_client`` when you passed
one, so that its transport, proxies and hooks still apply). The facade's own connection pool holds 100
connections (``_transport.DEFAULT_LIMITS``): a higher concurrency queues.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, Unpack, cast

from browser_clients._deprecation import either, renamed
from browser_clients._errors import APIStatusError, BrowserClientError, InvalidArgumentError
from browser_clients._vendor import Vendor

if TYPE_CHECKING:
    from contextlib import AbstractAsyncContextManager

    from browser_clients._call import Call
    from browser_clients._request_options import RequestOptions
    from browser_clients._results import StopResult
    from browser_use_client.models.stop_strategy import StopStrategy

T = TypeVar("T")
DEFAULT_CONCURRENCY = 64
"""How many stops are in flight at once unless ``concurrency`` says otherwise."""


@dataclass(frozen=True, init=False)
class StopOutcome:
    """What happened to one id of a ``stop_many``: its StopResult, or the error that kept it from stopping."""

    vendor: Vendor
    id: str
    result: StopResult | None = None
    error: BrowserClientError | None = None

    def __init__(
        self, vendor: Vendor, id: str, result: StopResult | None = None, error: BrowserClientError | None = None
    ) -> None:
        if (result is None) == (error is None):
            raise ValueError("a StopOutcome holds a result or an error, exactly one of them")
        # The frozen dataclass's own __init__, minus a trip through object.__setattr__ per field (one per id).
        state = self.__dict__
        state["vendor"] = vendor
        state["id"] = id
        state["result"] = result
        state["error"] = error

    @property
    def session_id(self) -> str:
        """Return ``id`` (deprecated name, removed in 0.3)."""
        renamed("StopOutcome.session_id", "StopOutcome.id")
        return self.id

    @property
    def ok(self) -> bool:
        """Tell whether the stop succeeded."""
        return self.error is None

    def unwrap(self) -> StopResult:
        """Return the result, or raise the error."""
        if self.error is not None:
            raise self.error
        assert self.result is not None  # __post_init__ holds exactly one of the two
        return self.result

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: the result, or the error's class, message and HTTP status."""
        if self.result is not None:
            return {"ok": True, **self.result.to_dict()}
        error = self.error
        return {
            "ok": False,
            "vendor": self.vendor.value,
            "id": self.id,
            "session_id": self.id,  # for scripts written against 0.1; goes away in 0.3
            "error": type(error).__name__,
            "message": str(error),
            "status_code": error.status_code if isinstance(error, APIStatusError) else None,
        }


Progress = Callable[[StopOutcome], None]
"""Called once per id as its outcome is known (in completion order), e.g. to draw a progress bar."""


def _ids(ids: Iterable[str | uuid.UUID] | None, session_ids: Iterable[str | uuid.UUID] | None) -> list[str | uuid.UUID]:
    given = either("ids", ids, "session_ids", session_ids, stacklevel=5)
    if given is None:
        raise InvalidArgumentError("stop_many() needs the ids to stop")
    return list(cast("Iterable[str | uuid.UUID]", given))


def check_concurrency(concurrency: int) -> int:
    """Return ``concurrency`` if it is a whole number >= 1, or raise InvalidArgumentError."""
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise InvalidArgumentError(f"concurrency must be a whole number >= 1, got {concurrency!r}")
    return concurrency


async def gather_stops(
    stop: Callable[[str | uuid.UUID], Awaitable[StopResult]],
    vendor: Vendor,
    ids: Sequence[str | uuid.UUID],
    *,
    concurrency: int,
    on_progress: Progress | None,
) -> list[StopOutcome]:
    """Run ``stop`` over every id with at most ``concurrency`` in flight; return the outcomes in input order."""
    import asyncio

    outcomes: list[StopOutcome | None] = [None] * len(ids)
    queue = iter(enumerate(ids))

    async def worker() -> None:
        for index, id_ in queue:  # one shared iterator: each id is taken by exactly one worker
            try:
                outcome = StopOutcome(vendor, str(id_), await stop(id_))
            except BrowserClientError as error:
                outcome = StopOutcome(vendor, str(id_), error=error)
            outcomes[index] = outcome
            if on_progress is not None:
                on_progress(outcome)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(concurrency, len(ids))):
            group.create_task(worker())
    return [outcome for outcome in outcomes if outcome is not None]


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to completion from sync code, in a thread of its own when this one runs a loop."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser-clients-stop-many") as pool:
        return pool.submit(asyncio.run, coroutine).result()


def stop_each_threaded(
    stop: Callable[[str | uuid.UUID], StopResult],
    vendor: Vendor,
    ids: Sequence[str | uuid.UUID],
    *,
    concurrency: int,
    on_progress: Progress | None,
) -> list[StopOutcome]:
    """Run ``stop`` over every id on a thread pool of ``concurrency``; return the outcomes in input order."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    lock = threading.Lock()

    def one(id_: str | uuid.UUID) -> StopOutcome:
        try:
            outcome = StopOutcome(vendor, str(id_), stop(id_))
        except BrowserClientError as error:
            outcome = StopOutcome(vendor, str(id_), error=error)
        if on_progress is not None:
            with lock:  # one progress call at a time, as on the event loop
                on_progress(outcome)
        return outcome

    if not ids:
        return []
    with ThreadPoolExecutor(max_workers=min(concurrency, len(ids)), thread_name_prefix="browser-clients") as pool:
        return list(pool.map(one, ids))


class Bulk:
    """``stop_many`` for the sync client."""

    if TYPE_CHECKING:
        _owns_http: bool

        def stop(
            self,
            vendor: Vendor | str,
            id: str | uuid.UUID | None = None,
            *,
            strategy: StopStrategy | str | None = None,
            **options: Unpack[RequestOptions],
        ) -> StopResult: ...

        def _async_twin(self) -> AbstractAsyncContextManager[AsyncBulk]: ...

        def _send(self, call: Call[T], **options: Unpack[RequestOptions]) -> T: ...

    def stop_many(
        self,
        vendor: Vendor | str,
        ids: Iterable[str | uuid.UUID] | None = None,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        strategy: StopStrategy | str | None = None,
        on_progress: Progress | None = None,
        session_ids: Iterable[str | uuid.UUID] | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[StopOutcome]:
        """Stop every id, ``concurrency`` at a time; return one StopOutcome per id, in order, failures included.

        Every stop takes the request ``options``. A 2xx answer is a stop that happened, whatever its body.
        ``session_ids`` is the deprecated name of ``ids``.
        """
        chosen = Vendor.parse(vendor)
        ids = _ids(ids, session_ids)
        check_concurrency(concurrency)
        if not self._owns_http:
            return self._stop_many_threaded(
                chosen, ids, concurrency=concurrency, on_progress=on_progress, strategy=strategy, options=options
            )

        async def batch() -> list[StopOutcome]:
            # The async twin shares this client's Core: its keys, retry policy and rate-limit pauses.
            async with self._async_twin() as twin:
                return await twin.stop_many(
                    chosen,
                    ids,
                    concurrency=concurrency,
                    strategy=strategy,
                    on_progress=on_progress,
                    **options,
                )

        return run_coroutine(batch())

    def _stop_many_threaded(
        self,
        vendor: Vendor,
        ids: list[str | uuid.UUID],
        *,
        concurrency: int,
        on_progress: Progress | None,
        strategy: StopStrategy | str | None,
        options: RequestOptions,
    ) -> list[StopOutcome]:

        def stop(id_: str | uuid.UUID) -> StopResult:
            return self.stop(vendor, id_, strategy=strategy, **options)

        return stop_each_threaded(stop, vendor, ids, concurrency=concurrency, on_progress=on_progress)

    def _send_stops(
        self,
        vendor: Vendor,
        ids: Sequence[str],
        call_for: Callable[[str], Call[StopResult]],
        *,
        concurrency: int,
        on_progress: Progress | None,
        options: Mapping[str, Any],
    ) -> list[StopOutcome]:
        """Send ``call_for(id)`` for every id on stop_many's machinery; return one StopOutcome per id, in order."""
        if not self._owns_http:
            return stop_each_threaded(
                lambda id_: self._send(call_for(str(id_)), **options),
                vendor,
                ids,
                concurrency=concurrency,
                on_progress=on_progress,
            )

        async def batch() -> list[StopOutcome]:
            async with self._async_twin() as twin:
                return await twin._send_stops(
                    vendor, ids, call_for, concurrency=concurrency, on_progress=on_progress, options=options
                )

        return run_coroutine(batch())


class AsyncBulk:
    """``stop_many`` for the async client."""

    if TYPE_CHECKING:

        async def _send(self, call: Call[T], **options: Unpack[RequestOptions]) -> T: ...

        async def stop(
            self,
            vendor: Vendor | str,
            id: str | uuid.UUID | None = None,
            *,
            strategy: StopStrategy | str | None = None,
            **options: Unpack[RequestOptions],
        ) -> StopResult: ...

    async def stop_many(
        self,
        vendor: Vendor | str,
        ids: Iterable[str | uuid.UUID] | None = None,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        strategy: StopStrategy | str | None = None,
        on_progress: Progress | None = None,
        session_ids: Iterable[str | uuid.UUID] | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[StopOutcome]:
        """Stop every id, ``concurrency`` at a time; return one StopOutcome per id, in order, failures included.

        Every stop takes the request ``options``. A 2xx answer is a stop that happened, whatever its body.
        ``session_ids`` is the deprecated name of ``ids``.
        """
        chosen = Vendor.parse(vendor)
        ids = _ids(ids, session_ids)
        check_concurrency(concurrency)

        def stop(id_: str | uuid.UUID) -> Awaitable[StopResult]:
            return self.stop(chosen, id_, strategy=strategy, **options)

        return await gather_stops(stop, chosen, ids, concurrency=concurrency, on_progress=on_progress)

    async def _send_stops(
        self,
        vendor: Vendor,
        ids: Sequence[str],
        call_for: Callable[[str], Call[StopResult]],
        *,
        concurrency: int,
        on_progress: Progress | None,
        options: Mapping[str, Any],
    ) -> list[StopOutcome]:
        """Send ``call_for(id)`` for every id on stop_many's machinery; return one StopOutcome per id, in order."""

        def stop(id_: str | uuid.UUID) -> Awaitable[StopResult]:
            return self._send(call_for(str(id_)), **options)

        return await gather_stops(stop, vendor, ids, concurrency=concurrency, on_progress=on_progress)
