"""Decide, poll by poll, whether wait() is done, how long to pause, and when it has run out of time.

Both clients' ``wait`` loops are the same few lines of I/O around one WaitPlan: fetch a snapshot, ask the plan,
sleep (``time.sleep`` or ``asyncio.sleep``) for what it says. Nothing runs in the background, so an interrupted
or cancelled wait leaves nothing behind (and never stops the work itself).

When wait is done:

- at a terminal common status (succeeded, failed, stopped, timed out); Browser-Use's ``idle`` and ``stopped``
  become succeeded or failed once the session reports ``isTaskSuccessful`` (``_vendors/browser_use/statuses.py``),
  so a keep-alive session that returns to idle after its task ends the wait with the task's verdict;
- at ``idle`` after this wait has seen the work running: a keep-alive session whose task ended without a
  verdict (its task was stopped with ``strategy="task"``); the snapshot then says IDLE.

Idle before the task has run (a new session's sandbox is ready, the task not yet dispatched) and statuses no
document lists (UNKNOWN) keep the wait going until the timeout.

The pause starts at ``poll_interval`` and grows by half each time a poll shows no progress (same status and step
count), up to ``max_interval``; any progress resets it, so a busy task is watched closely and a slow one cheaply.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from browser_clients._constants import POLL_BACKOFF, POLL_INTERVAL, POLL_MAX_INTERVAL, WAIT_TIMEOUT
from browser_clients._engine import Program, Sleep
from browser_clients._errors import ConfigurationError, WaitTimeoutError
from browser_clients._types import CommonStatus, Handle, Snapshot

Progress = Callable[[Snapshot[Any]], None]
"""Called with every snapshot wait() fetches, e.g. to show progress."""


def _seconds(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise ConfigurationError(f"{name} must be a positive number of seconds, got {value!r}")
    return float(value)


class WaitPlan:
    """The decisions of one wait: done or not, the next pause, and the deadline."""

    def __init__(
        self,
        handle: Handle[Any],
        *,
        timeout: float | None = WAIT_TIMEOUT,
        poll_interval: float = POLL_INTERVAL,
        max_interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.handle = handle
        self.timeout = None if timeout is None else _seconds(timeout, "timeout")
        base = self.poll_interval = _seconds(poll_interval, "poll_interval")
        ceiling = POLL_MAX_INTERVAL if max_interval is None else _seconds(max_interval, "max_interval")
        self.max_interval = max(base, ceiling)
        self._clock = clock
        self._deadline = None if self.timeout is None else clock() + self.timeout
        self._interval = base
        self._seen_running = False
        self._last_progress: tuple[object, ...] | None = None
        self.polls = 0

    def is_done(self, snapshot: Snapshot[Any]) -> bool:
        """Tell whether ``snapshot`` ends the wait (see the module docstring)."""
        if snapshot.is_terminal:
            return True
        return snapshot.status is CommonStatus.IDLE and self._seen_running

    def after(self, snapshot: Snapshot[Any]) -> float | None:
        """Return None when ``snapshot`` ends the wait, else the seconds to pause; raise WaitTimeoutError when late."""
        self.polls += 1
        done = self.is_done(snapshot)
        if snapshot.status is CommonStatus.RUNNING:
            self._seen_running = True
        if done:
            return None
        now = self._clock()
        if self._deadline is not None and now >= self._deadline:
            raise WaitTimeoutError(
                f"{self.handle} did not finish within {self.timeout:g}s (last status {snapshot.status.value}, "
                f"vendor status {snapshot.raw_status!r}); the work goes on: wait again, or stop it",
                handle=self.handle,
                last_snapshot=snapshot,
                timeout=self.timeout,
            )
        progress = (snapshot.status, snapshot.raw_status, snapshot.step_count)
        if progress == self._last_progress:
            self._interval = min(self._interval * POLL_BACKOFF, self.max_interval)
        else:
            self._interval = self.poll_interval
        self._last_progress = progress
        if self._deadline is None:
            return self._interval
        # Never sleep past the deadline: the last poll happens at it, so the error carries the freshest snapshot.
        return min(self._interval, self._deadline - now)


def waiting(
    poll: Callable[[], Program[Snapshot[Any]]], plan: WaitPlan, on_progress: Progress | None
) -> Program[Snapshot[Any]]:
    """Return the program of a wait: poll, show the snapshot, ask the plan, sleep for what it says, until done."""
    while True:
        snapshot = yield from poll()
        if on_progress is not None:
            on_progress(snapshot)
        pause = plan.after(snapshot)
        if pause is None:
            return snapshot
        yield Sleep(pause)
