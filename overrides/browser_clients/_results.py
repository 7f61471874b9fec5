"""Vendor-neutral results: one status vocabulary and one stop result for both vendors."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from browser_clients._deprecation import renamed
from browser_clients._vendor import Vendor

if TYPE_CHECKING:
    from browser_use_client.models.browser_session_view import BrowserSessionView
    from browser_use_client.models.session_view import SessionView
    from browserai_client.models.stop_task_response import StopTaskResponse


class CommonStatus(StrEnum):
    """Where a task or session is, in words both vendors' statuses map to."""

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


@dataclass(frozen=True, init=False)
class StopResult:
    """What a stop did: the vendor, the id of the work, the common status, the vendor's raw status and answer.

    A 2xx answer is a stop that happened, whatever its body: ``model`` is the vendor's typed model when the
    answer could be read into one (else None), and ``raw`` is the answer as sent (its JSON, or its text when it
    was empty or not JSON), so nothing the vendor said is lost.
    """

    vendor: Vendor
    id: str
    status: CommonStatus
    raw_status: str | None
    message: str | None
    model: StopTaskResponse | SessionView | BrowserSessionView | None
    raw: Any = field(default=None, repr=False, compare=False)

    def __init__(  # noqa: PLR0917 (the dataclass's own __init__ took them by position: so does this one)
        self,
        vendor: Vendor,
        id: str,
        status: CommonStatus,
        raw_status: str | None,
        message: str | None,
        model: StopTaskResponse | SessionView | BrowserSessionView | None,
        raw: Any = None,
    ) -> None:
        # The frozen dataclass's own __init__, minus a trip through object.__setattr__ per field: every stop makes
        # one of these, and those trips cost more than the rest of reading its answer but the JSON.
        state = self.__dict__
        state["vendor"] = vendor
        state["id"] = id
        state["status"] = status
        state["raw_status"] = raw_status
        state["message"] = message
        state["model"] = model
        state["raw"] = raw

    @property
    def session_id(self) -> str:
        """Return ``id`` (deprecated name, removed in 0.3)."""
        renamed("StopResult.session_id", "StopResult.id")
        return self.id

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict, with the vendor's answer as the vendor sent it.

        ``session_id`` repeats ``id`` for scripts written against 0.1; it goes away in 0.3.
        """
        return {
            "vendor": self.vendor.value,
            "id": self.id,
            "session_id": self.id,
            "status": self.status.value,
            "raw_status": self.raw_status,
            "message": self.message,
            "response": answer(self.model, self.raw),
        }


def answer(model: Any, raw: Any) -> Any:
    """Return the vendor's answer as sent: ``raw`` when kept, else the model's ``to_dict()``."""
    if raw is not None:
        return raw
    return None if model is None else model.to_dict()
