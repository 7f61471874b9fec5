"""FakeInventory in an incident: hundreds of sessions, a loop creating more while they are stopped, and faults.

``incident()`` fills a fake with active and ended agent sessions and browser sessions over several pages, and
names the troublemakers: a session that vanishes (404 on its stop), one whose stop answers 429 once, and one
whose stop fails every time (500). ``spawn`` sessions are created at each of the first ``spawn_lists`` session
lists (the runaway loop); ``spawn_lists=None`` never stops creating. Every stop is counted per id.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler

from tests.lifecycle.fakes import Stage
from tests.lifecycle.inventory_fake import FakeInventory
from tests.support.loopback import Recorded, Reply

SESSION_COST = Decimal("0.25")
BROWSER_COST = Decimal("0.01")  # browserCost 0.01 + proxyCost 0
_STOP = re.compile(r"/(?:sessions/([^/?]+)/stop|browsers/([^/?]+))")
_ACTIVE = ("created", "idle", "running")
_ENDED = ("stopped", "timed_out", "error")


def _running(status: str) -> list[Stage]:
    return [Stage(status, fields={"totalCostUsd": str(SESSION_COST), "stepCount": 3})]


class SweepFake(FakeInventory):
    """FakeInventory with stop faults per id, a session-creating loop, and a count of stop requests per id."""

    def __init__(self) -> None:
        super().__init__()
        self.failing: set[str] = set()
        self.vanishing: set[str] = set()
        self.limited: set[str] = set()
        self.stops: Counter[str] = Counter()
        self.spawned: list[str] = []
        self.spawn = 0
        self.spawn_lists: int | None = 0
        self._lists = 0
        self.on_list = self._loop

    def _loop(self, _what: str) -> None:
        with self._lock:
            self._lists += 1
            if self.spawn_lists is None or self._lists <= self.spawn_lists:
                self.spawned += [self.add(_running("running")) for _ in range(self.spawn)]

    def active_ids(self) -> set[str]:
        """Return the ids of every active agent session and browser session."""
        with self._lock:
            sessions = {sid for sid, work in self.sessions.items() if work.stage().status in _ACTIVE}
            return sessions | {bid for bid, b in self.browsers.items() if b["status"] == "active"}

    def __call__(self, request: Recorded, handler: BaseHTTPRequestHandler) -> Reply:
        match = _STOP.fullmatch(request.raw_path)
        stopping = match is not None and request.method in ("POST", "PATCH") and (match[1] or match[2])
        if stopping:
            sid = match[1] or match[2]
            with self._lock:
                self.stops[sid] += 1
                if sid in self.failing:
                    return Reply(500, {"detail": "Internal Server Error"})
                if sid in self.limited:
                    self.limited.discard(sid)
                    return Reply(429, {"detail": "Too Many Requests"}, {"Retry-After": "0"})
                if sid in self.vanishing:
                    self.sessions.pop(sid, None)
                    return Reply(404, {"detail": "Session not found"})
        return super().__call__(request, handler)


@dataclass
class Incident:
    """What ``incident()`` made: the ids by role, to compare the sweep with."""

    active: list[str]
    ended: list[str]
    browsers: list[str]
    ended_browsers: list[str]
    failing: str
    vanishing: str
    limited: str
    costs: dict[str, Decimal] = field(default_factory=dict)


def incident(fake: SweepFake, sessions: int = 260, ended: int = 60, browsers: int = 30) -> Incident:
    """Fill ``fake``: active and ended sessions interleaved over several pages, active and stopped browsers."""
    active, gone = [], []
    for n in range(sessions + ended):
        if n % ((sessions + ended) // ended) == 0 and len(gone) < ended:
            gone.append(fake.add(_running(_ENDED[n % 3])))
        else:
            active.append(fake.add(_running(_ACTIVE[n % 3])))
    live = [fake.add_browser() for _ in range(browsers)]
    stopped = [fake.add_browser("stopped") for _ in range(5)]
    failing, vanishing, limited = active[7], active[len(active) // 2], active[-3]
    fake.failing.add(failing)
    fake.vanishing.add(vanishing)
    fake.limited.add(limited)
    return Incident(active, gone, live, stopped, failing, vanishing, limited)
