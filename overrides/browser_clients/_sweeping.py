"""``active`` and ``stop_all`` on both clients: list every active piece of work, and stop it all, sweep by sweep.

Everything but the I/O is shared: the vendor says where its work is (``_contract.ListsActiveWork``), ``_sweep``
makes every decision of a sweep, and the stops run on stop_many's machinery (``_bulk``: bounded concurrency,
retries, the per-vendor 429 pause, one outcome per id). The two mixins differ only in ``await``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from browser_clients._active import ActiveSource, ActiveWork, collect
from browser_clients._bulk import DEFAULT_CONCURRENCY, Progress, StopOutcome, check_concurrency
from browser_clients._contract import lister
from browser_clients._pages import AsyncPages, Pages
from browser_clients._sweep import DEFAULT_DEADLINE, DEFAULT_MAX_PASSES, SweepPlan, SweepReport
from browser_clients._vendor import Vendor

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from browser_clients._call import Call
    from browser_clients._request_options import RequestOptions
    from browser_clients._results import StopResult

T = TypeVar("T")


def _plan(vendor: Vendor | str, dry_run: bool, concurrency: int, deadline: float | None, max_passes: int) -> SweepPlan:
    chosen = Vendor.parse(vendor)
    check_concurrency(concurrency)
    return SweepPlan(chosen, lister(chosen).active_sources(), dry_run=dry_run, deadline=deadline, max_passes=max_passes)


class Sweeper:
    """``active`` and ``stop_all`` for the sync client."""

    if TYPE_CHECKING:

        def _send(self, call: Call[T], **options: Unpack[RequestOptions]) -> T: ...

        def _send_stops(
            self,
            vendor: Vendor,
            ids: Sequence[str],
            call_for: Callable[[str], Call[StopResult]],
            *,
            concurrency: int,
            on_progress: Progress | None,
            options: Mapping[str, Any],
        ) -> list[StopOutcome]: ...

    def _listed(self, sources: Sequence[ActiveSource], options: Mapping[str, Any]) -> list[ActiveWork]:
        return collect(sources, lambda source: Pages(self._send, source.walks, options))

    def active(self, vendor: Vendor | str, **options: Unpack[RequestOptions]) -> list[ActiveWork]:
        """Return every active piece of ``vendor``'s work (Browser-Use: agent sessions and browser sessions).

        Raises InvalidArgumentError for a vendor that publishes no way to list its work (BrowserAI).
        """
        return self._listed(lister(Vendor.parse(vendor)).active_sources(), options)

    def stop_all(
        self,
        vendor: Vendor | str,
        *,
        dry_run: bool = False,
        concurrency: int = DEFAULT_CONCURRENCY,
        deadline: float | None = DEFAULT_DEADLINE,
        max_passes: int = DEFAULT_MAX_PASSES,
        on_progress: Progress | None = None,
        **options: Unpack[RequestOptions],
    ) -> SweepReport:
        """Stop every active piece of ``vendor``'s work, sweeping again until a pass finds nothing new to stop.

        Each piece is stopped once (plus retries), ``concurrency`` at a time; a 404 counts as already ended. No
        pass starts after ``deadline`` seconds or past ``max_passes``. ``dry_run`` lists once and stops nothing.
        """
        plan = _plan(vendor, dry_run, concurrency, deadline, max_passes)
        while plan.next_pass():
            for source, works in plan.take(self._listed(plan.sources, options)):
                ids = [work.id for work in works]
                outcomes = self._send_stops(
                    plan.vendor,
                    ids,
                    source.stop_call,
                    concurrency=concurrency,
                    on_progress=on_progress,
                    options=options,
                )
                plan.record(source, works, outcomes)
        return plan.report()


class AsyncSweeper:
    """``active`` and ``stop_all`` for the async client."""

    if TYPE_CHECKING:

        async def _send(self, call: Call[T], **options: Unpack[RequestOptions]) -> T: ...

        async def _send_stops(
            self,
            vendor: Vendor,
            ids: Sequence[str],
            call_for: Callable[[str], Call[StopResult]],
            *,
            concurrency: int,
            on_progress: Progress | None,
            options: Mapping[str, Any],
        ) -> list[StopOutcome]: ...

    async def _listed(self, sources: Sequence[ActiveSource], options: Mapping[str, Any]) -> list[ActiveWork]:
        items = {}
        for source in sources:
            items[source.kind] = [item async for item in AsyncPages(self._send, source.walks, options)]
        return collect(sources, lambda source: items[source.kind])

    async def active(self, vendor: Vendor | str, **options: Unpack[RequestOptions]) -> list[ActiveWork]:
        """Return every active piece of ``vendor``'s work (Browser-Use: agent sessions and browser sessions).

        Raises InvalidArgumentError for a vendor that publishes no way to list its work (BrowserAI).
        """
        return await self._listed(lister(Vendor.parse(vendor)).active_sources(), options)

    async def stop_all(
        self,
        vendor: Vendor | str,
        *,
        dry_run: bool = False,
        concurrency: int = DEFAULT_CONCURRENCY,
        deadline: float | None = DEFAULT_DEADLINE,
        max_passes: int = DEFAULT_MAX_PASSES,
        on_progress: Progress | None = None,
        **options: Unpack[RequestOptions],
    ) -> SweepReport:
        """Stop every active piece of ``vendor``'s work, sweeping again until a pass finds nothing new to stop.

        Each piece is stopped once (plus retries), ``concurrency`` at a time; a 404 counts as already ended. No
        pass starts after ``deadline`` seconds or past ``max_passes``. ``dry_run`` lists once and stops nothing.
        """
        plan = _plan(vendor, dry_run, concurrency, deadline, max_passes)
        while plan.next_pass():
            for source, works in plan.take(await self._listed(plan.sources, options)):
                ids = [work.id for work in works]
                outcomes = await self._send_stops(
                    plan.vendor,
                    ids,
                    source.stop_call,
                    concurrency=concurrency,
                    on_progress=on_progress,
                    options=options,
                )
                plan.record(source, works, outcomes)
        return plan.report()
