"""The vendors' documents as the tests need them: every model, enum and response schema, as JSON Schema.

The documents come from the same pipeline that generates the packages (``generator.pipeline.prepare``: validate,
overlay, normalize), and openapi-python-client's own parser says which generated class each schema became, so
nothing here lists a vendor, a model or an operation by hand: a new one is tested as soon as it is generated.
"""

from __future__ import annotations

import copy
import enum
import functools
import importlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
from hypothesis import find
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from generator.manifest import project_version
from generator.names import lock as names_lock
from generator.names.resolve import parse_locked
from generator.pipeline import prepare
from generator.registry import VENDORS, VendorEntry

NEXT_RELEASE_VALUE = "zz-added-in-a-later-release"
"""The value every string enum of a "next release" document gains."""

# JSON Schema formats the documents use that hypothesis-jsonschema does not generate on its own.
CUSTOM_FORMATS = {"uuid": st.uuids().map(str)}


@dataclass(frozen=True)
class Document:
    """One vendor's prepared document and its generated package."""

    vendor: VendorEntry
    doc: dict[str, Any]

    @property
    def package(self) -> ModuleType:
        """Return the generated package."""
        return importlib.import_module(self.vendor.package)

    def resolve(self, node: Any, depth: int = 0) -> Any:
        """Return ``node`` as plain JSON Schema: $refs inlined, OpenAPI 3.0 ``nullable`` as a null type."""
        if depth > 50:
            raise RecursionError("a recursive schema: these tests inline $refs")
        if isinstance(node, list):
            return [self.resolve(item, depth + 1) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            target = self.resolve(self.doc["components"]["schemas"][name], depth + 1)
            siblings = {k: self.resolve(v, depth + 1) for k, v in node.items() if k not in ("$ref", "default")}
            return {**target, **siblings} if siblings else target
        out = {k: self.resolve(v, depth + 1) for k, v in node.items() if k not in ("nullable", "example", "xml")}
        if node.get("nullable") is True:
            kind = out.get("type")
            if isinstance(kind, str):
                out["type"] = [kind, "null"]
            elif isinstance(kind, list) and "null" not in kind:
                out["type"] = [*kind, "null"]
            elif kind is None:
                out = {"anyOf": [out, {"type": "null"}]}
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        return out

    @functools.cached_property
    def _parsed(self) -> Any:
        from openapi_python_client.config import Config, ConfigFile, MetaType
        from openapi_python_client.parser import GeneratorData

        config = Config.from_sources(
            ConfigFile(**self.vendor.generator_config()),
            MetaType.NONE,
            document_source=Path(self.vendor.spec),
            file_encoding="utf-8",
            overwrite=False,
            output_path=Path("unused"),
        )
        # Parse as the pipeline does, under the vendor's name lock, so each schema maps to its published class.
        lock = names_lock.read(self.vendor.names, self.vendor.package)
        data, _ = parse_locked(
            copy.deepcopy(self.doc), config, lock, version=project_version(), where=str(self.vendor.spec)
        )
        assert isinstance(data, GeneratorData), data
        return data

    def models(self) -> Iterator[tuple[type[Any], dict[str, Any]]]:
        """Yield every generated model class with the JSON Schema it was generated from."""
        models = importlib.import_module(f"{self.vendor.package}.models")
        for model in self._parsed.models:
            cls = getattr(models, model.class_info.name)
            schema = model.data.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
            yield cls, self.resolve(schema)

    def enums(self) -> Iterator[type[enum.Enum]]:
        """Yield every enum class of the generated models package."""
        models = importlib.import_module(f"{self.vendor.package}.models")
        for name in models.__all__:
            value = getattr(models, name)
            if isinstance(value, type) and issubclass(value, enum.Enum):
                yield value

    def responses(self) -> Iterator[tuple[ModuleType, int, dict[str, Any]]]:
        """Yield every documented JSON response: the generated endpoint module, the status and the schema."""
        for tag, collection in self._parsed.endpoint_collections_by_tag.items():
            for endpoint in collection.endpoints:
                module = importlib.import_module(f"{self.vendor.package}.api.{tag}.{endpoint.name}")
                operation = self.doc["paths"][endpoint.path][endpoint.method]
                for status, response in sorted(operation.get("responses", {}).items()):
                    schema = (response.get("content") or {}).get("application/json", {}).get("schema")
                    if schema is not None and str(status).isdigit():
                        yield module, int(status), self.resolve(schema)


@functools.cache
def documents() -> tuple[Document, ...]:
    """Return every registered vendor's document, prepared as the pipeline prepares it."""
    return tuple(Document(vendor, prepare(vendor.spec, vendor.overlays)) for vendor in VENDORS)


def strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Return a hypothesis strategy for (small) JSON values ``schema`` allows."""
    return from_schema(bounded(schema), custom_formats=CUSTOM_FORMATS)


def bounded(schema: Any) -> Any:
    """Return ``schema`` with small size limits where it sets none: the shapes stay, the test stays fast."""
    if isinstance(schema, list):
        return [bounded(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: bounded(v) for k, v in schema.items()}
    kinds = out.get("type") if isinstance(out.get("type"), list) else [out.get("type")]
    if "array" in kinds:
        out.setdefault("maxItems", 3)
    if "object" in kinds and out.get("additionalProperties") is not False:
        out.setdefault("maxProperties", len(out.get("properties", {})) + 2)
    if "string" in kinds and not {"pattern", "format", "enum"} & set(out):
        out.setdefault("maxLength", 24)
    return out


def next_release(schema: Any) -> Any:
    """Return ``schema`` as a vendor's next release might publish it: every enum gains a value, objects open up."""
    if isinstance(schema, list):
        return [next_release(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: next_release(v) for k, v in schema.items()}
    if "enum" in out:
        values = out["enum"]
        if any(isinstance(v, str) for v in values):
            out["enum"] = [*values, NEXT_RELEASE_VALUE]
        elif any(isinstance(v, int) and not isinstance(v, bool) for v in values):
            out["enum"] = [*values, max(v for v in values if isinstance(v, int)) + 1000]
    if out.get("additionalProperties") is False:
        del out["additionalProperties"]
    return out


def unknown_everywhere(schema: Any) -> Any:
    """Return ``schema`` narrowed to bodies whose every enum position holds a value no document lists.

    Every enum allows only a new value, every property is required, every array has an item, and a union
    with an enum keeps only its enum branches: the smallest body such a schema allows uses them all.
    """
    if isinstance(schema, list):
        return [unknown_everywhere(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: unknown_everywhere(v) for k, v in schema.items()}
    if "enum" in out:
        ints = [v for v in out["enum"] if isinstance(v, int) and not isinstance(v, bool)]
        out["enum"] = [max(ints) + 1000] if ints else [NEXT_RELEASE_VALUE]
        out.pop("default", None)
    if "properties" in out:
        out["required"] = sorted(out["properties"])
    if out.get("type") == "array" or (isinstance(out.get("type"), list) and "array" in out["type"]):
        out["minItems"] = max(1, out.get("minItems", 0))
    for key in ("anyOf", "oneOf"):
        with_enum = [branch for branch in out.get(key, []) if '"enum"' in json.dumps(branch)]
        if with_enum:
            out[key] = with_enum
    return out


_FORMAT_EXAMPLES = {
    "date-time": "2024-02-29T23:59:59.5+05:30",
    "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "date": "2024-02-29",
}


def example(schema: Any) -> Any:
    """Return one value ``schema`` allows, built deterministically: every property, one item per array."""
    if not isinstance(schema, dict) or not schema:
        return "anything"
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return example(schema[key][0])
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(example(part))
        return merged
    kinds = schema.get("type", "object")
    kind = next((k for k in kinds if k != "null"), "null") if isinstance(kinds, list) else kinds
    if kind == "object":
        return {name: example(sub) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [example(schema.get("items", {}))]
    if kind == "string":
        if "pattern" in schema:
            return find(st.from_regex(schema["pattern"], fullmatch=True), lambda _s: True)
        return _FORMAT_EXAMPLES.get(schema.get("format", ""), "text")
    value = {"integer": 0, "number": 0.5, "boolean": False, "null": None}[kind]
    if kind in ("integer", "number") and value < schema.get("minimum", value):  # a port counts from 1
        return schema["minimum"]
    return value


def dump(value: Any) -> Any:
    """Return what a parsed response is as JSON: models through their to_dict, lists item by item."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [dump(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def walk(value: Any) -> Iterator[Any]:
    """Yield ``value`` and everything inside it: attributes of models, items of lists and dicts."""
    yield value
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from walk(getattr(value, field.name))
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
