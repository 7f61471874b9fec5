"""Read schemas by meaning: follow `$ref`s cycle-safely, merge `allOf`, and unify the forms of nullability.

A schema is named by a *key*: the tuple of JSON pointers whose conjunction it is (one pointer for a plain
schema, several when `allOf` branches or `$ref` siblings are merged; the empty tuple is "anything"). OpenAPI
3.0 `nullable: true`, 3.1 `type: [x, "null"]`, `enum: [..., null]` and `anyOf/oneOf [x, {type: null}]` all
become ``nullable=True`` on the shape of ``x``. Shapes and fingerprints are memoized per key, so a component
used by a hundred operations is read once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from generator.documents import escape_pointer_token, split_pointer
from generator.drift.errors import UnusableInput
from generator.drift.load import Document

Key = tuple[str, ...]
ANY: Key = ()

_UPPER = ("maxLength", "maxItems", "maxProperties")
_LOWER = ("minLength", "minItems", "minProperties")
_NO_DEFAULT = "<none>"
# Keywords that annotate a reference without changing what it accepts (with x- extensions).
_ANNOTATIONS = frozenset(
    {"description", "title", "default", "nullable", "deprecated", "readOnly", "writeOnly", "example", "examples"}
    | {"externalDocs", "$comment", "discriminator", "xml"}
)
_MAX_WRAPPERS = 8
# JSON Schema 2020-12 keywords the generated client does not model, grouped as they work together; a server
# that validates requests with them may refuse what it accepted before. prefixItems is apart: see schemas.py.
_CONSTRAINTS = {
    "contains": ("contains", "minContains", "maxContains"),
    "if/then/else": ("if", "then", "else"),
    "dependentRequired": ("dependentRequired",),
    "dependentSchemas": ("dependentSchemas",),
    "unevaluatedProperties": ("unevaluatedProperties",),
    "unevaluatedItems": ("unevaluatedItems",),
    "prefixItems": ("prefixItems",),
    "propertyNames": ("propertyNames",),
    "patternProperties": ("patternProperties",),
}
_CONSTRAINT_KEYWORDS = frozenset(k for keywords in _CONSTRAINTS.values() for k in keywords)
_PROSE = frozenset({"description", "title", "example", "examples", "$comment"})


@dataclass(frozen=True)
class Bound:
    """A numeric limit and whether it is exclusive."""

    value: float
    exclusive: bool = False


@dataclass
class Shape:
    """What a schema means, once references, `allOf` and nullability forms are resolved."""

    key: Key
    pointer: str
    name: str | None = None
    types: frozenset[str] = frozenset()  # JSON types without "null"; empty means any type
    untyped: bool = False  # no part says a type, an enum or a const: JSON Schema lets any value through, null too
    nullable: bool = False
    format: str | None = None
    enum: frozenset[str] | None = None  # canonical JSON of each value
    const: str | None = None  # canonical JSON of the one value `const` allows (a `const: null` is nullability)
    properties: dict[str, Key] = field(default_factory=dict)
    property_pointers: dict[str, str] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    items: Key | None = None
    additional: Key | bool | None = None  # None: not said (allowed)
    variants: tuple[Key, ...] = ()
    variant_kind: str = "anyOf"
    default: str = _NO_DEFAULT
    limits: dict[str, float] = field(default_factory=dict)
    maximum: Bound | None = None
    minimum: Bound | None = None
    pattern: str | None = None
    multiple_of: float | None = None
    constraints: dict[str, str] = field(default_factory=dict)  # a _CONSTRAINTS group -> canonical JSON
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False

    @property
    def has_default(self) -> bool:
        """Return whether the schema declares a default."""
        return self.default != _NO_DEFAULT


def canonical(value: Any) -> str:
    """Return ``value`` as canonical JSON, so equal values compare equal whatever their key order."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def _is_null_only(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    if kind in ("null", ["null"]):
        return True
    return node.get("enum") == [None] or ("const" in node and node["const"] is None)


def _merge_types(current: frozenset[str] | None, new: frozenset[str]) -> frozenset[str]:
    if current is None:
        return new
    both = current & new
    if ("integer" in current and "number" in new) or ("number" in current and "integer" in new):
        both |= {"integer"}
    return both


def _tighter(a: Bound | None, b: Bound | None, upper: bool) -> Bound | None:
    if a is None or b is None:
        return a or b
    if a.value == b.value:
        return a if a.exclusive else b
    return (a if a.value < b.value else b) if upper else (a if a.value > b.value else b)


