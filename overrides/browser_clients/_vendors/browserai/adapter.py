"""BrowserAI's Task API: build each operation's Call from the generated browserai_client package."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from functools import cache, partial
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from browser_clients._call import SHAPE_ERRORS, Call, NotJSON
from browser_clients._convert import aware_or_none, enum_option, known, value
from browser_clients._errors import InvalidArgumentError, InvalidSessionIdError
from browser_clients._results import CommonStatus, StopResult
from browser_clients._snapshot import Handle, Snapshot, TaskResults
from browser_clients._vendor import Vendor
from browser_clients._vendors.browserai.options import BrowserAIOptions
from browserai_client.api.task import stop_task
from browserai_client.models.stop_task_response import StopTaskResponse

if TYPE_CHECKING:
    from browserai_client.models.create_task_request import CreateTaskRequest
    from browserai_client.models.create_task_response import CreateTaskResponse
    from browserai_client.models.get_results_response import GetResultsResponse
    from browserai_client.models.get_task_response import GetTaskResponse
    from browserai_client.models.stop_task_request import StopTaskRequest

VENDOR = Vendor.BROWSERAI
OPTIONS = BrowserAIOptions
"""The options run() takes on BrowserAI."""
NOT_LISTED = "BrowserAI publishes no way to list tasks"
"""Why active() and stop_all() cannot find BrowserAI's work (see _contract.ListsActiveWork)."""

PROJECT_ENV = "BROWSERAI_PROJECT"
"""Where run() finds the BrowserAI project when the caller passes none."""
DEFAULT_COUNTRY = "US"
"""run()'s country when the caller gives none: BrowserAI requires one; Browser-Use's proxy default is the US too."""

# BrowserAI publishes no status enum: `status` is a free string. These are the words its API plausibly uses,
# grouped by meaning: the stop command's own answer ("Task stopped successfully"), the results' `started` and
# `completed` fields, and the words task queues commonly use. Matching ignores case, spaces and hyphens; any
# other word is UNKNOWN, with the word kept in raw_status.
_STATUS_WORDS: dict[CommonStatus, tuple[str, ...]] = {
    CommonStatus.QUEUED: ("queued", "pending", "created", "scheduled", "submitted", "waiting"),
    CommonStatus.RUNNING: ("running", "in_progress", "processing", "started", "active", "executing"),
    CommonStatus.SUCCEEDED: ("completed", "complete", "succeeded", "success", "successful", "done", "finished"),
    CommonStatus.FAILED: ("failed", "failure", "error", "errored"),
    CommonStatus.STOPPED: ("stopped", "cancelled", "canceled", "aborted", "terminated", "killed"),
    CommonStatus.TIMED_OUT: ("timed_out", "timeout", "expired"),
}
_STATUS = {word: status for status, words in _STATUS_WORDS.items() for word in words}


def default_base_url() -> str:
    """Return the first server of BrowserAI's document."""
    from browserai_client.client import DEFAULT_BASE_URL

    return DEFAULT_BASE_URL


def document_version() -> str:
    """Return the version of BrowserAI's document the generated package was made from."""
    from browserai_client.client import DOCUMENT_VERSION

    return DOCUMENT_VERSION


def auth(token: str) -> httpx.Auth:
    """Return the auth the document's security scheme describes (``Authorization: apikey <key>``)."""
    from browserai_client.client import ApiKeyAuth

    return ApiKeyAuth(token)


def check_task_id(task_id: object) -> str:
    """Return ``task_id`` as a path-safe string, or raise InvalidSessionIdError."""
    value = str(task_id) if task_id is not None else ""
    if not value.strip() or value in (".", ".."):
        raise InvalidSessionIdError(f"BrowserAI session id {value!r} is empty or a dot segment")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise InvalidSessionIdError(f"BrowserAI session id {value!r} contains control characters")
    return value


_PLACEHOLDER = "browser-clients-task-id"
"""The id the stop request is built around once, to be cut out and filled in per call."""
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")
"""The characters an id may consist of to go into the path as it is (what escaping leaves unchanged)."""


