"""Typed structured output: a pydantic model, dataclass or TypedDict as run()'s JSON Schema and as its reader.

pydantic does both jobs (``model_json_schema`` / ``TypeAdapter``): it is the optional extra
``browser-clients[pydantic]``, imported only when an ``output_type`` is used. All three kinds need it: a
dataclass or TypedDict without pydantic is a ConfigurationError naming the extra, not a second, weaker schema
builder and validator of our own. On Python 3.11 pydantic reads only ``typing_extensions.TypedDict``.
"""

from __future__ import annotations

import dataclasses
import importlib
from types import ModuleType
from typing import Any, TypeVar

from browser_clients._errors import ConfigurationError, InvalidArgumentError, OutputValidationError, bounded

T = TypeVar("T")

EXTRA = "browser-clients[pydantic]"
"""The optional extra that output_type needs."""


def _pydantic() -> ModuleType:
    try:
        return importlib.import_module("pydantic")
    except ImportError:
        raise ConfigurationError(f"output_type needs pydantic: install the extra with pip install '{EXTRA}'") from None


def _typeddict(kind: type[Any]) -> bool:
    # typing's and typing_extensions' TypedDicts both (typing.is_typeddict knows only its own on 3.11).
    return issubclass(kind, dict) and hasattr(kind, "__required_keys__")


def check_output_type(output_type: object) -> type[Any]:
    """Return ``output_type`` if it is a pydantic model, dataclass or TypedDict class; else InvalidArgumentError."""
    if isinstance(output_type, type) and (
        hasattr(output_type, "model_json_schema") or dataclasses.is_dataclass(output_type) or _typeddict(output_type)
    ):
        return output_type
    raise InvalidArgumentError(
        f"output_type must be a pydantic model, a dataclass or a TypedDict class, got {output_type!r}"
    )


def json_schema(output_type: type[Any]) -> dict[str, Any]:
    """Return the JSON Schema of ``output_type`` (what run() sends as the vendor's output schema)."""
    kind = check_output_type(output_type)
    pydantic = _pydantic()
    try:
        schema: dict[str, Any] = pydantic.TypeAdapter(kind).json_schema()
    except pydantic.PydanticUserError as exc:  # e.g. typing.TypedDict on Python 3.11: it asks for typing_extensions'
        raise InvalidArgumentError(f"output_type {kind.__name__} has no JSON Schema: {exc}") from None
    return schema


def validate(output_type: type[T], output: Any, vendor: str) -> T:
    """Return ``output`` (JSON text or decoded) read into ``output_type``; OutputValidationError names the field."""
    pydantic = _pydantic()
    adapter = pydantic.TypeAdapter(check_output_type(output_type))
    try:
        if isinstance(output, str | bytes):
            value: T = adapter.validate_json(output)
        else:
            value = adapter.validate_python(output)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first.get("loc", ())) or "(the whole output)"
        raise OutputValidationError(
            bounded(f"the output does not fit {output_type.__name__}: {field}: {first.get('msg')}"),
            vendor=vendor,
            field=field,
            output=output,
        ) from None
    return value


__all__ = ["EXTRA", "check_output_type", "json_schema", "validate"]