class Normalizer:
    """Read one document's schemas as shapes, with memoized references, shapes and fingerprints."""

    def __init__(self, document: Document, label: str = "") -> None:
        self.document = document
        self.label = label
        self._nodes: dict[str, Any] = {"": document.data}
        self._shapes: dict[Key, Shape] = {}
        self._prints: dict[tuple[Key, int], str] = {}
        self._targets: dict[Key, str | None] = {}

    def fail(self, reason: str) -> UnusableInput:
        """Return the error for an unusable place in this document."""
        return UnusableInput(self.label, self.document.source, reason)

    def node(self, ptr: str) -> Any:
        """Return the node at JSON pointer ``ptr`` (``#`` optional), or raise UnusableInput."""
        ptr = ptr.removeprefix("#")
        if ptr in self._nodes:
            return self._nodes[ptr]
        parent, _, last = ptr.rpartition("/")
        container = self.node(parent)
        token = split_pointer("/" + last)[0]
        if isinstance(container, dict) and token in container:
            found = container[token]
        elif isinstance(container, list) and token.isdigit() and int(token) < len(container):
            found = container[int(token)]
        else:
            raise self.fail(f"JSON pointer {ptr!r} does not resolve")
        self._nodes[ptr] = found
        return found

    def resolve(self, value: Any, ptr: str) -> tuple[Any, str]:
        """Follow ``$ref`` from ``value`` (found at ``ptr``); return the node it names and its pointer."""
        seen = {ptr}
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            ref: str = value["$ref"]
            if not ref.startswith("#"):
                raise self.fail(f"$ref {ref!r} at {ptr}: only references inside the document are supported")
            try:
                target = self.node(ref)
            except UnusableInput:
                raise self.fail(f"$ref {ref!r} at {ptr} does not resolve") from None
            ptr = ref.removeprefix("#")
            if ptr in seen:
                raise self.fail(f"$ref {ref!r} at {ptr} refers to itself")
            seen.add(ptr)
            value = target
        return value, ptr

    def key(self, ptr: str | None) -> Key:
        """Return the key of the schema at ``ptr`` (the any-schema for None)."""
        return ANY if ptr is None else (ptr,)

    # -- shapes ---------------------------------------------------------------------------------------

    def shape(self, key: Key) -> Shape:
        """Return the shape of the schema ``key`` names."""
        found = self._shapes.get(key)
        if found is None:
            found = self._build(key)
            self._shapes[key] = found
        return found

    def _expand(self, node: Any, ptr: str, out: list[tuple[dict[str, Any], str]], chain: frozenset[str]) -> bool:
        """Append the plain parts of ``node`` to ``out``; return whether a null union branch was folded in."""
        if not isinstance(node, dict):
            return False  # boolean schemas: `true` is any; `false` is not worth modelling for a client
        nullable = False
        ref = node.get("$ref")
        if isinstance(ref, str):
            target, target_ptr = self.resolve(node, ptr)
            if target_ptr in chain:
                raise self.fail(f"$ref {ref!r} at {ptr} is an allOf/$ref loop with no structure")
            nullable |= self._expand(target, target_ptr, out, chain | {target_ptr})
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            if siblings:
                nullable |= self._expand(siblings, ptr, out, chain)
            return nullable
        rest = node
        if isinstance(node.get("allOf"), list):
            rest = {k: v for k, v in rest.items() if k != "allOf"}
            for index, branch in enumerate(node["allOf"]):
                nullable |= self._expand(branch, f"{ptr}/allOf/{index}", out, chain)
        for kind in ("anyOf", "oneOf"):
            branches = node.get(kind)
            if not isinstance(branches, list):
                continue
            kept = [
                (index, branch)
                for index, branch in enumerate(branches)
                if not _is_null_only(self.resolve(branch, f"{ptr}/{kind}/{index}")[0])
            ]
            if len(kept) < len(branches):
                nullable = True
            if len(kept) == 1:
                rest = {k: v for k, v in rest.items() if k != kind}
                index, branch = kept[0]
                nullable |= self._expand(branch, f"{ptr}/{kind}/{index}", out, chain)
            else:
                rest = {**rest, kind: [index for index, _ in kept]}
        out.append((rest, ptr))
        return nullable

    def _build(self, key: Key) -> Shape:
        shape = Shape(key=key, pointer=key[0] if key else "", untyped=not key)
        if not key:
            return shape
        parts: list[tuple[dict[str, Any], str]] = []
        for ptr in key:
            shape.nullable |= self._expand(self.node(ptr), ptr, parts, frozenset({ptr}))
        acc = _Parts()
        for node, ptr in parts:
            if shape.name is None and ptr.startswith("/components/schemas/") and ptr.count("/") == 3:
                shape.name = split_pointer(ptr)[-1]
            _absorb_values(node, shape, acc)
            _absorb_structure(node, ptr, shape, acc)
            _absorb_annotations(node, shape)
            self._limits(node, shape)
        types = acc.types
        shape.untyped = types is None and acc.enum is None and acc.const is None
        if types is None:
            # No `type` said: infer what the keywords imply, so adding `type: object` is not a change.
            if acc.properties or acc.required or acc.additional or shape.additional is not None:
                types = frozenset({"object"})
            elif acc.items:
                types = frozenset({"array"})
            elif acc.enum:
                types = frozenset(_json_type(json.loads(v)) for v in acc.enum)
            elif acc.const is not None:
                types = frozenset({_json_type(json.loads(acc.const))})
        shape.types = types or frozenset()
        shape.enum = acc.enum
        shape.const = acc.const
        shape.properties = {name: tuple(ptrs) for name, ptrs in acc.properties.items()}
        shape.required = frozenset(acc.required)
        shape.items = tuple(acc.items) if acc.items else None
        if acc.additional and shape.additional is not False:
            shape.additional = tuple(acc.additional)
        return shape

    @staticmethod
    def _limits(node: dict[str, Any], shape: Shape) -> None:
        for name in (*_UPPER, *_LOWER):
            value = node.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                old = shape.limits.get(name)
                pick = min if name in _UPPER else max
                shape.limits[name] = float(value if old is None else pick(old, value))
        for bound, exclusive_key, upper in (
            ("maximum", "exclusiveMaximum", True),
            ("minimum", "exclusiveMinimum", False),
        ):
            value, exclusive = node.get(bound), node.get(exclusive_key)
            found: Bound | None = None
            if isinstance(value, int | float) and not isinstance(value, bool):
                found = Bound(float(value), exclusive is True)  # 3.0: a boolean beside the bound
            if isinstance(exclusive, int | float) and not isinstance(exclusive, bool):
                found = _tighter(found, Bound(float(exclusive), True), upper)  # 3.1: the bound itself
            current = shape.maximum if upper else shape.minimum
            merged = _tighter(current, found, upper)
            if upper:
                shape.maximum = merged
            else:
                shape.minimum = merged

    # -- references and fingerprints ------------------------------------------------------------------

    def target(self, key: Key) -> str | None:
        """Return the pointer of the schema ``key`` merely references (a `$ref`, maybe nullable or annotated).

        Such a reference is where the walk stops and names the referenced pair instead, so each component
        is compared once per operation and a recursive schema is a finite graph, not an endless tree.
        """
        if len(key) != 1:
            return None
        if key not in self._targets:
            self._targets[key] = self._target(self.node(key[0]), key[0], 0)
        return self._targets[key]

    def _target(self, node: Any, ptr: str, depth: int) -> str | None:
        if not isinstance(node, dict) or depth > _MAX_WRAPPERS:
            return None
        extra = {k for k in node if not str(k).startswith("x-")} - _ANNOTATIONS
        if isinstance(node.get("$ref"), str) and extra == {"$ref"}:
            return self.resolve(node, ptr)[1]
        for kind in ("allOf", "anyOf", "oneOf"):
            branches = node.get(kind)
            if not isinstance(branches, list) or extra != {kind}:
                continue
            kept = [
                (index, branch)
                for index, branch in enumerate(branches)
                if not _is_null_only(self.resolve(branch, f"{ptr}/{kind}/{index}")[0])
            ]
            if len(kept) == 1 and (kind != "allOf" or len(branches) == 1):
                index, branch = kept[0]
                return self._target(branch, f"{ptr}/{kind}/{index}", depth + 1)
        return None

    def fingerprint(self, key: Key, depth: int = 2) -> str:
        """Return a digest of what the schema means (names and documentation left out).

        References are followed ``depth`` levels deep: enough to recognise a renamed component or match a
        union variant, while a recursive schema still has a finite digest.
        """
        return self._fingerprint(key, depth, set())

    def _fingerprint(self, key: Key, depth: int, stack: set[Key]) -> str:
        found = self._prints.get((key, depth))
        if found is not None:
            return found
        if key in stack:
            return "cycle"
        shape = self.shape(key)
        flags: list[Any] = [shape.nullable, shape.default, shape.read_only, shape.write_only, shape.deprecated]
        target = self.target(key)
        if target is not None:
            inner = self._fingerprint((target,), depth - 1, stack) if depth > 0 else "ref"
            parts: list[Any] = ["ref", flags, inner]
        else:
            stack.add(key)
            parts = [
                flags,
                sorted(shape.types),
                shape.format,
                sorted(shape.enum) if shape.enum is not None else None,
                shape.const,
                sorted(shape.required),
                sorted(shape.limits.items()),
                shape.maximum and (shape.maximum.value, shape.maximum.exclusive),
                shape.minimum and (shape.minimum.value, shape.minimum.exclusive),
                shape.pattern,
                shape.multiple_of,
                sorted(shape.constraints.items()),
                [(name, self._fingerprint(shape.properties[name], depth, stack)) for name in sorted(shape.properties)],
                self._fingerprint(shape.items, depth, stack) if shape.items is not None else None,
                self._fingerprint(shape.additional, depth, stack)
                if isinstance(shape.additional, tuple)
                else shape.additional,
                shape.variant_kind if shape.variants else "",
                sorted(self._fingerprint(v, depth, stack) for v in shape.variants),
            ]
            stack.discard(key)
        result = hashlib.sha1(canonical(parts).encode(), usedforsecurity=False).hexdigest()
        self._prints[(key, depth)] = result
        return result


