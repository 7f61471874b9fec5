"""The facade's public value types, vendor-neutral: what every call returns.

    CommonStatus     where work is, in words every vendor's statuses map to
    Handle           work started on a vendor: its vendor and id
    StopResult       what a stop did          StopOutcome   one id of stop_many(): its result or its error
    Snapshot, Costs  where work is now        TaskResults   what work produced
    WorkKind, ActiveWork                      a piece of active work, as active() lists it
    SweepState, SweptItem, SweepReport        what stop_all() did
    RawResponse      an answer's HTTP facts beside what the plain call returns

Each keeps the vendor's own typed model (``model``, generic in it) and, where an answer is read, the answer as
sent (``raw``): nothing a vendor said is lost.
"""

from __future__ import annotations

import collections
import datetime
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from browser_clients._contract import Vendor
from browser_clients._deprecation import renamed
from browser_clients._errors import APIStatusError, BrowserClientError, InvalidArgumentError, NotFoundError
from browser_clients._errors import request_id_of as _request_id_of
from browser_clients._structured import check_output_type, validate

if TYPE_CHECKING:
    import httpx

M = TypeVar("M")
T = TypeVar("T")


class CommonStatus(StrEnum):
    """Where a task, session or run is, in words every vendor's statuses map to."""

    QUEUED = "queued"
    RUNNING = "running"
    IDLE = "idle"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    STOPPED = "stopped"
    TIMED_OUT = "timed_out"
    UNKNOWN = "unknown"

    @property
    def is_terminal(self) -> bool:
        """Tell whether nothing more will happen without a new request."""
        return self in _TERMINAL


_TERMINAL = frozenset({CommonStatus.SUCCEEDED, CommonStatus.FAILED, CommonStatus.STOPPED, CommonStatus.TIMED_OUT})


def _iso(moment: datetime.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _answer(model: Any, raw: Any) -> Any:
    """Return the vendor's answer as sent: ``raw`` when kept, else the model's ``to_dict()``."""
    if raw is not None:
        return raw
    return None if model is None else model.to_dict()


@dataclass(frozen=True)
class Handle(Generic[M]):
    """Work started on a vendor: a task, session or run, by vendor and id.

    Two handles are equal when vendor and id are; ``created`` is the vendor's answer to the start, when this
    process started the work (a handle rebuilt from a stored id has none); ``output_type`` is run()'s, which the
    snapshots of this handle read their output into (``Snapshot.parsed_output``).
    """

    vendor: Vendor
    id: str
    created: M | None = field(default=None, compare=False, repr=False)
    output_type: type[Any] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, vendor: Vendor | str, id: str | uuid.UUID, *, output_type: type[Any] | None = None) -> Handle[Any]:
        """Return the handle of work you know by vendor name and id, e.g. one stored by an earlier run."""
        kind = None if output_type is None else check_output_type(output_type)
        return Handle(Vendor.parse(vendor), str(id), output_type=kind)

    def __str__(self) -> str:
        return f"{self.vendor.value}:{self.id}"


