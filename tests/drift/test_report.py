"""The three output formats, the semver recommendation, and the exit codes (with --fail-on)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.drift.model import Bump, CodeChange, CodeSection, Report, Severity
from generator.drift.report import render
from tests.drift.conftest import diff, wrap

OLD_SCHEMA = {
    "type": "object",
    "required": ["id", "status"],
    "properties": {
        "id": {"type": "string"},
        "status": {"type": "string", "enum": ["running", "stopped"]},
        "note": {"type": "string"},
    },
}
# id removed (breaking), status gains a value (warning), a new optional property (info).
NEW_SCHEMA = {
    "type": "object",
    "required": ["status"],
    "properties": {
        "status": {"type": "string", "enum": ["running", "stopped", "paused"]},
        "note": {"type": "string"},
        "title": {"type": "string"},
    },
}


def _report(old: dict[str, Any] = OLD_SCHEMA, new: dict[str, Any] = NEW_SCHEMA, **kw: Any) -> Report:
    changes = diff(wrap(old, "response", "3.1.0", None), wrap(new, "response", "3.1.0", None))
    return Report("old.yaml", "new.yaml", changes, **kw)


def test_json_has_the_documented_shape() -> None:
    data = json.loads(render(_report(), "json"))
    assert set(data) == {"semver", "breaking", "changes"}
    assert data["semver"] == "major"
    assert data["breaking"] is True
    assert data["changes"][0] == {
        "severity": "breaking",
        "operation": "POST /things",
        "pointer": "/paths/~1things/post/responses/200/content/application~1json/schema/properties/id",
        "message": "response property 'id' (200 response) was removed (it was required)",
        "rule": "response-property-removed-required",
    }
    assert [c["severity"] for c in data["changes"]] == ["breaking", "warning", "info"]


def test_json_carries_the_code_section_with_code() -> None:
    code = CodeSection("pkg", (CodeChange("enum-member-removed", Severity.BREAKING, "pkg.models.S.X", "gone"),))
    data = json.loads(render(_report(OLD_SCHEMA, OLD_SCHEMA, code=code), "json"))
    assert data["code"] == {
        "package": "pkg",
        "error": None,
        "changes": [
            {"severity": "breaking", "kind": "enum-member-removed", "object": "pkg.models.S.X", "message": "gone"}
        ],
    }
    # A code-level breakage alone makes the report breaking and asks for a major bump.
    assert data["breaking"] is True
    assert data["semver"] == "major"


def test_markdown_starts_with_a_summary_then_breaking_first() -> None:
    text = render(_report(), "markdown")
    lines = text.splitlines()
    assert lines[0] == "## API drift: `old.yaml` → `new.yaml`"
    assert lines[2:5] == [
        "| | breaking | warning | info |",
        "| --- | ---: | ---: | ---: |",
        "| OpenAPI | 1 | 1 | 1 |",
    ]
    assert "Recommended version bump: **major**." in text
    breaking, warnings, info = (
        text.index("### Breaking changes (1)"),
        text.index("### Warnings (1)"),
        text.index("Other changes (1)"),
    )
    assert breaking < warnings < info
    assert "response property 'id' (200 response) was removed (it was required)" in text[breaking:warnings]
    assert "response-property-enum-value-added" in text[warnings:info]


def test_markdown_escapes_table_cells() -> None:
    old = {"type": "object", "properties": {"a": {"type": "string", "pattern": "^(x|y)$"}}}
    new = {"type": "object", "properties": {"a": {"type": "string"}}}
    text = render(_report(old, new), "markdown")
    assert "lost pattern '^(x\\|y)$'" in text


def test_text_groups_by_severity_and_operation() -> None:
    text = render(_report(), "text")
    assert text.splitlines()[:3] == [
        "OLD old.yaml",
        "NEW new.yaml",
        "3 changes (1 breaking, 1 warning, 1 info). Recommended version bump: major.",
    ]
    assert "Breaking changes (1):\n  POST /things\n    - response property 'id'" in text
    assert "[response-property-enum-value-added]" in text


def test_no_changes_says_so_and_recommends_no_bump() -> None:
    report = _report(OLD_SCHEMA, OLD_SCHEMA)
    assert report.bump is Bump.NONE
    assert "No changes that matter to a client. Recommended version bump: none." in render(report, "text")
    assert json.loads(render(report, "json")) == {"semver": "none", "breaking": False, "changes": []}


@pytest.mark.parametrize(
    ("new", "bump"),
    [
        ({**OLD_SCHEMA, "properties": {**OLD_SCHEMA["properties"], "extra": {"type": "integer"}}}, Bump.MINOR),
        (
            {**OLD_SCHEMA, "properties": {**OLD_SCHEMA["properties"], "note": {"type": "string", "deprecated": True}}},
            Bump.PATCH,
        ),
        ({**OLD_SCHEMA, "required": ["id"]}, Bump.MAJOR),
    ],
    ids=["additive-minor", "deprecation-patch", "breaking-major"],
)
def test_semver_recommendation(new: dict[str, Any], bump: Bump) -> None:
    assert _report(OLD_SCHEMA, new).bump is bump


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str, str]:
    """Three documents: the base, a warning-only change (response enum widened), a breaking change."""
    paths = []
    for name, schema in (
        ("base", OLD_SCHEMA),
        (
            "warn",
            {**OLD_SCHEMA, "properties": {**OLD_SCHEMA["properties"], "status": NEW_SCHEMA["properties"]["status"]}},
        ),
        ("break", NEW_SCHEMA),
    ):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(wrap(schema, "response", "3.1.0", None)), encoding="utf-8")
        paths.append(str(path))
    return paths[0], paths[1], paths[2]


@pytest.mark.parametrize(
    ("target", "fail_on", "code"),
    [
        ("base", "breaking", 0),
        ("warn", "breaking", 0),
        ("warn", "warning", 1),
        ("break", "breaking", 1),
        ("break", "never", 0),
    ],
)
def test_exit_code_follows_fail_on(
    pair: tuple[str, str, str], capsys: pytest.CaptureFixture[str], target: str, fail_on: str, code: int
) -> None:
    base, warn, broken = pair
    new = {"base": base, "warn": warn, "break": broken}[target]
    assert main(["drift", base, new, "--fail-on", fail_on]) == code
    assert capsys.readouterr().out.startswith(f"OLD {base}\nNEW {new}\n")