@cache
def _stop_template() -> tuple[str, str, str, dict[str, Any], dict[str, Any]] | None:
    """Return the stop's method, URL around the id, body and headers, as the generated builder makes them, or None.

    None means the generated request carries more than these: it is then built per call.
    """
    request = stop_task._get_kwargs(_PLACEHOLDER, body=_stop_command())
    head, found, tail = str(request["url"]).partition(_PLACEHOLDER)
    if not found or _PLACEHOLDER in tail or request.keys() != {"method", "url", "json", "headers"}:
        return None
    return str(request["method"]), head, tail, dict(request["json"]), dict(request["headers"])


def _stop_request(task_id: object) -> dict[str, Any]:
    """Return the request of ``POST /tasks/{session_id}/command`` with ``{"command": "stop"}``."""
    template = _stop_template()
    if template is not None and type(task_id) is str and _UNRESERVED.fullmatch(task_id) and task_id not in (".", ".."):
        # An id that needs no escaping: the generated request with it filled in (fresh dicts: callers may add).
        method, head, tail, body, headers = template
        return {"method": method, "url": head + task_id + tail, "json": dict(body), "headers": dict(headers)}
    return stop_task._get_kwargs(check_task_id(task_id), body=_stop_command())


@cache
def _stop_command() -> StopTaskRequest:
    """Return the stop command's body, made once: every stop sends the same (to_dict() copies it per request)."""
    from browserai_client.models import StopTaskRequest, TaskCommand

    return StopTaskRequest(command=TaskCommand.STOP)


def stop_task_call(task_id: object) -> Call[StopTaskResponse]:
    """Describe ``POST /tasks/{session_id}/command`` with ``{"command": "stop"}``."""
    return Call(VENDOR, "stop_task", _stop_request(task_id), StopTaskResponse.from_dict, idempotent=True)


M = TypeVar("M")


def _read(from_dict: Callable[[Any], M], data: Any) -> tuple[Any, M | None]:
    """Return the answer as sent, and its typed model when the answer is a JSON object (else None)."""
    raw = data.text if isinstance(data, NotJSON) else data
    if not isinstance(data, dict):
        return raw, None
    try:
        return raw, from_dict(data)
    except SHAPE_ERRORS:  # a generated from_dict reads any object; kept for a model that someday cannot
        return raw, None


def stop_result(task_id: object, data: Any) -> StopResult:
    """Turn BrowserAI's stop answer into the common result: any 2xx answer means stopped, whatever its body.

    The answer is kept as sent (``raw``); ``model`` is the typed answer when it could be read into one. The
    common answer, an object, is read in one pass (its message as the model reads it); others through
    ``_stop_result``.
    """
    if type(data) is dict:
        said = data.get("message")
        message = said if type(said) is str else None
        return StopResult(
            VENDOR, str(task_id), CommonStatus.STOPPED, None, message, StopTaskResponse.from_dict(data), data
        )
    return _stop_result(task_id, data)


def _stop_result(task_id: object, data: Any) -> StopResult:
    raw, model = _read(StopTaskResponse.from_dict, data)
    said = None if model is None else value(model.message)
    message = said if isinstance(said, str) else None
    return StopResult(VENDOR, str(task_id), CommonStatus.STOPPED, None, message, model, raw)


def stop_call(task_id: object, strategy: Any) -> Call[StopResult]:
    """Describe the facade's stop for BrowserAI (which has no strategies): tolerant, so a 2xx never raises."""
    if strategy is not None:
        raise InvalidArgumentError("BrowserAI's stop takes no strategy: it always stops the whole task")
    return Call(VENDOR, "stop_task", _stop_request(task_id), partial(stop_result, task_id), tolerant=True)


def common_status(raw: str | None) -> CommonStatus:
    """Map a BrowserAI status word to the common vocabulary (see _STATUS_WORDS; others to UNKNOWN)."""
    if not raw:
        return CommonStatus.UNKNOWN
    return _STATUS.get(raw.strip().lower().replace("-", "_").replace(" ", "_"), CommonStatus.UNKNOWN)


