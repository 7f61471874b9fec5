"""Load: 1,000 async stops, 64 in flight, against loopback: no errors, and nothing left open afterwards."""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
import uuid
from typing import Any

from browser_clients import AsyncBrowserClients, CommonStatus
from tests.support.loopback import Recorded, Reply, serve

STOPS = 1000
IN_FLIGHT = 64


def _descriptors() -> dict[str, str]:
    """Return this process's open file descriptors and what each one is (a socket, a pipe, a file)."""
    found = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            found[fd] = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # the directory listing's own descriptor, closed by now
    return found


def _settle(baseline: dict[str, str], give_up_after: float = 10.0) -> dict[str, str]:
    """Return the descriptors open beyond ``baseline`` once the server's threads had time to close theirs."""
    deadline = time.monotonic() + give_up_after
    while True:
        gc.collect()
        extra = {fd: what for fd, what in _descriptors().items() if baseline.get(fd) != what}
        if not extra or time.monotonic() > deadline:  # a hang guard: a leak stays, a closing socket goes
            return extra
        time.sleep(0.05)


async def test_a_thousand_async_stops_with_64_in_flight() -> None:
    lock = threading.Lock()
    now = {"in_flight": 0, "most": 0}

    def script(request: Recorded, _handler: Any) -> Reply:
        with lock:
            now["in_flight"] += 1
            now["most"] = max(now["most"], now["in_flight"])
        try:
            time.sleep(0.001)  # long enough for requests to overlap
            if request.raw_path.startswith("/tasks/"):
                return Reply(200, {"message": "Task stopped successfully"})
            session = request.raw_path.split("/")[2]
            return Reply(
                200,
                {
                    "id": session,
                    "status": "stopped",
                    "model": "bu-mini",
                    "createdAt": "2023-11-07T05:31:56Z",
                    "updatedAt": "2023-11-07T05:31:56Z",
                },
            )
        finally:
            with lock:
                now["in_flight"] -= 1

    baseline = _descriptors()
    ids = [(("browser-use", str(uuid.uuid4())) if i % 2 else ("browserai", f"task-{i}")) for i in range(STOPS)]
    with serve(script) as server:
        gate = asyncio.Semaphore(IN_FLIGHT)
        async with AsyncBrowserClients(
            browserai_api_key="a",
            browser_use_api_key="b",
            browserai_base_url=server.url,
            browser_use_base_url=server.url,
            max_retries=0,
        ) as clients:

            async def stop(vendor: str, ident: str) -> Any:
                async with gate:
                    return await clients.stop(vendor, ident)

            results = await asyncio.gather(*(stop(v, i) for v, i in ids), return_exceptions=True)
        served = len(server.requests)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    assert served == STOPS  # max_retries=0: not one request was repeated
    assert [(r.vendor.value, r.id) for r in results] == ids
    assert all(r.status is CommonStatus.STOPPED for r in results)
    assert 1 < now["most"] <= IN_FLIGHT
    assert _settle(baseline) == {}
