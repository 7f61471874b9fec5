"""Browser-Use's API v4 on loopback, built from the facts of the vendor's published document (2026-07-26).

- Runs follow a Plan (``fakes.Stage``s), one stage per poll (a GET of the run or of its status), the last for good:
  queued -> dispatching -> running -> completed | failed. A cancel ends an active run as cancelled and answers a
  run that has ended as it is (200, its final state).
- Runs and sessions are listed newest first, by an opaque ``cursor`` in and ``nextCursor`` / ``hasMore`` out; a
  cursor the fake never gave is a 400. A run's events page by ``after``.
- A session holds runs and a message queue. A message sent to a busy session (its latest run active) waits,
  pending; as soon as the session's run ends, the oldest pending message becomes its next run, as the vendor
  does: so a run cancelled before the messages queued behind it starts them (``promoted`` lists each).
- Browsers are the account's: with ``account`` given (the v3 fake), ``/browsers`` is answered by it, so both APIs
  list, count and stop the same browsers.
- ``zdr`` makes it a Zero Data Retention project: every runs and sessions operation answers 403 (the document
  gives that answer no body; this one is ours). ``list_fault`` answers the runs and sessions lists with it.
- Every request must carry ``X-Browser-Use-API-Key`` with the account's key (401 otherwise); ids are UUIDs (422
  otherwise) and unknown ids are 404; bodies are checked as the document declares them (unknown fields, enums,
  bounds: 422). ``changes`` counts each cancel of a run and each cancel of a queued message, by id.
"""

from __future__ import annotations

import base64
import itertools
import re
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from tests.lifecycle.fakes import BU_KEY, CREATED_AT, Plan, Stage, _Work
from tests.lifecycle.inventory_fake import FakeInventory
from tests.support.loopback import Recorded, Reply

ACTIVE = ("queued", "dispatching", "running")
ENDED = ("completed", "failed", "cancelled")
MODELS = frozenset({
    "glm-5.2", "grok-4.5", "kimi-k3", "minimax-m3", "claude-opus-4.7", "claude-opus-4.8", "claude-opus-5",
    "claude-fable-5", "claude-sonnet-5", "gpt-5.5", "gpt-5.6", "gemini-3.5-flash", "gemini-3.1-pro", "gemini-3-flash",
})  # fmt: skip
ZDR_BODY = {"detail": "Zero Data Retention is enabled on this project: API v4 is not available for it"}
_CREATE_FIELDS = frozenset({
    "task", "model", "sessionId", "workspaceId", "browserSettings", "attachedFileIds", "judge", "maxCostUsd",
})  # fmt: skip
_BROWSER_FIELDS = frozenset({"profileId", "proxyCountryCode", "customProxy", "screenWidth", "screenHeight", "record"})
_MESSAGE_FIELDS = frozenset({"text", "interrupt", "attachedFileIds"})
T = TypeVar("T")
_COST = re.compile(r"^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$")


def success(result: str = "The price is 19.99") -> Plan:
    """A run that queues, is dispatched, runs for two polls and completes with ``result``."""
    return [
        Stage("queued"),
        Stage("dispatching"),
        Stage("running", polls=2, fields={"totalCostUsd": "0.01", "totalInputTokens": 900}),
        Stage("completed", fields={"result": result, "totalCostUsd": "0.0421", "totalInputTokens": 1800}),
    ]


def failure() -> Plan:
    """A run that gives up: failed, with its error."""
    return [Stage("queued"), Stage("running"), Stage("failed", fields={"error": "blocked by a captcha"})]


def forever() -> Plan:
    """A run that never ends by itself."""
    return [Stage("queued"), Stage("dispatching"), Stage("running", fields={"totalCostUsd": "0.25"})]


def ended(status: str) -> Plan:
    """A run that had ended, ``status`` (completed, failed or cancelled), before anything asked about it."""
    return [Stage(status, fields={"totalCostUsd": "0.5"})]


def _invalid(where: str, name: str, message: str) -> Reply:
    return Reply(422, {"detail": [{"loc": [where, name], "msg": message, "type": "value_error"}]})


