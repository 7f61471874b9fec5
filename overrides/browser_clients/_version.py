"""The package's version and the version (``info.version``) of each vendor document it was generated from.

Both are fixed when the package is built: specs/ is not installed, so nothing here reads it at run time.
Both live in ``browser_clients/__init__.py`` (so reading them loads nothing); tests/test_version.py keeps them
equal to pyproject.toml and to specs/ (through the generator's registry).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from browser_clients import __document_versions__, __version__

DOCUMENT_VERSIONS: Mapping[str, str] = MappingProxyType(__document_versions__)
"""Each vendor's name and the ``info.version`` of the document its generated package was made from."""


def describe() -> str:
    """Return the package's version and its documents' versions on one line (what ``--version`` prints)."""
    documents = ", ".join(f"{vendor} {version}" for vendor, version in DOCUMENT_VERSIONS.items())
    return f"browser-clients {__version__} (vendor documents: {documents})"


__all__ = ["DOCUMENT_VERSIONS", "__version__", "describe"]
