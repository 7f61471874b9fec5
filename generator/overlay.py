"""Apply OpenAPI Overlay 1.0 documents: each action's JSONPath target must match, or the run fails.

Supported JSONPath: ``$``, ``.name``, ``['name']`` / ``["name"]``, ``[index]``, ``['a','b']``, ``.*`` / ``[*]``: enough
to address any node of an OpenAPI document (paths with slashes and braces go in brackets).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from generator.documents import load
from generator.errors import PipelineError, Problem, display_path

_TOKEN = re.compile(
    r"""\.(?P<dot>[A-Za-z_$][\w$-]*)      # .name
      | \.\*|\[\*\]                         # wildcard
      | \[(?P<q>['"])(?P<quoted>(?:\\.|(?!(?P=q)).)*)(?P=q)\]   # ['name'] or ["name"]
      | \[(?P<index>-?\d+)\]                # [0]
      | \[(?P<union>'[^']*'(?:\s*,\s*'[^']*')+)\]   # ['a','b']: a union of names
    """,
    re.VERBOSE,
)
_WILDCARD = object()


def parse_path(expr: str) -> list[object]:
    """Split a JSONPath expression into keys, indexes and wildcards; raise ValueError when unsupported."""
    if not expr.startswith("$"):
        raise ValueError("a JSONPath target must start with '$'")
    steps: list[object] = []
    pos = 1
    while pos < len(expr):
        match = _TOKEN.match(expr, pos)
        if not match:
            raise ValueError(f"unsupported JSONPath syntax at {expr[pos:]!r}")
        if match.group("dot") is not None:
            steps.append(match.group("dot"))
        elif match.group("quoted") is not None:
            steps.append(re.sub(r"\\(.)", r"\1", match.group("quoted")))
        elif match.group("index") is not None:
            steps.append(int(match.group("index")))
        elif match.group("union") is not None:
            steps.append(tuple(re.findall(r"'([^']*)'", match.group("union"))))
        else:
            steps.append(_WILDCARD)
        pos = match.end()
    return steps


def select(doc: Any, steps: list[object]) -> list[tuple[Any, object]]:
    """Return (parent, key) pairs for every node ``steps`` selects; the root has parent None."""
    current: list[tuple[Any, object]] = [(None, doc)]
    for step in steps:
        nxt: list[tuple[Any, object]] = []
        for parent, key in current:
            node = key if parent is None else parent[key]
            if step is _WILDCARD:
                if isinstance(node, dict):
                    nxt.extend((node, k) for k in node)
                elif isinstance(node, list):
                    nxt.extend((node, i) for i in range(len(node)))
            elif isinstance(step, tuple) and isinstance(node, dict):
                nxt.extend((node, k) for k in step if k in node)
            elif isinstance(step, int) and isinstance(node, list) and -len(node) <= step < len(node):
                nxt.append((node, step % len(node)))
            elif isinstance(step, str) and isinstance(node, dict) and step in node:
                nxt.append((node, step))
        current = nxt
    return current


def _merge(target: Any, update: Any) -> Any:
    if isinstance(target, dict) and isinstance(update, dict):
        for key, value in update.items():
            target[key] = _merge(target[key], value) if key in target else copy.deepcopy(value)
        return target
    if isinstance(target, list):
        target.append(copy.deepcopy(update))
        return target
    return copy.deepcopy(update)


def apply(doc: dict[str, Any], overlay: dict[str, Any], source: Path | str) -> dict[str, Any]:
    """Apply one overlay document to ``doc`` (in place) and return it."""
    name = display_path(source)
    if not str(overlay.get("overlay", "")).startswith("1."):
        raise PipelineError(Problem(name, "not an Overlay 1.x document: the 'overlay' version field is missing"))
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise PipelineError(Problem(name, "an overlay needs a non-empty 'actions' list", pointer="/actions"))
    for i, action in enumerate(actions):
        where = f"/actions/{i}"
        target = action.get("target") if isinstance(action, dict) else None
        if not isinstance(target, str):
            raise PipelineError(Problem(name, "the action has no 'target' JSONPath", pointer=where))
        try:
            steps = parse_path(target)
        except ValueError as exc:
            raise PipelineError(Problem(name, f"target {target!r}: {exc}", pointer=where)) from None
        matches = select(doc, steps)
        if not matches:
            raise PipelineError(Problem(name, f"target {target!r} matches nothing in the document", pointer=where))
        if action.get("remove") is True:
            for parent, key in sorted(matches, key=lambda m: str(m[1]), reverse=True):
                if parent is None:
                    raise PipelineError(Problem(name, "cannot remove the document root", pointer=where))
                del parent[key]
        elif "update" in action:
            for parent, key in matches:
                if parent is None:
                    _merge(doc, action["update"])
                else:
                    parent[key] = _merge(parent[key], action["update"])
        else:
            raise PipelineError(Problem(name, "the action has neither 'update' nor 'remove: true'", pointer=where))
    return doc


def apply_files(doc: dict[str, Any], paths: tuple[Path, ...]) -> dict[str, Any]:
    """Apply the overlay files at ``paths`` in order."""
    for path in paths:
        overlay, _ = load(path)
        apply(doc, overlay, path)
    return doc
