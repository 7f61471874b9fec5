"""Properties that hold for any document: no change against itself, and add/remove are mirror images."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.drift.compare import compare
from generator.drift.load import load
from tests.drift.conftest import ROOT, diff, verdict, wrap

NAMES = st.sampled_from(["id", "name", "status", "createdAt", "items", "meta", "count", "tags"])
SCALARS = st.sampled_from(
    [
        {"type": "string"},
        {"type": "integer"},
        {"type": "number", "minimum": 0},
        {"type": "boolean", "default": False},
        {"type": "string", "format": "uuid"},
        {"type": "string", "enum": ["a", "b", "c"]},
        {"type": "string", "maxLength": 10, "pattern": "^[a-z]+$"},
    ]
)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, dict[str, Any]], required: list[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = sorted(set(required) & set(properties))
    return schema


LEAVES = st.one_of(SCALARS, SCALARS.map(_nullable))
SCHEMAS = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        st.builds(_object, st.dictionaries(NAMES, children, max_size=4), st.lists(NAMES, max_size=3)),
        children.map(lambda c: {"type": "array", "items": c}),
    ),
    max_leaves=12,
)
OBJECTS = st.builds(_object, st.dictionaries(NAMES, SCHEMAS, max_size=5), st.lists(NAMES, max_size=3))
SIDES = st.sampled_from(["request", "response"])


@settings(max_examples=150, deadline=None)
@given(schema=SCHEMAS, side=SIDES)
def test_a_document_against_itself_has_no_changes(schema: dict[str, Any], side: str) -> None:
    doc = wrap(schema, side, "3.1.0", None)
    assert diff(doc, copy.deepcopy(doc)) == ()


@settings(max_examples=150, deadline=None)
@given(base=OBJECTS, extra=SCHEMAS, required=st.booleans(), side=SIDES)
def test_adding_a_property_mirrors_removing_it(
    base: dict[str, Any], extra: dict[str, Any], required: bool, side: str
) -> None:
    name = "addedProperty"
    grown = copy.deepcopy(base)
    grown["properties"][name] = extra
    if required:
        grown["required"] = [*grown.get("required", []), name]
    old, new = wrap(base, side, "3.1.0", None), wrap(grown, side, "3.1.0", None)
    state = "required" if required else "optional"
    forward, backward = diff(old, new), diff(new, old)
    assert [(c.rule, c.message) for c in forward] == [
        (f"{side}-property-added-{state}", f"{side} property '{name}'{_where(side)} was added as {state}")
    ]
    assert [c.rule for c in backward] == [f"{side}-property-removed-{state}"]
    # The verdicts disagree the way the issue says: sending side vs receiving side.
    expected = {
        ("request", "required"): ("breaking", "warning"),
        ("request", "optional"): ("info", "warning"),
        ("response", "required"): ("info", "breaking"),
        ("response", "optional"): ("info", "breaking"),
    }[(side, state)]
    assert (forward[0].severity.value, backward[0].severity.value) == expected


def _where(side: str) -> str:
    return " (200 response)" if side == "response" else ""


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.sampled_from("abcdefgh"), min_size=2, max_size=6, unique=True), side=SIDES)
def test_widening_an_enum_mirrors_narrowing_it(values: list[str], side: str) -> None:
    wide = {"type": "object", "properties": {"e": {"type": "string", "enum": values}}}
    narrow = {"type": "object", "properties": {"e": {"type": "string", "enum": values[1:]}}}
    old, new = wrap(narrow, side, "3.1.0", None), wrap(wide, side, "3.1.0", None)
    assert verdict(diff(old, new)) == {f"{side}-property-enum-value-added": "info" if side == "request" else "warning"}
    assert verdict(diff(new, old)) == {
        f"{side}-property-enum-value-removed": "breaking" if side == "request" else "info"
    }


@settings(max_examples=60, deadline=None)
@given(schema=SCHEMAS)
def test_adding_an_operation_mirrors_removing_it(schema: dict[str, Any]) -> None:
    old = wrap(schema, "response", "3.1.0", None)
    new = copy.deepcopy(old)
    new["paths"]["/things/{id}"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    assert verdict(diff(old, new)) == {"operation-added": "info"}
    assert verdict(diff(new, old)) == {"operation-removed": "breaking"}


def _as_30(node: Any) -> Any:
    """Rewrite 3.1 `anyOf [x, {type: null}]` as 3.0 `x` with `nullable: true`, everywhere."""
    if isinstance(node, list):
        return [_as_30(n) for n in node]
    if not isinstance(node, dict):
        return node
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        kept = next(b for b in branches if b != {"type": "null"})
        return {**_as_30(kept), "nullable": True}
    return {k: _as_30(v) for k, v in node.items()}


@settings(max_examples=100, deadline=None)
@given(schema=SCHEMAS, side=SIDES)
def test_30_and_31_spellings_of_the_same_document_have_no_changes(schema: dict[str, Any], side: str) -> None:
    doc31 = wrap(schema, side, "3.1.0", None)
    doc30 = _as_30(wrap(schema, side, "3.0.3", None))
    assert diff(doc30, doc31) == ()
    assert diff(doc31, doc30) == ()


@pytest.mark.parametrize("spec", sorted((ROOT / "specs").glob("*.yaml")), ids=lambda p: p.name)
def test_each_vendor_spec_against_itself_has_no_changes(spec: Path) -> None:
    document = load(str(spec))
    assert compare(document, load(str(spec))) == ()


def _renamed(node: Any, prefix: str) -> Any:
    """Return ``node`` with every component schema reference pointing at ``prefix + name``."""
    if isinstance(node, list):
        return [_renamed(n, prefix) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and value.startswith("#/components/schemas/"):
            out[key] = "#/components/schemas/" + prefix + value.rsplit("/", 1)[1]
        else:
            out[key] = _renamed(value, prefix)
    return out


@pytest.mark.parametrize("spec", sorted((ROOT / "specs").glob("*.yaml")), ids=lambda p: p.name)
def test_renaming_every_component_of_a_vendor_spec_changes_only_names(spec: Path) -> None:
    data = load(str(spec)).data
    schemas = data.get("components", {}).get("schemas", {})
    renamed = _renamed(data, "Renamed")
    if schemas:
        renamed["components"]["schemas"] = {f"Renamed{k}": v for k, v in renamed["components"]["schemas"].items()}
    changes = diff(data, renamed)
    assert [c.rule for c in changes] == ["component-schema-renamed"] * len(schemas)
