"""Run the pipeline: validate, overlay, normalize, render and format each document, then swap atomically.

A run builds every package (and its name lock) in a scratch directory beside generated/ and only then moves
the finished packages and locks into place, so a failure leaves generated/ and the locks byte for byte as they
were. A run whose inputs and outputs match the manifest does nothing.
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

from generator import manifest, names
from generator.documents import load
from generator.errors import PipelineError, display_path
from generator.normalize import normalize
from generator.overlay import apply_files
from generator.registry import GENERATED, VENDORS, VendorEntry
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


def _build_into(
    spec: Path,
    package: str,
    target: Path,
    *,
    overlays: tuple[Path, ...],
    config: dict[str, Any],
    lock: names.NameLock,
) -> names.NameLock:
    doc = prepare(spec, overlays)
    version = manifest.project_version()
    kept = render(
        doc, package=package, output=target, config=config, source=display_path(spec), names=lock, version=version
    )
    format_tree(target)
    return kept


def lock_beside(output: Path) -> Path:
    """Return where the passthrough keeps the name lock of the package it writes to ``output``."""
    return output.parent / f"{output.name}.names.yaml"


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
    lock: Path | None = None,
    fresh_names: bool = False,
) -> None:
    """Generate one client package from any document into ``output`` (replaced only when the build succeeds).

    Names are kept by the lock at ``lock`` (default: :func:`lock_beside`), which is then brought up to date;
    ``fresh_names`` ignores what it holds.
    """
    if not package.isidentifier():
        raise PipelineError(f"--package {package!r}: not a valid Python package name")
    output = output.resolve()
    lock_path = (lock or lock_beside(output)).resolve()
    previous = names.NameLock(package=package) if fresh_names else names.read(lock_path, package)
    with _scratch(output.parent) as scratch:
        built = scratch / package
        kept = _build_into(spec, package, built, overlays=overlays, config=dict(config or {}), lock=previous)
        new_lock = scratch / "names.yaml"
        new_lock.write_text(names.dump(kept), encoding="utf-8")
        _replace(built, output, scratch)
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        new_lock.replace(lock_path)


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


def _build_vendor(vendor: VendorEntry, into: Path) -> str:
    lock = names.read(vendor.names, vendor.package)
    config = vendor.generator_config()
    kept = _build_into(
        vendor.spec, vendor.package, into / vendor.package, overlays=vendor.overlays, config=config, lock=lock
    )
    return names.dump(kept)


def build_registry(into: Path) -> dict[Path, str]:
    """Build every registered vendor's package below ``into``; return the text each vendor's name lock must have."""
    return {vendor.names: _build_vendor(vendor, into) for vendor in VENDORS}


def _same_text(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except FileNotFoundError:
        return False


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
    outcome = Outcome()
    with _scratch(GENERATED) as scratch:
        locks = build_registry(scratch)
        inputs = manifest.inputs_fingerprint(locks)  # with the locks this run writes
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
            for i, (path, lock_text) in enumerate(sorted(locks.items())):
                if _same_text(path, lock_text):
                    continue
                staged, backup = scratch / f"lock-{i}.yaml", scratch / f"lock-{i}.previous"
                staged.write_text(lock_text, encoding="utf-8")
                if path.exists():
                    shutil.copy2(path, backup)
                moved.append((path, backup))
                path.parent.mkdir(parents=True, exist_ok=True)
                staged.replace(path)
                outcome.changed.append(display_path(path))
            if not manifest.MANIFEST.exists() or not filecmp.cmp(scratch / "manifest.json", manifest.MANIFEST, False):
                (scratch / "manifest.json").replace(manifest.MANIFEST)
                outcome.changed.append(display_path(manifest.MANIFEST))
        except BaseException:
            for dest, backup in reversed(moved):  # put back what was there
                if dest.is_dir():
                    shutil.rmtree(dest, ignore_errors=True)
                elif backup.exists() or dest.exists():
                    dest.unlink(missing_ok=True)
                if backup.exists():
                    backup.rename(dest)
            raise
    return outcome


def stale_files() -> list[str]:
    """Return the generated/ files and name locks (repository paths) that differ from a fresh regeneration."""
    with _scratch(Path(tempfile.gettempdir())) as scratch:
        locks = build_registry(scratch)
        fresh = manifest.outputs_of(scratch)
    current = manifest.outputs_of(GENERATED)
    files = sorted(set(fresh) | set(current))
    stale = [display_path(GENERATED / n) for n in files if fresh.get(n) != current.get(n)]
    return stale + [display_path(path) for path, text in sorted(locks.items()) if not _same_text(path, text)]
