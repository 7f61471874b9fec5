"""Property tests over both documents: every response they allow parses, and to_dict gives back what came in."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.resilience.documents import NEXT_RELEASE_VALUE, documents, dump, next_release, strategy, walk

Values = st.SearchStrategy[Any]
PROPERTY_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _responses() -> list[Any]:
    """Return one case per operation: its module and a strategy of (status, body) over every documented answer."""
    by_module: dict[ModuleType, list[tuple[int, dict[str, Any]]]] = {}
    for document in documents():
        for module, status, schema in document.responses():
            by_module.setdefault(module, []).append((status, schema))
    return [
        pytest.param(
            module,
            st.one_of([st.tuples(st.just(status), strategy(schema)) for status, schema in answers]),
            len(answers),
            id=module.__name__.rsplit(".", 1)[-1],
        )
        for module, answers in by_module.items()
    ]


RESPONSES = _responses()
MODELS = [
    pytest.param(
        cls, schema, strategy(schema), strategy(next_release(schema)), id=f"{document.vendor.name}-{cls.__name__}"
    )
    for document in documents()
    for cls, schema in document.models()
]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _client(module: ModuleType) -> Any:
    package = module.__name__.split(".", 1)[0]
    client_module = __import__(f"{package}.client", fromlist=["Client"])
    return client_module.Client(base_url="http://127.0.0.1", raise_on_unexpected_status=True)


def test_every_operation_and_model_is_covered() -> None:
    assert sum(p.values[2] for p in RESPONSES) >= 8  # documented answers across all operations
    assert {p.id for p in MODELS} >= {"browser-use-SessionView", "browserai-StopTaskResponse"}
    for document in documents():
        models = __import__(f"{document.vendor.package}.models", fromlist=["__all__"])
        classes = {cls.__name__ for cls, _ in document.models()} | {e.__name__ for e in document.enums()}
        assert classes == set(models.__all__), "a generated model or enum the tests do not see"


@pytest.mark.parametrize(("module", "answers", "count"), RESPONSES)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_every_documented_response_parses_and_round_trips(
    module: ModuleType, answers: Values, count: int, data: st.DataObject
) -> None:
    status, body = data.draw(answers)
    response = httpx.Response(status, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    parsed = module._parse_response(client=_client(module), response=response)
    assert parsed is not None
    assert dump(parsed) == body


@pytest.mark.parametrize(("cls", "schema", "values", "next_values"), MODELS)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_every_model_round_trips_keeps_unknown_properties_and_leaves_missing_ones_unset(
    cls: type[Any], schema: dict[str, Any], values: Values, next_values: Values, data: st.DataObject
) -> None:
    from browser_use_client.types import Unset

    body = data.draw(values)
    model = cls.from_dict(body)
    assert model.to_dict() == body
    # Every documented property the body leaves out is UNSET on the model (and so left out of to_dict).
    documented = schema.get("properties", {})
    unset = [f.name for f in attrs.fields(cls) if type(getattr(model, f.name)).__name__ == Unset.__name__]
    assert len(unset) == len([name for name in documented if name not in body])
    # A property no document lists survives from_dict and to_dict.
    extra = data.draw(JSON_VALUES)
    name = "zzAddedInALaterRelease"
    assert name not in documented
    grown = cls.from_dict({**body, name: extra})
    assert grown.additional_properties[name] == extra
    assert grown.to_dict() == {**body, name: extra}


@pytest.mark.parametrize(("cls", "schema", "values", "next_values"), MODELS)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_every_model_parses_what_a_next_release_may_send(
    cls: type[Any], schema: dict[str, Any], values: Values, next_values: Values, data: st.DataObject
) -> None:
    body = data.draw(next_values)
    model = cls.from_dict(body)
    assert model.to_dict() == body
    for value in walk(model):
        if hasattr(value, "is_known"):
            assert value.is_known is (value.value != NEXT_RELEASE_VALUE)


@pytest.mark.parametrize(("cls", "schema", "values", "next_values"), MODELS)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_every_model_reads_a_deviating_body_without_loss(
    cls: type[Any], schema: dict[str, Any], values: Values, next_values: Values, data: st.DataObject
) -> None:
    body = data.draw(values)
    documented = sorted(schema.get("properties", {}))
    # Mutate: some documented properties get any JSON value (null, another type, ...), some are dropped.
    for name in data.draw(st.lists(st.sampled_from(documented), unique=True)) if documented else []:
        if data.draw(st.booleans()):
            body[name] = data.draw(JSON_VALUES)
        else:
            body.pop(name, None)
    model = cls.from_dict(body)
    assert model.to_dict() == body
    for deviation in model.deviations:
        assert deviation.pointer.split("/")[1] in documented
    # A body that is no object at all still reads.
    other = data.draw(JSON_VALUES.filter(lambda value: not isinstance(value, dict)))
    assert [d.pointer for d in cls.from_dict(other).deviations] == [""]
