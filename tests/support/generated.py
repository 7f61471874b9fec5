"""Generate a package from a document of a test's own with the project's pipeline, and import it for the test."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from generator.pipeline import build_client


@contextmanager
def generated(spec: Path, package: str, root: Path) -> Iterator[ModuleType]:
    """Generate ``package`` from ``spec`` under ``root``, import it, and forget it (and its modules) afterwards."""
    build_client(spec, package, root / package)
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
            del sys.modules[name]
