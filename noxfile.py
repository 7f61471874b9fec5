"""Sessions for browser-clients: `nox -l` is the menu."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
sys.path.insert(0, str(ROOT))  # the generator's registry is the one list of vendors: the sessions read it

from generator.registry import VENDORS  # noqa: E402 (after the path it is found on)

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["generate", "lint", "typecheck", "tests"]


def _groups(*names: str) -> list[str]:
    """Return the pinned requirements of the named dependency groups in pyproject.toml."""
    return [req for name in names for req in nox.project.dependency_groups(PYPROJECT, name)]


def _install_node_tools(session: nox.Session) -> None:
    """Install the pinned Node tools (Prism) from package-lock.json into node_modules/."""
    if shutil.which("npm") is None:
        session.error("npm is not on PATH: install Node.js 20 (with npm) to run the Prism contract tests")
    marker = ROOT / "node_modules" / ".package-lock.json"
    lock = ROOT / "package-lock.json"
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    session.run("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", external=True)


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from specs/ and overrides/ (or pass SPEC --package NAME --output DIR through)."""
    session.install(*_groups("generate"))
    session.run("python", "-m", "generator", "generate", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite: unit, wire, fault and Prism contract tests."""
    _install_node_tools(session)
    session.install(*_groups("generate", "drift", "test", "typecheck"))
    session.install("-e", ".")
    session.run("pytest", *session.posargs, env={"PRISM_BIN": str(ROOT / "node_modules" / ".bin" / "prism")})


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and check formatting with the pinned ruff."""
    session.install(*_groups("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check generator/, overrides/ and every registered vendor's generated package with mypy --strict."""
    session.install(*_groups("typecheck", "generate", "drift", "test"))
    session.install("-e", ".")
    packages = [f"generated/{entry.package}" for entry in VENDORS]
    session.run("mypy", "generator", "overrides/browser_clients", *packages, *session.posargs)


@nox.session
def drift(session: nox.Session) -> None:
    """Check generated/ is fresh, then report each vendor's spec drift against a base ref (or --live)."""
    session.install(*_groups("generate", "drift"))
    session.run(
        "python",
        "-m",
        "generator",
        "drift-ci",
        *session.posargs,
        env={"GIT_PAGER": "cat", **({"CI": os.environ["CI"]} if "CI" in os.environ else {})},
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Measure the clients, the pipeline and drift; print a table and write docs/benchmarks.md."""
    session.install(*_groups("generate", "drift", "test", "bench"))
    session.install("-e", ".")
    session.run("python", "-m", "benchmarks", *session.posargs)
