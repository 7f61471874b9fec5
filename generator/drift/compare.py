"""Compare two OpenAPI documents: every change that can matter to a client, once, worst first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from generator.drift.components import compare_components
from generator.drift.load import Document
from generator.drift.meaning import meaning
from generator.drift.model import Change, Use
from generator.drift.normalize import Normalizer
from generator.drift.operations import OperationDiff
from generator.drift.schemas import SchemaDiff
from generator.drift.security import SecurityDiff
from generator.drift.servers import compare_servers


def compare(old: Document, new: Document) -> tuple[Change, ...]:
    """Return what changed from ``old`` to ``new``, worst first: each change once, with every operation it affects."""
    old_norm, new_norm = Normalizer(old, "OLD"), Normalizer(new, "NEW")
    schemas = SchemaDiff(old_norm, new_norm)
    found = [
        *OperationDiff(old_norm, new_norm, schemas).run(),
        *SecurityDiff(old_norm, new_norm).run(),
        *compare_servers(old_norm, new_norm),
        *compare_components(old_norm, new_norm),
    ]
    return tuple(sorted(once(found), key=Change.sort_key))


def _reach(use: Use) -> tuple[int, str, str]:
    """Order uses by how directly they reach the change (a body's own property before one in a list's items)."""
    return (use.path.count(".") + use.path.count("[]"), use.operation, use.path)


def once(found: Iterable[Change]) -> list[Change]:
    """Merge what one edit changes in several operations (same rule, pointer and detail) into one change.

    The merged change is worded for the operation that reaches it most directly and says what it means.
    """
    groups: dict[tuple[str, str, str], list[Change]] = {}
    for change in found:
        groups.setdefault((change.rule, change.pointer, change.detail), []).append(change)
    merged = []
    for group in groups.values():
        uses = sorted({use for change in group for use in change.uses}, key=_reach)
        first = next(change for change in group if uses[0] in change.uses)
        one = replace(first, uses=tuple(uses))
        merged.append(replace(one, meaning=meaning(one)))
    return merged