@dataclass(frozen=True)
class StopResult(Generic[M]):
    """What a stop did: the vendor, the id of the work, the common status, the vendor's raw status and answer.

    A 2xx answer is a stop that happened, whatever its body: ``model`` is the vendor's typed model when the answer
    could be read into one (else None), and ``raw`` is the answer as sent (its JSON, or its text when it was empty
    or not JSON). ``vendor`` is the API that stopped the work: another API of the same account than the one asked
    when the id was found there (``note`` says so).
    """

    vendor: Vendor
    id: str
    status: CommonStatus
    raw_status: str | None
    message: str | None
    model: M | None = field(repr=False)
    raw: Any = field(default=None, repr=False, compare=False)
    note: str | None = field(default=None, compare=False)
    """How the stop found the work, when it was not where it was asked for."""

    @property
    def session_id(self) -> str:
        """Return ``id`` (deprecated name, removed in 0.3)."""
        renamed("StopResult.session_id", "StopResult.id")
        return self.id

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict, with the vendor's answer as the vendor sent it.

        ``session_id`` repeats ``id`` for scripts written against 0.1; it goes away in 0.3.
        """
        found = {"note": self.note} if self.note else {}
        return {
            "vendor": self.vendor.value,
            "id": self.id,
            "session_id": self.id,
            "status": self.status.value,
            "raw_status": self.raw_status,
            "message": self.message,
            "response": _answer(self.model, self.raw),
            **found,
        }


@dataclass(frozen=True)
class StopOutcome:
    """What happened to one id of a ``stop_many``: its StopResult, or the error that kept it from stopping.

    A 404 is ``already_ended``: the work had ended (or never was) before the stop arrived.
    """

    vendor: Vendor
    id: str
    result: StopResult[Any] | None = None
    error: BrowserClientError | None = None

    def __post_init__(self) -> None:
        if (self.result is None) == (self.error is None):
            raise ValueError("a StopOutcome holds a result or an error, exactly one of them")

    @property
    def session_id(self) -> str:
        """Return ``id`` (deprecated name, removed in 0.3)."""
        renamed("StopOutcome.session_id", "StopOutcome.id")
        return self.id

    @property
    def ok(self) -> bool:
        """Tell whether the stop succeeded."""
        return self.error is None

    @property
    def already_ended(self) -> bool:
        """Tell whether the vendor answered 404: the work had ended, or never was, before the stop."""
        return isinstance(self.error, NotFoundError)

    def unwrap(self) -> StopResult[Any]:
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
            "already_ended": self.already_ended,
            "vendor": self.vendor.value,
            "id": self.id,
            "session_id": self.id,  # for scripts written against 0.1; goes away in 0.3
            "error": type(error).__name__,
            "message": str(error),
            "status_code": error.status_code if isinstance(error, APIStatusError) else None,
        }


@dataclass(frozen=True)
class Costs:
    """What work has cost so far, in USD, and the limit set for it (None when unset)."""

    total: Decimal
    llm: Decimal | None = None
    proxy: Decimal | None = None
    browser: Decimal | None = None
    limit: Decimal | None = None

    def to_dict(self) -> dict[str, str | None]:
        """Return the amounts as decimal strings, so no JSON float rounds them."""
        amounts = (("total", self.total), ("llm", self.llm), ("proxy", self.proxy), ("browser", self.browser))
        return {name: None if value is None else str(value) for name, value in (*amounts, ("limit", self.limit))}


@dataclass(frozen=True)
class Snapshot(Generic[M]):
    """Where started work is, in words every vendor shares, with the vendor's own typed model beside them.

    ``status`` is the common status; ``raw_status`` the vendor's word for it (kept whatever it is, so a status no
    document lists, or one that cannot be read, shows up as UNKNOWN with its value). ``model`` is the vendor's
    typed model, None only when the answer could not be read into one at all; ``raw`` the answer as sent. Fields a
    vendor does not report are None.
    """

    vendor: Vendor
    id: str
    status: CommonStatus
    raw_status: str | None
    model: M | None = field(repr=False)
    step_count: int | None = None
    last_step_summary: str | None = None
    costs: Costs | None = None
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    started_at: datetime.datetime | None = None
    finished_at: datetime.datetime | None = None
    output: Any = None
    raw: Any = field(default=None, repr=False, compare=False)
    """The vendor's answer as sent (its JSON, or its text when it was not JSON): nothing it said is lost."""
    output_type: type[Any] | None = field(default=None, repr=False, compare=False)
    """run()'s output_type, carried over from the handle: what ``parsed_output`` reads the output into."""

    @property
    def handle(self) -> Handle[Any]:
        """Return the handle of the work this snapshot shows."""
        return Handle(self.vendor, self.id, output_type=self.output_type)

    @property
    def parsed_output(self) -> Any:
        """Return the output read into run()'s ``output_type``, or None while the work has no output yet.

        Raise OutputValidationError naming the field when the output does not fit (``output`` keeps it as sent),
        and InvalidArgumentError when the work was not started with an output_type (see ``output_as``).
        """
        if self.output_type is None:
            raise InvalidArgumentError("this work has no output_type: pass run(..., output_type=T) or use output_as(T)")
        return self.output_as(self.output_type)

    def output_as(self, output_type: type[T]) -> T | None:
        """Return the output read into ``output_type`` (a pydantic model, dataclass or TypedDict), None if none yet."""
        if self.output is None:
            return None
        return validate(output_type, self.output, self.vendor.value)

    @property
    def is_terminal(self) -> bool:
        """Tell whether the work has ended (succeeded, failed, stopped or timed out)."""
        return self.status.is_terminal

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: amounts as decimal strings, times in ISO 8601, the vendor's body as sent."""
        return {
            "vendor": self.vendor.value,
            "id": self.id,
            "status": self.status.value,
            "raw_status": self.raw_status,
            "is_terminal": self.is_terminal,
            "step_count": self.step_count,
            "last_step_summary": self.last_step_summary,
            "costs": None if self.costs is None else self.costs.to_dict(),
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at),
            "output": self.output,
            "response": _answer(self.model, self.raw),
        }


