"""The package's version and the version (``info.version``) of each vendor document it was generated from.

The package's version is pyproject.toml's (tests/test_version.py keeps the two equal). Each document's version is
written into its generated package by the pipeline (``client.DOCUMENT_VERSION``) and read through the vendor's
adapter, so it is always the version of the document that package was made from; specs/ is never read at run
time (it is not installed). Reading them imports the generated packages: ``--version`` does, ``import
browser_clients`` does not.
"""

from __future__ import annotations

from browser_clients import __version__
from browser_clients._contract import document_versions


def describe() -> str:
    """Return the package's version and its documents' versions on one line (what ``--version`` prints)."""
    documents = ", ".join(f"{vendor} {version}" for vendor, version in document_versions().items())
    return f"browser-clients {__version__} (vendor documents: {documents})"


__all__ = ["__version__", "describe", "document_versions"]
