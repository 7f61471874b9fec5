"""The package says its version and the version of each vendor document it was generated from."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

import browser_clients
from browser_clients._contract import document_versions
from browser_clients.cli.main import describe
from generator.registry import VENDORS

ROOT = Path(__file__).resolve().parents[1]


def test_the_version_is_pyprojects() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert browser_clients.__version__ == pyproject["project"]["version"]


def test_the_document_versions_are_those_of_specs() -> None:
    versions = {entry.name: str(yaml.safe_load(entry.spec.read_text())["info"]["version"]) for entry in VENDORS}
    for entry in VENDORS:  # written into each generated package by the pipeline
        written = importlib.import_module(f"{entry.package}.client").DOCUMENT_VERSION
        assert written == versions[entry.name], entry.name
    expected = {entry.name: versions[entry.name] for entry in VENDORS}
    assert dict(document_versions()) == expected
    assert browser_clients.__document_versions__ == expected


def test_the_command_line_prints_every_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "browser_clients", "--version"], capture_output=True, text=True, timeout=60, check=True
    )
    line = done.stdout.strip()
    assert line == describe()
    assert browser_clients.__version__ in line
    for vendor, version in document_versions().items():
        assert f"{vendor} {version}" in line
