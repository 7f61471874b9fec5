"""Survey what openapi-python-client parsed: every class with the places it is used, and every endpoint.

A place is written from the operation down, never through a schema's key: ``POST /sessions body.outputSchema``
is the same place whether the vendor's ``outputSchema`` is an object or an object-or-null, and whatever its
component is called. Union members add nothing to the place (the second class in one union adds ``|2``), list
items add ``[]``, additional properties ``{}``. Classes no operation reaches are placed as ``component NAME``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class FoundClass:
    """One class the generator will write, as parsed."""

    name: str  # the name it gets in this parse (after any override)
    module: str
    kind: str
    used_at: set[str] = field(default_factory=set)
    shape: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FoundEndpoint:
    """One endpoint function as parsed."""

    key: str  # METHOD /path
    function: str
    group: str


def _text(value: Any) -> str:
    """Return the text of a plain or an openapi-python-client UntrustedString (whose str() is its repr)."""
    unwrap = getattr(value, "get_untrusted_value", None)
    return str(unwrap() if callable(unwrap) else value)


def _class_info(prop: Any) -> Any:
    return getattr(prop, "class_info", None)


def _kind(prop: Any) -> str:
    return "model" if hasattr(prop, "required_properties") else "enum"


def _children(prop: Any) -> Iterator[tuple[str, Any]]:
    """Yield (suffix, child) for the properties nested in ``prop``."""
    if hasattr(prop, "required_properties"):
        for child in [*(prop.required_properties or []), *(prop.optional_properties or [])]:
            yield f".{_text(child.name)}", child
        extra = getattr(prop, "additional_properties", None)
        if extra is not None and not isinstance(extra, bool):
            yield "{}", extra
    elif hasattr(prop, "inner_properties"):
        seen = 0
        for child in prop.inner_properties:
            if _class_info(child) is not None:
                seen += 1
                yield ("" if seen == 1 else f"|{seen}"), child
            else:
                yield "", child
    elif getattr(prop, "inner_property", None) is not None:
        yield "[]", prop.inner_property


def _shape(prop: Any) -> str:
    """Fingerprint what a class holds (wire names, requiredness, kinds, enum values), never its names."""
    if hasattr(prop, "required_properties"):
        parts = sorted(
            f"{_text(c.name)}:{int(c.required)}:{type(c).__name__}"
            for c in [*(prop.required_properties or []), *(prop.optional_properties or [])]
        )
    else:
        parts = sorted(repr(v) for v in (getattr(prop, "values", None) or {}).values())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def _describe(prop: Any) -> FoundClass:
    info = _class_info(prop)
    found = FoundClass(name=str(info.name), module=str(info.module_name), kind=_kind(prop), shape=_shape(prop))
    if found.kind == "model":
        for child in [*(prop.required_properties or []), *(prop.optional_properties or [])]:
            found.fields[_text(child.name)] = str(child.python_name)
    else:
        values = getattr(prop, "values", None)
        if isinstance(values, dict):
            found.members = {str(v): str(k) for k, v in values.items()}
    return found


class _Walker:
    def __init__(self, canonical: dict[str, Any]) -> None:
        self.classes: dict[str, FoundClass] = {}
        # A reference can hold a copy of a model taken before its properties were parsed: use the parsed one.
        self.canonical = canonical

    def walk(self, prop: Any, place: str, stack: tuple[str, ...] = ()) -> None:
        info = _class_info(prop)
        if info is not None:
            name = str(info.name)
            prop = self.canonical.get(name, prop)
            found = self.classes.get(name)
            if found is None:
                found = self.classes[name] = _describe(prop)
            found.used_at.add(place)
            if name in stack:  # a model that contains itself: its places are already recorded once
                return
            stack = (*stack, name)
        for suffix, child in _children(prop):
            self.walk(child, place + suffix, stack)


def survey(data: Any) -> tuple[list[FoundClass], list[FoundEndpoint]]:
    """Return every class and endpoint in openapi-python-client's parse ``data``, sorted by name."""
    walker = _Walker({str(p.class_info.name): p for p in [*data.models, *data.enums]})
    endpoints: list[FoundEndpoint] = []
    for group, collection in sorted(data.endpoint_collections_by_tag.items()):
        for endpoint in collection.endpoints:
            key = f"{endpoint.method.upper()} {_text(endpoint.path)}"
            endpoints.append(FoundEndpoint(key, _text(endpoint.name), _text(group)))
            for body in endpoint.bodies:
                suffix = "" if body.body_type.value == "json" else f":{_text(body.content_type)}"
                walker.walk(body.prop, f"{key} body{suffix}")
            for response in endpoint.responses:
                walker.walk(response.prop, f"{key} {response.status_code.pattern}")
            for where in ("path", "query", "header", "cookie"):
                for param in getattr(endpoint, f"{where}_parameters"):
                    walker.walk(param, f"{key} {where}:{_text(param.name)}")
    for prop in sorted([*data.models, *data.enums], key=lambda p: str(p.class_info.name)):
        name = str(prop.class_info.name)
        if name not in walker.classes:
            walker.walk(prop, f"component {name}")
    return sorted(walker.classes.values(), key=lambda c: c.name), sorted(endpoints, key=lambda e: e.key)
