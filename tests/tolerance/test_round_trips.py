"""A model read from JSON and written back: to_dict() gives what was read, with what was set in code since.

A field set in code (or changed in place) shows in to_dict(); a field set to UNSET is left out, unless the value
it was read from deviated, which is kept as sent; the deviations describe the object as it was read, through
copies and pickles too; and every field of every model reads any JSON value without raising.
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
from browser_use_client.types import UNSET
from browserai_client.models import GetResultsResponse
from tests.resilience.conftest import SESSION, SESSION_BODY
from tests.resilience.documents import documents

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


def test_deviating_values_are_kept_beside_the_unknown_properties() -> None:
    body = {**SESSION_BODY, "status": 7, "createdAt": "yesterday", "region": "eu"}
    model = SessionView.from_dict(dict(body))
    assert model.additional_properties == {"region": "eu", "status": 7, "createdAt": "yesterday"}
    assert model == SessionView.from_dict(dict(body))
    assert [d.pointer for d in model.deviations] == ["/status", "/createdAt"]
    assert model.status is UNSET
    assert model.created_at is UNSET
    assert model["status"] == 7
    assert model.to_dict() == body


@pytest.mark.parametrize("clone", [pickle.loads, copy.deepcopy, copy.copy], ids=["pickle", "deepcopy", "copy"])
def test_a_read_model_survives_pickle_and_copy(clone: Any) -> None:
    body = {**FULL, "stepCount": "17"}
    model = SessionView.from_dict(copy.deepcopy(body))
    copied = clone(pickle.dumps(model)) if clone is pickle.loads else clone(model)
    assert copied == model
    assert copied.to_dict() == body  # the date-times' text and the deviating value included
    assert [d.pointer for d in copied.deviations] == ["/stepCount"]
    assert copied.status == SessionStatus.STOPPED
    assert copied.id == UUID(SESSION)
    assert copied.title is UNSET  # the package's one UNSET, not a copy of it


def test_the_same_text_reads_into_one_unchangeable_object_that_writes_its_own_text_back() -> None:
    # A sweep keeps thousands of models: an id or a date-time read twice is one object, and it cannot be changed.
    first, again = (SessionView.from_dict(copy.deepcopy(FULL)) for _ in range(2))
    assert first.id is again.id
    assert first.created_at is again.created_at
    with pytest.raises(AttributeError, match="text"):
        first.created_at.text = "2000-01-01T00:00:00Z"  # type: ignore[union-attr]
    other = SessionView.from_dict({**FULL, "createdAt": "2023-11-07T05:31:56.000+00:00"})
    assert other.created_at == first.created_at
    assert other.created_at is not first.created_at  # equal, but each goes back out as it was sent
    assert other.to_dict()["createdAt"] == "2023-11-07T05:31:56.000+00:00"
    assert first.to_dict() == FULL


def test_a_parsed_model_equals_the_same_model_made_in_code() -> None:
    parsed = StopSessionRequest.from_dict({"strategy": "task"})
    made = StopSessionRequest(strategy=StopStrategy.TASK)
    assert parsed == made
    assert parsed.to_dict() == made.to_dict() == {"strategy": "task"}
    assert StopSessionRequest.from_dict({"strategy": "session"}) != made


def test_a_model_made_in_code_writes_its_fields_and_extra_properties() -> None:
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


def test_a_conforming_answer_reads_every_field_and_keeps_the_unknown_ones() -> None:
    model = SessionView.from_dict(copy.deepcopy(FULL))
    assert model.deviations == ()
    assert model.id == UUID(SESSION)
    assert model.status is SessionStatus.STOPPED
    assert model.recording_urls == ["https://example.invalid/a.mp4"]
    assert model.additional_properties == {"region": "eu"}
    assert model.to_dict() == FULL


# JSON values of every kind, and strings that are almost a UUID, a date-time or an enum value.
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

MODELS = [
    pytest.param(cls, schema, id=f"{d.vendor.name}-{cls.__name__}") for d in documents() for cls, schema in d.models()
]


@pytest.mark.parametrize(("cls", "schema"), MODELS)
def test_every_field_reads_any_json_value_or_lists_it(cls: Any, schema: dict[str, Any]) -> None:
    required = set(schema.get("required", ()))
    for name in schema.get("properties", {}):
        at = "/" + name.replace("~", "~0").replace("/", "~1")
        missing = {f"/{other}" for other in required - {name}}
        for value in _VALUES:
            model = cls.from_dict({name: copy.deepcopy(value)})
            assert model.to_dict() == {name: value}
            pointers = [d.pointer for d in model.deviations]
            assert all(p in missing or p == at or p.startswith(at + "/") for p in pointers), (name, value, pointers)
            if at in pointers:
                assert model.additional_properties[name] == value  # kept as sent
