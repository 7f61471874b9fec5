"""Make a JSON value for a schema of a vendor's document: the value every field of a generated model reads."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

SAMPLE_TIME = datetime.datetime(2026, 11, 7, 5, 31, 56, 123456, tzinfo=datetime.UTC)


def resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` (local pointers only) until a schema without one is reached."""
    while "$ref" in schema:
        node: Any = document
        for token in schema["$ref"].removeprefix("#/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        schema = node
    return schema


def _non_null_branch(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any] | None:
    """Return the first branch of an anyOf/oneOf that is not ``null``, or None when there is no union."""
    branches = schema.get("anyOf") or schema.get("oneOf")
    if not branches:
        return None
    for branch in branches:
        if resolve(branch, document).get("type") != "null":
            return resolve(branch, document)
    return None


def sample(schema: dict[str, Any], document: dict[str, Any], name: str = "value") -> Any:
    """Return a non-null value valid for ``schema``, with every property of an object filled in."""
    schema = resolve(schema, document)
    branch = _non_null_branch(schema, document)
    if branch is not None:
        return sample(branch, document, name)
    if "enum" in schema:
        return next(v for v in schema["enum"] if v is not None)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    fmt = schema.get("format")
    if kind == "string":
        if fmt == "uuid":
            return str(uuid.uuid5(uuid.NAMESPACE_URL, name))
        if fmt == "date-time":
            return SAMPLE_TIME.isoformat().replace("+00:00", "Z")
        if fmt == "date":
            return SAMPLE_TIME.date().isoformat()
        if "pattern" in schema and "\\d" in schema["pattern"]:
            return "1.5"
        return f"sample {name}"
    if kind == "integer":
        return 3
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "array":
        return [sample(schema.get("items", {}), document, name)]
    if kind == "object" or "properties" in schema:
        return {key: sample(value, document, key) for key, value in schema.get("properties", {}).items()} or {
            "key": "value"
        }
    return {"answer": name}  # any JSON value: an object, the costliest kind to carry


def populate(name: str, document: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    """Return schema ``name`` with every property set: ``known``'s non-null values first, the rest sampled."""
    schema = resolve(document["components"]["schemas"][name], document)
    return {
        key: known[key] if known.get(key) is not None else sample(value, document, key)
        for key, value in schema.get("properties", {}).items()
    }
