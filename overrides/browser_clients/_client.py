"""The facade's two clients, side by side: BrowserClients (sync) and AsyncBrowserClients (async).

Every public method of both is here, whole. Their bodies are thin: each builds its operation's program from the
shared, pure pieces in ``_Base`` (the vendor's Steps, ``_engine``, the wait and sweep plans) and hands it to the
client's driver, ``_run``, which is all the I/O there is: send each Request on the wire, sleep each Sleep.
``stop_many`` and ``stop_all`` run on an event loop (``_bulk``); the sync client runs them on a loop of its own.

``with_options`` and ``with_raw_response`` make twins of a client: copies that share its accounts (keys,
settings, rate-limit pauses) and its connections (the ``_Pool``), with other options or a Capture of answers.
"""

from __future__ import annotations

import copy
import dataclasses
import time
import uuid
from collections.abc import Awaitable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypedDict, TypeVar, Unpack, cast

import httpx

from browser_clients import _bulk, _constants
from browser_clients._accounts import Accounts
from browser_clients._contract import ActiveSource, ListsActiveWork, Vendor, account_apis, account_of, adapter, lister
from browser_clients._deprecation import either
from browser_clients._engine import Call, Capture, Engine, Program, RetryPolicy, Sleep, Steps, Timeouts, seconds, single
from browser_clients._errors import ConfigurationError, InvalidArgumentError, NotFoundError, PermissionDeniedError
from browser_clients._logs import configure_from_env, log
from browser_clients._options import check_headers, merge_headers, split_run_arguments
from browser_clients._pages import AsyncPages, Pages
from browser_clients._raw import RawView, araw, raw, response_of
from browser_clients._structured import check_output_type, json_schema
from browser_clients._surface import Async, AsyncRaw, Listing, Raw, Sync
from browser_clients._sweep import SweepPlan
from browser_clients._transport import AiohttpWire, AsyncWire, Forks, SyncWire, ThreadedWire
from browser_clients._types import ActiveWork, Handle, Snapshot, StopOutcome, StopResult, SweepReport, TaskResults
from browser_clients._waiting import Progress, WaitPlan, waiting

if TYPE_CHECKING:
    from browser_clients._options import AttemptOptions, RequestOptions, RunArguments
    from browser_clients._vendors.browser_use.surface import BrowserUse
    from browser_clients._vendors.browser_use_v4.surface import BrowserUseV4
    from browser_clients._vendors.browserai.surface import BrowserAI
    from browser_use_client.models import StopStrategy

configure_from_env()  # BROWSER_CLIENTS_LOG: read once, when the clients are first imported

T = TypeVar("T")
W = TypeVar("W")
Id = str | uuid.UUID


class ClientOptions(TypedDict, total=False):
    """What a client is made with, besides its ``http_client``; every vendor's key and base URL included."""

    browserai_api_key: str | None
    browser_use_api_key: str | None
    browserai_base_url: str | None
    browser_use_base_url: str | None
    api_keys: Mapping[str, str] | None
    """Keys by account (``{"browser-use": ...}``), for any vendor in the registry."""
    base_urls: Mapping[str, str] | None
    """Base URLs by vendor API (``{"browser-use-v4": ...}``), for any vendor in the registry."""
    timeout: float | httpx.Timeout | None
    """Seconds each attempt may take, as a whole (default 30, connect 5)."""
    deadline: float | None
    """Seconds each call may take, every retry and pause included (default: no bound but the retries')."""
    max_retries: int
    default_headers: Mapping[str, str] | None
    strict: bool
    """Raise ResponseValidationError, rather than log, when a 2xx answer deviates from its document."""
    max_body_bytes: int
    """The largest answer body read, decompressed (default 32 MiB); a larger one is a ResponseTooLargeError."""


class _Pool(Generic[W]):
    """The connections a client and its twins share: made on first use (again after a fork), closed by any."""

    __slots__ = ("wire",)

    def __init__(self, wire: W | None) -> None:
        self.wire: W | None = wire


