"""Vendor-neutral results: one status vocabulary and one stop result for both vendors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from browser_clients._vendor import Vendor

if TYPE_CHECKING:
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


@dataclass(frozen=True)
class StopResult:
    """What a stop did: the vendor, the id, the common status, the vendor's raw status and its typed model."""

    vendor: Vendor
    session_id: str
    status: CommonStatus
    raw_status: str | None
    message: str | None
    model: StopTaskResponse | SessionView

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict, with the vendor's model as the vendor sent it."""
        return {
            "vendor": self.vendor.value,
            "session_id": self.session_id,
            "status": self.status.value,
            "raw_status": self.raw_status,
            "message": self.message,
            "response": self.model.to_dict(),
        }