@dataclass
class _Parts:
    """What the parts of one schema add up to, while they are being merged."""

    types: frozenset[str] | None = None
    enum: frozenset[str] | None = None
    const: str | None = None
    properties: dict[str, list[str]] = field(default_factory=dict)
    items: list[str] = field(default_factory=list)
    additional: list[str] = field(default_factory=list)
    required: set[str] = field(default_factory=set)


def _absorb_values(node: dict[str, Any], shape: Shape, acc: _Parts) -> None:
    """Merge the part's type, nullability, enum and format into the shape."""
    kind = node.get("type")
    if isinstance(kind, str | list):
        listed = frozenset([kind] if isinstance(kind, str) else [str(k) for k in kind])
        shape.nullable |= "null" in listed
        if listed - {"null"}:
            acc.types = _merge_types(acc.types, listed - {"null"})
    shape.nullable |= node.get("nullable") is True
    values = node["enum"] if isinstance(node.get("enum"), list) else None
    if "const" in node and node["const"] is None:
        shape.nullable = True
    elif "const" in node:
        # Not a one-value enum: the generated client reads `const` as a strict Literal, not as an open enum.
        acc.const = canonical(node["const"])
    if values is not None:
        shape.nullable |= None in values
        listed = frozenset(canonical(v) for v in values if v is not None)
        acc.enum = listed if acc.enum is None else acc.enum & listed
    if isinstance(node.get("format"), str):
        shape.format = node["format"]


