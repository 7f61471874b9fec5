"""Tolerant reads in the generated packages: a 2xx answer that deviates from its document never fails to parse.

Each deviation kind, on both vendors' models: parsing returns, the field reads UNSET, to_dict() gives back exactly
what was sent, the deviation is listed with its JSON pointer, report_deviations logs it once per operation and
field at WARNING on the package's logger, and a strict report raises ResponseDeviationError.
"""

from __future__ import annotations

import copy
import itertools
import logging
from typing import Any
from uuid import UUID

import pytest

import browser_use_client
import browserai_client
from browser_use_client.api.sessions import get_session
from browser_use_client.client import AuthenticatedClient
from browser_use_client.errors import ResponseDeviationError
from browser_use_client.models import SessionView
from browser_use_client.types import UNSET, Deviation, NotJSON, report_deviations
from browserai_client.models import GetResultsResponse, StopTaskResponse
from tests.resilience.conftest import SESSION, SESSION_BODY
from tests.support.loopback import Loopback, Reply, serve

_operations = itertools.count()


def _operation() -> str:
    """Return an operation name no other test uses (the once-per-process log memory is global)."""
    return f"test_operation_{next(_operations)}"


def _without(body: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != key}


RESULTS_BODY: dict[str, Any] = {
    "executionId": "exec-1",
    "status": "completed",
    "results": [{"history_index": 0, "insert_ts": "2026-11-07T05:31:56Z"}],
}

# (model, body, python field path, JSON pointer): one per deviation kind, on both vendors.
CASES = [
    pytest.param(SessionView, {**SESSION_BODY, "id": None}, "id", "/id", id="browser-use-null-not-nullable"),
    pytest.param(SessionView, {**SESSION_BODY, "stepCount": "17"}, "step_count", "/stepCount", id="browser-use-type"),
    pytest.param(SessionView, {**SESSION_BODY, "status": 7}, "status", "/status", id="browser-use-enum-type"),
    pytest.param(SessionView, {**SESSION_BODY, "createdAt": "yesterday"}, "created_at", "/createdAt", id="datetime"),
    pytest.param(SessionView, {**SESSION_BODY, "profileId": "nope"}, "profile_id", "/profileId", id="uuid"),
    pytest.param(
        SessionView,
        {**SESSION_BODY, "profileId": SESSION.replace("8dd25", "8dd_5")},  # UUID() reads it as another id
        "profile_id",
        "/profileId",
        id="uuid-underscore",
    ),
    pytest.param(SessionView, _without(SESSION_BODY, "model"), "model", "/model", id="browser-use-missing-required"),
    pytest.param(StopTaskResponse, {"message": 5}, "message", "/message", id="browserai-type"),
    pytest.param(StopTaskResponse, {"message": None}, "message", "/message", id="browserai-null-not-nullable"),
    pytest.param(
        GetResultsResponse,
        {**RESULTS_BODY, "results": [{"history_index": 0, "insert_ts": "not a time"}]},
        "results.0.insert_ts",
        "/results/0/insert_ts",
        id="browserai-nested-datetime",
    ),
    pytest.param(GetResultsResponse, {**RESULTS_BODY, "results": "none"}, "results", "/results", id="browserai-list"),
]


def _unset_of(cls: Any) -> type[Any]:
    """Return the Unset class of the package ``cls`` belongs to."""
    return __import__(f"{cls.__module__.split('.', 1)[0]}.types", fromlist=["Unset"]).Unset  # type: ignore[no-any-return]


def _read(model: Any, path: str) -> Any:
    for part in path.split("."):
        model = model[int(part)] if part.isdigit() else getattr(model, part)
    return model


@pytest.fixture
def warnings(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING)
    return caplog


@pytest.mark.parametrize(("cls", "body", "path", "pointer"), CASES)
def test_a_deviating_value_reads_unset_is_kept_and_listed(
    cls: Any, body: dict[str, Any], path: str, pointer: str
) -> None:
    sent = copy.deepcopy(body)
    model = cls.from_dict(body)
    assert isinstance(_read(model, path), _unset_of(cls))
    assert model.to_dict() == sent
    assert body == sent  # the input is not changed
    assert [d.pointer for d in model.deviations] == [pointer]
    deviation = model.deviations[0]
    assert deviation.field == path.rsplit(".", 1)[-1]
    assert deviation.expected
    assert deviation.got
    assert len(deviation.got) < 80


def test_a_nested_deviation_is_listed_on_the_nested_model_and_its_parent() -> None:
    body = {**RESULTS_BODY, "results": [{"history_index": "0"}, {"history_index": 1}]}
    model = GetResultsResponse.from_dict(body)
    assert isinstance(model.results, list)
    assert [d.pointer for d in model.results[0].deviations] == ["/results/0/history_index"]
    assert model.results[1].deviations == ()
    assert [d.pointer for d in model.deviations] == ["/results/0/history_index"]
    assert model.to_dict() == body


@pytest.mark.parametrize("body", [[1, 2], "text", 3, None, True, NotJSON("<html>oops</html>")])
def test_a_body_that_is_not_an_object_gives_an_all_unset_model_and_keeps_the_body(body: Any) -> None:
    model = SessionView.from_dict(body)
    assert model.id is UNSET
    assert model.status is UNSET
    assert model.step_count is UNSET
    assert model.to_dict() == {}
    assert [(d.pointer, d.field) for d in model.deviations] == [("", "")]
    assert model.deviations[0].value == body
    if isinstance(body, NotJSON):
        assert "not JSON" in model.deviations[0].got