def create_task_call(body: CreateTaskRequest) -> Call[CreateTaskResponse]:
    """Describe ``POST /tasks``: never repeated once it reached the server, as that could start work twice."""
    from browserai_client.api.task import create_task
    from browserai_client.models import CreateTaskResponse

    return Call(
        VENDOR, "create_task", create_task._get_kwargs(body=body), CreateTaskResponse.from_dict, idempotent=False
    )


def get_task_call(task_id: object) -> Call[GetTaskResponse]:
    """Describe ``GET /tasks/{session_id}``: the task's metadata."""
    from browserai_client.api.result import get_task
    from browserai_client.models import GetTaskResponse

    return Call(VENDOR, "get_task", get_task._get_kwargs(check_task_id(task_id)), GetTaskResponse.from_dict)


def get_task_results_call(task_id: object) -> Call[GetResultsResponse]:
    """Describe ``GET /results/{session_id}``: the task's results, step by step."""
    from browserai_client.api.result import get_task_results
    from browserai_client.models import GetResultsResponse

    request = get_task_results._get_kwargs(check_task_id(task_id))
    return Call(VENDOR, "get_task_results", request, GetResultsResponse.from_dict)


def create_request(
    task: str, options: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> CreateTaskRequest:
    """Build the typed create-task body: ``task`` becomes the one instruction; the rest comes from the options."""
    from browserai_client.models import CreateTaskRequest, GeoLocation, TaskInstruction, TaskType

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
        raise InvalidArgumentError(f"BrowserAI needs a project: pass project=... or set {PROJECT_ENV}")
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


def run_call(task: str, options: Mapping[str, Any]) -> Call[Handle]:
    """Describe run() on BrowserAI: create the task and hand back its handle (its executionId)."""
    inner = create_task_call(create_request(task, options))

    def handle(data: Any) -> Handle:
        model = inner.parse(data)
        found = value(model.execution_id)
        if not isinstance(found, str) or not found:
            raise ValueError("the answer carries no executionId, so the task cannot be followed")
        return Handle(VENDOR, found, model)

    return Call(VENDOR, inner.operation, inner.request, handle, idempotent=False)


def _text(found: object) -> str | None:
    return found if isinstance(found, str) else None


def snapshot(task_id: str, data: Any) -> Snapshot:
    """Turn BrowserAI's task metadata into the common snapshot; an unreadable answer is UNKNOWN, kept as sent.

    The metadata's documented properties are its id and status; its timestamps are read from ``started`` and
    ``completed`` when present, the names BrowserAI's create and results answers use.
    """
    from browserai_client.models import GetTaskResponse

    raw, model = _read(GetTaskResponse.from_dict, data)
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


def get_call(task_id: str) -> Call[Snapshot]:
    """Describe get() on BrowserAI: read the task's metadata."""
    inner = get_task_call(task_id)
    return Call(VENDOR, inner.operation, inner.request, lambda data: snapshot(task_id, data), tolerant=True)


def results(task_id: str, model: GetResultsResponse) -> TaskResults:
    """Turn BrowserAI's results into the common TaskResults."""
    raw = _text(value(model.status))
    found = value(model.results)
    steps = found if isinstance(found, list) else []
    return TaskResults(
        vendor=VENDOR,
        id=task_id,
        status=common_status(raw),
        raw_status=raw,
        steps=tuple(steps),
        model=model,
        started_at=aware_or_none(value(model.started)),
        completed_at=aware_or_none(value(model.completed)),
    )


def results_call(task_id: str) -> Call[TaskResults]:
    """Describe results() on BrowserAI."""
    inner = get_task_results_call(task_id)
    return Call(VENDOR, inner.operation, inner.request, lambda data: results(task_id, inner.parse(data)))


if TYPE_CHECKING:  # mypy checks here that this module keeps the vendor contract
    import browser_clients._vendors.browserai.adapter as _this  # noqa: PLW0406 (the contract is checked on this very module)
    from browser_clients._contract import VendorModule

    _CONTRACT: VendorModule = _this
