"""No import cycles in the facade or the generator: the module graph, function-level imports included, is acyclic.

Edges are every import that runs: at module level and inside functions (a lazy import is still a dependency).
``if TYPE_CHECKING:`` blocks never run, so they are left out; so is a package's own ``__init__`` as the implicit
parent of a submodule (Python finishes importing a package before its submodules no matter what).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TREES = {"browser_clients": ROOT / "overrides" / "browser_clients", "generator": ROOT / "generator"}


def _modules(package: str, folder: Path) -> dict[str, Path]:
    found = {}
    for path in folder.rglob("*.py"):
        parts = [package, *path.relative_to(folder).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """Return every module name ``tree`` imports at run time (absolute; relative imports resolved).

    ``from pkg import name`` depends on ``pkg.name`` when that is a module of ``known`` (``pkg`` is then only
    its implicit parent), else on ``pkg`` itself.
    """
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                names.add(submodule if submodule in known else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def graph() -> dict[str, set[str]]:
    """Return the import graph of every module of the facade and the generator."""
    modules: dict[str, Path] = {}
    for package, folder in TREES.items():
        modules.update(_modules(package, folder))
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = _imports(tree, name, path.name == "__init__.py", set(modules))
        edges[name] = {target for target in imported if target in modules and target != name}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return one cycle per strongly connected component of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def test_the_facade_and_the_generator_have_no_import_cycles() -> None:
    edges = graph()
    assert "browser_clients.cli.main" in edges  # the walk saw both trees
    assert "generator.drift.ci" in edges
    assert cycles(edges) == []


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ({"a": "import b\n", "b": "def f():\n    import a\n"}, [["a", "b"]]),  # a lazy import still counts
        ({"a": "import b\n", "b": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\n"}, []),
    ],
    ids=["function-level", "type-checking-only"],
)
def test_the_check_sees_lazy_imports_and_skips_type_only_ones(
    sources: dict[str, str], expected: list[list[str]]
) -> None:
    edges = {
        name: _imports(ast.parse(code), name, False, set(sources)) & set(sources) for name, code in sources.items()
    }
    assert cycles(edges) == expected
