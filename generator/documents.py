"""Read OpenAPI documents (YAML or JSON) and point at places in them by JSON pointer and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from generator.errors import PipelineError, Problem, display_path

# The C loader is many times faster on large documents; fall back where PyYAML was built without libyaml.
_Loader: type[yaml.SafeLoader | yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    """Build a JSON pointer from reference tokens."""
    return "".join("/" + escape_pointer_token(t) for t in tokens)


def split_pointer(ptr: str) -> list[str]:
    """Split a JSON pointer into unescaped reference tokens."""
    if not ptr:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in ptr.lstrip("#").split("/")[1:]]


def parse(text: str, source: Path | str) -> dict[str, Any]:
    """Parse YAML or JSON text into a mapping, raising a one-line PipelineError on bad syntax."""
    name = display_path(source)
    stripped = text.lstrip()
    try:
        data = json.loads(text) if stripped.startswith("{") else yaml.load(text, Loader=_Loader)
    except json.JSONDecodeError as exc:
        raise PipelineError(Problem(name, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        reason = f"invalid YAML: {exc.problem or exc}"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise PipelineError(Problem(name, reason, line=line, column=column)) from None
    except yaml.YAMLError as exc:
        raise PipelineError(Problem(name, f"invalid YAML: {exc}")) from None
    if not isinstance(data, dict):
        raise PipelineError(Problem(name, f"expected a mapping at the top level, found {type(data).__name__}"))
    return data


def load(path: Path) -> tuple[dict[str, Any], str]:
    """Read and parse the document at ``path``; return the mapping and its text."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PipelineError(Problem(display_path(path), "no such file")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(Problem(display_path(path), f"cannot read: {exc}")) from None
    return parse(text, path), text


def locate(text: str, ptr: str) -> tuple[int, int] | None:
    """Return the 1-based line and column of the node at JSON pointer ``ptr`` in ``text``, if found."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    best = node
    for token in split_pointer(ptr):
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == token), None)
        elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
        else:
            node = None
        if node is None:
            break
        best = node
    if best is None:
        return None
    return best.start_mark.line + 1, best.start_mark.column + 1


def problem_at(path: Path | str, text: str, ptr: str, reason: str) -> Problem:
    """Build a Problem for the node at ``ptr`` in the document read from ``path``."""
    where = locate(text, ptr)
    line, column = where if where else (None, None)
    return Problem(display_path(path), reason, pointer=ptr or "/", line=line, column=column)
