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
    assert set(data) == {"semver", "semver_reason", "version", "next_version", "breaking", "changes"}
    assert (data["semver"], data["version"], data["next_version"]) == ("major", None, None)
    assert data["breaking"] is True
    assert data["changes"][0] == {
        "severity": "breaking",
        "rule": "response-property-removed-required",
        "operations": ["POST /things"],
        "pointer": "/paths/~1things/post/responses/200/content/application~1json/schema/properties/id",
        "message": "response property 'id' (200 response) was removed (it was required)",
        "meaning": "code that reads `id` of `POST /things`'s answer breaks: the attribute disappears from the model",
    }
    assert [c["severity"] for c in data["changes"]] == ["breaking", "warning", "info"]


def test_json_carries_the_code_section_with_code() -> None:
    code = CodeSection(
        "pkg",
        (CodeChange("enum-member-removed", Severity.BREAKING, "pkg.models.S.X", "gone"),),
        old_names="`main:overrides/names/pkg.names.yaml`",
        new_names="the working tree's `overrides/names/pkg.names.yaml`",
    )
    data = json.loads(render(_report(OLD_SCHEMA, OLD_SCHEMA, code=code), "json"))
    assert data["code"] == {
        "package": "pkg",
        "old_names": "`main:overrides/names/pkg.names.yaml`",
        "new_names": "the working tree's `overrides/names/pkg.names.yaml`",
        "error": None,
        "changes": [
            {
                "severity": "breaking",
                "kind": "enum-member-removed",
                "object": "pkg.models.S.X",
                "message": "gone",
                "meaning": "code that uses `X` breaks",
            }
        ],
    }
    # A code-level breakage alone makes the report breaking and asks for a major bump.
    assert data["breaking"] is True
    assert data["semver"] == "major"


def test_markdown_starts_with_a_summary_then_breaking_first() -> None:
    text = render(_report(), "markdown")
    lines = text.splitlines()
    assert lines[0] == "## API drift: `old.yaml` → `new.yaml`"
    assert lines[2] == "**3 changes** (1 breaking, 1 warning, 1 info). Recommended version bump: **major**.<br>"
    assert lines[3] == "Why major: a change breaks callers."
    breaking, warnings, info = (
        text.index("### Breaking changes (1)"),
        text.index("### Warnings (1)"),
        text.index("Other changes (1)"),
    )
    assert breaking < warnings < info
    assert text[breaking:warnings].splitlines()[2:] == [
        "- response property 'id' (200 response) was removed (it was required) (`response-property-removed-required`)",
        "  - **For callers:** code that reads `id` of `POST /things`'s answer breaks: the attribute disappears from"
        " the model",
        "  - **Operations:** `POST /things`",
        "  - **At:** `/paths/~1things/post/responses/200/content/application~1json/schema/properties/id`",
        "",
    ]
    assert "response-property-enum-value-added" in text[warnings:info]


def test_markdown_keeps_prose_from_opening_html_tags() -> None:
    old = {"type": "object", "properties": {"a": {"type": "string", "pattern": "^<(x|y)>$"}}}
    new = {"type": "object", "properties": {"a": {"type": "string"}}}
    text = render(_report(old, new), "markdown")
    assert "lost pattern '^&lt;(x|y)>$'" in text
    assert "<(x" not in text


def test_text_lists_each_change_with_its_meaning_and_operations() -> None:
    text = render(_report(), "text")
    assert text.splitlines()[:4] == [
        "OLD old.yaml",
        "NEW new.yaml",
        "3 changes (1 breaking, 1 warning, 1 info). Recommended version bump: major.",
        "Why major: a change breaks callers.",
    ]
    assert (
        "Breaking changes (1):\n"
        "  - response property 'id' (200 response) was removed (it was required)"
        "  [response-property-removed-required]\n"
        "    for callers: code that reads `id` of `POST /things`'s answer breaks: the attribute disappears from the"
        " model\n"
        "    in: POST /things\n"
    ) in text
    assert "[response-property-enum-value-added]" in text


