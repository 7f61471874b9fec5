"""The --code section: what user code written against the OLD generated client breaks with the NEW one."""

from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

import pytest
import yaml

from generator.cli import main
from generator.drift.code import compare_code, compare_packages
from generator.drift.load import from_data, load
from generator.drift.model import Severity
from tests.drift.conftest import ROOT

OLD_MODELS = """
from enum import StrEnum

import attrs


class Status(StrEnum):
    RUNNING = "running"
    STOPPED = "stopped"


@attrs.define
class Session:
    id: str
    status: Status
    title: str | None = None
"""
OLD_API = """
def stop(session_id: str, *, strategy: str = "session") -> int:
    return 0


def get(session_id: str) -> int:
    return 0
"""


def _package(root: Path, models: str, api: str) -> Path:
    package = root / "pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "models.py").write_text(dedent(models), encoding="utf-8")
    (package / "api.py").write_text(dedent(api), encoding="utf-8")
    return root


def test_compare_packages_names_what_user_code_loses(tmp_path: Path) -> None:
    old = _package(tmp_path / "old", OLD_MODELS, OLD_API)
    new_models = OLD_MODELS.replace('    STOPPED = "stopped"\n', "").replace("    title: str | None = None\n", "")
    new_models = new_models.replace("    id: str\n", "    id: int\n")
    new_api = (
        OLD_API.replace('*, strategy: str = "session"', "*, force: bool") + "\ndef list_all() -> int:\n    return 0\n"
    )
    new = _package(tmp_path / "new", new_models, new_api)
    found = {(c.kind, c.object, c.severity, c.message) for c in compare_packages(old, new, "pkg")}
    assert found == {
        ("enum-member-removed", "pkg.models.Status.STOPPED", Severity.BREAKING, "enum member STOPPED was removed"),
        ("model-attribute-removed", "pkg.models.Session.title", Severity.BREAKING, "attribute title was removed"),
        ("signature-changed", "pkg.api.stop", Severity.BREAKING, "parameter strategy was removed"),
        ("signature-changed", "pkg.api.stop", Severity.BREAKING, "required parameter force was added"),
        ("attribute-type-changed", "pkg.models.Session.id", Severity.WARNING, "type changed from str to int"),
    }


def test_compare_packages_of_identical_trees_is_empty(tmp_path: Path) -> None:
    old = _package(tmp_path / "old", OLD_MODELS, OLD_API)
    new = _package(tmp_path / "new", OLD_MODELS, OLD_API)
    assert compare_packages(old, new, "pkg") == ()


def _browser_use() -> dict[str, object]:
    return yaml.safe_load((ROOT / "specs" / "browser-use.yaml").read_text(encoding="utf-8"))


def test_generated_clients_are_compared_through_the_pipeline() -> None:
    old = _browser_use()
    new = json.loads(json.dumps(old))
    schemas = new["components"]["schemas"]  # type: ignore[index]  # plain parsed YAML
    schemas["StopStrategy"]["enum"].remove("task")
    del schemas["SessionView"]["properties"]["title"]
    section = compare_code(from_data(old), from_data(new), "browser_use_client")
    assert section.error is None
    found = {(c.kind, c.object) for c in section.changes if c.severity is Severity.BREAKING}
    assert ("enum-member-removed", "browser_use_client.models.stop_strategy.StopStrategy.TASK") in found
    assert ("model-attribute-removed", "browser_use_client.models.session_view.SessionView.title") in found


def test_a_document_the_pipeline_rejects_is_reported_not_raised() -> None:
    old = load(str(ROOT / "specs" / "browser-use.yaml"))
    broken = json.loads(json.dumps(old.data))
    broken["paths"]["/sessions/{session_id}/stop"]["post"]["responses"] = "not a mapping"
    section = compare_code(old, from_data(broken, "broken.json"), "browser_use_client")
    assert section.changes == ()
    assert section.error is not None
    assert section.error.startswith("cannot generate the NEW client: ")
    assert section.failed == "NEW"
    assert "\n" not in section.error


def test_code_flag_adds_the_section_to_the_cli_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _browser_use()
    new["components"]["schemas"]["ModelTier"]["enum"].remove("bu-mini")  # type: ignore[index]
    spec = tmp_path / "browser-use.yaml"
    spec.write_text(yaml.safe_dump(new), encoding="utf-8")
    code = main(["drift", str(ROOT / "specs" / "browser-use.yaml"), str(spec), "--code", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    # The file is named like a registered vendor's spec: its package, overlays and config are used, OLD under
    # the working tree's lock (the spec it names is the working tree's), NEW under the lock OLD's generation left.
    assert report["code"]["package"] == "browser_use_client"
    assert report["code"]["old_names"] == "the working tree's `overrides/names/browser-use.names.yaml`"
    assert report["code"]["new_names"].startswith("the lock OLD's generation left")
    # The spec-level verdict: callers that send the model break; what they receive only narrows.
    assert {(c["rule"], c["severity"]) for c in report["changes"]} == {
        ("request-property-enum-value-removed", "breaking"),
        ("response-property-enum-value-removed", "info"),
    }
    # The enum member the generated client loses is that same change, counted once: it sits in its entry.
    sent = next(c for c in report["changes"] if c["rule"] == "request-property-enum-value-removed")
    assert [(p["kind"], p["object"]) for p in sent["python"]] == [
        ("enum-member-removed", "browser_use_client.models.model_tier.ModelTier.BU_MINI")
    ]
    assert sent["meaning"] == 'requests that send `model: "bu-mini"` will be refused'
    assert "enum-member-removed" not in {c["kind"] for c in report["code"]["changes"]}
