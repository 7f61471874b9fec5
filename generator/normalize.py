"""Rewrite a document, deterministically, into the shapes openapi-python-client generates every operation from.

Real vendor documents (FastAPI output above all) trip the generator in ways that drop operations or models:
component names that are Python module paths (``app__schemas__task__TaskView``, ``app.v2.Widget``), two
components with the same ``title`` (the generator names classes by title), and property-level titles that
collide once turned into class names. Meaning is never changed: only names and documentation titles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from generator.documents import escape_pointer_token, split_pointer
from generator.errors import PipelineError

_SCHEMA_REF = "#/components/schemas/"
_SEGMENT_SPLIT = re.compile(r"__|\.|:|/")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_ONE = ("items", "additionalProperties", "not", "contains", "if", "then", "else", "propertyNames")


def _pascal(segment: str) -> str:
    words = re.split(r"[^0-9A-Za-z]+", segment)
    name = "".join(w[:1].upper() + w[1:] for w in words if w)
    return name if name and not name[0].isdigit() else f"Schema{name}"


def _candidates(key: str) -> Iterator[str]:
    """Yield ever longer names for a component: its last module-path segment first."""
    segments = [s for s in _SEGMENT_SPLIT.split(key) if s]
    for n in range(1, len(segments) + 1):
        yield "".join(_pascal(s) for s in segments[-n:])


def _free(name: str, taken: set[str], start: int = 2) -> str:
    """Return ``name`` followed by the first number from ``start`` that no schema has or will have."""
    number = start
    while f"{name}{number}" in taken:
        number += 1
    return f"{name}{number}"


def clean_names(keys: list[str]) -> dict[str, str]:
    """Map component keys to short, unique class-friendly names (stable for a given set of keys).

    A key that is already a clean name keeps it; keys that clean to the same name (``Foo`` and ``Foo_``) get
    numbers that no other key uses (``Foo_`` becomes ``Foo3`` when ``Foo2`` exists).
    """
    chosen: dict[str, str] = {}
    # Names present as keys are reserved for their owners, so no numbered name can take them.
    taken = {key for key in keys if next(_candidates(key), None) == key}
    pending = sorted(keys)
    depth = 1
    while pending:
        proposals: dict[str, list[str]] = {}
        for key in pending:
            options = list(_candidates(key)) or [_pascal(key)]
            proposals.setdefault(options[min(depth, len(options)) - 1], []).append(key)
        pending = []
        for name, owners in sorted(proposals.items()):
            exhausted = all(depth >= max(1, len(list(_candidates(k)))) for k in owners)
            if len(owners) > 1 and not exhausted:
                pending.extend(owners)
                continue
            ordered = sorted(owners, key=lambda k: (k != name, k))  # the key that is the name keeps it
            for i, key in enumerate(ordered):
                free = name not in taken or (key == name and name not in chosen.values())
                chosen[key] = name if i == 0 and free else _free(name, taken)
                taken.add(chosen[key])
        depth += 1
    return check_unique(chosen)


def check_unique(renames: dict[str, str]) -> dict[str, str]:
    """Return ``renames``, or raise PipelineError naming two schemas that would get one class name."""
    owner: dict[str, str] = {}
    for key in sorted(renames):
        name = renames[key]
        if name in owner:
            raise PipelineError(
                f"components/schemas {owner[name]!r} and {key!r} would both become class {name!r}: rename one"
            )
        owner[name] = key
    return renames


def _walk_schema(schema: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    if not isinstance(schema, dict):
        return
    visit(schema)
    for keyword in _SCHEMA_MAPS:
        children = schema.get(keyword)
        if isinstance(children, dict):
            for child in children.values():
                _walk_schema(child, visit)
    for keyword in _SCHEMA_LISTS:
        children = schema.get(keyword)
        if isinstance(children, list):
            for child in children:
                _walk_schema(child, visit)
    for keyword in _SCHEMA_ONE:
        _walk_schema(schema.get(keyword), visit)


def _schemas_in_operations(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield every schema that sits directly in a parameter, request body or response."""
    for item in (doc.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        operations = [op for op in item.values() if isinstance(op, dict)]
        for op in [item, *operations]:
            for param in op.get("parameters") or []:
                if isinstance(param, dict) and isinstance(param.get("schema"), dict):
                    yield param["schema"]
            bodies = [op.get("requestBody"), *list((op.get("responses") or {}).values())]
            for body in bodies:
                if isinstance(body, dict):
                    for media in (body.get("content") or {}).values():
                        if isinstance(media, dict) and isinstance(media.get("schema"), dict):
                            yield media["schema"]


def _rewrite_refs(node: Any, renames: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
            tokens = split_pointer(ref[1:])
            if len(tokens) >= 3 and tokens[2] in renames:
                tokens[2] = renames[tokens[2]]
                node["$ref"] = "#" + "".join("/" + escape_pointer_token(t) for t in tokens)
        for value in node.values():
            _rewrite_refs(value, renames)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, renames)


def normalize(doc: dict[str, Any]) -> dict[str, Any]:
    """Normalize ``doc`` in place (see the module docstring) and return it."""
    schemas = (doc.get("components") or {}).get("schemas")
    if isinstance(schemas, dict) and schemas:
        renames = clean_names(list(schemas))
        changed = {old: new for old, new in renames.items() if old != new}
        if changed:
            _rewrite_refs(doc, changed)
            doc["components"]["schemas"] = {renames[k]: v for k, v in schemas.items()}
        schemas = doc["components"]["schemas"]

    def drop_title(schema: dict[str, Any]) -> None:
        schema.pop("title", None)

    for name, schema in (schemas or {}).items():
        _walk_schema(schema, drop_title)
        if isinstance(schema, dict):
            schema["title"] = name  # the generator names a component's class by its title
    for schema in _schemas_in_operations(doc):
        _walk_schema(schema, drop_title)
    return doc
