"""Loopback fakes of both vendors that move work through its real state sequences, one poll at a time.

Each fake is a tests.support.loopback script. What a piece of work goes through is a Plan: a list of stages,
each holding for a number of polls (GETs of that work), the last one for good. Tests choose a plan per task text;
the fakes check auth and bodies the way the vendors document them, so a wrong request fails loudly.
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.support.loopback import Recorded, Reply

BU_KEY = "bu-test-key"
BA_KEY = "ba-test-key"
CREATED_AT = "2026-01-05T10:00:00Z"


@dataclass(frozen=True)
class Stage:
    """What the vendor reports for ``polls`` consecutive polls: a status and any other fields."""

    status: str
    polls: int = 1
    fields: dict[str, Any] = field(default_factory=dict)


Plan = list[Stage]


@dataclass
class _Work:
    plan: Plan
    body: dict[str, Any]
    polls: int = 0
    overridden: Stage | None = None

    def stage(self) -> Stage:
        if self.overridden is not None:
            return self.overridden
        seen = 0
        for stage in self.plan:
            seen += stage.polls
            if self.polls < seen:
                return stage
        return self.plan[-1]


# Browser-Use's real sequences (seed 004, vendor-facts): created -> (idle) -> running -> stopped|idle|...
def bu_success(steps: int = 3) -> Plan:
    """A session without keepAlive: the task runs, then the session stops with a verdict and output."""
    running = [
        Stage("running", fields={"stepCount": i, "lastStepSummary": f"step {i}", "totalCostUsd": f"0.00{i}"})
        for i in range(1, steps + 1)
    ]
    done = {
        "stepCount": steps,
        "lastStepSummary": "Done",
        "isTaskSuccessful": True,
        "output": {"price": "19.99"},
        "totalCostUsd": "0.0123",
        "llmCostUsd": "0.01",
        "proxyCostUsd": "0.0003",
        "browserCostUsd": "0.002",
        "title": "Find the price",
    }
    return [Stage("created"), *running, Stage("stopped", fields=done)]


def bu_keep_alive() -> Plan:
    """A keepAlive session: ready (idle, no verdict), runs its task, and returns to idle with the verdict."""
    return [
        Stage("created"),
        Stage("idle", polls=2),  # the sandbox is ready before the task starts: not the end
        Stage("running", polls=2, fields={"stepCount": 1, "lastStepSummary": "Opening the page"}),
        Stage("idle", fields={"stepCount": 2, "isTaskSuccessful": True, "output": "42", "totalCostUsd": "0.5"}),
    ]


def bu_failure() -> Plan:
    """The agent gives up: the session stops with isTaskSuccessful false."""
    return [
        Stage("created"),
        Stage("running", fields={"stepCount": 1, "lastStepSummary": "Captcha"}),
        Stage("stopped", fields={"stepCount": 1, "isTaskSuccessful": False, "output": "blocked by a captcha"}),
    ]


def bu_error() -> Plan:
    """The session itself breaks."""
    return [Stage("created"), Stage("running"), Stage("error", fields={"stepCount": 1})]


def bu_vendor_timeout() -> Plan:
    """The vendor times the session out."""
    return [Stage("created"), Stage("running"), Stage("timed_out", fields={"stepCount": 4})]


def bu_forever() -> Plan:
    """A task that never ends."""
    return [Stage("created"), Stage("running", fields={"stepCount": 1, "lastStepSummary": "Thinking"})]


def bu_undocumented() -> Plan:
    """A status no document lists, then the end."""
    return [
        Stage("created"),
        Stage("paused_for_review", polls=2),
        Stage("stopped", fields={"isTaskSuccessful": True, "output": "ok"}),
    ]


class FakeBrowserUse:
    """Browser-Use Cloud API v3 on loopback: create, get and stop sessions."""

    def __init__(self) -> None:
        self.plans: dict[str, Plan] = {}
        self.sessions: dict[str, _Work] = {}
        self.created: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def plan(self, task: str, plan: Plan) -> None:
        """Make sessions created for ``task`` follow ``plan``."""
        self.plans[task] = plan

    def add(self, plan: Plan, body: dict[str, Any] | None = None) -> str:
        """Make a session that follows ``plan``, as if created with ``body``, and return its id."""
        sid = str(uuid.uuid4())
        self.sessions[sid] = _Work(plan, body or {})
        return sid

    def stop_task(self, sid: str, strategy: str = "task") -> None:
        """Do what a stop does: end the task; a keep-alive session stopped with "task" goes back to idle."""
        work = self.sessions[sid]
        keep = bool(work.body.get("keepAlive")) and strategy == "task"
        work.overridden = Stage("idle" if keep else "stopped", fields={**work.stage().fields, "isTaskSuccessful": None})

    def _view(self, sid: str, work: _Work) -> dict[str, Any]:
        stage = work.stage()
        return {
            "id": sid,
            "status": stage.status,
            "model": work.body.get("model") or "bu-mini",
            "createdAt": CREATED_AT,
            "updatedAt": f"2026-01-05T10:00:0{min(work.polls, 9)}Z",
            "stepCount": 0,
            "isTaskSuccessful": None,
            "output": None,
            "totalCostUsd": "0",
            "maxCostUsd": work.body.get("maxCostUsd"),
            "proxyCountryCode": work.body.get("proxyCountryCode", "us"),
            **stage.fields,
        }

    def __call__(self, request: Recorded, _handler: BaseHTTPRequestHandler) -> Reply:
        if request.headers.get("x-browser-use-api-key") != BU_KEY:
            return Reply(401, {"detail": "Invalid API key"})
        path = request.raw_path
        with self._lock:
            if request.method == "POST" and path == "/sessions":
                return self._create(request.json())
            match = re.fullmatch(r"/sessions/([^/]+)(/stop)?", path)
            if match is None:
                return Reply(404, {"detail": "Not Found"})
            sid = match.group(1)
            try:
                uuid.UUID(sid)
            except ValueError:
                return Reply(422, {"detail": [{"loc": ["path", "session_id"], "msg": "not a uuid", "type": "uuid"}]})
            work = self.sessions.get(sid)
            if work is None:
                return Reply(404, {"detail": "Session not found"})
            if request.method == "GET" and not match.group(2):
                view = self._view(sid, work)
                work.polls += 1
                return Reply(200, view)
            if request.method == "POST" and match.group(2):
                self.stop_task(sid, (request.json() if request.body else {}).get("strategy", "session"))
                return Reply(200, self._view(sid, work))
        return Reply(405, {"detail": "Method Not Allowed"})

    def _create(self, body: Any) -> Reply:
        if not isinstance(body, dict):
            return Reply(422, {"detail": [{"loc": ["body"], "msg": "not an object", "type": "dict_type"}]})
        for name in ("keepAlive", "enableRecording"):
            if name in body and not isinstance(body[name], bool):
                return Reply(422, {"detail": [{"loc": ["body", name], "msg": "not a boolean", "type": "bool"}]})
        self.created.append(body)
        if body.get("sessionId"):
            sid = str(body["sessionId"])
            if sid not in self.sessions:
                return Reply(404, {"detail": "Session not found"})
        else:
            sid = str(uuid.uuid4())
        plan = self.plans.get(str(body.get("task")), bu_keep_alive() if body.get("keepAlive") else bu_success())
        self.sessions[sid] = _Work(plan, body)
        return Reply(200, self._view(sid, self.sessions[sid]))


# BrowserAI's statuses are free strings; these sequences use the words the fake's "vendor" speaks.
def ba_success() -> Plan:
    """A task that queues, runs and completes."""
    return [
        Stage("queued"),
        Stage("running", polls=2, fields={"started": "2026-01-05T10:00:01Z"}),
        Stage("completed", fields={"started": "2026-01-05T10:00:01Z", "completed": "Mon, 05 Jan 2026 10:02:00 GMT"}),
    ]


def ba_failure() -> Plan:
    """A task that fails."""
    return [Stage("queued"), Stage("running"), Stage("failed", fields={"started": "2026-01-05T10:00:01"})]


def ba_forever() -> Plan:
    """A task that never ends."""
    return [Stage("queued"), Stage("running")]


def ba_undocumented() -> Plan:
    """A status nobody documented, for good."""
    return [Stage("queued"), Stage("Awaiting Human")]


class FakeBrowserAI:
    """BrowserAI's Task API on loopback: create tasks, read metadata and results, stop."""

    def __init__(self) -> None:
        self.plans: dict[str, Plan] = {}
        self.tasks: dict[str, _Work] = {}
        self.created: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._next = 0

    def plan(self, instruction: str, plan: Plan) -> None:
        """Make tasks whose instruction is ``instruction`` follow ``plan``."""
        self.plans[instruction] = plan

    def __call__(self, request: Recorded, _handler: BaseHTTPRequestHandler) -> Reply:
        if request.headers.get("authorization") != f"apikey {BA_KEY}":
            return Reply(401, {"error": "Unauthorized"})
        path = request.raw_path
        with self._lock:
            if request.method == "POST" and path == "/tasks":
                return self._create(request.json())
            match = re.fullmatch(r"/(tasks|results)/([^/]+)(/command)?", path)
            work = self.tasks.get(match.group(2)) if match else None
            if match is None or work is None:
                return Reply(404, {"error": "Task not found"})
            tid, stage = match.group(2), work.stage()
            if request.method == "POST" and match.group(3):
                if request.json() != {"command": "stop"}:
                    return Reply(400, {"error": "Invalid command or task ID"})
                work.overridden = Stage("stopped", fields=dict(stage.fields))
                return Reply(200, {"message": "Task stopped successfully"})
            if request.method == "GET" and match.group(1) == "tasks" and not match.group(3):
                work.polls += 1
                return Reply(200, {"executionId": tid, "status": stage.status, **stage.fields, "logs": ["..."]})
            if request.method == "GET" and match.group(1) == "results":
                steps = [
                    {
                        "model_output": f"step {i}",
                        "result": "ok",
                        "state": "done",
                        "metadata": {"url": "https://example.test"},
                        "history_index": i,
                        "screenshot_url": f"https://cdn.example.test/{i}.png",
                        "insert_ts": f"2026-01-05T10:00:0{i}Z",
                    }
                    for i in range(2)
                ]
                return Reply(
                    200,
                    {
                        "executionId": tid,
                        "status": stage.status,
                        "started": "2026-01-05 10:00:01",
                        "completed": "Mon, 05 Jan 2026 10:02:00 GMT",
                        "results": steps,
                    },
                )
        return Reply(405, {"error": "Method not allowed"})

    def _create(self, body: Any) -> Reply:
        required = ("instructions", "geoLocation", "project", "type")
        if not isinstance(body, dict) or any(name not in body for name in required):
            return Reply(400, {"error": "Invalid request"})
        if body["type"] not in ("crawler_automation", "script_automation") or "country" not in body["geoLocation"]:
            return Reply(400, {"error": "Invalid request"})
        self.created.append(body)
        self._next += 1
        tid = f"exec-{self._next}"
        action = str(body["instructions"][0].get("action"))
        self.tasks[tid] = _Work(self.plans.get(action, ba_success()), body)
        return Reply(
            200,
            {
                "executionId": tid,
                "scriptType": body["type"],
                "status": "queued",
                "geoLocation": body["geoLocation"],
                "started": None,
                "estimatedCompletion": "2026-01-05T10:05:00Z",
            },
        )