@dataclass(frozen=True)
class TaskResults(Generic[M]):
    """What work produced: its status, the steps it took and the files it left, where the vendor reports them.

    ``steps`` are the vendor's typed step models (BrowserAI's TaskStepResult), ``attachments`` its typed file
    models (Browser-Use v4's RunAttachment); ``model`` the vendor's whole answer.
    """

    vendor: Vendor
    id: str
    status: CommonStatus
    raw_status: str | None
    steps: tuple[Any, ...]
    model: M = field(repr=False)
    started_at: datetime.datetime | None = None
    completed_at: datetime.datetime | None = None
    output: Any = None
    attachments: tuple[Any, ...] = ()

    @property
    def last_step_summary(self) -> str | None:
        """Return the model output of the last step, if any step reported one."""
        for step in reversed(self.steps):
            said = getattr(step, "model_output", None)
            if isinstance(said, str) and said:
                return said
        return None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict with the vendor's body as sent."""
        return {
            "vendor": self.vendor.value,
            "id": self.id,
            "status": self.status.value,
            "raw_status": self.raw_status,
            "started_at": _iso(self.started_at),
            "completed_at": _iso(self.completed_at),
            "step_count": len(self.steps),
            "last_step_summary": self.last_step_summary,
            "output": self.output,
            "attachments": [getattr(item, "to_dict", lambda item=item: item)() for item in self.attachments],
            "response": _answer(self.model, None),
        }


class WorkKind(str):
    """What a piece of active work is: an open set, each vendor naming its own kinds (``WorkKind("run")``)."""

    __slots__ = ()
    AGENT_SESSION: ClassVar[WorkKind]
    BROWSER_SESSION: ClassVar[WorkKind]

    @property
    def value(self) -> str:
        """Return the kind's name, as ``str(kind)`` does."""
        return str(self)

    @property
    def label(self) -> str:
        """Return the kind's name for people: ``agent session``."""
        return self.replace("_", " ")

    def __repr__(self) -> str:
        return f"WorkKind({str(self)!r})"


WorkKind.AGENT_SESSION = WorkKind("agent_session")
WorkKind.BROWSER_SESSION = WorkKind("browser_session")


@dataclass(frozen=True)
class ActiveWork:
    """One active piece of work: its vendor, kind, id, common and raw status, and the cost so far (where reported).

    ``model`` is the vendor's typed model of the listed item; ``parent`` the id of the work it belongs to, where
    that matters to stopping it (a queued message's session).
    """

    vendor: Vendor
    kind: WorkKind
    id: str
    status: CommonStatus
    raw_status: str | None
    cost: Decimal | None
    model: Any = field(default=None, repr=False, compare=False)
    parent: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (the cost as a decimal string, or None)."""
        return {
            "vendor": self.vendor.value,
            "kind": self.kind.value,
            "id": self.id,
            "status": self.status.value,
            "raw_status": self.raw_status,
            "cost": None if self.cost is None else str(self.cost),
        }


class SweepState(StrEnum):
    """What a sweep did to one piece of work."""

    STOPPED = "stopped"
    ALREADY_ENDED = "already_ended"
    FAILED = "failed"
    FOUND = "found"
    """Listed by a dry run, and left alone."""


@dataclass(frozen=True)
class SweptItem:
    """One piece of work a sweep found: what it was, what happened to it, and the cost it had reached.

    ``cost`` is the cost the stop answer reports, else the one listed, else None. ``outcome`` is the stop's
    StopOutcome (None in a dry run); ``sweep_pass`` the pass (from 1) that found it.
    """

    work: ActiveWork
    state: SweepState
    cost: Decimal | None
    sweep_pass: int
    outcome: StopOutcome | None = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        """Return the id of the work."""
        return self.work.id

    @property
    def kind(self) -> WorkKind:
        """Return the kind of the work."""
        return self.work.kind

    @property
    def error(self) -> BrowserClientError | None:
        """Return the error that kept the work from stopping (None unless FAILED or ALREADY_ENDED)."""
        return None if self.outcome is None else self.outcome.error

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: the work, the state, the cost, and the error if any."""
        error = self.error
        return {
            **self.work.to_dict(),
            "state": self.state.value,
            "cost": None if self.cost is None else str(self.cost),
            "pass": self.sweep_pass,
            "error": None if error is None else type(error).__name__,
            "message": None if error is None else str(error),
        }


def count_kinds(works: Any) -> str:
    """Return how many of each kind ``works`` (ActiveWork or SweptItem) hold, most first: ``300 agent sessions,
    2 runs``."""
    counts: dict[WorkKind, int] = {}
    for work in works:
        counts[work.kind] = counts.get(work.kind, 0) + 1
    most = sorted(counts.items(), key=lambda kind_and_count: (-kind_and_count[1], kind_and_count[0]))
    return ", ".join(f"{n} {kind.label}{'' if n == 1 else 's'}" for kind, n in most) or "nothing"