def _uuid(text: object) -> bool:
    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True


@dataclass
class _Run(_Work):
    session: str = ""
    events: int = 3


@dataclass
class _Session:
    workspace: str
    runs: list[str] = field(default_factory=list)
    queue: list[dict[str, Any]] = field(default_factory=list)


class FakeV4:
    """Browser-Use API v4 on loopback: runs, sessions and their message queues, and the account's browsers."""

    def __init__(self, account: FakeInventory | None = None) -> None:
        self.account = FakeInventory() if account is None else account
        self.runs: dict[str, _Run] = {}
        self.sessions: dict[str, _Session] = {}
        self.plans: dict[str, Plan] = {}
        self.created: list[dict[str, Any]] = []
        self.attachments: dict[str, list[dict[str, Any]]] = {}
        self.changes: Counter[str] = Counter()
        self.promoted: list[int] = []
        self.zdr = False
        self.list_fault: Reply | None = None
        self.on_request: Callable[[str, list[str]], None] | None = None
        """Called (under the fake's lock) with each request's method and path parts, before it is answered."""
        self._message_ids = itertools.count(1)
        self._waiting: set[str] = set()  # the sessions with a pending message
        self._lock = threading.Lock()

    # What a test sets up.

    def plan(self, task: str, plan: Plan) -> None:
        """Make runs created for ``task`` (or a queued message of that text) follow ``plan``."""
        self.plans[task] = plan

    def add(self, plan: Plan, session: str | None = None, task: str = "Find the price") -> str:
        """Make a run that follows ``plan`` (in a new session, unless one is named); return its id."""
        with self._lock:
            return self._new_run(task, plan, session, {"task": task})

    def queue(self, session: str, count: int, text: str = "And then the next step") -> list[int]:
        """Send ``count`` messages to ``session`` as the vendor's queue takes them; return their ids."""
        with self._lock:
            return [int(self._send(session, {"text": f"{text} {n}"})["id"]) for n in range(count)]

    def end(self, run_id: str, status: str = "completed") -> None:
        """End a run by itself (the vendor's doing, not a cancel); call under the lock, as on_request is."""
        run = self.runs[run_id]
        run.overridden = Stage(status, fields=dict(run.stage().fields))
        self._settle()

    def status(self, run_id: str) -> str:
        """Return where a run is now, without counting a poll."""
        with self._lock:
            return self.runs[run_id].stage().status

    def pending(self) -> list[tuple[str, int]]:
        """Return every pending message, as (session, message id)."""
        with self._lock:
            return [(sid, m["id"]) for sid, s in self.sessions.items() for m in s.queue if m["status"] == "pending"]

    def active(self) -> set[str]:
        """Return the ids of every active run."""
        with self._lock:
            return {rid for rid, run in self.runs.items() if run.stage().status in ACTIVE}

    # The vendor's behaviour.

    def _new_run(self, task: str, plan: Plan, session: str | None, body: dict[str, Any]) -> str:
        rid = str(uuid.uuid4())
        if session is None:
            session = str(uuid.uuid4())
            self.sessions[session] = _Session(str(body.get("workspaceId") or uuid.uuid4()))
        self.runs[rid] = _Run(plan, {**body, "task": task}, session=session)
        self.sessions[session].runs.append(rid)
        return rid

    def _busy(self, session: _Session) -> bool:
        return bool(session.runs) and self.runs[session.runs[-1]].stage().status in ACTIVE

    def _settle(self) -> None:
        """Start the next pending message of each session whose run has ended, as the vendor does at once."""
        for sid in sorted(self._waiting):
            session = self.sessions[sid]
            while not self._busy(session):
                waiting = next((m for m in session.queue if m["status"] == "pending"), None)
                if waiting is None:
                    self._waiting.discard(sid)
                    break
                self._start(sid, waiting)

    def _start(self, sid: str, message: dict[str, Any]) -> None:
        text = message["text"]
        message.update(status="consumed", runId=self._new_run(text, self.plans.get(text, forever()), sid, {}))
        self.promoted.append(message["id"])

    def _send(self, sid: str, body: dict[str, Any]) -> dict[str, Any]:
        session = self.sessions[sid]
        message = {
            "id": next(self._message_ids),
            "sessionId": sid,
            "runId": None,
            "status": "pending",
            "text": body["text"],
            "attachedFileIds": body.get("attachedFileIds"),
            "createdAt": CREATED_AT,
        }
        session.queue.append(message)
        self._waiting.add(sid)
        if body.get("interrupt") and self._busy(session):
            self._cancel(self.runs[session.runs[-1]])
        self._settle()
        return message

    @staticmethod
    def _cancel(run: _Run) -> None:
        if run.stage().status in ACTIVE:
            run.overridden = Stage("cancelled", fields=dict(run.stage().fields))

    # Views, as the document shapes them.

    def _run_view(self, rid: str) -> dict[str, Any]:
        run, stage = self.runs[rid], self.runs[rid].stage()
        return {
            "id": rid,
            "task": run.body["task"],
            "title": run.body["task"][:40],
            "model": run.body.get("model", "minimax-m3"),
            "contextLimit": 200000,
            "status": stage.status,
            "result": None,
            "error": None,
            "sessionId": run.session,
            "workspaceId": self.sessions[run.session].workspace,
            "attachedFileIds": None,
            "judgement": None,
            "totalInputTokens": 0,
            "totalOutputTokens": 0,
            "totalCostUsd": "0",
            "createdAt": CREATED_AT,
            "updatedAt": f"2026-01-05T10:00:0{min(run.polls, 9)}Z",
            **stage.fields,
        }

    def _session_view(self, sid: str) -> dict[str, Any]:
        session = self.sessions[sid]
        latest = self._run_view(session.runs[-1])
        return {
            "sessionId": sid,
            "workspaceId": session.workspace,
            "latestRunId": latest["id"],
            "task": latest["task"],
            "title": latest["title"],
            "status": latest["status"],
            "createdAt": CREATED_AT,
            "updatedAt": latest["updatedAt"],
        }

    # The wire.

    def __call__(self, request: Recorded, handler: BaseHTTPRequestHandler) -> Reply:
        if request.headers.get("x-browser-use-api-key") != BU_KEY:
            return Reply(401, {"detail": "Invalid API key"})
        url = urlsplit(request.raw_path)
        parts, query = url.path.strip("/").split("/"), parse_qs(url.query)
        if parts[0] == "browsers":  # the account's browsers, as v3 lists and stops them
            return self.account(request, handler)
        if parts[0] not in ("runs", "sessions"):
            return Reply(404, {"detail": "Not Found"})
        if self.zdr:
            return Reply(403, ZDR_BODY)
        if self.list_fault is not None and request.method == "GET" and len(parts) == 1:
            return self.list_fault
        with self._lock:
            self._settle()
            if self.on_request is not None:
                self.on_request(request.method, parts)
            try:
                return (
                    self._runs(request, parts[1:], query)
                    if parts[0] == "runs"
                    else self._sessions(request, parts[1:], query)
                )
            finally:
                self._settle()

    def _runs(self, request: Recorded, rest: list[str], query: dict[str, list[str]]) -> Reply:
        if not rest:
            if request.method == "POST":
                return self._create(request.json() if request.body else None)
            if request.method == "GET":
                return self._list_runs(query)
            return Reply(405, {"detail": "Method Not Allowed"})
        run = _lookup(self.runs, rest[0], "run_id", "Run")
        if isinstance(run, Reply):
            return run
        where = (request.method, *rest[1:])
        if where in (("GET",), ("GET", "status")):
            view = self._run_view(rest[0])
            run.polls += 1
            return Reply(200, view if len(where) == 1 else {"status": view["status"]})
        if where == ("POST", "cancel"):
            self.changes[rest[0]] += 1
            self._cancel(run)
            return Reply(200, self._run_view(rest[0]))
        if where == ("GET", "events"):
            return self._events(rest[0], run, query)
        if where == ("GET", "attachments"):
            return Reply(200, {"attachments": self.attachments.get(rest[0], [])})
        return Reply(405, {"detail": "Method Not Allowed"})

    def _create(self, body: Any) -> Reply:
        if not isinstance(body, dict):
            return _invalid("body", "body", "Input should be a valid dictionary")
        problem = _check_create(body)
        if problem is not None:
            return problem
        session = body.get("sessionId")
        if session is not None:
            if session not in self.sessions:
                return Reply(404, {"detail": "Session not found"})
            if self._busy(self.sessions[session]):
                return Reply(409, {"detail": "The session already has an active run"})
        self.created.append(body)
        rid = self._new_run(body["task"], self.plans.get(body["task"], success()), session, body)
        view = self._run_view(rid)
        return Reply(
            200,
            {
                "id": rid,
                "status": view["status"],
                "model": view["model"],
                "sessionId": view["sessionId"],
                "workspaceId": view["workspaceId"],
                "eventsUrl": f"/api/v4/runs/{rid}/events",
            },
        )

    def _list_runs(self, query: dict[str, list[str]]) -> Reply:
        wanted = query.get("sessionId", [None])[-1]
        if wanted is not None and not _uuid(wanted):
            return _invalid("query", "sessionId", "Input should be a valid UUID")
        ids = [rid for rid in reversed(self.runs) if wanted in (None, self.runs[rid].session)]
        return _cursor_page(query, ids, None, "runs", self._run_view)

    def _events(self, rid: str, run: _Run, query: dict[str, list[str]]) -> Reply:
        numbers = {}
        for name, default in (("after", 0), ("limit", 200)):
            raw = query.get(name, [str(default)])[-1]
            if not raw.isdigit():
                return _invalid("query", name, "Input should be a valid integer")
            numbers[name] = int(raw)
        found = [n for n in range(1, run.events + 1) if n > numbers["after"]]
        page = found[: numbers["limit"]]
        more = len(page) < len(found)
        events = [
            {"runId": rid, "id": n, "ts": CREATED_AT, "type": "step", "data": {"summary": f"step {n}"}} for n in page
        ]
        return Reply(200, {"events": events, "nextAfter": page[-1] if more else None, "hasMore": more})

    def _sessions(self, request: Recorded, rest: list[str], query: dict[str, list[str]]) -> Reply:
        if not rest:
            if request.method != "GET":
                return Reply(405, {"detail": "Method Not Allowed"})
            return _cursor_page(query, list(reversed(self.sessions)), 100, "sessions", self._session_view, 20)
        session = _lookup(self.sessions, rest[0], "session_id", "Session")
        if isinstance(session, Reply):
            return session
        where = (request.method, *rest[1:])
        if where == ("GET",):
            return Reply(200, self._session_view(rest[0]))
        if where == ("GET", "queue"):
            return Reply(200, {"queue": [m for m in session.queue if m["status"] == "pending"]})
        if where == ("POST", "queue"):
            body = request.json() if request.body else None
            problem = _check_message(body)
            if problem is not None or not isinstance(body, dict):
                return problem or _invalid("body", "body", "Input should be a valid dictionary")
            return Reply(200, dict(self._send(rest[0], body)))
        if request.method == "DELETE" and len(rest) == 3 and rest[1] == "queue":
            return self._cancel_message(rest[0], session, rest[2])
        return Reply(405, {"detail": "Method Not Allowed"})

    def _cancel_message(self, sid: str, session: _Session, given: str) -> Reply:
        if not given.isdigit():
            return _invalid("path", "message_id", "Input should be a valid integer")
        message = next((m for m in session.queue if m["id"] == int(given)), None)
        if message is None:
            return Reply(404, {"detail": "Message not found"})
        self.changes[f"{sid}/{given}"] += 1
        if message["status"] != "pending":
            return Reply(409, {"detail": "The message is no longer pending and cannot be cancelled"})
        message["status"] = "cancelled"
        return Reply(200, dict(message))