def test_a_conforming_answer_has_no_deviations() -> None:
    assert SessionView.from_dict(SESSION_BODY).deviations == ()
    assert StopTaskResponse.from_dict({"message": "Task stopped successfully"}).deviations == ()
    assert GetResultsResponse.from_dict(RESULTS_BODY).deviations == ()


@pytest.mark.parametrize(("cls", "body", "path", "pointer"), CASES)
def test_each_deviation_is_logged_once_per_operation_and_pointer(
    cls: Any, body: dict[str, Any], path: str, pointer: str, warnings: pytest.LogCaptureFixture
) -> None:
    package = cls.__module__.split(".", 1)[0]
    types = __import__(f"{package}.types", fromlist=["report_deviations"])
    operation = _operation()
    for _ in range(3):
        types.report_deviations(operation, cls.from_dict(body).deviations)
    records = [r for r in warnings.records if r.name == package]
    assert len(records) == 1
    message = records[0].getMessage()
    assert records[0].levelno == logging.WARNING
    assert operation in message
    assert pointer in message
    field = path.rsplit(".", 1)[-1]
    assert field in message
    deviation = cls.from_dict(body).deviations[0]
    assert deviation.expected in message
    assert deviation.got in message
    types.report_deviations(_operation(), cls.from_dict(body).deviations)  # another operation logs again
    assert len([r for r in warnings.records if r.name == package]) == 2


@pytest.mark.parametrize(("cls", "body", "path", "pointer"), CASES)
def test_a_strict_report_raises_naming_field_pointer_expected_and_got(
    cls: Any, body: dict[str, Any], path: str, pointer: str
) -> None:
    package = cls.__module__.split(".", 1)[0]
    types = __import__(f"{package}.types", fromlist=["report_deviations"])
    errors = __import__(f"{package}.errors", fromlist=["ResponseDeviationError"])
    deviations = cls.from_dict(body).deviations
    with pytest.raises(errors.ResponseDeviationError) as caught:
        types.report_deviations("stop", deviations, strict=True)
    assert caught.value.operation == "stop"
    assert caught.value.deviations == deviations
    message = str(caught.value)
    assert "\n" not in message
    for part in (deviations[0].field, pointer, deviations[0].expected, deviations[0].got):
        assert part in message


def test_nothing_is_reported_for_a_conforming_answer(warnings: pytest.LogCaptureFixture) -> None:
    report_deviations(_operation(), (), strict=True)
    assert not warnings.records


def test_deviation_is_a_frozen_typed_record() -> None:
    deviation = Deviation.of("/x", "x", "string", 5)
    assert (deviation.pointer, deviation.field, deviation.expected, deviation.got, deviation.value) == (
        "/x",
        "x",
        "string",
        "number 5",
        5,
    )
    with pytest.raises(AttributeError):
        deviation.pointer = "/y"  # type: ignore[misc]  # frozen: the assignment must fail
    assert len(Deviation.of("/x", "x", "string", "y" * 10_000).got) < 80


# On the wire, through a generated package used alone.


def _client(server: Loopback, *, strict: bool = False) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=server.url, token="test-key", strict=strict)


def test_a_2xx_body_that_is_not_json_returns_a_model_keeping_the_text(warnings: pytest.LogCaptureFixture) -> None:
    html = "<html><body>upstream hiccup</body></html>"
    with serve(lambda _r, _h: Reply(200, html, {"Content-Type": "text/html"})) as server:
        response = get_session.sync_detailed(UUID(SESSION), client=_client(server))
        parsed = get_session.sync(UUID(SESSION), client=_client(server))
        with pytest.raises(ResponseDeviationError, match="get_session"):
            get_session.sync(UUID(SESSION), client=_client(server, strict=True))
    assert response.status_code == 200
    assert response.content == html.encode()
    for model in (response.parsed, parsed):
        assert isinstance(model, SessionView)
        assert model.deviations[0].pointer == ""
        assert model.deviations[0].value == html
        assert isinstance(model.deviations[0].value, NotJSON)
    logged = [r for r in warnings.records if r.name == browser_use_client.__name__]
    assert len(logged) == 1  # twice the same operation and pointer: logged once
    assert "get_session" in logged[0].getMessage()


def test_output_schema_null_on_the_wire_returns_and_round_trips() -> None:
    body = {**SESSION_BODY, "outputSchema": None}
    with serve(lambda _r, _h: Reply(200, body)) as server:
        parsed = get_session.sync(UUID(SESSION), client=_client(server))
    assert isinstance(parsed, SessionView)
    assert parsed.to_dict() == body
    assert str(parsed.id) == SESSION
    # Whether the document allows null here or not, the call returns; if it does not, the deviation says where.
    assert all(d.pointer == "/outputSchema" for d in parsed.deviations)


def test_both_packages_log_on_their_own_logger() -> None:
    assert browser_use_client.types.LOGGER.name == "browser_use_client"
    assert browserai_client.types.LOGGER.name == "browserai_client"