@dataclass(frozen=True)
class SweepReport:
    """What stop_all() did: every piece of work it found, in the order found, and whether the sweep finished.

    ``complete`` is True when the last pass found nothing new to stop (or the dry run listed), False when the
    deadline or ``max_passes`` ended the sweep first. ``ok`` is True when it is complete and nothing failed.
    ``skipped`` names each API of the account the sweep could not list, with why (e.g. not enabled for the
    project); ``listing_seconds`` and ``stopping_seconds`` say how long the sweep spent on each, summed over its
    passes: a pass lists until its last page has arrived, and stops from its first stop sent to its last answer.
    """

    vendor: Vendor
    items: tuple[SweptItem, ...]
    passes: int
    complete: bool
    dry_run: bool = False
    skipped: tuple[tuple[Vendor, str], ...] = ()
    listing_seconds: float = 0.0
    stopping_seconds: float = 0.0

    def _in(self, state: SweepState) -> tuple[SweptItem, ...]:
        return tuple(item for item in self.items if item.state is state)

    @property
    def stopped(self) -> tuple[SweptItem, ...]:
        """Return the work this sweep stopped."""
        return self._in(SweepState.STOPPED)

    @property
    def already_ended(self) -> tuple[SweptItem, ...]:
        """Return the work that had ended (or vanished) before its stop arrived: a 404."""
        return self._in(SweepState.ALREADY_ENDED)

    @property
    def failed(self) -> tuple[SweptItem, ...]:
        """Return the work whose stop failed, each with its error."""
        return self._in(SweepState.FAILED)

    @property
    def found(self) -> tuple[SweptItem, ...]:
        """Return the work a dry run listed."""
        return self._in(SweepState.FOUND)

    @property
    def total_cost(self) -> Decimal:
        """Return the sum of the costs the work had reached, where reported."""
        return sum((item.cost for item in self.items if item.cost is not None), Decimal(0))

    @property
    def ok(self) -> bool:
        """Tell whether the sweep finished with nothing failed."""
        return self.complete and not self.failed

    def __repr__(self) -> str:
        # The items counted by state, not written out: a report of thousands of items stays one short line (and
        # asyncio.run, which formats its main task's result on the way out, does not spend a megabyte on it).
        states = collections.Counter(item.state for item in self.items)
        counted = ", ".join(f"{n} {state.value}" for state, n in states.items())
        return (
            f"SweepReport(vendor={self.vendor!r}, items=<{len(self.items)}{': ' if counted else ''}{counted}>, "
            f"passes={self.passes}, complete={self.complete}, dry_run={self.dry_run}, skipped={self.skipped!r}, "
            f"listing_seconds={self.listing_seconds:.3f}, stopping_seconds={self.stopping_seconds:.3f})"
        )

    def summary(self) -> str:
        """Return one line for people: the counts, the cost, the passes and whether the sweep finished."""
        skipped = "".join(f"; {vendor.value} skipped: {why}" for vendor, why in self.skipped)
        if self.dry_run:
            line = f"found {len(self.items)} active ({count_kinds(self.items)}), cost so far ${self.total_cost}; "
            return line + "nothing stopped (dry run)" + skipped
        line = (
            f"stopped {len(self.stopped)}, already ended {len(self.already_ended)}, failed {len(self.failed)}; "
            f"cost reached ${self.total_cost}; {self.passes} pass{'' if self.passes == 1 else 'es'} "
            f"(listing {self.listing_seconds:.1f} s, stopping {self.stopping_seconds:.1f} s)"
        )
        line += skipped
        return line if self.complete else line + "; INCOMPLETE: the deadline or max passes ended the sweep"

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as a JSON-ready dict (the items are each ``SweptItem.to_dict()``)."""
        return {
            "summary": True,
            "vendor": self.vendor.value,
            "dry_run": self.dry_run,
            "complete": self.complete,
            "ok": self.ok,
            "passes": self.passes,
            "found": len(self.items),
            "stopped": len(self.stopped),
            "already_ended": len(self.already_ended),
            "failed": len(self.failed),
            "total_cost": str(self.total_cost),
            "skipped": {vendor.value: why for vendor, why in self.skipped},
            "listing_seconds": round(self.listing_seconds, 3),
            "stopping_seconds": round(self.stopping_seconds, 3),
        }


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    """An answer's HTTP facts and the result the plain call returns (``parse()``).

    The request's method and URL are kept, never its headers: they carry the API key.
    """

    status_code: int
    headers: httpx.Headers
    content: bytes = field(repr=False)
    method: str
    url: str
    elapsed: datetime.timedelta
    """How long the answer took, from sending the request to its last byte (the last attempt's)."""
    retries_taken: int
    _parsed: T = field(repr=False)

    @property
    def request_id(self) -> str | None:
        """Return the request id the vendor sent, if any."""
        return _request_id_of(self.headers)

    @property
    def text(self) -> str:
        """Return the body as text (undecodable bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """Return the body decoded as JSON."""
        return json.loads(self.content)

    def parse(self) -> T:
        """Return what the plain call returns."""
        return self._parsed
