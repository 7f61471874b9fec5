"""BrowserAI's Task API through the vendor contract: stop, run, get and results."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from browser_clients._convert import aware_or_none, enum_option, known, value
from browser_clients._engine import Steps, read_answer, single
from browser_clients._errors import InvalidArgumentError
from browser_clients._types import CommonStatus, Handle, Snapshot, StopResult, TaskResults
from browser_clients._vendors.browserai import requests
from browser_clients._vendors.browserai.options import BrowserAIOptions
from browser_clients._vendors.browserai.statuses import common_status
from browserai_client import client
from browserai_client.models import (
    CreateTaskRequest,
    CreateTaskResponse,
    GeoLocation,
    GetResultsResponse,
    GetTaskResponse,
    StopTaskResponse,
    TaskInstruction,
    TaskType,
)

VENDOR = requests.VENDOR
ACCOUNT = "browserai"
OPTIONS = BrowserAIOptions
"""The options run() takes on BrowserAI."""
NOT_LISTED = "BrowserAI publishes no way to list tasks"
"""Why active() and stop_all() cannot find BrowserAI's work (see _contract.ListsActiveWork)."""

PROJECT_ENV = "BROWSERAI_PROJECT"
"""Where run() finds the BrowserAI project when the caller passes none."""
DEFAULT_COUNTRY = "US"
"""run()'s country when the caller gives none: BrowserAI requires one."""


def default_base_url() -> str:
    """Return the first server of BrowserAI's document."""
    return client.DEFAULT_BASE_URL


def document_version() -> str:
    """Return the version of BrowserAI's document the generated package was made from."""
    return client.DOCUMENT_VERSION


def auth_headers(key: str) -> Mapping[str, str]:
    """Return the header the document's security scheme names (``Authorization: apikey <key>``)."""
    return {client.AUTH_HEADER_NAME: f"{client.AUTH_PREFIX} {key}" if client.AUTH_PREFIX else key}


def stop_result(task_id: object, data: Any) -> StopResult[StopTaskResponse]:
    """Turn BrowserAI's stop answer into the common result: any 2xx answer means stopped, whatever its body.

    The answer names no task, so a crossed answer cannot be told from it: the transports' rule that a connection
    with unread data is never reused is the protection here.
    """
    raw, model = read_answer(StopTaskResponse.from_dict, data)
    said = None if model is None else value(model.message)
    message = said if isinstance(said, str) else None
    return StopResult(VENDOR, str(task_id), CommonStatus.STOPPED, None, message, model, raw)


def stop(id: Any, strategy: Any) -> Steps[StopResult[StopTaskResponse]]:
    """Describe the stop of a task (BrowserAI has no strategies): tolerant, so a 2xx never raises."""
    if strategy is not None:
        raise InvalidArgumentError("BrowserAI's stop takes no strategy: it always stops the whole task")
    inner = requests.stop_task(id)
    return single(inner.reading(lambda data: stop_result(id, data), tolerant=True))


def create_request(
    task: str, options: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> CreateTaskRequest:
    """Build the typed create-task body: ``task`` becomes the one instruction; the rest comes from the options."""
    unknown = sorted(set(options) - known(BrowserAIOptions))
    if unknown:
        raise InvalidArgumentError(
            f"BrowserAI's run() takes no {', '.join(unknown)}; it takes {', '.join(sorted(known(BrowserAIOptions)))}"
        )
    if not isinstance(task, str) or not task.strip():
        raise InvalidArgumentError("the task must be a non-empty string")
    env = os.environ if environ is None else environ
    project = options.get("project") or env.get(PROJECT_ENV)
    if not isinstance(project, str) or not project.strip():
        raise InvalidArgumentError(
            f"BrowserAI needs a project: set {PROJECT_ENV}, or give the project (on the command line: --project)"
        )
    where = options.get("geo_location", DEFAULT_COUNTRY)
    if isinstance(where, str):
        if not where.strip():
            raise InvalidArgumentError("geo_location must be a GeoLocation or a country code such as 'US'")
        where = GeoLocation(country=where.strip())
    elif not isinstance(where, GeoLocation):
        raise InvalidArgumentError(f"geo_location must be a GeoLocation or a country code, got {type(where).__name__}")
    kind = enum_option(TaskType, options.get("type", TaskType.CRAWLER_AUTOMATION), "type", "BrowserAI")
    request = CreateTaskRequest(
        instructions=[TaskInstruction(action=task)], geo_location=where, project=project, type_=kind
    )
    if "inspect" in options:
        if not isinstance(options["inspect"], bool):
            raise InvalidArgumentError(f"inspect must be True or False, got {options['inspect']!r}")
        request.inspect = options["inspect"]
    return request


def run(task: str, options: Mapping[str, Any]) -> Steps[Handle[CreateTaskResponse]]:
    """Describe run() on BrowserAI: create the task and hand back its handle (its executionId)."""

    def handle(data: Any) -> Handle[CreateTaskResponse]:
        model = CreateTaskResponse.from_dict(data)
        found = value(model.execution_id)
        if not isinstance(found, str) or not found:
            raise ValueError("the answer carries no executionId, so the task cannot be followed")
        return Handle(VENDOR, found, model)

    return single(requests.create_task(create_request(task, options)).reading(handle))


def snapshot(task_id: str, data: Any) -> Snapshot[GetTaskResponse]:
    """Turn BrowserAI's task metadata into the common snapshot; an unreadable answer is UNKNOWN, kept as sent.

    The metadata's documented properties are its id and status; its timestamps are read from ``started`` and
    ``completed`` when present, the names BrowserAI's create and results answers use.
    """
    raw, model = read_answer(GetTaskResponse.from_dict, data)
    sent = data if isinstance(data, dict) else {}
    word = sent.get("status")
    return Snapshot(
        vendor=VENDOR,
        id=task_id,
        status=common_status(word) if isinstance(word, str) else CommonStatus.UNKNOWN,
        raw_status=word if isinstance(word, str) or word is None else json.dumps(word, default=str),
        model=model,
        started_at=aware_or_none(sent.get("started")),
        finished_at=aware_or_none(sent.get("completed")),
        raw=raw,
    )


def get(id: str) -> Steps[Snapshot[GetTaskResponse]]:
    """Describe get() on BrowserAI: read the task's metadata."""
    return single(requests.get_task(id).reading(lambda data: snapshot(id, data), tolerant=True))


def task_results(task_id: str, model: GetResultsResponse) -> TaskResults[GetResultsResponse]:
    """Turn BrowserAI's results into the common TaskResults."""
    word = value(model.status)
    raw = word if isinstance(word, str) else None
    found = value(model.results)
    return TaskResults(
        vendor=VENDOR,
        id=task_id,
        status=common_status(raw),
        raw_status=raw,
        steps=tuple(found if isinstance(found, list) else []),
        model=model,
        started_at=aware_or_none(value(model.started)),
        completed_at=aware_or_none(value(model.completed)),
    )


def results(id: str) -> Steps[TaskResults[GetResultsResponse]]:
    """Describe results() on BrowserAI: the task's step results."""
    inner = requests.get_task_results(id)
    return single(inner.reading(lambda data: task_results(id, GetResultsResponse.from_dict(data))))


if TYPE_CHECKING:  # mypy checks here that this module keeps the vendor contract
    import browser_clients._vendors.browserai.adapter as _this  # noqa: PLW0406 (the contract is checked on this very module)
    from browser_clients._contract import VendorModule

    _CONTRACT: VendorModule = _this