def _engine(options: ClientOptions, environ: Mapping[str, str] | None = None) -> Engine:
    unknown = options.keys() - ClientOptions.__annotations__.keys()
    if unknown:
        raise TypeError(f"unexpected client option(s): {', '.join(sorted(unknown))}")
    keys: dict[str, str | None] = {}
    urls: dict[Vendor, str | None] = {}
    for name, given in (options.get("api_keys") or {}).items():
        keys[account_of(name) if name in Vendor._value2member_map_ else name] = given
    for name, given in (options.get("base_urls") or {}).items():
        urls[Vendor.parse(name)] = given
    # The keywords of 0.1 and 0.2, for the two vendors there were; any vendor's go in api_keys and base_urls.
    for account, key, url in (
        ("browserai", options.get("browserai_api_key"), options.get("browserai_base_url")),
        ("browser-use", options.get("browser_use_api_key"), options.get("browser_use_base_url")),
    ):
        if key is not None:
            keys[account] = key
        if url is not None:
            urls[Vendor(account)] = url
    max_body = options.get("max_body_bytes", _constants.MAX_BODY_BYTES)
    if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body < 1:
        raise ConfigurationError(f"max_body_bytes must be a whole number >= 1, got {max_body!r}")
    timeouts = Timeouts().with_timeout(options.get("timeout"))
    return Engine(
        Accounts(keys, urls, environ),
        timeouts=dataclasses.replace(timeouts, deadline=seconds(options.get("deadline"), "deadline")),
        policy=RetryPolicy(max_retries=options.get("max_retries", _constants.MAX_RETRIES)),
        default_headers=check_headers(options.get("default_headers"), "default_headers", ConfigurationError),
        strict=options.get("strict", False),
        max_body=max_body,
    )


def _as_handle(value: object) -> Handle[Any]:
    if not isinstance(value, Handle):
        raise InvalidArgumentError(
            f"expected a Handle (from run() or Handle.of(vendor, id)), got {type(value).__name__}"
        )
    return value


class _Base:
    """What both clients share: their engine, twins, and every operation as a program (no I/O here)."""

    _engine: Engine

    def __repr__(self) -> str:
        # Never raises and loads nothing: the URLs known so far, unchecked; a vendor's document default unread.
        urls = ", ".join(f"{v.value}={self._engine.accounts.url_hint(v)}" for v in Vendor)
        return f"{type(self).__name__}({urls})"

    def _derived(
        self,
        timeout: float | httpx.Timeout | None,
        deadline: float | None,
        max_retries: int | None,
        default_headers: Mapping[str, str] | None,
    ) -> Self:
        engine = self._engine
        timeouts = engine.timeouts.with_timeout(timeout)
        if deadline is not None:
            timeouts = dataclasses.replace(timeouts, deadline=seconds(deadline, "deadline"))
        headers = engine.default_headers
        if default_headers is not None:
            headers = merge_headers(headers, check_headers(default_headers, "default_headers", ConfigurationError))
        policy = engine.policy.with_retries(max_retries)
        return self._twin(engine.derive(timeouts=timeouts, policy=policy, default_headers=headers))

    def _twin(self, engine: Engine) -> Self:
        twin = copy.copy(self)  # shallow: the twin shares this client's _Pool of connections
        twin._engine = engine
        return twin

    def _capturing(self) -> tuple[Self, Capture]:
        """Return a twin that keeps the last answer it reads, and where it keeps it (for raw responses)."""
        capture = Capture()
        return self._twin(self._engine.derive(capture=capture)), capture

    def _stop_steps(
        self, vendor: Vendor | str | Handle[Any], id: Id | None, strategy: Any, old: Id | None
    ) -> Steps[Any]:
        given = id if old is None else either("id", id, "session_id", old, stacklevel=5)
        if isinstance(vendor, Handle):
            if given is not None:
                raise InvalidArgumentError("stop() takes a Handle or a vendor and an id, not both")
            return _found_in_account(vendor.vendor, vendor.id, strategy)
        if given is None:
            raise InvalidArgumentError("stop() needs the id after the vendor, or a Handle alone")
        return _found_in_account(Vendor.parse(vendor), cast("Id", given), strategy)

    @staticmethod
    def _run_steps(vendor: Vendor | str, task: str, options: Mapping[str, Any], output_type: Any) -> Steps[Any]:
        module = adapter(vendor)
        if output_type is None:
            return module.run(task, options)
        kind = check_output_type(output_type)
        if "output_schema" not in module.OPTIONS.__annotations__:
            raise InvalidArgumentError(f"{module.VENDOR.value}'s run() takes no output_type: it has no output schema")
        if options.get("output_schema") is not None:
            raise InvalidArgumentError("pass output_type or output_schema, not both: output_type sends its own schema")
        return _typed(module.run(task, {**options, "output_schema": json_schema(kind)}), kind)

    @staticmethod
    def _get_steps(handle: Handle[Any]) -> Steps[Snapshot[Any]]:
        handle = _as_handle(handle)
        return _typed(adapter(handle.vendor).get(handle.id), handle.output_type)

    @staticmethod
    def _results_steps(handle: Handle[Any]) -> Steps[TaskResults[Any]]:
        handle = _as_handle(handle)
        return adapter(handle.vendor).results(handle.id)

    def _wait_program(
        self,
        handle: Handle[Any],
        *,
        timeout: float | None,
        poll_interval: float,
        max_interval: float | None,
        on_progress: Progress | None,
        poll_options: Mapping[str, Any] | None,
    ) -> Program[Snapshot[Any]]:
        plan = WaitPlan(handle, timeout=timeout, poll_interval=poll_interval, max_interval=max_interval)
        get = self._get_steps
        return waiting(lambda: self._engine.perform(get(handle), poll_options or {}), plan, on_progress)

    @staticmethod
    def _sweep_plan(vendor: Vendor | str, dry_run: bool, deadline: float | None, max_passes: int) -> SweepPlan:
        return SweepPlan(
            Vendor.parse(vendor), _sources(vendor), dry_run=dry_run, deadline=deadline, max_passes=max_passes
        )


