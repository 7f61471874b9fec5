"""The task lifecycle on both clients: run, get, results and wait, over each vendor's adapter.

Everything but the I/O is shared: the vendor adapters build each Call and read each answer into a Handle,
Snapshot or TaskResults, and ``_waiting.WaitPlan`` makes every wait decision. The two mixins below differ only in
``await`` and in which sleep they call; BrowserClients and AsyncBrowserClients inherit them.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Unpack, cast

from browser_clients._call import Call
from browser_clients._contract import adapter
from browser_clients._convert import known
from browser_clients._deprecation import either
from browser_clients._errors import InvalidArgumentError
from browser_clients._request_options import OPTION_NAMES
from browser_clients._snapshot import Handle, Snapshot, TaskResults
from browser_clients._structured import check_output_type, json_schema
from browser_clients._vendor import Vendor
from browser_clients._waiting import DEFAULT_POLL_INTERVAL, DEFAULT_TIMEOUT, WaitPlan

if TYPE_CHECKING:
    from browser_clients._options import RunArguments
    from browser_clients._request_options import RequestOptions

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


def split_run_arguments(arguments: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return run()'s keywords as (the vendor's run() options, the request options), told apart by name."""
    vendor_options = {name: given for name, given in arguments.items() if name not in OPTION_NAMES}
    if len(vendor_options) == len(arguments):
        return vendor_options, {}
    return vendor_options, {name: given for name, given in arguments.items() if name in OPTION_NAMES}


def run_call(
    vendor: Vendor | str, task: str, options: Mapping[str, Any], output_type: type[Any] | None = None
) -> Call[Handle]:
    """Describe run() on ``vendor``; with ``output_type``, send its JSON Schema and keep it on the handle."""
    module = adapter(Vendor.parse(vendor))
    if output_type is None:
        return module.run_call(task, options)
    kind = check_output_type(output_type)
    if "output_schema" not in known(module.OPTIONS):
        raise InvalidArgumentError(f"{module.VENDOR.value}'s run() takes no output_type: it has no output schema")
    if options.get("output_schema") is not None:
        raise InvalidArgumentError("pass output_type or output_schema, not both: output_type sends its own schema")
    inner = module.run_call(task, {**options, "output_schema": json_schema(kind)})
    return inner._replace(parse=lambda data: dataclasses.replace(inner.parse(data), output_type=kind))


def get_call(handle: Handle) -> Call[Snapshot]:
    """Describe get() of ``handle``; its snapshots carry the handle's output_type."""
    handle = as_handle(handle)
    inner = adapter(handle.vendor).get_call(handle.id)
    kind = handle.output_type
    if kind is None:
        return inner
    return inner._replace(parse=lambda data: dataclasses.replace(inner.parse(data), output_type=kind))


def results_call(handle: Handle) -> Call[TaskResults]:
    """Describe results() of ``handle``."""
    handle = as_handle(handle)
    return adapter(handle.vendor).results_call(handle.id)


def stop_target(
    vendor: Vendor | str | Handle, id: str | uuid.UUID | None, session_id: str | uuid.UUID | None = None
) -> tuple[Vendor | str, str | uuid.UUID]:
    """Return the (vendor, id) that stop() was given, as a Handle or as the two of them (``session_id``: deprecated)."""
    given = id if session_id is None else either("id", id, "session_id", session_id, stacklevel=5)
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

        def _send(self, call: Call[T], **options: Unpack[RequestOptions]) -> T: ...

    def run(
        self,
        vendor: Vendor | str,
        task: str,
        *,
        output_type: type[Any] | None = None,
        **arguments: Unpack[RunArguments],
    ) -> Handle:
        """Start ``task`` on ``vendor`` and return its handle at once, without waiting for the work.

        The keywords are the vendor's run() options and the request options. ``output_type`` (a pydantic model,
        dataclass or TypedDict; needs the ``pydantic`` extra) asks for output of that shape: see
        ``Snapshot.parsed_output``.
        """
        vendor_options, options = split_run_arguments(arguments)
        return self._send(run_call(vendor, task, vendor_options, output_type), **options)

    def get(self, handle: Handle, **options: Unpack[RequestOptions]) -> Snapshot:
        """Return where the work of ``handle`` is now."""
        return self._send(get_call(handle), **options)

    def results(self, handle: Handle, **options: Unpack[RequestOptions]) -> TaskResults:
        """Return a BrowserAI task's step results (Browser-Use has none: read ``get(handle).output``)."""
        return self._send(results_call(handle), **options)

    def wait(
        self,
        handle: Handle,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_interval: float | None = None,
        on_progress: Progress | None = None,
        poll_options: RequestOptions | None = None,
    ) -> Snapshot:
        """Poll until the work ends and return its last snapshot; raise WaitTimeoutError after ``timeout`` seconds.

        ``timeout=None`` waits for as long as it takes; ``poll_options`` are each poll's request options. Ctrl-C
        interrupts the wait at once and leaves the work running; nothing of the wait stays behind.
        """
        call = get_call(handle)
        options: RequestOptions = poll_options or {}
        plan = WaitPlan(handle, timeout=timeout, poll_interval=poll_interval, max_interval=max_interval)
        while True:
            snapshot = self._send(call, **options)
            if on_progress is not None:
                on_progress(snapshot)
            pause = plan.after(snapshot)
            if pause is None:
                return snapshot
            time.sleep(pause)


class AsyncLifecycle:
    """run, get, results and wait for the asynchronous client."""

    if TYPE_CHECKING:

        async def _send(self, call: Call[T], **options: Unpack[RequestOptions]) -> T: ...

    async def run(
        self,
        vendor: Vendor | str,
        task: str,
        *,
        output_type: type[Any] | None = None,
        **arguments: Unpack[RunArguments],
    ) -> Handle:
        """Start ``task`` on ``vendor`` and return its handle at once, without waiting for the work.

        The keywords are the vendor's run() options and the request options. ``output_type`` (a pydantic model,
        dataclass or TypedDict; needs the ``pydantic`` extra) asks for output of that shape: see
        ``Snapshot.parsed_output``.
        """
        vendor_options, options = split_run_arguments(arguments)
        return await self._send(run_call(vendor, task, vendor_options, output_type), **options)

    async def get(self, handle: Handle, **options: Unpack[RequestOptions]) -> Snapshot:
        """Return where the work of ``handle`` is now."""
        return await self._send(get_call(handle), **options)

    async def results(self, handle: Handle, **options: Unpack[RequestOptions]) -> TaskResults:
        """Return a BrowserAI task's step results (Browser-Use has none: read ``get(handle).output``)."""
        return await self._send(results_call(handle), **options)

    async def wait(
        self,
        handle: Handle,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_interval: float | None = None,
        on_progress: Progress | None = None,
        poll_options: RequestOptions | None = None,
    ) -> Snapshot:
        """Poll until the work ends and return its last snapshot; raise WaitTimeoutError after ``timeout`` seconds.

        ``timeout=None`` waits for as long as it takes; ``poll_options`` are each poll's request options.
        Cancelling the awaiting task ends the wait at once and leaves the work running; nothing of the wait stays
        behind.
        """
        call = get_call(handle)
        options: RequestOptions = poll_options or {}
        plan = WaitPlan(handle, timeout=timeout, poll_interval=poll_interval, max_interval=max_interval)
        while True:
            snapshot = await self._send(call, **options)
            if on_progress is not None:
                on_progress(snapshot)
            pause = plan.after(snapshot)
            if pause is None:
                return snapshot
            import asyncio  # here, not at the top: a sync user's import need not load asyncio (about 15 ms)

            await asyncio.sleep(pause)
