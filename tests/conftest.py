"""Shared fixtures: keep the environment's keys and base URLs out of every test unless a test sets them."""

from __future__ import annotations

import pytest

_VARS = ("BROWSERAI_API_KEY", "BROWSER_USE_API_KEY", "BROWSERAI_BASE_URL", "BROWSER_USE_BASE_URL", "BROWSERAI_PROJECT")


@pytest.fixture(autouse=True)
def _clean_vendor_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _VARS:
        monkeypatch.delenv(name, raising=False)
