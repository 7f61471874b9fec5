"""The task lifecycle on both clients: run, get, results and wait, over each vendor's adapter.

Everything but the I/O is shared: the vendor adapters build each Call and read each answer into a Handle,
Snapshot or TaskResults, and ``_waiting.WaitPlan`` makes every wait decision. The two mixins below differ only in
``await`` and in which sleep they call; BrowserClients and AsyncBrowserClients inherit them.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Unpack, cast

from browser_clients._call import Call
from browser_clients._contract import adapter
from browser_clients._deprecation import either
from browser_clients._errors import InvalidArgumentError
from browser_clients._snapshot import Handle, Snapshot, TaskResults
from browser_clients._vendor import Vendor
from browser_clients._waiting import DEFAULT_POLL_INTERVAL, DEFAULT_TIMEOUT, WaitPlan

if TYPE_CHECKING:
    import httpx

    from browser_clients._options import RunOptions

T = TypeVar("T")
Progress = Callable[[Snapshot], None]
"""Called with every snapshot wait() fetches, e.g. to show progress."""


def as_handle(value: object) -> Handle:
    """Return ``value`` if it is a Handle, or raise InvalidArgumentError saying how to get one."""
    if not isinstance(value, Handle):
        raise InvalidArgumentError(
            f"expected a Handle (from run() or Handle.of(vendor, id)), got {type(value).__name__}"
        )
    return value


def run_call(vendor: Vendor | str, task: str, options: Mapping[str, Any]) -> Call[Handle]:
    """Describe run() on ``vendor``."""
    return adapter(Vendor.parse(vendor)).run_call(task, options)


def get_call(handle: Handle) -> Call[Snapshot]:
    """Describe get() of ``handle``."""
    handle = as_handle(handle)
    return adapter(handle.vendor).get_call(handle.id)


def results_call(handle: Handle) -> Call[TaskResults]:
    """Describe results() of ``handle``."""
    handle = as_handle(handle)
    return adapter(handle.vendor).results_call(handle.id)


def stop_target(
    vendor: Vendor | str | Handle, id: str | uuid.UUID | None, session_id: str | uuid.UUID | None = None
) -> tuple[Vendor | str, str | uuid.UUID]:
    """Return the (vendor, id) that stop() was given, as a Handle or as the two of them (``session_id``: deprecated)."""
    given = either("id", id, "session_id", session_id, stacklevel=5)
    if isinstance(vendor, Handle):
        if given is not None:
            raise InvalidArgumentError("stop() takes a Handle or a vendor and an id, not both")
        return vendor.vendor, vendor.id
    if given is None:
        raise InvalidArgumentError("stop() needs the id after the vendor, or a Handle alone")
    return vendor, cast("str | uuid.UUID", given)


class Lifecycle:
    """run, get, results and wait for the synchronous client."""

    if TYPE_CHECKING:

        def _send(
            self, call: Call[T], *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
        ) -> T: ...

    def run(
        self,
        vendor: Vendor | str,
        task: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        **vendor_options: Unpack[RunOptions],
    ) -> Handle:
        """Start ``task`` on ``vendor`` and return its handle at once, without waiting for the work."""
        return self._send(run_call(vendor, task, vendor_options), timeout=timeout, max_retries=max_retries)

    def get(
        self, handle: Handle, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> Snapshot:
        """Return where the work of ``handle`` is now."""
        return self._send(get_call(handle), timeout=timeout, max_retries=max_retries)

    def results(
        self, handle: Handle, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> TaskResults:
        """Return a BrowserAI task's step results (Browser-Use has none: read ``get(handle).output``)."""
        return self._send(results_call(handle), timeout=timeout, max_retries=max_retries)

    def wait(
        self,
        handle: Handle,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_interval: float | None = None,
        on_progress: Progress | None = None,
    ) -> Snapshot:
        """Poll until the work ends and return its last snapshot; raise WaitTimeoutError after ``timeout`` seconds.

        ``timeout=None`` waits for as long as it takes. Ctrl-C interrupts the wait at once and leaves the work
        running; nothing of the wait stays behind.
        """
        call = get_call(handle)
        plan = WaitPlan(handle, timeout=timeout, poll_interval=poll_interval, max_interval=max_interval)
        while True:
            snapshot = self._send(call)
            if on_progress is not None:
                on_progress(snapshot)
            pause = plan.after(snapshot)
            if pause is None:
                return snapshot
            time.sleep(pause)


class AsyncLifecycle:
    """run, get, results and wait for the asynchronous client."""

    if TYPE_CHECKING:

        async def _send(
            self, call: Call[T], *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
        ) -> T: ...

    async def run(
        self,
        vendor: Vendor | str,
        task: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        **vendor_options: Unpack[RunOptions],
    ) -> Handle:
        """Start ``task`` on ``vendor`` and return its handle at once, without waiting for the work."""
        return await self._send(run_call(vendor, task, vendor_options), timeout=timeout, max_retries=max_retries)

    async def get(
        self, handle: Handle, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> Snapshot:
        """Return where the work of ``handle`` is now."""
        return await self._send(get_call(handle), timeout=timeout, max_retries=max_retries)

    async def results(
        self, handle: Handle, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> TaskResults:
        """Return a BrowserAI task's step results (Browser-Use has none: read ``get(handle).output``)."""
        return await self._send(results_call(handle), timeout=timeout, max_retries=max_retries)

    async def wait(
        self,
        handle: Handle,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_interval: float | None = None,
        on_progress: Progress | None = None,
    ) -> Snapshot:
        """Poll until the work ends and return its last snapshot; raise WaitTimeoutError after ``timeout`` seconds.

        ``timeout=None`` waits for as long as it takes. Cancelling the awaiting task ends the wait at once and
        leaves the work running; nothing of the wait stays behind.
        """
        call = get_call(handle)
        plan = WaitPlan(handle, timeout=timeout, poll_interval=poll_interval, max_interval=max_interval)
        while True:
            snapshot = await self._send(call)
            if on_progress is not None:
                on_progress(snapshot)
            pause = plan.after(snapshot)
            if pause is None:
                return snapshot
            import asyncio  # here, not at the top: a sync user's import need not load asyncio (about 15 ms)

            await asyncio.sleep(pause)
