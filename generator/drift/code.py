"""Compare the public Python API of the clients generated from two documents: what user code would break.

Both clients are generated with the project's own pipeline into temporary directories and read statically
with griffe (never imported). griffe finds removed objects and incompatible signatures; annotations, which it
does not compare, are compared here as written.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import griffe

from generator.drift.load import Document
from generator.drift.model import CodeChange, CodeSection, Severity
from generator.errors import PipelineError


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


def _write(document: Document, path: Path) -> Path:
    path.write_text(json.dumps(document.data), encoding="utf-8")
    return path


def compare_code(
    old: Document,
    new: Document,
    package: str,
    *,
    overlays: tuple[Path, ...] = (),
    config: dict[str, Any] | None = None,
) -> CodeSection:
    """Generate both clients with the pipeline and compare their public Python API."""
    from generator.pipeline import build_client  # the pipeline's own dependencies load only for --code

    with tempfile.TemporaryDirectory(prefix="drift-code-") as tmp:
        roots = {}
        for label, document in (("OLD", old), ("NEW", new)):
            root = Path(tmp) / label.lower()
            root.mkdir()
            spec = _write(document, Path(tmp) / f"{label.lower()}.json")
            try:
                build_client(spec, package, root / package, overlays=overlays, config=config)
            except PipelineError as exc:
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                return CodeSection(package, error=f"cannot generate the {label} client: {first}", failed=label)
            roots[label] = root
        try:
            changes = compare_packages(roots["OLD"], roots["NEW"], package)
        except PipelineError as exc:
            return CodeSection(package, error=str(exc))
    return CodeSection(package, changes)
