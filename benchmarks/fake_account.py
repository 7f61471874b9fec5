"""A fake Browser-Use account in an incident, on loopback: thousands of running v3 sessions, answered 50 ms late.

Run as ``python -m benchmarks.fake_account DELAY`` (it prints its port on the first line), in a process of its
own, one thread per connection, so that it answers many requests at once, each ``DELAY`` seconds after it
arrived, like a server a real network away. It serves, in the shapes of specs/browser-use.yaml and
specs/browser-use-v4.yaml:

- v3 under ``/api/v3``: ``GET /sessions?page=&page_size=`` (numbered pages with ``total``; every session, ended
  ones too, as the real API lists them; each with its own ``createdAt`` and ``updatedAt``), ``POST
  /sessions/{id}/stop`` (the session stopped, a later ``updatedAt``, as the answer) and
  ``GET /browsers`` (none);
- v4 under ``/api/v4``: ``GET /runs`` and ``GET /sessions``, empty (the account's other API, which a sweep of the
  account lists too).

Two requests of the benchmark's own are answered at once: ``POST /_reset?sessions=N`` (N running sessions, no
stop seen) and ``GET /_stats`` (how many stops arrived, for how many sessions, and when the first one arrived, on
the machine's monotonic clock, which ``time.monotonic()`` reads in every process).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

from benchmarks.measure import ROOT
from benchmarks.payloads import session

V3, V4 = "/api/v3", "/api/v4"
_START = datetime.datetime(2026, 11, 7, 5, 31, 56, 123456, tzinfo=datetime.UTC)
DEFAULT_PAGE_SIZE = 20  # the documents' default page_size for v3 sessions
_EMPTY_V4 = {
    f"{V4}/runs": {"runs": [], "nextCursor": None, "hasMore": False},
    f"{V4}/sessions": {"sessions": [], "nextCursor": None, "hasMore": False},
}


def account_ids(count: int) -> list[str]:
    """Return the ids of the account's ``count`` sessions (the same in the fake and in the bare loop)."""
    return [str(uuid.UUID(int=(7 << 64) + index)) for index in range(count)]


class Account:
    """The account's sessions, each running until its first stop, and what the stops did."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset(0)

    def reset(self, count: int) -> None:
        """Hold ``count`` running sessions and forget every stop."""
        ids = account_ids(count)
        running = {sid: _compact(_session(sid, index, "running")) for index, sid in enumerate(ids)}
        stopped = {sid: _compact(_session(sid, index, "stopped")) for index, sid in enumerate(ids)}
        with self._lock:
            self._order = ids
            self._running, self._stopped = running, stopped
            self._done: set[str] = set()
            self._stops: Counter[str] = Counter()
            self._first: float | None = None
            self._lists = 0

    def page(self, number: int, size: int) -> bytes:
        """Return page ``number`` of the sessions, ``size`` a page, as v3's SessionPage."""
        with self._lock:
            self._lists += 1
            chosen = self._order[(number - 1) * size : number * size]
            items = b",".join(self._stopped[s] if s in self._done else self._running[s] for s in chosen)
            total = len(self._order)
        return b'{"sessions":[%s],"total":%d,"page":%d,"pageSize":%d}' % (items, total, number, size)

    def stop(self, sid: str, arrived: float) -> bytes | None:
        """Stop session ``sid``; return it as the stop's answer, or None when there is no such session."""
        with self._lock:
            if sid not in self._running:
                return None
            self._stops[sid] += 1
            self._done.add(sid)
            self._first = arrived if self._first is None else min(self._first, arrived)
            return self._stopped[sid]

    def stats(self) -> dict[str, Any]:
        """Return what the stops did so far."""
        with self._lock:
            return {
                "sessions": len(self._order),
                "stops": sum(self._stops.values()),
                "stopped": len(self._done),
                "most_stops_of_one": max(self._stops.values(), default=0),
                "first_stop": self._first,
                "lists": self._lists,
            }


def _session(sid: str, index: int, status: str) -> dict[str, Any]:
    """Return session ``index`` as the API shows it: its own times, and a later ``updatedAt`` once stopped."""
    created = _START + datetime.timedelta(seconds=index)
    updated = created + datetime.timedelta(minutes=1 if status == "running" else 2)
    return {**session(sid), "status": status, "createdAt": _iso(created), "updatedAt": _iso(updated)}


def _iso(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def _compact(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _reply(status: str, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


_NOT_FOUND = _reply("404 Not Found", b'{"detail":"Not Found"}')


def _number(query: dict[str, list[str]], name: str, default: int) -> int:
    found = query.get(name)
    return int(found[0]) if found else default


def answer(account: Account, method: str, target: str, arrived: float) -> tuple[bytes, bool]:
    """Return the whole HTTP response to a request, and whether it goes out at once (the benchmark's own)."""
    parts = urlsplit(target)
    path, query = parts.path, parse_qs(parts.query)
    if method == "GET" and path == f"{V3}/sessions":
        page = account.page(_number(query, "page", 1), _number(query, "page_size", DEFAULT_PAGE_SIZE))
        return _reply("200 OK", page), False
    if method == "POST" and path.startswith(f"{V3}/sessions/") and path.endswith("/stop"):
        stopped = account.stop(path.split("/")[4], arrived)
        return (_NOT_FOUND if stopped is None else _reply("200 OK", stopped)), False
    if method == "GET" and path == f"{V3}/browsers":
        size = _number(query, "pageSize", 10)
        empty = {"items": [], "totalItems": 0, "pageNumber": _number(query, "pageNumber", 1), "pageSize": size}
        return _reply("200 OK", _compact(empty)), False
    if method == "GET" and path in _EMPTY_V4:
        return _reply("200 OK", _compact(_EMPTY_V4[path])), False
    if method == "POST" and path == "/_reset":
        account.reset(_number(query, "sessions", 0))
        return _reply("200 OK", b"{}"), True
    if method == "GET" and path == "/_stats":
        return _reply("200 OK", _compact(account.stats())), True
    return _NOT_FOUND, False


class _Handler(socketserver.StreamRequestHandler):
    """One connection, on a thread of its own: HTTP/1.1 keep-alive requests, each answered after the delay."""

    server: _Server
    disable_nagle_algorithm = True

    def handle(self) -> None:
        while True:
            line = self.rfile.readline()
            if not line:
                return
            arrived = time.monotonic()
            method, target, _version = line.decode("latin-1").split(" ", 2)
            length = 0
            while (header := self.rfile.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = header.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if length:
                self.rfile.read(length)
            reply, at_once = answer(self.server.account, method, target, arrived)
            if not at_once:
                time.sleep(max(0.0, arrived + self.server.delay - time.monotonic()))
            self.wfile.write(reply)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 2048

    def __init__(self, delay: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.delay = delay
        self.account = Account()


@contextmanager
def running(delay: float) -> Iterator[str]:
    """Run the fake account in a child process for the block, answering ``delay`` seconds late; yield its URL."""
    argv = [sys.executable, "-m", "benchmarks.fake_account", str(delay)]
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert child.stdout is not None
        yield f"http://127.0.0.1:{int(child.stdout.readline())}"
    finally:
        child.terminate()
        child.wait(timeout=10)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt), _Server(float(sys.argv[1])) as server:
        print(server.server_address[1], flush=True)
        server.serve_forever()
