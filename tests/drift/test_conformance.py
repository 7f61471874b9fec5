"""The conformance check: our Browser-Use document against the vendor's published one, and planted disagreements."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.drift.conformance import check_conformance, render_conformance
from generator.drift.load import from_data
from tests.drift.conftest import ROOT, Loopback
from tests.support.published import published_document

OURS = ROOT / "specs" / "browser-use.yaml"


@pytest.fixture
def published() -> Path:
    """Return the vendor's published document (the test skips, saying why, when it is not to be had)."""
    return published_document()


def _ours() -> dict[str, Any]:
    return dict(yaml.safe_load(OURS.read_text(encoding="utf-8")))


def _write(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "browser-use.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def test_our_document_conforms_to_the_published_one(published: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", "--conformance", str(OURS), str(published)]) == 0
    text = capsys.readouterr().out
    assert "Our document conforms: nothing breaks our client (0 breaking" in text
    assert (
        "Operations checked: GET /sessions, POST /sessions, GET /sessions/{session_id}, DELETE /sessions/{session_id}, "
        "GET /sessions/{session_id}/messages, POST /sessions/{session_id}/stop, GET /browsers, POST /browsers, "
        "GET /browsers/{session_id}, PATCH /browsers/{session_id}"
    ) in text
    assert "operation-added" not in text  # the vendor's other operations are not ours to agree with
    assert "operation-id-changed" not in text
    assert "component-schema-renamed" not in text


def test_output_schema_that_may_not_be_null_again_disagrees(
    published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _ours()
    data["components"]["schemas"]["SessionView"]["properties"]["outputSchema"] = {
        "type": "object",
        "additionalProperties": True,
    }
    assert main(["drift", "--conformance", _write(tmp_path, data), str(published)]) == 1
    text = capsys.readouterr().out
    # One disagreement, in every operation that returns a session.
    assert "Our document DISAGREES with the vendor's document (1 breaking" in text
    where = "/components/schemas/SessionResponse/properties/outputSchema"  # a pointer into the vendor's document
    assert (
        "  - response property 'outputSchema' (200 response) may now be null  [response-property-became-nullable]\n"
        "    for callers: code that reads `SessionResponse.output_schema` may now get None\n"
        "    in: GET /sessions/{session_id}, POST /sessions, POST /sessions/{session_id}/stop,"
        " GET /sessions (as 'sessions[].outputSchema')\n"
        f"    at {where}\n"
    ) in text


def test_a_required_response_property_the_vendor_does_not_send_disagrees(
    published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _ours()
    view = data["components"]["schemas"]["SessionView"]
    view["required"].append("stepCount")  # we would insist on a field the vendor may leave out
    assert main(["drift", "--conformance", _write(tmp_path, data), str(published), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert found["conforms"] is False
    broken = {(c["rule"], c["pointer"]): c["operations"] for c in found["changes"] if c["severity"] == "breaking"}
    pointer = "/components/schemas/SessionResponse/properties/stepCount"
    assert "GET /sessions/{session_id}" in broken["response-property-became-optional", pointer]


def test_a_model_the_vendor_does_not_accept_disagrees(
    published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _ours()
    data["components"]["schemas"]["ModelTier"]["enum"].append("bu-hyper")  # the vendor's enum is narrower
    assert main(["drift", "--conformance", _write(tmp_path, data), str(published)]) == 1
    text = capsys.readouterr().out
    assert "request property 'model' lost enum value \"bu-hyper\"  [request-property-enum-value-removed]" in text


def test_names_and_coverage_are_not_disagreements_but_shapes_are() -> None:
    ours = {
        "openapi": "3.1.0",
        "info": {"title": "ours", "version": "1"},
        "paths": {
            "/things/{thing_id}": {
                "get": {
                    "operationId": "getThing",
                    "parameters": [{"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}, "note": {"type": "string"}},
                }
            }
        },
    }
    theirs = copy.deepcopy(ours)
    theirs["paths"]["/things/{id}"] = theirs["paths"].pop("/things/{thing_id}")
    operation = theirs["paths"]["/things/{id}"]["get"]
    operation["operationId"] = "get_thing_things__id__get"
    operation["parameters"][0]["name"] = "id"
    operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] = "#/components/schemas/ThingView"
    theirs["components"]["schemas"]["ThingView"] = theirs["components"]["schemas"].pop("Thing")
    theirs["components"]["schemas"]["ThingView"]["properties"]["extra"] = {"type": "integer"}  # more to read
    theirs["paths"]["/others"] = {"get": {"responses": {"204": {"description": "none"}}}}  # not covered by us
    result = check_conformance(from_data(ours, "ours"), from_data(theirs, "theirs"))
    assert result.conforms
    assert result.covered == ("GET /things/{thing_id}",)
    assert [c.rule for c in result.changes] == ["response-property-added-optional"]
    assert result.ignored >= 3  # operationId, path parameter name, schema key, the other operation

    theirs["components"]["schemas"]["ThingView"]["properties"]["note"] = {"type": ["string", "null"]}
    result = check_conformance(from_data(ours, "ours"), from_data(theirs, "theirs"))
    assert not result.conforms
    assert [(c.rule, c.pointer) for c in result.changes if c.severity.value == "breaking"] == [
        ("response-property-became-nullable", "/components/schemas/ThingView/properties/note")
    ]
    assert (
        "- response property 'note' (200 response) may now be null (`response-property-became-nullable`)\n"
        "  - **For callers:** code that reads `ThingView.note` may now get None\n"
        "  - **Operations:** `GET /things/{id}`\n"
    ) in render_conformance(result, "markdown")


def test_conformance_takes_no_code_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", "--conformance", "--code", str(OURS), str(OURS)]) == 2
    assert "--conformance compares documents only" in capsys.readouterr().err


def test_live_checks_the_document_a_loopback_server_serves(
    published: Path, loopback: Loopback, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pipeline

    monkeypatch.setattr(pipeline, "stale_files", list)
    url = loopback.serve("/v3/openapi.json", published.read_bytes())
    other = loopback.serve("/browserai.yaml", (ROOT / "specs" / "browserai.yaml").read_bytes())
    assert main(["drift-ci", "--live", "--live-url", f"browser-use={url}", "--live-url", f"browserai={other}"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# API drift (live)\n")
    assert f"## browser-use: conforms\n\n`specs/browser-use.yaml` against the published document at {url}" in text
    assert "## browserai: conforms" in text
    assert "Operations checked: `GET /sessions`, `POST /sessions`, `GET /sessions/{session_id}`" in text