def test_no_changes_says_so_and_recommends_no_bump() -> None:
    report = _report(OLD_SCHEMA, OLD_SCHEMA)
    assert report.bump is Bump.NONE
    assert "No changes that matter to a client. Recommended version bump: none." in render(report, "text")
    assert json.loads(render(report, "json")) == {
        "semver": "none",
        "semver_reason": "nothing changed that matters to a client",
        "version": None,
        "next_version": None,
        "breaking": False,
        "changes": [],
    }


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


@pytest.mark.parametrize(
    ("version", "new", "bump", "following"),
    [
        ("0.2.0", {**OLD_SCHEMA, "required": ["id"]}, Bump.MINOR, "0.3.0"),
        (
            "0.2.0",
            {**OLD_SCHEMA, "properties": {**OLD_SCHEMA["properties"], "extra": {"type": "integer"}}},
            Bump.PATCH,
            "0.2.1",
        ),
        ("0.2", NEW_SCHEMA, Bump.MINOR, "0.3.0"),
        ("1.4.2", {**OLD_SCHEMA, "required": ["id"]}, Bump.MAJOR, "2.0.0"),
        (
            "1.4.2",
            {**OLD_SCHEMA, "properties": {**OLD_SCHEMA["properties"], "extra": {"type": "integer"}}},
            Bump.MINOR,
            "1.5.0",
        ),
    ],
    ids=["0.x-breaking-minor", "0.x-additive-patch", "0.x-short-version", "1.x-breaking-major", "1.x-additive-minor"],
)
def test_the_bump_follows_the_0x_convention_below_1_0(
    version: str, new: dict[str, Any], bump: Bump, following: str
) -> None:
    report = _report(OLD_SCHEMA, new, version=version)
    assert report.bump is bump
    assert report.recommendation.next_version == following
    assert report.breaking is (report.level is Bump.MAJOR)  # the verdict does not move with the version


def test_a_breaking_change_at_0x_says_why_it_is_a_minor_bump() -> None:
    report = _report(version="0.2.0")
    assert report.breaking is True
    assert report.level is Bump.MAJOR
    lines = render(report, "text").splitlines()
    assert lines[2] == "3 changes (1 breaking, 1 warning, 1 info). Recommended version bump: minor (0.2.0 → 0.3.0)."
    assert lines[3] == (
        "Why minor: a change breaks callers, and below 1.0 a breaking change takes a minor bump (the 0.x convention,"
        " as Cargo's; from 1.0 on: major)."
    )
    data = json.loads(render(report, "json"))
    assert (data["semver"], data["version"], data["next_version"], data["breaking"]) == (
        "minor",
        "0.2.0",
        "0.3.0",
        True,
    )


def test_the_command_recommends_a_bump_for_this_packages_version(
    pair: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    import tomllib

    from tests.drift.conftest import ROOT

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    base, _, broken = pair
    assert main(["drift", base, broken, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == version
    assert data["semver"] == ("minor" if version.startswith("0.") else "major")


DOCUMENTS = Path(__file__).parent / "fixtures" / "documents"


def test_a_field_made_nullable_reads_in_one_screen(capsys: pytest.CaptureFixture[str]) -> None:
    """The pull-request comment of one field made nullable: one change, its operations, its meaning, the bump."""
    before, after = DOCUMENTS / "sessions-before.yaml", DOCUMENTS / "sessions-after.yaml"
    assert main(["drift", str(before), str(after), "--code", "--format", "markdown"]) == 1
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert len(lines) <= 20, text
    assert lines[2].startswith("**1 change** (1 breaking, 0 warning, 0 info). Recommended version bump: **minor** (")
    assert lines[3].startswith("Why minor: a change breaks callers, and below 1.0 a breaking change takes a minor bump")
    assert text.count("- response property 'outputSchema' (200 response) may now be null") == 1
    assert "  - **For callers:** code that reads `Session.output_schema` may now get None" in lines
    assert (
        "  - **Operations:** `GET /sessions/{id}`, `POST /sessions`, `POST /sessions/{id}/stop`,"
        " `GET /sessions` (as `sessions[].outputSchema`)"
    ) in lines
    # The generated attribute's new annotation is the same change seen from Python: in its entry, not counted again.
    python = [line for line in lines if line.startswith("  - **Python API:**")]
    assert len(python) == 1
    assert "`client.models.session.Session.output_schema`: type changed" in python[0]
    assert "Nothing else user code relies on was removed or changed" in text
