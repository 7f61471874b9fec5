"""Find the component schemas that did not change at all, references followed, so a comparison can skip them.

A component is unchanged when its node is equal in both documents and so is every component it reaches.
Components that reach each other (recursive schemas) are decided together: the strongly connected components
of the reference graph (found with Tarjan's algorithm, iteratively) are unchanged only as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.documents import escape_pointer_token, split_pointer

_PREFIX = "#/components/schemas/"


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    found = (doc.get("components") or {}).get("schemas") or {}
    return found if isinstance(found, dict) else {}


def _refs(node: Any) -> Iterator[str | None]:
    """Yield the component each `$ref` inside ``node`` names (None for a reference elsewhere)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                tokens = split_pointer(ref) if ref.startswith(_PREFIX) else []
                yield tokens[2] if len(tokens) >= 3 else None
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _components(graph: dict[str, list[str | None]]) -> list[list[str]]:
    """Return the strongly connected components, each after every component it reaches (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    for start, edges in graph.items():
        if start in index:
            continue
        work: list[tuple[str, Iterator[str | None]]] = [(start, iter(edges))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ is None or succ not in graph:
                    continue
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(graph[succ])))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                result.append(members)
    return result


def unchanged_schemas(old: dict[str, Any], new: dict[str, Any]) -> frozenset[str]:
    """Return the pointers of the component schemas that are identical in both documents, references followed."""
    before, after = _schemas(old), _schemas(new)
    graph = {str(name): list(_refs(node)) for name, node in before.items()}
    clean: set[str] = set()
    for members in _components(graph):
        same = all(name in after and before[name] == after[name] for name in members)
        reached = {succ for name in members for succ in graph[name]} - set(members)
        if same and all(succ is not None and succ in clean for succ in reached):
            clean.update(members)
    return frozenset(f"/components/schemas/{escape_pointer_token(name)}" for name in clean)
