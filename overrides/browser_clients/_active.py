"""Active work, vendor-neutral: what ``clients.active(vendor)`` lists and ``stop_all`` stops.

A vendor that can list its work says where the active work is as ActiveSources (see ``_contract.ListsActiveWork``):
for each kind of work, the walk through its list, how to read one listed item (None when it is not active, as the
list's own filter is checked again here), how to stop one, and how to read the cost a stop answer reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from browser_clients._results import CommonStatus, StopResult
from browser_clients._vendor import Vendor

if TYPE_CHECKING:
    from browser_clients._call import Call
    from browser_clients._pages import Walk


class WorkKind(StrEnum):
    """What a piece of active work is: an agent session (a task runs in it) or a browser session on its own."""

    AGENT_SESSION = "agent_session"
    BROWSER_SESSION = "browser_session"


@dataclass(frozen=True)
class ActiveWork:
    """One active piece of work: its vendor, kind, id, common and raw status, and the cost so far (where reported).

    ``model`` is the vendor's typed model of the listed item (e.g. SessionView or BrowserSessionView).
    """

    vendor: Vendor
    kind: WorkKind
    id: str
    status: CommonStatus
    raw_status: str | None
    cost: Decimal | None
    model: Any = field(default=None, repr=False, compare=False)

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


@dataclass(frozen=True)
class ActiveSource:
    """Where one kind of active work is listed and how each piece of it is stopped."""

    kind: WorkKind
    walks: Callable[[], Walk[Any]]
    """Start a walk through the list (browser_clients._pages): each call walks anew."""
    read: Callable[[Any], ActiveWork | None]
    """Return a listed item as ActiveWork, or None when it is not active (or carries no id to stop it by)."""
    stop_call: Callable[[str], Call[StopResult]]
    """Describe the stop of one piece of work: tolerant, so a 2xx answer is a stop that happened."""
    cost: Callable[[StopResult], Decimal | None]
    """Return the cost a stop answer reports, or None when it reports none."""


def collect(sources: Iterable[ActiveSource], listed: Callable[[ActiveSource], Iterable[Any]]) -> list[ActiveWork]:
    """Return the active work of every source (``listed`` gives a source's items), each id once, in list order."""
    found: dict[tuple[WorkKind, str], ActiveWork] = {}
    for source in sources:
        for item in listed(source):
            work = source.read(item)
            if work is not None:
                found.setdefault((work.kind, work.id), work)
    return list(found.values())