def _lookup(table: dict[str, T], given: str, name: str, what: str) -> T | Reply:
    """Return the item a path names, or the answer to an id that is no UUID (422) or that nothing has (404)."""
    if not _uuid(given):
        return _invalid("path", name, "Input should be a valid UUID")
    found = table.get(given)
    return Reply(404, {"detail": f"{what} not found"}) if found is None else found


def _cursor_page(
    query: dict[str, list[str]],
    ids: list[str],
    top: int | None,
    name: str,
    view: Callable[[str], dict[str, Any]],
    default: int = 50,
) -> Reply:
    """Answer one page of ``ids`` (newest first) after the opaque cursor, as the document's keyset lists do."""
    raw = query.get("limit", [str(default)])[-1]
    if not raw.isdigit() or int(raw) < 1 or (top is not None and int(raw) > top):
        return _invalid("query", "limit", f"Input should be a whole number from 1{f' to {top}' if top else ''}")
    limit, start = int(raw), 0
    if "cursor" in query:
        try:
            after = base64.urlsafe_b64decode(query["cursor"][-1].encode()).decode()
            start = ids.index(after.removeprefix("after:")) + 1
        except ValueError:
            return Reply(400, {"detail": "Malformed pagination cursor"})
    page = ids[start : start + limit]
    more = start + len(page) < len(ids)
    cursor = base64.urlsafe_b64encode(f"after:{page[-1]}".encode()).decode() if more else None
    return Reply(200, {name: [view(one) for one in page], "nextCursor": cursor, "hasMore": more})


