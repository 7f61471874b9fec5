"""Lazy reads in the generated packages: from_dict keeps the JSON object, and each field converts on first access.

What the tolerant reads guarantee must hold whatever has been read so far: a field set in code shows in to_dict(),
an untouched model's to_dict() is an equal copy that shares nothing with the model, and the deviations are the
same whether they are asked for first, after a field, or after a copy or a pickle.
"""

from __future__ import annotations

import copy
import itertools
import logging
import pickle
from typing import Any
from uuid import UUID

import pytest

import browserai_client.types
from browser_use_client.models import SessionStatus, SessionView, StopSessionRequest, StopStrategy
from browser_use_client.types import READ_ERRORS, UNSET
from browserai_client.models import GetResultsResponse, TaskStepResult
from browserai_client.types import UNSET as BROWSERAI_UNSET
from tests.resilience.conftest import SESSION, SESSION_BODY

_operations = itertools.count()

FULL: dict[str, Any] = {
    **SESSION_BODY,
    "recordingUrls": ["https://example.invalid/a.mp4"],
    "outputSchema": {"type": "object", "properties": {"x": {"type": "string"}}},
    "region": "eu",
}


def _results(count: int, insert_ts: str = "2026-11-07T05:31:56Z") -> dict[str, Any]:
    return {
        "executionId": "exec-1",
        "results": [{"history_index": index, "insert_ts": insert_ts} for index in range(count)],
    }


def test_from_dict_converts_nothing_until_a_field_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    parse = SessionStatus.parse

    def counting(value: str) -> SessionStatus:
        calls.append(value)
        return parse(value)

    monkeypatch.setattr(SessionStatus, "parse", counting)
    model = SessionView.from_dict(dict(FULL))
    assert calls == []
    assert model.status == SessionStatus.STOPPED
    assert model.status is model.status
    assert calls == ["stopped"]  # read once, then kept


def test_a_field_set_after_parse_shows_in_to_dict() -> None:
    model = SessionView.from_dict(dict(FULL))
    model.status = SessionStatus.RUNNING
    model.step_count = 4
    assert model.to_dict() == {**FULL, "status": "running", "stepCount": 4}
    model.title = UNSET  # never sent: stays out
    model.recording_urls = UNSET  # sent, then unset in code: left out, as for a model made in code
    expected = {**FULL, "status": "running", "stepCount": 4}
    del expected["recordingUrls"]
    assert model.to_dict() == expected
    assert model.deviations == ()
    assert model.to_dict() == expected  # the same once every field has been read


def test_a_value_changed_inside_a_read_field_shows_in_to_dict() -> None:
    model = SessionView.from_dict(dict(FULL))
    assert isinstance(model.recording_urls, list)
    model.recording_urls.append("https://example.invalid/b.mp4")
    assert model.to_dict()["recordingUrls"] == ["https://example.invalid/a.mp4", "https://example.invalid/b.mp4"]
    parsed = GetResultsResponse.from_dict(_results(2))
    assert isinstance(parsed.results, list)
    parsed.results[1].history_index = 7
    assert [r["history_index"] for r in parsed.to_dict()["results"]] == [0, 7]


def test_an_untouched_model_gives_an_equal_copy_that_shares_nothing() -> None:
    body = copy.deepcopy(FULL)
    model = SessionView.from_dict(body)
    first = model.to_dict()
    assert first == FULL
    assert first is not body
    first["status"] = "error"
    first["recordingUrls"].append("added")
    first["outputSchema"]["type"] = "array"
    assert model.to_dict() == FULL
    assert body == FULL  # neither the model nor what it was read from changed
    assert model.recording_urls == ["https://example.invalid/a.mp4"]


def test_a_deviating_field_set_in_code_overrides_and_unset_again_keeps_the_value_sent() -> None:
    body = {**SESSION_BODY, "stepCount": "17"}
    model = SessionView.from_dict(dict(body))
    model.step_count = 3
    assert model.to_dict() == {**body, "stepCount": 3}
    assert [d.pointer for d in model.deviations] == ["/stepCount"]  # as read, whatever was set since
    model.step_count = UNSET
    assert model.to_dict() == body
    fresh = SessionView.from_dict(dict(body))
    fresh.step_count = UNSET
    assert fresh.to_dict() == body  # the same before the deviations were read


@pytest.mark.parametrize("first", ["deviations", "field", "additional_properties", "to_dict", "eq"])
def test_deviations_are_the_same_whatever_is_read_first(first: str) -> None:
    body = {**SESSION_BODY, "status": 7, "createdAt": "yesterday", "region": "eu"}
    model = SessionView.from_dict(dict(body))
    if first == "field":
        assert model.status is UNSET
    elif first == "additional_properties":
        assert model.additional_properties == {"region": "eu", "status": 7, "createdAt": "yesterday"}
    elif first == "to_dict":
        assert model.to_dict() == body
    elif first == "eq":
        assert model == SessionView.from_dict(dict(body))
    assert [d.pointer for d in model.deviations] == ["/status", "/createdAt"]
    assert model.status is UNSET
    assert model.created_at is UNSET
    assert model["status"] == 7
    assert model.to_dict() == body