def _found_in_account(vendor: Vendor, id: Id, strategy: Any) -> Steps[StopResult[Any]]:
    """Return the Steps of a stop that, when ``vendor`` answers 404, asks the other APIs of its account.

    Ids of one account's APIs may look alike (Browser-Use's v3 sessions and v4 runs are both UUIDs): an id sent to
    the wrong API is found and stopped where it is, and the result says so. Only a 404 from every API (or one
    that cannot take such an id, or is not enabled for the project: a 403) is "already ended".
    """
    first = adapter(vendor).stop(id, strategy)  # checks the arguments now, before any request
    try:
        result: StopResult[Any] = yield from first
    except NotFoundError as missing:
        for other in account_apis(vendor)[1:]:
            try:
                steps = adapter(other).stop(id, None)
            except InvalidArgumentError:
                continue  # this API cannot name such an id
            try:
                found: StopResult[Any] = yield from steps
            except (NotFoundError, PermissionDeniedError):
                continue
            except ConfigurationError as unset:  # say why the other API was asked, not only what it lacks
                message = f"{vendor.value} does not know {id}, so {other.value} must be asked: {unset}"
                raise ConfigurationError(message) from None
            note = f"{vendor.value} does not know {id}: it was found and stopped on {other.value}"
            return dataclasses.replace(found, note=note)
        raise missing
    return result


def _sources(vendor: Vendor | str) -> list[ActiveSource]:
    """Return where the active work ``vendor`` names is listed: the account's name (``browser-use``) names every
    API of the account that lists its work; another API's name (``browser-use-v4``) that API alone."""
    chosen = Vendor.parse(vendor)
    lister(chosen)  # a vendor that cannot list its work says why, before anything is sent
    named = account_apis(chosen) if account_of(chosen) == chosen.value else (chosen,)
    apis = [api for api in named if isinstance(adapter(api), ListsActiveWork)]
    return [source for api in apis for source in lister(api).active_sources()]


def _listed(report: SweepReport) -> list[ActiveWork]:
    """Return the work a dry run listed; an API of the account it could not list is logged (stop_all reports it)."""
    for api, why in report.skipped:
        log.warning("%s skipped: %s", api.value, why)
    return [item.work for item in report.items]


def _typed(steps: Steps[T], output_type: type[Any] | None) -> Steps[T]:
    """Return ``steps`` whose result (a Handle or Snapshot) carries ``output_type``."""
    result = yield from steps
    return result if output_type is None else dataclasses.replace(result, output_type=output_type)  # type: ignore[type-var]  # a dataclass


def _ids(ids: Iterable[Id] | None, old: Iterable[Id] | None) -> Iterable[Id]:
    given = either("ids", ids, "session_ids", old, stacklevel=5)
    if given is None:
        raise InvalidArgumentError("stop_many() needs the ids to stop")
    if isinstance(given, str | bytes):
        raise InvalidArgumentError("stop_many() takes a collection of ids, not one id (a string): use stop()")
    return cast("Iterable[Id]", given)