def _check_create(body: dict[str, Any]) -> Reply | None:
    """Return the 422 the document's RunCreateRequest gives ``body``, or None when it is valid."""
    unknown = sorted(set(body) - _CREATE_FIELDS)
    if unknown:
        return _invalid("body", unknown[0], "Extra inputs are not permitted")
    if not isinstance(body.get("task"), str) or not body["task"]:
        return _invalid("body", "task", "Field required, a non-empty string")
    if "model" in body and body["model"] not in MODELS:
        return _invalid("body", "model", "Input should be one of the models")
    for name in ("sessionId", "workspaceId"):
        if body.get(name) is not None and not _uuid(body[name]):
            return _invalid("body", name, "Input should be a valid UUID")
    cost = body.get("maxCostUsd")
    if cost is not None and not (isinstance(cost, str) and _COST.match(cost)) and not isinstance(cost, int | float):
        return _invalid("body", "maxCostUsd", "Input should be a decimal")
    settings = body.get("browserSettings")
    if settings is None:
        return None
    if not isinstance(settings, dict) or set(settings) - _BROWSER_FIELDS:
        return _invalid("body", "browserSettings", "Extra inputs are not permitted")
    for name, top in (("screenWidth", 6144), ("screenHeight", 3456)):
        size = settings.get(name)
        if size is not None and (not isinstance(size, int) or not 320 <= size <= top):
            return _invalid("body", name, f"Input should be from 320 to {top}")
    if settings.get("record") is not None and not isinstance(settings["record"], bool):
        return _invalid("body", "record", "Input should be a valid boolean")
    code = settings.get("proxyCountryCode")
    if code is not None and (not isinstance(code, str) or not re.fullmatch("[a-z]{2}", code)):
        return _invalid("body", "proxyCountryCode", "Input should be a lower-case country code")
    return None


def _check_message(body: Any) -> Reply | None:
    """Return the 422 the document's QueueMessageRequest gives ``body``, or None when it is valid."""
    if not isinstance(body, dict) or set(body) - _MESSAGE_FIELDS:
        return _invalid("body", "body", "Extra inputs are not permitted")
    if not isinstance(body.get("text"), str) or not body["text"]:
        return _invalid("body", "text", "Field required, a non-empty string")
    return None


def one_host(v3: Callable[[Recorded, BaseHTTPRequestHandler], Reply | None], v4: FakeV4) -> Any:
    """Return a script that serves both APIs of the account on one host, as the vendor does: /api/v3 and /api/v4."""

    def answer(request: Recorded, handler: BaseHTTPRequestHandler) -> Reply | None:
        for prefix, api in (("/api/v3", v3), ("/api/v4", v4)):
            if request.raw_path.startswith(prefix + "/"):
                return api(replace(request, raw_path=request.raw_path[len(prefix) :]), handler)
        return Reply(404, {"detail": "Not Found"})

    return answer
