"""Find the vendor's published Browser-Use document: from $BROWSER_USE_PUBLISHED_SPEC, else beside the checkout.

It is reference material outside the project (../shared/vendor-docs/ in CI and on developers' machines); a test
that needs it skips, saying why, when neither place has it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = "BROWSER_USE_PUBLISHED_SPEC"
BESIDE = ROOT.parent / "shared" / "vendor-docs" / "browser-use-v3.openapi.json"


def published_document() -> Path:
    """Return the path of the vendor's published document, or skip the calling test with the reason."""
    named = os.environ.get(ENV)
    if named:
        path = Path(named)
        if not path.is_file():
            pytest.fail(f"{ENV}={named} names no file")
        return path
    if not BESIDE.is_file():
        pytest.skip(f"the vendor's published document is not at {BESIDE} and {ENV} is not set: nothing to check")
    return BESIDE
