"""Compare the named component schemas: each becomes a model class of the generated client."""

from __future__ import annotations

from generator.documents import escape_pointer_token
from generator.drift.model import Change
from generator.drift.normalize import Normalizer
from generator.drift.rules import change


def _names(norm: Normalizer) -> list[str]:
    schemas = (norm.document.data.get("components") or {}).get("schemas") or {}
    return [str(name) for name in schemas] if isinstance(schemas, dict) else []


def compare_components(old: Normalizer, new: Normalizer) -> list[Change]:
    """Return the component schemas removed, added, or renamed with the same shape."""
    before, after = _names(old), _names(new)
    removed = [n for n in before if n not in set(after)]
    added = [n for n in after if n not in set(before)]

    def key(name: str) -> tuple[str, ...]:
        return (f"/components/schemas/{escape_pointer_token(name)}",)

    by_print: dict[str, list[str]] = {}
    for name in added:
        by_print.setdefault(new.fingerprint(key(name)), []).append(name)
    out = []
    for name in removed:
        twins = by_print.get(old.fingerprint(key(name)))
        if twins:
            twin = twins.pop(0)
            added.remove(twin)
            text = f"schema {name!r} was renamed to {twin!r} (same shape): its model class keeps its locked name"
            out.append(change("component-schema-renamed", f"components.schemas.{twin}", key(twin)[0], text))
        else:
            text = f"schema {name!r} was removed: its model class disappears"
            out.append(change("component-schema-removed", f"components.schemas.{name}", key(name)[0], text))
    for name in added:
        text = f"schema {name!r} was added"
        out.append(change("component-schema-added", f"components.schemas.{name}", key(name)[0], text))
    return out
