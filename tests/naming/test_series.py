"""Regenerate a series of documents into one place: no public name goes missing unless the vendor removed it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import names
from generator.drift.compare import compare
from generator.drift.load import from_data
from generator.pipeline import build_client, lock_beside
from generator.registry import ROOT

PACKAGE = "bu_names_series"
_OUTPUT_SCHEMA_NAMES = {"class SessionViewOutputSchema", "module models.session_view_output_schema"}


def _base() -> dict[str, Any]:
    """Return our Browser-Use document as it was before the vendor's nullability fact: outputSchema an object."""
    data: dict[str, Any] = yaml.safe_load((ROOT / "specs" / "browser-use.yaml").read_text(encoding="utf-8"))
    data["components"]["schemas"]["SessionView"]["properties"]["outputSchema"] = {
        "type": "object",
        "additionalProperties": True,
    }
    return data


def _published(lock: names.NameLock) -> set[str]:
    """Every public name a lock records: classes, modules, fields, enum members and endpoint functions."""
    out: set[str] = set()
    for entry in lock.classes.values():
        out |= {f"class {entry.name}", f"module models.{entry.module}"}
        out |= {f"{entry.name}.{python}" for python in entry.fields.values()}
        out |= {f"{entry.name}.{member}" for member in entry.members.values()}
    out |= {f"api.{e.group}.{e.function}" for e in lock.endpoints.values()}
    return out


def _nullable_output_schema(doc: dict[str, Any]) -> None:
    props = doc["components"]["schemas"]["SessionView"]["properties"]
    props["outputSchema"] = {"anyOf": [{"type": "object", "additionalProperties": True}, {"type": "null"}]}


def _duplicate_name_and_new_operation(doc: dict[str, Any]) -> None:
    """FastAPI's way: a second CreateSessionRequest renames the first one's key to its module path."""
    schemas = doc["components"]["schemas"]
    moved = "app__endpoints__v3__sessions__CreateSessionRequest"
    schemas[moved] = schemas.pop("CreateSessionRequest")
    body = doc["paths"]["/sessions"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    body["$ref"] = f"#/components/schemas/{moved}"
    schemas["app__views__CreateSessionRequest"] = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}},
    }
    doc["paths"]["/views"] = {
        "post": {
            "tags": ["Views"],
            "operationId": "createView",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/app__views__CreateSessionRequest"}}
                },
            },
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "string"}}}}
            },
        }
    }


def _drop_output_schema(doc: dict[str, Any]) -> None:
    del doc["components"]["schemas"]["SessionView"]["properties"]["outputSchema"]


def _generate(doc: dict[str, Any], tmp: Path, step: str) -> names.NameLock:
    spec = tmp / f"{step}.yaml"
    spec.write_text(yaml.safe_dump(doc), encoding="utf-8")
    output = tmp / "out" / PACKAGE
    build_client(spec, PACKAGE, output, config={"field_prefix": "field_"})
    return names.read(lock_beside(output), PACKAGE)


def test_a_series_of_vendor_changes_keeps_every_name_the_vendor_did_not_remove(tmp_path: Path) -> None:
    doc = _base()
    lock = _generate(doc, tmp_path, "0-base")
    models = tmp_path / "out" / PACKAGE / "models"
    assert {"SessionViewOutputSchema", "CreateSessionRequest"} <= set(lock.classes)
    steps = [
        ("1-nullable", _nullable_output_schema, set()),
        ("2-duplicate-key-and-new-operation", _duplicate_name_and_new_operation, set()),
        ("3-null-taken-away", None, set()),
        ("4-property-removed", _drop_output_schema, {"SessionView.output_schema", *_OUTPUT_SCHEMA_NAMES}),
    ]
    for step, change, may_go in steps:
        before_doc, before = copy.deepcopy(doc), _published(lock)
        if change is None:  # the null goes again: the vendor's fix undone
            doc["components"]["schemas"]["SessionView"]["properties"]["outputSchema"] = {
                "type": "object",
                "additionalProperties": True,
            }
        else:
            change(doc)
        lock = _generate(doc, tmp_path, step)
        missing = before - _published(lock)
        # Only a removal the spec-level drift reports may take a name away.
        assert missing <= may_go, (step, missing)
        if missing:
            removals = [c for c in compare(from_data(before_doc, "OLD"), from_data(doc, "NEW")) if "removed" in c.rule]
            assert any("outputSchema" in c.pointer or "outputSchema" in c.message for c in removals), removals
        assert (models / "session_view.py").exists()
        assert (models / "create_session_request.py").exists()
        if step != "4-property-removed":
            assert (models / "session_view_output_schema.py").exists(), step
            assert not (models / "session_view_output_schema_type_0.py").exists(), step
    assert "ViewsCreateSessionRequest" in lock.classes  # the new schema got a new name
    assert lock.endpoints["POST /views"].function == "create_view"
    assert lock.classes["CreateSessionRequest"].used_at == ("POST /sessions body",)
    assert "SessionViewOutputSchema" not in lock.classes  # the vendor removed it: the name went with it
    assert not (models / "session_view_output_schema.py").exists()


def test_without_a_lock_the_generator_would_have_renamed_them(tmp_path: Path) -> None:
    """Prove the series is a real test: fresh names for the same documents differ from the locked ones."""
    doc = _base()
    _nullable_output_schema(doc)
    _duplicate_name_and_new_operation(doc)
    spec = tmp_path / "doc.yaml"
    spec.write_text(yaml.safe_dump(doc), encoding="utf-8")
    output = tmp_path / PACKAGE
    build_client(spec, PACKAGE, output, config={"field_prefix": "field_"}, fresh_names=True)
    fresh = names.read(lock_beside(output), PACKAGE)
    assert "SessionViewOutputSchemaType0" in fresh.classes
    assert "CreateSessionRequest" not in fresh.classes


@pytest.mark.parametrize("vendor", ["browser-use", "browserai"])
def test_the_committed_locks_name_what_generated_holds(vendor: str) -> None:
    from generator.registry import vendor as entry_of

    entry = entry_of(vendor)
    lock = names.read(entry.names, entry.package)
    modules = {p.stem for p in (ROOT / "generated" / entry.package / "models").glob("*.py")} - {"__init__"}
    aliases = {a.module for e in lock.classes.values() for a in e.aliases}  # deprecated modules of renamed classes
    assert {e.module for e in lock.classes.values()} | aliases == modules
