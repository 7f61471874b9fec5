"""`python -m generator` in an install without the generator's tools: every command listed, and what to install said
in one line, never a traceback (issue 19)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The tools of the generate and drift groups made unimportable, as after a plain `pip install -e .`.
_WITHOUT_TOOLS = """
import sys
from importlib.abc import MetaPathFinder

class Missing(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {"yaml", "griffe", "openapi_python_client", "openapi_spec_validator", "ruff"}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Missing())
from generator.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _generator(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _WITHOUT_TOOLS, *argv], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


def test_every_command_is_listed_without_the_tools() -> None:
    done = _generator("--help")
    assert done.returncode == 0, done.stderr
    assert "{generate,drift,drift-ci}" in done.stdout


@pytest.mark.parametrize(
    "argv", [["drift", "specs/a.yaml", "specs/b.yaml"], ["drift-ci", "--base", "main"], ["generate", "--check"]]
)
def test_a_command_without_its_tools_says_what_to_install(argv: list[str]) -> None:
    done = _generator(*argv)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "python -m pip install" in done.stderr
    assert "'PyYAML==" in done.stderr
    assert "nox -s" in done.stderr
