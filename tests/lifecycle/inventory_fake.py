"""FakeBrowserUse with Browser-Use's inventory: sessions listed by page and deleted, messages by cursor, and browser
sessions (list by page with a status filter, create, get, the PATCH stop), checked the way the vendor documents them.

Lists are newest first. ``on_list`` runs before each list answer (a test grows the list there, as a loop creating
sessions during a walk would); ``page_answers`` replaces the answer of given page numbers (an empty or lying page).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.lifecycle.fakes import BU_KEY, CREATED_AT, FakeBrowserUse, Plan, Stage
from tests.support.loopback import Recorded, Reply

TIMEOUT_AT = "2026-01-05T11:00:00Z"


def _invalid(where: str, name: str, message: str) -> Reply:
    return Reply(422, {"detail": [{"loc": [where, name], "msg": message, "type": "value_error"}]})


def _number(query: dict[str, list[str]], name: str, default: int, top: int | None) -> int | Reply:
    raw = query.get(name, [str(default)])[-1]
    if not raw.isdigit() or int(raw) < 1 or (top is not None and int(raw) > top):
        return _invalid("query", name, f"must be a whole number from 1{f' to {top}' if top else ''}")
    return int(raw)


class FakeInventory(FakeBrowserUse):
    """Browser-Use on loopback: the lifecycle of FakeBrowserUse plus the inventory operations."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.browsers: dict[str, dict[str, Any]] = {}
        self.on_list: Callable[[str], None] | None = None
        self.page_answers: dict[int, dict[str, Any]] = {}

    def add_many(self, count: int, plan: Plan | None = None) -> list[str]:
        """Add ``count`` sessions (running for good unless ``plan`` says otherwise); return their ids."""
        return [self.add(plan or [Stage("running")]) for _ in range(count)]

    def add_messages(self, sid: str, count: int) -> list[str]:
        """Give session ``sid`` ``count`` more messages, in order; return their ids."""
        found = self.messages.setdefault(sid, [])
        added = []
        for _ in range(count):
            mid = str(uuid.uuid4())
            n = len(found)
            found.append(
                {
                    "id": mid,
                    "sessionId": sid,
                    "role": "ai",
                    "data": f"message {n}",
                    "type": "browser_action",
                    "summary": f"step {n}",
                    "screenshotUrl": None,
                    "hidden": False,
                    "createdAt": CREATED_AT,
                }
            )
            added.append(mid)
        return added

    def add_browser(self, status: str = "active") -> str:
        """Add a browser session in ``status``; return its id."""
        bid = str(uuid.uuid4())
        self.browsers[bid] = {
            "id": bid,
            "status": status,
            "liveUrl": f"https://live.example.test/{bid}",
            "cdpUrl": None,
            "timeoutAt": TIMEOUT_AT,
            "startedAt": CREATED_AT,
            "finishedAt": None if status == "active" else TIMEOUT_AT,
            "proxyUsedMb": "0",
            "proxyCost": "0",
            "browserCost": "0.01",
            "agentSessionId": None,
            "recordingUrl": None,
        }
        return bid

    def __call__(self, request: Recorded, handler: BaseHTTPRequestHandler) -> Reply:
        if request.headers.get("x-browser-use-api-key") != BU_KEY:
            return Reply(401, {"detail": "Invalid API key"})
        url = urlsplit(request.raw_path)
        parts, query = url.path.strip("/").split("/"), parse_qs(url.query)
        if parts[0] == "browsers":
            with self._lock:
                return self._browsers(request, parts[1:], query)
        if request.method == "GET" and parts == ["sessions"]:
            if self.on_list is not None:
                self.on_list("sessions")
            with self._lock:
                return self._page(query, "page", "page_size", 20, self._session_views())
        if len(parts) >= 2 and parts[0] == "sessions" and request.method in ("GET", "DELETE"):
            try:
                uuid.UUID(parts[1])
            except ValueError:
                return _invalid("path", "session_id", "not a uuid")
            with self._lock:
                if parts[1] not in self.sessions:
                    return Reply(404, {"detail": "Session not found"})
                if request.method == "DELETE" and len(parts) == 2:
                    del self.sessions[parts[1]]
                    return Reply(204)
                if parts[2:] == ["messages"]:
                    return self._messages(parts[1], query)
        return super().__call__(request, handler)

    def _session_views(self) -> list[dict[str, Any]]:
        return [self._view(sid, work) for sid, work in reversed(self.sessions.items())]

    def _page(
        self, query: dict[str, list[str]], page_name: str, size_name: str, default: int, items: list[dict[str, Any]]
    ) -> Reply:
        page, size = _number(query, page_name, 1, None), _number(query, size_name, default, 100)
        if isinstance(page, Reply):
            return page
        if isinstance(size, Reply):
            return size
        if page in self.page_answers:
            return Reply(200, self.page_answers[page])
        chunk = items[(page - 1) * size : page * size]
        if page_name == "page":
            return Reply(200, {"sessions": chunk, "total": len(items), "page": page, "pageSize": size})
        return Reply(200, {"items": chunk, "totalItems": len(items), "pageNumber": page, "pageSize": size})

    def _messages(self, sid: str, query: dict[str, list[str]]) -> Reply:
        limit = _number(query, "limit", 10, 100)
        if isinstance(limit, Reply):
            return limit
        found = self.messages.get(sid, [])
        ids = [m["id"] for m in found]
        start, end = 0, len(found)
        for name in ("after", "before"):
            if name in query:
                cursor = query[name][-1]
                if cursor not in ids:
                    return _invalid("query", name, "no such message")
                if name == "after":
                    start = ids.index(cursor) + 1
                else:
                    end = ids.index(cursor)
        chunk = found[start:end][:limit]
        return Reply(200, {"messages": chunk, "hasMore": start + len(chunk) < end})

    def _browsers(self, request: Recorded, rest: list[str], query: dict[str, list[str]]) -> Reply:
        if not rest:
            if request.method == "GET":
                wanted = query.get("filterBy", [None])[-1]
                if wanted not in (None, "active", "stopped"):
                    return _invalid("query", "filterBy", "not a browser session status")
                items = [b for b in reversed(self.browsers.values()) if wanted in (None, b["status"])]
                return self._page(query, "pageNumber", "pageSize", 10, items)
            if request.method == "POST":
                body = request.json()
                if not isinstance(body, dict):
                    return _invalid("body", "body", "not an object")
                if int(body.get("timeout", 60)) > 240:
                    return Reply(403, {"detail": "Maximum session timeout is 4 hours (240 minutes)."})
                bid = self.add_browser()
                return Reply(201, self.browsers[bid])
            return Reply(405, {"detail": "Method Not Allowed"})
        found = self.browsers.get(rest[0])
        if found is None:
            return Reply(404, {"detail": "Session not found"})
        if request.method == "GET":
            return Reply(200, found)
        if request.method == "PATCH":
            if request.json() != {"action": "stop"}:
                return _invalid("body", "action", "must be stop")
            found.update(status="stopped", finishedAt=TIMEOUT_AT)
            return Reply(200, found)
        return Reply(405, {"detail": "Method Not Allowed"})
