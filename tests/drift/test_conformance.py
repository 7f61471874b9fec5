"""The conformance check: our Browser-Use documents against the vendor's current ones, and planted disagreements."""

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
V4 = ROOT / "specs" / "browser-use-v4.yaml"
# Each of our Browser-Use documents, the vendor's current document it must agree with, and what it covers.
CURRENT = {
    OURS: (
        "browser-use",
        "GET /sessions, POST /sessions, GET /sessions/{session_id}, DELETE /sessions/{session_id}, "
        "GET /sessions/{session_id}/messages, POST /sessions/{session_id}/stop, GET /browsers, POST /browsers, "
        "GET /browsers/{session_id}, PATCH /browsers/{session_id}",
    ),
    V4: (
        "browser-use-v4",
        "GET /runs, POST /runs, GET /runs/{run_id}, GET /runs/{run_id}/status, POST /runs/{run_id}/cancel, "
        "GET /runs/{run_id}/events, GET /runs/{run_id}/attachments, GET /sessions, GET /sessions/{session_id}, "
        "GET /sessions/{session_id}/queue, POST /sessions/{session_id}/queue, "
        "DELETE /sessions/{session_id}/queue/{message_id}, GET /browsers, POST /browsers, GET /browsers/{session_id}, "
        "PATCH /browsers/{session_id}",
    ),
}


@pytest.fixture
def published() -> Path:
    """Return the vendor's current v3 document (the test skips, saying why, when it is not to be had)."""
    return published_document()


def _ours(spec: Path = OURS) -> dict[str, Any]:
    return dict(yaml.safe_load(spec.read_text(encoding="utf-8")))


def _write(tmp_path: Path, data: dict[str, Any], name: str = "browser-use.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("spec", sorted(CURRENT), ids=lambda spec: spec.name)
def test_our_documents_conform_to_the_vendors_current_ones(spec: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document, covered = CURRENT[spec]
    published = published_document(document)
    # --fail-on warning: a warning fails as well, so ours follows the vendor's current document, not an older one.
    assert main(["drift", "--conformance", str(spec), str(published), "--fail-on", "warning"]) == 0
    text = capsys.readouterr().out
    assert "Our document conforms: nothing breaks our client (0 breaking, 0 warning," in text
    assert f"Operations checked: {covered}\n" in text
    assert "operation-added" not in text  # the vendor's other operations are not ours to agree with
    assert "operation-id-changed" not in text
    assert "component-schema-renamed" not in text


def test_a_v4_run_we_read_or_send_wrong_disagrees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    published = str(published_document("browser-use-v4"))
    data = _ours(V4)
    schemas = data["components"]["schemas"]
    schemas["RunView"]["properties"]["result"] = {"type": "string"}  # the vendor sends null until a run completes
    schemas["RunModel"]["enum"].append("gpt-9")  # a model the vendor does not take
    assert main(["drift", "--conformance", _write(tmp_path, data, V4.name), published, "--format", "json"]) == 1
    changes = json.loads(capsys.readouterr().out)["changes"]
    broken = {(operation, c["rule"]) for c in changes for operation in c["operations"]}
    assert ("POST /runs/{run_id}/cancel", "response-property-became-nullable") in broken
    assert ("GET /runs", "response-property-became-nullable") in broken
    assert ("POST /runs", "request-property-enum-value-removed") in broken

    data = _ours(V4)
    data["components"]["schemas"]["RunStatus"]["enum"].remove("dispatching")  # a status the vendor sends
    ours = _write(tmp_path, data, V4.name)
    assert main(["drift", "--conformance", ours, published]) == 0  # our enums keep a value they do not list ...
    assert main(["drift", "--conformance", ours, published, "--fail-on", "warning"]) == 1  # ... but it is a warning
    assert "response property 'status' (200 response) gained enum value \"dispatching\"" in capsys.readouterr().out


def test_against_the_april_document_only_what_the_current_one_changed_differs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    april = published_document("browser-use-2026-04-09")
    assert main(["drift", "--conformance", str(OURS), str(april), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    # What the 2026-06-03 document added (two models, the new default, codeMode, integrationsUsed, the proxy's
    # ignoreCertErrors) is all that the April one lacks: everything else still agrees.
    differs = {(tuple(c["operations"]), c["message"]) for c in found["changes"] if c["severity"] != "info"}
    removed = "(200 response) was removed (it was optional)"
    sessions = ("GET /sessions/{session_id}", "POST /sessions", "POST /sessions/{session_id}/stop", "GET /sessions")
    model = "request property 'model'"
    assert differs == {
        (sessions, f"response property 'integrationsUsed' {removed}"),  # one change, every operation it reaches
        (("POST /sessions",), f'{model} lost enum values "claude-opus-4.7", "gpt-5.4-mini"'),
        (("POST /sessions",), f'{model} default changed from "claude-opus-4.7" to "claude-sonnet-4.6"'),
        (("POST /sessions",), "request property 'codeMode' was removed (it was optional)"),
        (("POST /browsers",), "request property 'customProxy.ignoreCertErrors' was removed (it was optional)"),
    }


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
    url = loopback.serve("/v3.json", published.read_bytes())
    v4 = loopback.serve("/v4.json", published_document("browser-use-v4").read_bytes())
    other = loopback.serve("/browserai.yaml", (ROOT / "specs" / "browserai.yaml").read_bytes())
    urls = {"browser-use": url, "browser-use-v4": v4, "browserai": other}
    assert main(["drift-ci", "--live", *(f"--live-url={name}={at}" for name, at in urls.items())]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# API drift (live)\n")
    assert f"## browser-use: conforms\n\n`specs/browser-use.yaml` against the published document at {url}" in text
    assert f"## browser-use-v4: conforms\n\n`specs/browser-use-v4.yaml` against the published document at {v4}" in text
    assert "## browserai: conforms" in text
    assert "Operations checked: `GET /sessions`, `POST /sessions`, `GET /sessions/{session_id}`" in text
    assert "Operations checked: `GET /runs`, `POST /runs`, `GET /runs/{run_id}`" in text