class BrowserClients(_Base):
    """Stop and inspect work on every vendor through one synchronous client.

    Keys come from the keyword arguments or ``BROWSERAI_API_KEY`` / ``BROWSER_USE_API_KEY`` (``<ACCOUNT>_API_KEY``);
    base URLs from the keywords, ``<VENDOR>_BASE_URL`` or the vendors' documents. Pass your own ``http_client``
    to control pooling, proxies or transports, and ``default_headers`` to send with every request.
    """

    def __init__(self, *, http_client: httpx.Client | None = None, **options: Unpack[ClientOptions]) -> None:
        self._engine = _engine(options)
        self._pool: _Pool[SyncWire] = _Pool(None if http_client is None else SyncWire(http_client))

    def _wire(self) -> SyncWire:
        wire = self._pool.wire
        if wire is None or (wire.owned and wire.born != Forks.seen):  # a forked child never shares connections
            wire = self._pool.wire = SyncWire()
        return wire

    def _run(self, program: Program[T]) -> T:
        """Carry ``program`` out: send each Request, sleep each Sleep; return what it returns."""
        wire = self._wire()
        try:
            effect = next(program)
            while True:
                if isinstance(effect, Sleep):
                    time.sleep(effect.seconds)
                    effect = program.send(None)
                    continue
                try:
                    answer = wire.send(effect)
                except httpx.RequestError as exc:
                    effect = program.throw(exc)
                else:
                    effect = program.send(answer)
        except StopIteration as end:
            done: T = end.value
            return done

    def _call(self, call: Call[T]) -> T:
        return self._run(self._engine.perform(single(call), call.options))

    def _async_twin(self, concurrency: int) -> AsyncBrowserClients:
        """Return an async client sharing this one's engine, for stop_many and stop_all (over threads: your client)."""
        wire = self._pool.wire
        if wire is not None and not wire.owned:
            return AsyncBrowserClients._over(self._engine, ThreadedWire(wire, concurrency))
        return AsyncBrowserClients._over(self._engine, None)

    def stop(
        self,
        vendor: Vendor | str | Handle[Any],
        id: Id | None = None,
        *,
        strategy: StopStrategy | str | None = None,
        session_id: Id | None = None,
        **options: Unpack[RequestOptions],
    ) -> StopResult[Any]:
        """Stop work, given its Handle or its vendor and id (Browser-Use v3: ``strategy="task"`` keeps the session).

        Any 2xx answer is a stop that happened: it never raises, whatever the body. ``session_id`` is the
        deprecated name of ``id``.
        """
        return self._run(self._engine.perform(self._stop_steps(vendor, id, strategy, session_id), options))

    def stop_many(
        self,
        vendor: Vendor | str,
        ids: Iterable[Id] | None = None,
        *,
        concurrency: int = _constants.CONCURRENCY,
        strategy: StopStrategy | str | None = None,
        on_progress: _bulk.Progress | None = None,
        session_ids: Iterable[Id] | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[StopOutcome]:
        """Stop every id, ``concurrency`` at a time; return one StopOutcome per id, in order, failures included.

        A 2xx answer is a stop that happened, whatever its body; a 404 is an outcome that is ``already_ended``. An
        id given twice is stopped once. ``session_ids`` is the deprecated name of ``ids``.
        """
        twin = self._async_twin(_bulk.check_concurrency(concurrency))
        return _bulk.run_coroutine(
            twin._closing(
                twin.stop_many(
                    vendor,
                    _ids(ids, session_ids),
                    concurrency=concurrency,
                    strategy=strategy,
                    on_progress=on_progress,
                    **options,
                )
            )
        )

    def _stop_each(
        self,
        vendor: Vendor | str,
        ids: Iterable[Id],
        on_outcome: _bulk.Outcomes,
        *,
        concurrency: int = _constants.CONCURRENCY,
        strategy: StopStrategy | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Stop every id as ``ids`` yields it, telling ``on_outcome(position, outcome)``; keep no outcome (the
        command line's bulk stop: ids streamed from a file, each outcome recorded as it is known)."""
        twin = self._async_twin(_bulk.check_concurrency(concurrency))
        work = twin._stop_each(vendor, ids, on_outcome, concurrency=concurrency, strategy=strategy, options=options)
        _bulk.run_coroutine(twin._closing(work))

    def active(self, vendor: Vendor | str, **options: Unpack[AttemptOptions]) -> list[ActiveWork]:
        """Return every active piece of the work ``vendor`` names: ``browser-use`` every API of the account.

        ``browser-use-v4`` names v4 alone. An API of the account not enabled for the project (a 403) is left out,
        with a warning. Raises InvalidArgumentError for a vendor that publishes no way to list its work (BrowserAI).
        """
        plan = self._sweep_plan(vendor, True, None, 1)
        twin = self._async_twin(_constants.CONCURRENCY)
        report = _bulk.run_coroutine(
            twin._closing(twin._sweep(plan, concurrency=_constants.CONCURRENCY, options=options))
        )
        return _listed(report)

    def stop_all(
        self,
        vendor: Vendor | str,
        *,
        dry_run: bool = False,
        concurrency: int = _constants.CONCURRENCY,
        deadline: float | None = _constants.SWEEP_DEADLINE,
        max_passes: int = _constants.SWEEP_MAX_PASSES,
        on_progress: _bulk.Progress | None = None,
        on_found: _bulk.Found | None = None,
        **options: Unpack[AttemptOptions],
    ) -> SweepReport:
        """Stop all the active work ``vendor`` names (as active()), sweeping until a pass finds nothing new to stop.

        Every kind of work is listed at once and each piece stopped as soon as its page arrives, ``concurrency``
        requests in flight; each is stopped once (plus retries), and a 404 counts as already ended. No pass starts
        after ``deadline`` seconds or past ``max_passes``. ``dry_run`` lists once and stops nothing. An API of the
        account not enabled for the project (a 403 to its listing) is named in ``SweepReport.skipped``.
        ``on_found`` is called with each piece of work as it is listed, ``on_progress`` with each stop's outcome.
        """
        plan = self._sweep_plan(vendor, dry_run, deadline, max_passes)
        twin = self._async_twin(_bulk.check_concurrency(concurrency))
        sweep = twin._sweep(plan, concurrency=concurrency, options=options, on_progress=on_progress, on_found=on_found)
        return _bulk.run_coroutine(twin._closing(sweep))

    def run(
        self,
        vendor: Vendor | str,
        task: str,
        *,
        output_type: type[Any] | None = None,
        **arguments: Unpack[RunArguments],
    ) -> Handle[Any]:
        """Start ``task`` on ``vendor`` and return its handle at once, without waiting for the work.

        The keywords are the vendor's run() options and the request options. ``output_type`` (a pydantic model,
        dataclass or TypedDict; needs the ``pydantic`` extra) asks for output of that shape: see
        ``Snapshot.parsed_output``.
        """
        vendor_options, options = split_run_arguments(arguments)
        return self._run(self._engine.perform(self._run_steps(vendor, task, vendor_options, output_type), options))

    def get(self, handle: Handle[Any], **options: Unpack[RequestOptions]) -> Snapshot[Any]:
        """Return where the work of ``handle`` is now."""
        return self._run(self._engine.perform(self._get_steps(handle), options))

    def results(self, handle: Handle[Any], **options: Unpack[RequestOptions]) -> TaskResults[Any]:
        """Return what the work of ``handle`` produced: BrowserAI's step results, a Browser-Use v4 run's output."""
        return self._run(self._engine.perform(self._results_steps(handle), options))

    def wait(
        self,
        handle: Handle[Any],
        *,
        timeout: float | None = _constants.WAIT_TIMEOUT,
        poll_interval: float = _constants.POLL_INTERVAL,
        max_interval: float | None = None,
        on_progress: Progress | None = None,
        poll_options: RequestOptions | None = None,
    ) -> Snapshot[Any]:
        """Poll until the work ends and return its last snapshot; raise WaitTimeoutError after ``timeout`` seconds.

        ``timeout=None`` waits for as long as it takes; ``poll_options`` are each poll's request options. Ctrl-C
        interrupts the wait at once and leaves the work running; nothing of the wait stays behind.
        """
        program = self._wait_program(
            handle, timeout=timeout, poll_interval=poll_interval, max_interval=max_interval, on_progress=on_progress,
            poll_options=poll_options,
        )  # fmt: skip
        return self._run(program)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """Return a client with other options (None keeps this one's) sharing its connections, keys and rate limits.

        ``default_headers`` are added to this client's (a name it has already is replaced). Closing either client
        closes the connections they share; the next request opens new ones.
        """
        return self._derived(timeout, deadline, max_retries, default_headers)

    @property
    def with_raw_response(self) -> RawBrowserClients:
        """This client's methods, each returning a RawResponse: status, headers, request id, and ``parse()``."""
        return RawBrowserClients(self)

    @property
    def browserai(self) -> BrowserAI[Sync]:
        """Every BrowserAI operation, with the generated typed models."""
        from browser_clients._vendors.browserai.surface import BrowserAI

        return BrowserAI(self._call, self._pages)

    @property
    def browser_use(self) -> BrowserUse[Sync]:
        """Every Browser-Use v3 operation, with the generated typed models."""
        from browser_clients._vendors.browser_use.surface import BrowserUse

        return BrowserUse(self._call, self._pages)

    @property
    def browser_use_v4(self) -> BrowserUseV4[Sync]:
        """Every Browser-Use v4 operation this package covers, with the generated typed models."""
        from browser_clients._vendors.browser_use_v4.surface import BrowserUseV4

        return BrowserUseV4(self._call, self._pages)

    def _pages(self, listing: Listing[T]) -> Pages[T]:
        return Pages(lambda call: self._call(call._replace(options=listing.options)), listing.walks)

    def close(self) -> None:
        """Close the connections this client opened (not those of an ``http_client`` you passed in)."""
        wire = self._pool.wire
        if wire is not None and wire.owned:
            self._pool.wire = None
            if wire.born == Forks.seen:  # not the connections of the process this one was forked from
                wire.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncBrowserClients(_Base):
    """The asynchronous twin of BrowserClients: the same methods, awaited."""

    def __init__(self, *, http_client: httpx.AsyncClient | None = None, **options: Unpack[ClientOptions]) -> None:
        self._engine = _engine(options)
        wire: AiohttpWire | AsyncWire | ThreadedWire | None = None if http_client is None else AsyncWire(http_client)
        self._pool: _Pool[AiohttpWire | AsyncWire | ThreadedWire] = _Pool(wire)

    @classmethod
    def _over(cls, engine: Engine, wire: ThreadedWire | None) -> AsyncBrowserClients:
        """Return a client over ``engine`` (accounts, retry policy, pauses) and ``wire`` (None: its own)."""
        clients = cls.__new__(cls)  # no __init__: it would build a second engine from the environment
        clients._engine = engine
        clients._pool = _Pool(wire)
        return clients

    def _wire(self) -> AiohttpWire | AsyncWire | ThreadedWire:
        wire = self._pool.wire
        if wire is None or (wire.owned and wire.born != Forks.seen):  # a forked child never shares connections
            wire = self._pool.wire = AiohttpWire()
        return wire

    async def _run(self, program: Program[T]) -> T:
        """Carry ``program`` out: send each Request, sleep each Sleep; return what it returns."""
        wire = self._wire()
        try:
            effect = next(program)
            while True:
                if isinstance(effect, Sleep):
                    await _sleep(effect.seconds)
                    effect = program.send(None)
                    continue
                try:
                    answer = await wire.send(effect)
                except httpx.RequestError as exc:
                    effect = program.throw(exc)
                else:
                    effect = program.send(answer)
        except StopIteration as end:
            done: T = end.value
            return done

    async def _call(self, call: Call[T]) -> T:
        return await self._run(self._engine.perform(single(call), call.options))

    async def _closing(self, work: Awaitable[T]) -> T:
        """Await ``work``, then close this client's own connections (a sync client's bulk twin)."""
        try:
            return await work
        finally:
            await self.aclose()

    async def _sweep(
        self,
        plan: SweepPlan,
        *,
        concurrency: int,
        options: Mapping[str, Any],
        on_progress: _bulk.Progress | None = None,
        on_found: _bulk.Found | None = None,
    ) -> SweepReport:
        engine = self._engine
        return await _bulk.sweep(
            lambda steps: self._run(engine.perform(steps, options)),
            plan,
            concurrency=concurrency,
            on_progress=on_progress,
            on_found=on_found,
        )

    async def stop(
        self,
        vendor: Vendor | str | Handle[Any],
        id: Id | None = None,
        *,
        strategy: StopStrategy | str | None = None,
        session_id: Id | None = None,
        **options: Unpack[RequestOptions],
    ) -> StopResult[Any]:
        """Stop work, given its Handle or its vendor and id (Browser-Use v3: ``strategy="task"`` keeps the session).

        Any 2xx answer is a stop that happened: it never raises, whatever the body. ``session_id`` is the
        deprecated name of ``id``.
        """
        return await self._run(self._engine.perform(self._stop_steps(vendor, id, strategy, session_id), options))

    async def stop_many(
        self,
        vendor: Vendor | str,
        ids: Iterable[Id] | None = None,
        *,
        concurrency: int = _constants.CONCURRENCY,
        strategy: StopStrategy | str | None = None,
        on_progress: _bulk.Progress | None = None,
        session_ids: Iterable[Id] | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[StopOutcome]:
        """Stop every id, ``concurrency`` at a time; return one StopOutcome per id, in order, failures included.

        A 2xx answer is a stop that happened, whatever its body; a 404 is an outcome that is ``already_ended``. An
        id given twice is stopped once. ``session_ids`` is the deprecated name of ``ids``.
        """
        chosen, given = Vendor.parse(vendor), _ids(ids, session_ids)
        concurrency = _bulk.check_concurrency(concurrency)
        stop = self._stopper(chosen, strategy, options)
        return await _bulk.stop_many(stop, chosen, given, concurrency=concurrency, on_progress=on_progress)

    def _stopper(self, vendor: Vendor, strategy: Any, options: Mapping[str, Any]) -> Any:
        """Return the stop of one id of ``vendor``, with ``options``: what stop_many sends for each id."""
        engine = self._engine

        def stop(id: Id) -> Any:
            return self._run(engine.perform(self._stop_steps(vendor, id, strategy, None), options))

        return stop

    async def _stop_each(
        self,
        vendor: Vendor | str,
        ids: Iterable[Id],
        on_outcome: _bulk.Outcomes,
        *,
        concurrency: int,
        strategy: Any,
        options: Mapping[str, Any],
    ) -> None:
        """Stop every id as ``ids`` yields it, telling ``on_outcome(position, outcome)``; keep no outcome."""
        chosen = Vendor.parse(vendor)
        stop = self._stopper(chosen, strategy, options)
        concurrency = _bulk.check_concurrency(concurrency)
        await _bulk.stop_each(stop, chosen, ids, concurrency=concurrency, on_outcome=on_outcome)

    async def active(self, vendor: Vendor | str, **options: Unpack[AttemptOptions]) -> list[ActiveWork]:
        """Return every active piece of the work ``vendor`` names: ``browser-use`` every API of the account.

        ``browser-use-v4`` names v4 alone. An API of the account not enabled for the project (a 403) is left out,
        with a warning. Raises InvalidArgumentError for a vendor that publishes no way to list its work (BrowserAI).
        """
        plan = self._sweep_plan(vendor, True, None, 1)
        report = await self._sweep(plan, concurrency=_constants.CONCURRENCY, options=options)
        return _listed(report)

    async def stop_all(
        self,
        vendor: Vendor | str,
        *,
        dry_run: bool = False,
        concurrency: int = _constants.CONCURRENCY,
        deadline: float | None = _constants.SWEEP_DEADLINE,
        max_passes: int = _constants.SWEEP_MAX_PASSES,
        on_progress: _bulk.Progress | None = None,
        on_found: _bulk.Found | None = None,
        **options: Unpack[AttemptOptions],
    ) -> SweepReport:
        """Stop all the active work ``vendor`` names (as active()), sweeping until a pass finds nothing new to stop.

        Every kind of work is listed at once and each piece stopped as soon as its page arrives, ``concurrency``
        requests in flight; each is stopped once (plus retries), and a 404 counts as already ended. No pass starts
        after ``deadline`` seconds or past ``max_passes``. ``dry_run`` lists once and stops nothing. An API of the
        account not enabled for the project (a 403 to its listing) is named in ``SweepReport.skipped``.
        ``on_found`` is called with each piece of work as it is listed, ``on_progress`` with each stop's outcome.
        """
        plan = self._sweep_plan(vendor, dry_run, deadline, max_passes)
        concurrency = _bulk.check_concurrency(concurrency)
        return await self._sweep(
            plan, concurrency=concurrency, options=options, on_progress=on_progress, on_found=on_found
        )

    async def run(
        self,
        vendor: Vendor | str,
        task: str,
        *,
        output_type: type[Any] | None = None,
        **arguments: Unpack[RunArguments],
    ) -> Handle[Any]:
        """Start ``task`` on ``vendor`` and return its handle at once, without waiting for the work.

        The keywords are the vendor's run() options and the request options. ``output_type`` (a pydantic model,
        dataclass or TypedDict; needs the ``pydantic`` extra) asks for output of that shape: see
        ``Snapshot.parsed_output``.
        """
        vendor_options, options = split_run_arguments(arguments)
        steps = self._run_steps(vendor, task, vendor_options, output_type)
        return await self._run(self._engine.perform(steps, options))

    async def get(self, handle: Handle[Any], **options: Unpack[RequestOptions]) -> Snapshot[Any]:
        """Return where the work of ``handle`` is now."""
        return await self._run(self._engine.perform(self._get_steps(handle), options))

    async def results(self, handle: Handle[Any], **options: Unpack[RequestOptions]) -> TaskResults[Any]:
        """Return what the work of ``handle`` produced: BrowserAI's step results, a Browser-Use v4 run's output."""
        return await self._run(self._engine.perform(self._results_steps(handle), options))

    async def wait(
        self,
        handle: Handle[Any],
        *,
        timeout: float | None = _constants.WAIT_TIMEOUT,
        poll_interval: float = _constants.POLL_INTERVAL,
        max_interval: float | None = None,
        on_progress: Progress | None = None,
        poll_options: RequestOptions | None = None,
    ) -> Snapshot[Any]:
        """Poll until the work ends and return its last snapshot; raise WaitTimeoutError after ``timeout`` seconds.

        ``timeout=None`` waits for as long as it takes; ``poll_options`` are each poll's request options.
        Cancelling the awaiting task ends the wait at once and leaves the work running; nothing of the wait stays
        behind.
        """
        program = self._wait_program(
            handle, timeout=timeout, poll_interval=poll_interval, max_interval=max_interval, on_progress=on_progress,
            poll_options=poll_options,
        )  # fmt: skip
        return await self._run(program)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """Return a client with other options (None keeps this one's) sharing its connections, keys and rate limits.

        ``default_headers`` are added to this client's (a name it has already is replaced). Closing either client
        closes the connections they share; the next request opens new ones.
        """
        return self._derived(timeout, deadline, max_retries, default_headers)

    @property
    def with_raw_response(self) -> AsyncRawBrowserClients:
        """This client's methods, each returning a RawResponse: status, headers, request id, and ``parse()``."""
        return AsyncRawBrowserClients(self)

    @property
    def browserai(self) -> BrowserAI[Async]:
        """Every BrowserAI operation, with the generated typed models."""
        from browser_clients._vendors.browserai.surface import BrowserAI

        return BrowserAI(self._call, self._pages)

    @property
    def browser_use(self) -> BrowserUse[Async]:
        """Every Browser-Use v3 operation, with the generated typed models."""
        from browser_clients._vendors.browser_use.surface import BrowserUse

        return BrowserUse(self._call, self._pages)

    @property
    def browser_use_v4(self) -> BrowserUseV4[Async]:
        """Every Browser-Use v4 operation this package covers, with the generated typed models."""
        from browser_clients._vendors.browser_use_v4.surface import BrowserUseV4

        return BrowserUseV4(self._call, self._pages)

    def _pages(self, listing: Listing[T]) -> AsyncPages[T]:
        return AsyncPages(lambda call: self._call(call._replace(options=listing.options)), listing.walks)

    async def aclose(self) -> None:
        """Close the connections this client opened (not those of an ``http_client`` you passed in)."""
        wire = self._pool.wire
        if wire is not None and wire.owned:
            self._pool.wire = None
            if wire.born == Forks.seen:  # not the connections of the process this one was forked from
                await wire.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


async def _sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


def _raw_send(clients: Any) -> Any:
    """Return the ``send`` of a raw surface over ``clients``: each call on a capturing twin, as a RawResponse."""

    def send(call: Call[Any]) -> Any:
        twin, capture = clients._capturing()
        return response_of(capture, twin._call(call))

    return send


def _async_raw_send(clients: Any) -> Any:
    """Return the ``send`` of a raw surface over async ``clients``: each call awaited on a capturing twin."""

    async def send(call: Call[Any]) -> Any:
        twin, capture = clients._capturing()
        return response_of(capture, await twin._call(call))

    return send


class RawBrowserClients(RawView):
    """BrowserClients' methods, each returning a RawResponse of what the plain call returns."""

    stop = raw(BrowserClients.stop)
    run = raw(BrowserClients.run)
    get = raw(BrowserClients.get)
    results = raw(BrowserClients.results)
    wait = raw(BrowserClients.wait)
    """The last poll's answer, with the final snapshot as its ``parse()``."""

    @property
    def browserai(self) -> BrowserAI[Raw]:
        """Every BrowserAI operation, each returning a RawResponse."""
        from browser_clients._vendors.browserai.surface import BrowserAI

        return BrowserAI(_raw_send(self._clients))

    @property
    def browser_use(self) -> BrowserUse[Raw]:
        """Every Browser-Use v3 operation, each returning a RawResponse."""
        from browser_clients._vendors.browser_use.surface import BrowserUse

        return BrowserUse(_raw_send(self._clients))

    @property
    def browser_use_v4(self) -> BrowserUseV4[Raw]:
        """Every Browser-Use v4 operation this package covers, each returning a RawResponse."""
        from browser_clients._vendors.browser_use_v4.surface import BrowserUseV4

        return BrowserUseV4(_raw_send(self._clients))


class AsyncRawBrowserClients(RawView):
    """AsyncBrowserClients' methods, each returning (awaited) a RawResponse of what the plain call returns."""

    stop = araw(AsyncBrowserClients.stop)
    run = araw(AsyncBrowserClients.run)
    get = araw(AsyncBrowserClients.get)
    results = araw(AsyncBrowserClients.results)
    wait = araw(AsyncBrowserClients.wait)
    """The last poll's answer, with the final snapshot as its ``parse()``."""

    @property
    def browserai(self) -> BrowserAI[AsyncRaw]:
        """Every BrowserAI operation, each returning a RawResponse."""
        from browser_clients._vendors.browserai.surface import BrowserAI

        return BrowserAI(_async_raw_send(self._clients))

    @property
    def browser_use(self) -> BrowserUse[AsyncRaw]:
        """Every Browser-Use v3 operation, each returning a RawResponse."""
        from browser_clients._vendors.browser_use.surface import BrowserUse

        return BrowserUse(_async_raw_send(self._clients))

    @property
    def browser_use_v4(self) -> BrowserUseV4[AsyncRaw]:
        """Every Browser-Use v4 operation this package covers, each returning a RawResponse."""
        from browser_clients._vendors.browser_use_v4.surface import BrowserUseV4

        return BrowserUseV4(_async_raw_send(self._clients))


__all__ = ["AsyncBrowserClients", "BrowserClients", "ClientOptions"]