def _absorb_structure(node: dict[str, Any], ptr: str, shape: Shape, acc: _Parts) -> None:
    """Merge the part's properties, items, additional properties and union variants into the shape."""
    for name, sub in (node.get("properties") or {}).items():
        if isinstance(sub, dict | bool):
            child = f"{ptr}/properties/{escape_pointer_token(name)}"
            acc.properties.setdefault(name, []).append(child)
            shape.property_pointers.setdefault(name, child)
    if isinstance(node.get("required"), list):
        acc.required.update(str(r) for r in node["required"])
    if isinstance(node.get("items"), dict):
        acc.items.append(f"{ptr}/items")
    extra = node.get("additionalProperties")
    if extra is False:
        shape.additional = False
    elif isinstance(extra, dict) and shape.additional is not False:
        acc.additional.append(f"{ptr}/additionalProperties")
    elif extra is True and shape.additional is None:
        shape.additional = True
    for kind in ("anyOf", "oneOf"):
        if isinstance(node.get(kind), list) and not shape.variants:
            shape.variants = tuple((f"{ptr}/{kind}/{i}",) for i in node[kind])
            shape.variant_kind = kind


def _absorb_annotations(node: dict[str, Any], shape: Shape) -> None:
    """Merge the part's default, pattern, multipleOf, 2020-12 constraints and flags into the shape (later parts win)."""
    if "default" in node:
        shape.default = canonical(node["default"])
    if isinstance(node.get("pattern"), str):
        shape.pattern = node["pattern"]
    if isinstance(node.get("multipleOf"), int | float):
        shape.multiple_of = float(node["multipleOf"])
    for group, keywords in _CONSTRAINTS.items() if not _CONSTRAINT_KEYWORDS.isdisjoint(node) else ():
        said = {k: _without_prose(node[k]) for k in keywords if k in node}
        if said:
            before = shape.constraints.get(group)
            shape.constraints[group] = canonical(said if before is None else [json.loads(before), said])
    shape.read_only |= node.get("readOnly") is True
    shape.write_only |= node.get("writeOnly") is True
    shape.deprecated |= node.get("deprecated") is True


def _without_prose(value: Any) -> Any:
    """Return ``value`` without descriptions, titles, examples, comments and extensions, at every depth."""
    if isinstance(value, dict):
        return {k: _without_prose(v) for k, v in value.items() if k not in _PROSE and not str(k).startswith("x-")}
    if isinstance(value, list):
        return [_without_prose(v) for v in value]
    return value


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"
