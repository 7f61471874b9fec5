"""Compare the public Python API of the clients generated from two documents: what user code would break.

Both clients are generated with the project's own pipeline into temporary directories and read statically
with griffe (never imported). griffe finds removed objects and incompatible signatures; annotations, which it
does not compare, are compared here as written.

Both generations are locked (docs/naming.md), each with the lock that goes with its document (``lock_for``:
the vendor's lock at the same git ref, or in the working tree), and NEW, when no lock goes with it, with the lock
OLD's generation left, exactly as a user's regeneration would carry the names forward. `drift --code` and
`drift-ci` use this one rule, and the report names each side's lock. So only the names users really lose are
reported; a class renamed on purpose shows as renamed, its old name kept as a deprecated alias.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import griffe

from generator.drift.load import Document, kind_of
from generator.drift.model import CodeChange, CodeSection, Severity
from generator.errors import PipelineError
from generator.registry import ROOT, VendorEntry


def _is_enum(obj: griffe.Object | griffe.Alias | None, depth: int = 0) -> bool:
    """Return whether ``obj`` is an enum class: a base named *Enum/*Flag, or a base class that is one."""
    if not isinstance(obj, griffe.Class) or depth > 5:
        return False
    for base in obj.bases:
        if str(base).split(".")[-1].endswith(("Enum", "Flag")):
            return True
        path = getattr(base, "canonical_path", None)
        try:
            parent = obj.modules_collection[path] if isinstance(path, str) else None
        except KeyError:
            parent = None
        if isinstance(parent, griffe.Alias):
            parent = parent.final_target
        if _is_enum(parent, depth + 1):
            return True
    return False


def _removed(obj: griffe.Object | griffe.Alias) -> tuple[str, str]:
    parent = obj.parent
    if obj.is_attribute and _is_enum(parent):
        return "enum-member-removed", f"enum member {obj.name} was removed"
    if obj.is_attribute and parent is not None and parent.is_class:
        return "model-attribute-removed", f"attribute {obj.name} was removed"
    if obj.is_function and parent is not None and parent.is_class:
        return "method-removed", f"method {obj.name}() was removed"
    if obj.is_function:
        return "function-removed", f"function {obj.name}() was removed"
    if obj.is_class:
        return "class-removed", f"class {obj.name} was removed"
    if obj.is_module:
        return "module-removed", f"module {obj.path} was removed"
    return "object-removed", f"{obj.name} was removed"


def _param(value: Any) -> str:
    return str(getattr(value, "name", value))


def _explain(breakage: griffe.Breakage) -> tuple[str, str]:
    old, new = breakage.old_value, breakage.new_value
    if isinstance(breakage, griffe.ObjectRemovedBreakage):
        return _removed(breakage.obj)
    if isinstance(breakage, griffe.ParameterRemovedBreakage):
        return "signature-changed", f"parameter {_param(old)} was removed"
    if isinstance(breakage, griffe.ParameterAddedRequiredBreakage):
        return "signature-changed", f"required parameter {_param(new)} was added"
    if isinstance(breakage, griffe.ParameterChangedRequiredBreakage):
        return "signature-changed", f"parameter {_param(old)} became required"
    if isinstance(breakage, griffe.ParameterMovedBreakage):
        return "signature-changed", f"parameter {_param(old)} moved ({breakage.details})"
    if isinstance(breakage, griffe.ParameterChangedKindBreakage):
        return "signature-changed", f"parameter {_param(old)} changed kind"
    if isinstance(breakage, griffe.ParameterChangedDefaultBreakage):
        old_default, new_default = getattr(old, "default", None), getattr(new, "default", None)
        return (
            "signature-changed",
            f"parameter {_param(old)} default changed from {old_default} to {new_default}",
        )
    if isinstance(breakage, griffe.ReturnChangedTypeBreakage):
        return "signature-changed", f"return type changed from {old} to {new}"
    if isinstance(breakage, griffe.ObjectChangedKindBreakage):
        return "object-changed-kind", f"changed from a {old} to a {new}"
    if isinstance(breakage, griffe.AttributeChangedValueBreakage):
        kind = "enum-member-changed" if _is_enum(breakage.obj.parent) else "attribute-value-changed"
        return kind, f"value changed from {old} to {new}"
    if isinstance(breakage, griffe.ClassRemovedBaseBreakage):
        return "class-base-removed", "lost a base class"
    return "api-changed", str(breakage.kind.value)


def _public(obj: griffe.Object | griffe.Alias) -> Iterator[tuple[str, griffe.Object | griffe.Alias]]:
    for name, member in obj.members.items():
        if member.is_alias or not member.is_public:
            continue
        yield name, member


def _annotations(old: griffe.Object | griffe.Alias, new: griffe.Object | griffe.Alias) -> Iterator[CodeChange]:
    """Yield annotation changes griffe does not report: attribute, parameter and return types."""
    for name, before in _public(old):
        after = new.members.get(name)
        if after is None or after.is_alias or before.kind != after.kind:
            continue
        if isinstance(before, griffe.Attribute) and isinstance(after, griffe.Attribute):
            if before.annotation is not None and str(before.annotation) != str(after.annotation):
                text = f"type changed from {before.annotation} to {after.annotation}"
                yield CodeChange("attribute-type-changed", Severity.WARNING, after.path, text)
        elif isinstance(before, griffe.Function) and isinstance(after, griffe.Function):
            new_params = {p.name: p for p in after.parameters}
            for param in before.parameters:
                other = new_params.get(param.name)
                if (
                    other is not None
                    and param.annotation is not None
                    and str(param.annotation) != str(other.annotation)
                ):
                    text = f"parameter {param.name} type changed from {param.annotation} to {other.annotation}"
                    yield CodeChange("signature-changed", Severity.WARNING, after.path, text)
            if before.returns is not None and after.returns is not None and str(before.returns) != str(after.returns):
                text = f"return type changed from {before.returns} to {after.returns}"
                yield CodeChange("signature-changed", Severity.WARNING, after.path, text)
        elif before.is_class or before.is_module:
            yield from _annotations(before, after)


def _load(root: Path, package: str) -> griffe.Object | griffe.Alias:
    loader = griffe.GriffeLoader(search_paths=[root], allow_inspection=False)
    try:
        module = loader.load(package)
    except (ImportError, griffe.LoadingError) as exc:
        raise PipelineError(f"cannot read the generated {package} in {root}: {exc}") from None
    loader.resolve_aliases(external=False, implicit=False)
    return module


def compare_packages(old_root: Path, new_root: Path, package: str) -> tuple[CodeChange, ...]:
    """Return how the public API of ``package`` under ``new_root`` breaks code written for ``old_root``'s."""
    old, new = _load(old_root, package), _load(new_root, package)
    found: list[CodeChange] = []
    for breakage in griffe.find_breaking_changes(old, new):
        kind, text = _explain(breakage)
        found.append(CodeChange(kind, Severity.BREAKING, breakage.obj.path, text))
    found.extend(_annotations(old, new))
    unique = dict.fromkeys(found)
    return tuple(sorted(unique, key=lambda c: (c.severity.rank, c.object, c.kind, c.message)))


def _renamed(changes: tuple[CodeChange, ...], lock_text: str, package: str) -> tuple[CodeChange, ...]:
    """Report a removed class that the NEW lock keeps as a deprecated alias as the rename it is."""
    from generator.names import parse

    lock = parse(lock_text, f"{package}.names.yaml", package)
    aliases = {a.name: (e.name, a.remove_in) for e in lock.classes.values() for a in e.aliases}
    # A renamed class's old module stays, holding only the deprecated alias: its other contents (the TypeVar the
    # generated module declared) and the class turning into an alias of the new one are the rename, not a break.
    alias_modules = {f"{package}.models.{a.module}." for e in lock.classes.values() for a in e.aliases}
    out: list[CodeChange] = []
    for change in changes:
        name = change.object.rsplit(".", 1)[-1]
        in_alias_module = any(change.object.startswith(m) for m in alias_modules)
        if in_alias_module and name not in aliases:
            continue
        if (change.kind in ("class-removed", "object-removed") or in_alias_module) and name in aliases:
            new, until = aliases[name]
            text = f"class {name} was renamed to {new}; {name} stays importable, deprecated, until {until}"
            out.append(CodeChange("class-renamed", Severity.WARNING, change.object, text))
        else:
            out.append(change)
    return tuple(sorted(dict.fromkeys(out), key=lambda c: (c.severity.rank, c.object, c.kind, c.message)))


def _write(document: Document, path: Path) -> Path:
    path.write_text(json.dumps(document.data), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Lock:
    """A name lock's text (None: no lock) and how a report names where it came from."""

    text: str | None
    where: str


_CARRIED = "the lock OLD's generation left (carried forward, as a regeneration would)"
_NONE = "no lock (names as the document gives them)"


def lock_for(entry: VendorEntry, source: str, cwd: Path) -> Lock:
    """Return the name lock that goes with the document at ``source``: the vendor's lock at the same place.

    A `REF:path` of the vendor's spec goes with the lock at REF; the vendor's spec in the working tree with the
    working tree's lock; any other file or URL with none. One rule for `drift --code` and `drift-ci`.
    """
    path = entry.names.relative_to(ROOT).as_posix()
    if kind_of(source) == "git":
        ref, _, spec = source.partition(":")
        if Path(spec).name != entry.spec.name:
            return Lock(None, _NONE)
        shown = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=cwd, capture_output=True, check=False)
        if shown.returncode != 0:
            return Lock(None, f"no lock at `{ref}`")
        return Lock(shown.stdout.decode("utf-8"), f"`{ref}:{path}`")
    if kind_of(source) == "file" and (cwd / source).resolve() == entry.spec.resolve():
        if not entry.names.exists():
            return Lock(None, "no lock in the working tree")
        return Lock(entry.names.read_text(encoding="utf-8"), f"the working tree's `{path}`")
    return Lock(None, _NONE)


def vendor_code(entry: VendorEntry, old: Document, new: Document, *, cwd: Path) -> CodeSection:
    """Compare the Python API of ``entry``'s clients from OLD and NEW, each generated under the lock beside it."""
    return compare_code(
        old,
        new,
        entry.package,
        overlays=entry.overlays,
        config=entry.generator_config(),
        old_lock=lock_for(entry, old.source, cwd),
        new_lock=lock_for(entry, new.source, cwd),
    )


def compare_code(
    old: Document,
    new: Document,
    package: str,
    *,
    overlays: tuple[Path, ...] = (),
    config: dict[str, Any] | None = None,
    old_lock: Lock | None = None,
    new_lock: Lock | None = None,
) -> CodeSection:
    """Generate both clients with the pipeline, each under its name lock, and compare their public Python API.

    Without a NEW lock, NEW carries forward the lock OLD's generation left; without an OLD lock, OLD takes the
    names its document gives.
    """
    from generator.pipeline import build_client  # loads only for --code
    from generator.pipeline import lock_beside as lock_path

    old_lock = old_lock or Lock(None, _NONE)
    names = {"OLD": old_lock.where, "NEW": new_lock.where if new_lock and new_lock.text is not None else _CARRIED}
    with tempfile.TemporaryDirectory(prefix="drift-code-") as tmp:
        roots = {}
        carried = old_lock.text
        for label, document, lock in (("OLD", old, old_lock), ("NEW", new, new_lock)):
            root = Path(tmp) / label.lower()
            root.mkdir()
            spec = _write(document, Path(tmp) / f"{label.lower()}.json")
            target = lock_path(root / package)
            text = lock.text if lock is not None and lock.text is not None else carried
            if text is not None:
                target.write_text(text, encoding="utf-8")
            try:
                build_client(spec, package, root / package, overlays=overlays, config=config)
                carried = target.read_text(encoding="utf-8")
            except PipelineError as exc:
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                return CodeSection(
                    package,
                    error=f"cannot generate the {label} client: {first}",
                    failed=label,
                    old_names=names["OLD"],
                    new_names=names["NEW"],
                )
            roots[label] = root
        try:
            changes = compare_packages(roots["OLD"], roots["NEW"], package)
            changes = _renamed(changes, carried or "", package)
        except PipelineError as exc:
            return CodeSection(package, error=str(exc), old_names=names["OLD"], new_names=names["NEW"])
    return CodeSection(package, changes, old_names=names["OLD"], new_names=names["NEW"])
