"""`python -m generator drift-ci` (what `nox -s drift` runs): freshness, base ref vs working tree, --live."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator import pipeline
from generator.cli import main
from generator.drift import ci, code, command
from generator.drift.model import CodeSection
from generator.pipeline import build_client
from generator.pipeline import lock_beside as lock_path
from generator.registry import VENDORS, VendorEntry
from tests.drift.conftest import Loopback

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "acme", "version": "1"},
    "paths": {
        "/jobs/{id}": {
            "get": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id"],
                                    "properties": {"id": {"type": "string"}, "state": {"type": "string"}},
                                }
                            }
                        },
                    }
                },
            }
        }
    },
}
BROKEN = json.loads(json.dumps(SPEC))
del BROKEN["paths"]["/jobs/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"][
    "state"
]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@127.0.0.1", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def acme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose one vendor, acme, has its spec committed on main and then changed in the tree."""
    _git(tmp_path, "init", "-q", "-b", "main")
    spec = tmp_path / "specs" / "acme.yaml"
    spec.parent.mkdir()
    spec.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "acme")
    spec.write_text(yaml.safe_dump(BROKEN), encoding="utf-8")
    entry = VendorEntry(name="acme", spec=spec, package="acme_client", live_url=None)
    monkeypatch.setattr(ci, "ROOT", tmp_path)
    monkeypatch.setattr(ci, "VENDORS", (entry,))
    monkeypatch.setattr(pipeline, "stale_files", list)
    return tmp_path


