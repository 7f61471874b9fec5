"""Shared fixtures: keep the environment's keys and base URLs out of every test unless a test sets them."""

from __future__ import annotations

import pytest

_VARS = ("BROWSERAI_API_KEY", "BROWSER_USE_API_KEY", "BROWSERAI_BASE_URL", "BROWSER_USE_BASE_URL", "BROWSERAI_PROJECT")


@pytest.fixture(autouse=True)
def _clean_vendor_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _fresh_deviation_log() -> None:
    """Forget which deviations the generated packages have logged: each test sees its own first WARNING."""
    import sys

    for package in ("browserai_client", "browser_use_client"):
        types = sys.modules.get(f"{package}.types")  # never import here: some tests check what is loaded
        if types is not None:
            types._REPORTED.clear()
