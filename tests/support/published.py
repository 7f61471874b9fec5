"""Find the vendor's published Browser-Use documents: each from its environment variable, else beside the checkout.

They are reference material outside the project (../shared/vendor-docs/ in CI and on developers' machines); a
test that needs one skips, saying why, when neither place has it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR_DOCS = ROOT.parent / "shared" / "vendor-docs"


class Published(NamedTuple):
    """Where a published document is: the variable that names its path, and its file name in VENDOR_DOCS."""

    env: str
    file: str


# Keyed by the registry's vendor names: the vendor's current document for each of our specs. Plus the v3
# document of 2026-04-09, which ours still follows wherever the current one did not change it.
DOCUMENTS = {
    "browser-use": Published("BROWSER_USE_PUBLISHED_SPEC", "browser-use-v3-2026-06-03.openapi.json"),
    "browser-use-v4": Published("BROWSER_USE_V4_PUBLISHED_SPEC", "browser-use-v4.openapi.json"),
    "browser-use-2026-04-09": Published("BROWSER_USE_APRIL_PUBLISHED_SPEC", "browser-use-v3.openapi.json"),
}


def published_document(name: str = "browser-use") -> Path:
    """Return the path of the published document ``name``, or skip the calling test with the reason."""
    env, file = DOCUMENTS[name]
    named = os.environ.get(env)
    if named:
        path = Path(named)
        if not path.is_file():
            pytest.fail(f"{env}={named} names no file")
        return path
    beside = VENDOR_DOCS / file
    if not beside.is_file():
        pytest.skip(f"the vendor's published document is not at {beside} and {env} is not set: nothing to check")
    return beside