def test_base_ref_against_working_tree(acme: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "drift.md"
    assert main(["drift-ci", "main", "--no-code", "--output", str(out)]) == 1
    text = capsys.readouterr().out
    assert text.startswith("# API drift against `main`\n")
    assert "## Freshness\n\ngenerated/ equals a regeneration from specs/." in text
    assert "## acme: breaking\n\n`main:specs/acme.yaml` against the working tree" in text
    assert "response property 'state' (200 response) was removed (it was optional)" in text
    assert out.read_text(encoding="utf-8") == text


def test_missing_base_ref_reports_everything_added(acme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift-ci", "no-such-branch", "--no-code"]) == 0
    text = capsys.readouterr().out
    assert "base ref `no-such-branch` does not exist here: every operation is reported as added" in text
    assert "operation added" in text


def test_new_vendor_missing_at_the_base_ref(
    acme: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    newcomer = acme / "specs" / "newcomer.yaml"
    newcomer.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    monkeypatch.setattr(ci, "VENDORS", (*ci.VENDORS, VendorEntry("newcomer", newcomer, "newcomer_client")))
    assert main(["drift-ci", "main", "--no-code"]) == 1  # acme still breaks
    text = capsys.readouterr().out
    assert "`specs/newcomer.yaml` does not exist at `main` (a new vendor): every operation is reported as added" in text


def test_stale_generated_files_fail_and_are_named(
    acme: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "stale_files", lambda: ["generated/acme_client/models/job.py"])
    (acme / "specs" / "acme.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")  # no drift
    assert main(["drift-ci", "main", "--no-code"]) == 1
    text = capsys.readouterr().out
    assert "## Freshness: generated/ is stale" in text
    assert "- `generated/acme_client/models/job.py`" in text


def test_live_compares_the_published_document(
    acme: Path, loopback: Loopback, capsys: pytest.CaptureFixture[str]
) -> None:
    (acme / "specs" / "acme.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    url = loopback.serve("/openapi.json", json.dumps(BROKEN))
    assert main(["drift-ci", "--live", "--live-url", f"acme={url}", "--no-code"]) == 1
    text = capsys.readouterr().out
    assert text.startswith("# API drift (live)\n")
    assert "Freshness" not in text
    assert f"`specs/acme.yaml` against the published document at {url}" in text
    assert "response-property-removed-optional" in text


def test_live_without_a_url_is_an_error(acme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift-ci", "--live", "--no-code"]) == 2
    assert "## acme: cannot compare\n\n**error:** NEW acme: the registry has no live_url for this vendor" in (
        capsys.readouterr().out
    )


def test_live_is_the_conformance_check_against_each_published_document(
    loopback: Loopback, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "stale_files", list)
    args = ["drift-ci", "--live"]
    for entry in VENDORS:
        data = yaml.safe_load(entry.spec.read_text(encoding="utf-8"))
        for item in data["paths"].values():  # the vendor's own operationIds: names, not disagreements
            for method, operation in item.items():
                operation["operationId"] = f"vendor_{method}_{operation.get('operationId')}"
        if entry.name == "browser-use":
            view = data["components"]["schemas"]["SessionView"]
            data["components"]["schemas"]["SessionStatus"]["enum"].remove("timed_out")  # fewer answers: no harm
            view["required"].remove("id")  # the vendor may leave out what our client requires
        args += ["--live-url", f"{entry.name}={loopback.serve(f'/{entry.name}.json', json.dumps(data))}"]
    assert main(args) == 1
    text = capsys.readouterr().out
    assert "## browserai: conforms" in text
    assert "## browser-use-v4: conforms" in text
    assert "## browser-use: disagrees" in text
    assert "response property 'id' (200 response) became optional" in text
    assert "response-property-became-optional" in text
    assert "operation-id-changed" not in text
    assert "Python API" not in text  # generated names differ by design: no code section in a conformance check


def test_every_vendor_has_a_published_document_to_check_live() -> None:
    # --live walks the registry; a vendor without a live_url would end the daily run as "cannot compare".
    assert all(entry.live_url for entry in VENDORS)
    sdk = "https://raw.githubusercontent.com/browser-use/sdk/main/docs/cloud/openapi"  # where Browser-Use publishes
    assert {entry.name: entry.live_url for entry in VENDORS if entry.name.startswith("browser-use")} == {
        "browser-use": f"{sdk}/v3.json",
        "browser-use-v4": f"{sdk}/v4.json",
    }


@pytest.mark.parametrize(("failed", "code"), [("OLD", 1), ("NEW", 2)])
def test_only_a_new_spec_the_pipeline_rejects_is_unusable(
    acme: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, failed: str, code: int
) -> None:
    # The base ref's spec may predate today's overlays: failing to generate it is reported, not fatal.
    section = CodeSection("acme_client", error=f"cannot generate the {failed} client: boom", failed=failed)
    monkeypatch.setattr(ci, "_code", lambda *_: section)
    assert main(["drift-ci", "main"]) == code  # acme breaks (1) either way
    assert f"Could not compare: cannot generate the {failed} client: boom" in capsys.readouterr().out


@dataclass(frozen=True)
class _LockedEntry(VendorEntry):
    """A vendor whose name lock lives in the test's repository, not in this project's overrides/names/."""

    lock: Path = Path("acme.names.yaml")

    @property
    def names(self) -> Path:
        """Return the lock in the test's repository."""
        return self.lock


@pytest.fixture
def renamed(acme: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Acme with a name lock on main, and a class renamed on purpose in the working tree's lock."""
    lock = acme / "overrides" / "names" / "acme.names.yaml"
    lock.parent.mkdir(parents=True)
    built = acme / "built"
    (acme / "specs" / "acme.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    build_client(acme / "specs" / "acme.yaml", "acme_client", built / "acme_client")  # the lock main's spec leaves
    text = lock_path(built / "acme_client").read_text(encoding="utf-8")
    lock.write_text(text, encoding="utf-8")
    _git(acme, "add", "specs", "overrides")
    _git(acme, "commit", "-q", "-m", "lock")
    data = yaml.safe_load(text)
    (old_name, entry), *_ = ((k, v) for k, v in data["classes"].items() if v["kind"] == "model")
    entry["aliases"] = [{"name": old_name, "module": entry["module"]}]
    entry["module"] = "job"
    data["classes"] = {("Job" if k == old_name else k): v for k, v in data["classes"].items()}
    lock.write_text(yaml.safe_dump(data), encoding="utf-8")
    (acme / "specs" / "acme.yaml").write_text(yaml.safe_dump(BROKEN), encoding="utf-8")
    vendor = _LockedEntry(name="acme", spec=acme / "specs" / "acme.yaml", package="acme_client", lock=lock)
    monkeypatch.setattr(ci, "VENDORS", (vendor,))
    monkeypatch.setattr(command, "VENDORS", (vendor,))
    monkeypatch.setattr(code, "ROOT", acme)
    monkeypatch.chdir(acme)
    return acme


def _python_section(text: str) -> str:
    return text[text.index("# Python API of") :].lstrip("#").strip()


def test_drift_code_and_drift_ci_give_one_python_api_verdict(renamed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same pair, the same locks, the same verdict: OLD under the base ref's lock, NEW under the working tree's."""
    assert main(["drift", "main:specs/acme.yaml", "specs/acme.yaml", "--code", "--format", "markdown"]) == 1
    alone = _python_section(capsys.readouterr().out)
    assert main(["drift-ci", "main"]) == 1
    gate = _python_section(capsys.readouterr().out.split("## acme:")[1])
    assert alone == gate
    assert (
        "Name locks: OLD generated with `main:overrides/names/acme.names.yaml`; NEW with the working tree's"
        " `overrides/names/acme.names.yaml`."
    ) in alone
    assert "was renamed to Job" in alone  # the rename on purpose shows, on both sides


def test_both_commands_find_a_sides_lock_by_one_rule(
    renamed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str | None, str | None]] = []

    def record(*_: object, old_lock: code.Lock, new_lock: code.Lock, **__: object) -> CodeSection:
        seen.append((old_lock.text, new_lock.text))
        return CodeSection("acme_client", old_names=old_lock.where, new_names=new_lock.where)

    monkeypatch.setattr(code, "compare_code", record)
    main(["drift", "main:specs/acme.yaml", "specs/acme.yaml", "--code"])
    main(["drift-ci", "main"])
    capsys.readouterr()
    base = subprocess.run(
        ["git", "show", "main:overrides/names/acme.names.yaml"], cwd=renamed, capture_output=True, text=True, check=True
    ).stdout
    today = (renamed / "overrides" / "names" / "acme.names.yaml").read_text(encoding="utf-8")
    assert seen == [(base, today), (base, today)]
    # A document that is neither the vendor's spec at a ref nor in the working tree goes with no lock.
    outside = renamed / "elsewhere.yaml"
    outside.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    entry = ci.VENDORS[0]
    assert code.lock_for(entry, str(outside), renamed).text is None
    assert code.lock_for(entry, "main:specs/acme.yaml", renamed).text == base
    assert code.lock_for(entry, "no-such-ref:specs/acme.yaml", renamed).where == "no lock at `no-such-ref`"
