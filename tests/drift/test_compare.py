"""Whole-document behaviour: shared and recursive components, what gets skipped, and where changes point."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from generator.drift.unchanged import unchanged_schemas
from tests.drift.conftest import ROOT, diff


def _doc(schemas: dict[str, Any], paths: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _get(name: str) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}
    return {"get": {"responses": {"200": {"description": "ok", "content": content}}}}


def test_a_shared_component_change_is_reported_once_with_every_operation_that_uses_it() -> None:
    schemas = {
        "Status": {"type": "string", "enum": ["running", "stopped"]},
        "Session": {
            "type": "object",
            "properties": {
                "status": {"$ref": "#/components/schemas/Status"},
                "last": {"$ref": "#/components/schemas/Status"},
            },
        },
        "Other": {"type": "object", "properties": {"n": {"type": "integer"}}},
    }
    old = _doc(schemas, {"/a": _get("Session"), "/b": _get("Session"), "/c": _get("Other")})
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Status"]["enum"].append("paused")
    changes = diff(old, new)
    # One edit, one change: reached twice in each operation (status, last), once per operation, at the first
    # path in order; the pointer names the component where the enum changed.
    assert [(c.operations, c.rule, c.pointer, c.message) for c in changes] == [
        (
            ("GET /a", "GET /b"),
            "response-property-enum-value-added",
            "/components/schemas/Status",
            "response property 'last' (200 response) gained enum value \"paused\"",
        )
    ]
    assert changes[0].values == ('"paused"',)
    assert changes[0].meaning == (
        'code that reads a `Status` may get `"paused"`, kept as an unknown member (`is_known` False)'
    )


def test_one_field_made_nullable_is_one_change_in_every_operation_whatever_the_path() -> None:
    view = {"type": "object", "properties": {"outputSchema": {"type": "object"}}}
    listing = {
        "type": "object",
        "properties": {"sessions": {"type": "array", "items": {"$ref": "#/components/schemas/View"}}},
    }
    old = _doc({"View": view, "Listing": listing}, {"/one": _get("View"), "/all": _get("Listing")})
    new = copy.deepcopy(old)
    new["components"]["schemas"]["View"]["properties"]["outputSchema"] = {"type": ["object", "null"]}
    (change,) = diff(old, new)
    assert change.rule == "response-property-became-nullable"
    # Worded for the operation that reads it most directly; the list reaches it through its items.
    assert [(use.operation, use.path) for use in change.uses] == [
        ("GET /one", "outputSchema"),
        ("GET /all", "sessions[].outputSchema"),
    ]
    assert change.message == "response property 'outputSchema' (200 response) may now be null"
    assert change.meaning == "code that reads `View.output_schema` may now get None"


def test_a_densely_recursive_document_is_compared_in_finite_time() -> None:
    # Every component refers to every other: the number of paths explodes, the number of pairs does not.
    names = [f"N{i}" for i in range(40)]
    schemas = {
        name: {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                **{f"to{other}": {"$ref": f"#/components/schemas/{other}"} for other in names},
            },
        }
        for name in names
    }
    old = _doc(schemas, {f"/{name}": _get(name) for name in names})
    new = copy.deepcopy(old)
    new["components"]["schemas"]["N7"]["properties"]["id"] = {"type": "integer"}
    (change,) = diff(old, new)
    assert change.rule == "response-property-type-changed"
    # Each operation reaches N7 and has its change once, at the shortest path; the change is worded for N7's own.
    assert sorted(change.operations) == sorted(f"GET /{name}" for name in names)
    paths = {use.operation: use.path for use in change.uses}
    assert change.message == "response property 'id' (200 response) changed type from string to integer"
    assert paths["GET /N7"] == "id"
    assert paths["GET /N0"] == "toN7.id"


def test_unchanged_components_are_found_through_cycles() -> None:
    ref = "#/components/schemas/"
    old = {
        "components": {
            "schemas": {
                "A": {"properties": {"b": {"$ref": ref + "B"}, "c": {"$ref": ref + "C"}}},
                "B": {"properties": {"a": {"$ref": ref + "A"}}},
                "C": {"type": "string"},
                "D": {"properties": {"d": {"$ref": ref + "D"}}},
                "E": {"properties": {"b": {"$ref": ref + "B"}}},
            }
        }
    }
    new = copy.deepcopy(old)
    new["components"]["schemas"]["C"] = {"type": "integer"}
    # C changed; A and B reach it through their cycle, E through B; D only reaches itself.
    assert unchanged_schemas(old, new) == {"/components/schemas/D"}
    assert unchanged_schemas(old, old) == {f"/components/schemas/{n}" for n in "ABCDE"}


def test_vendor_enum_growth_is_one_warning_for_every_operation_returning_it() -> None:
    old = yaml.safe_load((ROOT / "specs" / "browser-use.yaml").read_text(encoding="utf-8"))
    new = copy.deepcopy(old)
    new["components"]["schemas"]["SessionStatus"]["enum"].append("paused")
    (change,) = diff(old, new)
    assert change.rule == "response-property-enum-value-added"
    assert change.severity.value == "warning"
    assert change.pointer == "/components/schemas/SessionStatus"
    assert change.message == "response property 'status' (200 response) gained enum value \"paused\""
    paths = {use.operation: use.path for use in change.uses}
    assert "POST /sessions/{session_id}/stop" in paths
    assert paths.pop("GET /sessions") == "sessions[].status"  # the list's items
    assert set(paths.values()) == {"status"}