def test_nested_models_read_lazily_too() -> None:
    body = {**_results(3), "status": "completed"}
    body["results"][2]["insert_ts"] = "not a time"
    model = GetResultsResponse.from_dict(body)
    assert "results" not in vars(model)
    results = model.results
    assert isinstance(results, list)
    assert all(isinstance(item, TaskStepResult) for item in results)
    assert not {"insert_ts", "history_index", "deviations"} & set(vars(results[2]))  # nothing read inside yet
    assert results[2].insert_ts is BROWSERAI_UNSET
    assert [d.pointer for d in results[2].deviations] == ["/results/2/insert_ts"]
    assert [d.pointer for d in model.deviations] == ["/results/2/insert_ts"]
    assert model.to_dict() == body


@pytest.mark.parametrize("clone", [pickle.loads, copy.deepcopy, copy.copy], ids=["pickle", "deepcopy", "copy"])
def test_a_lazy_model_survives_pickle_and_copy(clone: Any) -> None:
    body = {**FULL, "stepCount": "17"}
    for touched in (False, True):
        model = SessionView.from_dict(copy.deepcopy(body))
        if touched:
            assert model.id == UUID(SESSION)
        copied = clone(pickle.dumps(model)) if clone is pickle.loads else clone(model)
        assert copied == model
        assert copied.to_dict() == body
        assert [d.pointer for d in copied.deviations] == ["/stepCount"]
        assert copied.status == SessionStatus.STOPPED


def test_a_parsed_model_equals_the_same_model_made_in_code() -> None:
    parsed = StopSessionRequest.from_dict({"strategy": "task"})
    made = StopSessionRequest(strategy=StopStrategy.TASK)
    assert parsed == made
    assert parsed.to_dict() == made.to_dict() == {"strategy": "task"}
    assert StopSessionRequest.from_dict({"strategy": "session"}) != made


def test_a_model_made_in_code_is_not_lazy() -> None:
    model = StopSessionRequest(strategy=StopStrategy.TASK)
    model["extra"] = 1
    assert model.to_dict() == {"strategy": "task", "extra": 1}
    assert model.deviations == ()
    with pytest.raises(AttributeError):
        model.no_such_field  # type: ignore[attr-defined]  # an unknown attribute still fails  # noqa: B018


def test_a_long_deviating_list_logs_once_and_keeps_every_pointer(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    operation = f"lazy_operation_{next(_operations)}"
    memory = browserai_client.types._REPORTED
    before = len(memory)
    for _ in range(2):
        model = GetResultsResponse.from_dict(_results(100, insert_ts="not a time"))
        browserai_client.types.report_deviations(operation, model.deviations)
    assert [d.pointer for d in model.deviations] == [f"/results/{i}/insert_ts" for i in range(100)]
    logged = [r for r in caplog.records if r.name == "browserai_client"]
    assert len(logged) == 1
    assert "/results/0/insert_ts" in logged[0].getMessage()
    assert len(memory) - before == 1
    assert (operation, "/results/*/insert_ts") in memory


def test_the_log_once_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    types = browserai_client.types
    monkeypatch.setattr(types, "_REPORTED", set())
    monkeypatch.setattr(types, "_REPORTED_AT_MOST", 5)
    deviation = types.Deviation.of("/x", "x", "string", 5)
    for index in range(20):
        types.report_deviations(f"operation_{index}", (deviation,))
        assert len(types._REPORTED) <= 5


def test_deviations_of_a_conforming_answer_convert_only_what_a_type_check_cannot_vouch_for() -> None:
    model = SessionView.from_dict(copy.deepcopy(FULL))
    assert model.deviations == ()
    # UUIDs, date-times, enums and plain values were checked, not converted: they wait for their first access.
    assert not {"id", "status", "created_at", "updated_at", "step_count", "additional_properties"} & set(vars(model))
    assert model.id == UUID(SESSION)
    assert model.additional_properties == {"region": "eu"}
    assert model.to_dict() == FULL


_VALUES: list[Any] = [
    SESSION,
    SESSION.upper(),
    "2026-11-07T05:31:56Z",
    "2026-11-07T05:31:56.123+01:00",
    "2026-13-07T05:31:56Z",
    "2026-11-07",
    "yesterday",
    "",
    "stopped",
    None,
    0,
    7,
    True,
    1.5,
    [],
    ["a"],
    ["a", 1],
    [1, 2],
    [True, 1],
    [None],
    {},
    {"a": 1},
]


def _models() -> list[Any]:
    import browser_use_client.models
    import browserai_client.models

    found = []
    for package in (browser_use_client.models, browserai_client.models):
        for name in package.__all__:
            cls = getattr(package, name)
            if hasattr(cls, "_FIELDS"):
                found.append(cls)
    return found


def _vouched(field: Any, value: Any) -> bool:
    """Tell whether a field's kinds and check vouch for ``value`` (a check says no by a false result or by raising)."""
    if type(value) not in field.kinds:
        return False
    if value is None or field.check is None:
        return True
    try:
        return bool(field.check(value))
    except READ_ERRORS:
        return False


@pytest.mark.parametrize("cls", _models(), ids=lambda cls: cls.__name__)
def test_the_type_check_of_deviations_agrees_with_the_full_read(cls: Any) -> None:
    for field in cls._FIELDS.all:
        for value in _VALUES:
            if _vouched(field, value):
                field.read(value, "")  # what the check vouches for reads without a deviation
            checked = cls.from_dict({field.json_name: value})
            read = cls.from_dict({field.json_name: value})
            assert read.additional_properties is not None  # reads every field, the slow way
            assert [d.pointer for d in checked.deviations] == [d.pointer for d in read.deviations]
