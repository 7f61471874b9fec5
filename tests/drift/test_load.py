"""The three input forms (file, GIT_REF:path, URL) and the clear exit 2 for input that cannot be used."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.drift.errors import GitPathMissing, GitRefMissing, UnusableInput
from generator.drift.load import load
from tests.drift.conftest import ROOT, Loopback

OLD = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/sessions/{id}/stop": {
            "post": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
}
NEW = {**OLD, "paths": {}}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@127.0.0.1", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repo with spec.yaml committed as OLD and changed to NEW in the working tree."""
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "specs").mkdir()
    spec = tmp_path / "specs" / "spec.yaml"
    spec.write_text(yaml.safe_dump(OLD), encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "old")
    spec.write_text(yaml.safe_dump(NEW), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_file_inputs_in_yaml_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(OLD), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(NEW), encoding="utf-8")
    code = main(["drift", str(tmp_path / "old.yaml"), str(tmp_path / "new.json"), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(c["rule"], c["operations"]) for c in report["changes"]] == [
        ("operation-removed", ["POST /sessions/{id}/stop"])
    ]


def test_git_ref_input_reads_the_committed_document(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert load("HEAD:specs/spec.yaml").data == OLD
    code = main(["drift", "HEAD:specs/spec.yaml", "specs/spec.yaml", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["breaking"] is True
    assert [c["rule"] for c in report["changes"]] == ["operation-removed"]


def test_git_ref_that_does_not_exist_is_unusable(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(GitRefMissing):
        load("no-such-ref:specs/spec.yaml", "OLD")
    assert main(["drift", "no-such-ref:specs/spec.yaml", "specs/spec.yaml"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "error: OLD no-such-ref:specs/spec.yaml: git ref 'no-such-ref' does not exist here (fetch it first?)"


def test_git_path_missing_at_the_ref_is_unusable(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(GitPathMissing):
        load("HEAD:specs/other.yaml", "OLD")
    assert main(["drift", "HEAD:specs/other.yaml", "specs/spec.yaml"]) == 2
    assert "'specs/other.yaml' does not exist at git ref 'HEAD'" in capsys.readouterr().err


def test_url_input_from_a_loopback_server(
    loopback: Loopback, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_url = loopback.serve("/old.json", json.dumps(OLD))
    new_url = loopback.serve("/v3/openapi.yaml", yaml.safe_dump(NEW))
    assert load(old_url).data == OLD
    assert main(["drift", old_url, new_url, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [c["rule"] for c in report["changes"]] == ["operation-removed"]


def test_url_that_answers_an_error_is_unusable(loopback: Loopback, capsys: pytest.CaptureFixture[str]) -> None:
    url = loopback.url("/missing.json")
    assert main(["drift", url, url]) == 2
    assert capsys.readouterr().err.strip() == f"error: OLD {url}: fetching it answered HTTP 404, not 200"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("swagger: '2.0'\ninfo: {title: t, version: '1'}\n", "Swagger 2.0 is not supported: give OpenAPI 3.0 or 3.1"),
        ("openapi: 3.2.0\ninfo: {title: t, version: '1'}\n", "not an OpenAPI 3.0/3.1 document (openapi: '3.2.0')"),
        ("- just\n- a list\n", "expected a mapping at the top level, found list"),
        ("openapi: 3.1.0\npaths: [\n", "line 3: invalid YAML"),
        ("openapi: 3.1.0\npaths: []\n", "/paths must be a mapping, found list"),
    ],
)
def test_documents_that_are_not_openapi_3_are_unusable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, reason: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(OLD), encoding="utf-8")
    assert main(["drift", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: NEW {bad}: {reason}")
    assert err.count("\n") == 1


def test_missing_file_is_unusable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["drift", str(missing), str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"error: OLD {missing}: no such file"


def test_a_reference_that_does_not_resolve_is_unusable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = json.loads(json.dumps(OLD))
    operation = broken["paths"]["/sessions/{id}/stop"]["post"]
    operation["responses"]["200"]["content"] = {
        "application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}
    }
    (tmp_path / "old.json").write_text(json.dumps(OLD), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(broken), encoding="utf-8")
    assert main(["drift", str(tmp_path / "old.json"), str(tmp_path / "new.json")]) == 2
    pointer = "/paths/~1sessions~1{id}~1stop/post/responses/200/content/application~1json/schema"
    assert capsys.readouterr().err.strip() == (
        f"error: NEW {tmp_path / 'new.json'}: $ref '#/components/schemas/Missing' at {pointer} does not resolve"
    )


def test_unusable_input_is_part_of_the_pipeline_error_tree() -> None:
    from generator.errors import PipelineError

    assert issubclass(UnusableInput, PipelineError)
    assert issubclass(GitRefMissing, UnusableInput)


DOCUMENTS = Path(__file__).parent / "fixtures" / "documents"
UNQUOTED = DOCUMENTS / "payments-unquoted.yaml"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_unquoted_status_codes_against_themselves_have_no_changes(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    assert main(["drift", str(UNQUOTED), str(UNQUOTED), "--format", fmt]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    if fmt == "json":
        assert json.loads(captured.out)["changes"] == []


def test_unquoted_and_quoted_status_codes_are_the_same_document(capsys: pytest.CaptureFixture[str]) -> None:
    quoted = DOCUMENTS / "payments-quoted.json"
    assert main(["drift", str(UNQUOTED), str(quoted), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == []
    assert main(["drift", str(quoted), str(UNQUOTED), "--format", "json"]) == 0


def test_keys_of_any_yaml_type_are_text_in_pointers_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = UNQUOTED.read_text(encoding="utf-8").replace("        4XX: {description: refused}\n", "")
    changed = changed.replace("        201:\n", "        202:\n")
    new = tmp_path / "payments.yaml"
    new.write_text(changed, encoding="utf-8")
    assert main(["drift", str(UNQUOTED), str(new), "--format", "json"]) == 1
    found = {(c["rule"], c["pointer"]) for c in json.loads(capsys.readouterr().out)["changes"]}
    post = "/paths/~1payments~1{id}/post/responses"
    assert found == {
        ("response-success-status-removed", f"{post}/201"),
        ("response-success-status-added", f"{post}/202"),
        ("response-non-success-status-removed", f"{post}/4XX"),
    }
    document = load(str(UNQUOTED))
    responses = document.data["paths"]["/payments/{id}"]["get"]["responses"]
    assert list(responses) == ["200", "404"]
    assert document.version == "3.1"


def test_keys_yaml_reads_as_booleans_null_and_dates_become_their_json_text(tmp_path: Path) -> None:
    text = UNQUOTED.read_text(encoding="utf-8").replace(
        "        amount: {type: integer}\n",
        "        amount: {type: integer}\n        true: {type: string}\n        ~: {type: string}\n"
        "        2026-01-02: {type: string}\n        1.5: {type: string}\n",
    )
    path = tmp_path / "keys.yaml"
    path.write_text(text, encoding="utf-8")
    properties = load(str(path)).data["components"]["schemas"]["Payment"]["properties"]
    assert list(properties) == ["id", "amount", "true", "null", "2026-01-02", "1.5"]


def test_two_keys_that_are_one_as_text_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = UNQUOTED.read_text(encoding="utf-8").replace(
        "        404: {description: no such payment}\n",
        "        404: {description: no such payment}\n        '404': {description: again}\n",
    )
    path = tmp_path / "twice.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["drift", str(UNQUOTED), str(path)]) == 2
    assert capsys.readouterr().err == (
        f"error: NEW {path}: the mapping at /paths/~1payments~1{{id}}/get/responses has the key '404' twice "
        "(404 and '404')\n"
    )


def _codes_as_numbers(node: Any) -> Any:
    """Return ``node`` with every status code key of every `responses` mapping an integer (as YAML reads `201:`)."""
    if isinstance(node, list):
        return [_codes_as_numbers(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "responses" and isinstance(value, dict):
            out[key] = {int(k) if str(k).isdigit() else k: _codes_as_numbers(v) for k, v in value.items()}
        else:
            out[key] = _codes_as_numbers(value)
    return out


@pytest.mark.parametrize("spec", sorted((ROOT / "specs").glob("*.yaml")), ids=lambda p: p.name)
def test_each_vendor_spec_written_with_unquoted_codes_is_the_same_document(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unquoted = tmp_path / spec.name
    unquoted.write_text(yaml.safe_dump(_codes_as_numbers(yaml.safe_load(spec.read_text(encoding="utf-8")))))
    assert re.search(r"^ +200:$", unquoted.read_text(encoding="utf-8"), re.MULTILINE)  # written as YAML's integer
    for old, new in ((unquoted, unquoted), (spec, unquoted), (unquoted, spec)):
        assert main(["drift", str(old), str(new), "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["changes"] == []
