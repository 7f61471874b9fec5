"""Run the pipeline: validate, overlay, normalize, render and format each document, then swap atomically.

A run builds every package in a scratch directory beside generated/ and only then moves the finished
packages into place, so a failure leaves generated/ byte for byte as it was. A run whose inputs and outputs
match the manifest does nothing.
"""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import manifest
from generator.documents import load
from generator.errors import PipelineError, display_path
from generator.normalize import normalize
from generator.overlay import apply_files
from generator.registry import GENERATED, VENDORS
from generator.render import format_tree, render
from generator.validate import validate


@dataclass
class Outcome:
    """What a registry run did."""

    changed: list[str] = field(default_factory=list)
    up_to_date: bool = False


def prepare(spec: Path, overlays: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Load, validate, overlay and normalize the document at ``spec``; return what the generator renders."""
    doc, text = load(spec)
    validate(doc, text, spec)
    if overlays:
        apply_files(doc, overlays)
        # An overlay can break a valid document: check again, naming the overlays.
        validate(doc, "", " + ".join(display_path(p) for p in (spec, *overlays)))
    return normalize(doc)  # doc is this call's own fresh copy: normalizing it in place is safe


def _build_into(spec: Path, package: str, target: Path, overlays: tuple[Path, ...], config: dict[str, Any]) -> None:
    doc = prepare(spec, overlays)
    render(doc, package=package, output=target, config=config, source=display_path(spec))
    format_tree(target)


@contextmanager
def _scratch(near: Path) -> Iterator[Path]:
    near.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=".generate-", dir=near))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def build_client(
    spec: Path,
    package: str,
    output: Path,
    *,
    overlays: tuple[Path, ...] = (),
    config: dict[str, Any] | None = None,
) -> None:
    """Generate one client package from any document into ``output`` (replaced only when the build succeeds)."""
    if not package.isidentifier():
        raise PipelineError(f"--package {package!r}: not a valid Python package name")
    output = output.resolve()
    with _scratch(output.parent) as scratch:
        built = scratch / package
        _build_into(spec, package, built, overlays, dict(config or {}))
        _replace(built, output, scratch)


def _replace(new: Path, dest: Path, scratch: Path) -> None:
    old = scratch / "previous"
    if dest.exists():
        dest.rename(old)
    try:
        new.rename(dest)
    except OSError:
        if old.exists():
            old.rename(dest)
        raise


def _same_tree(a: Path, b: Path) -> bool:
    if not b.exists():
        return False
    return manifest.tree_hashes(a) == manifest.tree_hashes(b)


def build_registry(into: Path) -> None:
    """Build every registered vendor's package below ``into``."""
    for vendor in VENDORS:
        _build_into(vendor.spec, vendor.package, into / vendor.package, vendor.overlays, vendor.generator_config())


def is_up_to_date() -> bool:
    """Tell whether the manifest proves generated/ is current, without running the generator."""
    recorded = manifest.read()
    if recorded is None:
        return False
    return recorded.get("inputs") == manifest.inputs_fingerprint() and recorded.get("outputs") == manifest.outputs_of(
        GENERATED
    )


def generate_registry(*, force: bool = False) -> Outcome:
    """Regenerate every vendor's package into generated/, atomically; do nothing when nothing changed."""
    if not force and is_up_to_date():
        return Outcome(up_to_date=True)
    inputs = manifest.inputs_fingerprint()
    outcome = Outcome()
    with _scratch(GENERATED) as scratch:
        build_registry(scratch)
        text = manifest.render_manifest(inputs, manifest.outputs_of(scratch))
        (scratch / "manifest.json").write_text(text, encoding="utf-8")
        moved: list[tuple[Path, Path]] = []
        try:
            for vendor in VENDORS:
                dest = GENERATED / vendor.package
                if _same_tree(scratch / vendor.package, dest):
                    continue
                backup = scratch / f"{vendor.package}.previous"
                if dest.exists():
                    dest.rename(backup)
                moved.append((dest, backup))
                (scratch / vendor.package).rename(dest)
                outcome.changed.append(display_path(dest))
            if not manifest.MANIFEST.exists() or not filecmp.cmp(scratch / "manifest.json", manifest.MANIFEST, False):
                (scratch / "manifest.json").replace(manifest.MANIFEST)
                outcome.changed.append(display_path(manifest.MANIFEST))
        except BaseException:
            for dest, backup in reversed(moved):  # put back what was there
                shutil.rmtree(dest, ignore_errors=True)
                if backup.exists():
                    backup.rename(dest)
            raise
    return outcome


def stale_files() -> list[str]:
    """Return the generated/ files (repository paths) that differ from a fresh regeneration of specs/."""
    with _scratch(Path(tempfile.gettempdir())) as scratch:
        build_registry(scratch)
        fresh = manifest.outputs_of(scratch)
    current = manifest.outputs_of(GENERATED)
    names = sorted(set(fresh) | set(current))
    return [display_path(GENERATED / n) for n in names if fresh.get(n) != current.get(n)]
