"""Vendor-neutral views of started work: a handle to it, a snapshot of where it is, and BrowserAI's step results."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from browser_clients._errors import InvalidArgumentError
from browser_clients._results import CommonStatus, answer
from browser_clients._structured import check_output_type, validate
from browser_clients._vendor import Vendor

if TYPE_CHECKING:
    from browser_use_client.models.session_view import SessionView
    from browserai_client.models.create_task_response import CreateTaskResponse
    from browserai_client.models.get_results_response import GetResultsResponse
    from browserai_client.models.get_task_response import GetTaskResponse
    from browserai_client.models.task_step_result import TaskStepResult

T = TypeVar("T")


@dataclass(frozen=True)
class Handle:
    """Work started on a vendor: a BrowserAI task (its executionId) or a Browser-Use session (its id).

    Two handles are equal when vendor and id are; ``created`` is the vendor's answer to the start, when this
    process started the work (a handle rebuilt from a stored id has none); ``output_type`` is run()'s, which
    the snapshots of this handle read their output into (``Snapshot.parsed_output``).
    """

    vendor: Vendor
    id: str
    created: CreateTaskResponse | SessionView | None = field(default=None, compare=False, repr=False)
    output_type: type[Any] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, vendor: Vendor | str, id: str | uuid.UUID, *, output_type: type[Any] | None = None) -> Handle:
        """Return the handle of work you know by vendor name and id, e.g. one stored by an earlier run."""
        return cls(
            Vendor.parse(vendor), str(id), output_type=None if output_type is None else check_output_type(output_type)
        )

    def __str__(self) -> str:
        return f"{self.vendor.value}:{self.id}"


@dataclass(frozen=True)
class Costs:
    """What a Browser-Use session has cost so far, in USD, and the limit set for it (None when unset)."""

    total: Decimal
    llm: Decimal | None = None
    proxy: Decimal | None = None
    browser: Decimal | None = None
    limit: Decimal | None = None

    def to_dict(self) -> dict[str, str | None]:
        """Return the amounts as decimal strings, so no JSON float rounds them."""
        return {
            name: None if value is None else str(value)
            for name, value in (
                ("total", self.total),
                ("llm", self.llm),
                ("proxy", self.proxy),
                ("browser", self.browser),
                ("limit", self.limit),
            )
        }


def _iso(moment: datetime.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


@dataclass(frozen=True)
class Snapshot:
    """Where started work is, in words both vendors share, with the vendor's own typed model beside them.

    ``status`` is the common status; ``raw_status`` the vendor's word for it (kept whatever it is, so a status
    no document lists, or one that cannot be read, shows up as UNKNOWN with its value). ``model`` is the vendor's
    typed model, None only when the answer could not be read into one at all; ``raw`` the answer as sent. Fields a
    vendor does not report are None: BrowserAI reports no steps, summary or costs in its task metadata (see
    ``results()`` for its steps).
    """

    vendor: Vendor
    id: str
    status: CommonStatus
    raw_status: str | None
    model: GetTaskResponse | SessionView | None = field(repr=False)
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
    def handle(self) -> Handle:
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
            "response": answer(self.model, self.raw),
        }


@dataclass(frozen=True)
class TaskResults:
    """A BrowserAI task's results: its status and each step the agent took, as the generated TaskStepResult."""

    vendor: Vendor
    id: str
    status: CommonStatus
    raw_status: str | None
    steps: tuple[TaskStepResult, ...]
    model: GetResultsResponse = field(repr=False)
    started_at: datetime.datetime | None = None
    completed_at: datetime.datetime | None = None

    @property
    def last_step_summary(self) -> str | None:
        """Return the model output of the last step, if any step reported one."""
        for step in reversed(self.steps):
            if isinstance(step.model_output, str) and step.model_output:
                return step.model_output
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
            "response": self.model.to_dict(),
        }
