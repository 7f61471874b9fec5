"""List the vendors: the one place that says which documents become which generated packages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
OVERRIDES = ROOT / "overrides"
GENERATED = ROOT / "generated"
TEMPLATES = OVERRIDES / "templates"
NAMES = OVERRIDES / "names"


@dataclass(frozen=True)
class VendorEntry:
    """One vendor: its document, the package it becomes, and what shapes that package."""

    name: str
    spec: Path
    package: str
    overlays: tuple[Path, ...] = ()
    # openapi-python-client's own config file keys (see its README); the pipeline adds post_hooks itself.
    config: MappingProxyType[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    # Where the vendor publishes its current document, for `nox -s drift -- --live`.
    live_url: str | None = None

    @property
    def names(self) -> Path:
        """Return the vendor's name lock (docs/naming.md), kept current by `nox -s generate`."""
        return NAMES / f"{self.name}.names.yaml"

    def generator_config(self) -> dict[str, Any]:
        """Return openapi-python-client's config for this vendor, with the package name it must use."""
        return {**self.config, "package_name_override": self.package, "project_name_override": self.package}


# Browser-Use publishes its documents in its SDK's public repository (its docs site serves the same files).
_BROWSER_USE_PUBLISHED = "https://raw.githubusercontent.com/browser-use/sdk/main/docs/cloud/openapi"

VENDORS: tuple[VendorEntry, ...] = (
    VendorEntry(
        name="browserai",
        spec=SPECS / "browserai.yaml",
        package="browserai_client",
        overlays=(OVERRIDES / "overlays" / "browserai.overlay.yaml",),
        config=MappingProxyType({"field_prefix": "field_"}),
        live_url="https://docs.browser.ai/openapi.yaml",
    ),
    VendorEntry(
        name="browser-use",
        spec=SPECS / "browser-use.yaml",
        package="browser_use_client",
        overlays=(),
        config=MappingProxyType({"field_prefix": "field_"}),
        live_url=f"{_BROWSER_USE_PUBLISHED}/v3.json",
    ),
    VendorEntry(
        name="browser-use-v4",
        spec=SPECS / "browser-use-v4.yaml",
        package="browser_use_v4_client",
        config=MappingProxyType({"field_prefix": "field_"}),
        live_url=f"{_BROWSER_USE_PUBLISHED}/v4.json",
    ),
)


def vendor(name: str, entries: tuple[VendorEntry, ...] = VENDORS) -> VendorEntry:
    """Return the entry called ``name`` (of ``entries``, the registry by default), or raise KeyError naming them."""
    for entry in entries:
        if entry.name == name:
            return entry
    known = ", ".join(v.name for v in entries)
    raise KeyError(f"unknown vendor {name!r} (known: {known})")
