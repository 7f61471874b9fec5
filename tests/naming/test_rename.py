"""Rename a class on purpose in the lock: the old name warns but still imports, and drift --code shows it."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator import names
from generator.drift.code import Lock, compare_code
from generator.drift.load import load
from generator.errors import PipelineError
from generator.manifest import project_version
from generator.names.assign import next_minor
from generator.names.lock import Alias
from generator.pipeline import build_client, lock_beside
from generator.registry import ROOT

PACKAGE = "bu_names_rename"
SPEC = ROOT / "specs" / "browser-use.yaml"
OLD = "CreateSessionRequestOutputSchemaType0"


@pytest.fixture
def importable(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path / "out"))
    yield tmp_path / "out" / PACKAGE
    sys.path.remove(str(tmp_path / "out"))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


def _rename(lock: names.NameLock, old: str, new: str, module: str) -> None:
    entry = lock.classes.pop(old)
    entry.aliases = (Alias(old, entry.module, ""),)
    entry.name, entry.module = new, module
    lock.classes[new] = entry


def test_a_rename_on_purpose_keeps_a_deprecated_alias_and_shows_in_drift(importable: Path) -> None:
    build_client(SPEC, PACKAGE, importable, config={"field_prefix": "field_"})
    path = lock_beside(importable)
    before = path.read_text(encoding="utf-8")
    lock = names.parse(before, "lock", PACKAGE)
    _rename(lock, OLD, "SessionOutputSchema", "session_output_schema")
    path.write_text(names.dump(lock), encoding="utf-8")
    build_client(SPEC, PACKAGE, importable, config={"field_prefix": "field_"})
    after = names.read(path, PACKAGE)
    assert after.classes["SessionOutputSchema"].aliases == (
        Alias(OLD, "create_session_request_output_schema_type_0", next_minor(project_version())),
    )

    models = importlib.import_module(f"{PACKAGE}.models")
    assert "SessionOutputSchema" in models.__all__
    assert OLD not in models.__all__
    with pytest.warns(DeprecationWarning, match=f"{OLD} is deprecated: use SessionOutputSchema"):
        old_class = getattr(models, OLD)
    assert old_class is models.SessionOutputSchema
    with pytest.warns(DeprecationWarning, match="create_session_request_output_schema_type_0 is deprecated"):
        module = importlib.import_module(f"{PACKAGE}.models.create_session_request_output_schema_type_0")
    assert getattr(module, OLD) is models.SessionOutputSchema

    doc = load(str(SPEC), "OLD")
    old_lock, new_lock = Lock(before, "the lock before"), Lock(names.dump(after), "the renaming lock")
    section = compare_code(doc, doc, PACKAGE, config={"field_prefix": "field_"}, old_lock=old_lock, new_lock=new_lock)
    assert section.error is None
    renamed = [c for c in section.changes if c.kind == "class-renamed"]
    assert renamed, section.changes
    # The old name still imports from both places: nothing about the rename is a break for users.
    assert [c for c in section.changes if c.severity.name == "BREAKING"] == [], section.changes
    assert "renamed to SessionOutputSchema" in renamed[0].message


def test_a_failed_regeneration_leaves_package_and_lock_as_they_were(tmp_path: Path) -> None:
    output = tmp_path / PACKAGE
    build_client(SPEC, PACKAGE, output, config={"field_prefix": "field_"})
    lock_text = lock_beside(output).read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    doc["paths"]["/sessions"]["post"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Missing"
    }
    broken.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(PipelineError):
        build_client(broken, PACKAGE, output, config={"field_prefix": "field_"})
    assert lock_beside(output).read_text(encoding="utf-8") == lock_text
    assert (output / "models" / "session_view.py").exists()


def test_a_hand_edited_lock_that_gives_two_things_one_name_is_one_clear_error(tmp_path: Path) -> None:
    output = tmp_path / PACKAGE
    build_client(SPEC, PACKAGE, output, config={"field_prefix": "field_"})
    path = lock_beside(output)
    lock = names.read(path, PACKAGE)
    lock.classes["SessionView"].module = lock.classes["StopSessionRequest"].module
    path.write_text(names.dump(lock), encoding="utf-8")
    with pytest.raises(PipelineError, match="module stop_session_request is claimed by both"):
        build_client(SPEC, PACKAGE, output, config={"field_prefix": "field_"})
