"""Compare two OpenAPI documents: every change that can matter to a client, worst first."""

from __future__ import annotations

from generator.drift.components import compare_components
from generator.drift.load import Document
from generator.drift.model import Change
from generator.drift.normalize import Normalizer
from generator.drift.operations import OperationDiff
from generator.drift.schemas import SchemaDiff
from generator.drift.security import SecurityDiff
from generator.drift.servers import compare_servers


def compare(old: Document, new: Document) -> tuple[Change, ...]:
    """Return what changed from ``old`` to ``new``, worst first, each change once."""
    old_norm, new_norm = Normalizer(old, "OLD"), Normalizer(new, "NEW")
    schemas = SchemaDiff(old_norm, new_norm)
    found = [
        *OperationDiff(old_norm, new_norm, schemas).run(),
        *SecurityDiff(old_norm, new_norm).run(),
        *compare_servers(old_norm, new_norm),
        *compare_components(old_norm, new_norm),
    ]
    return tuple(sorted(dict.fromkeys(found), key=Change.sort_key))
