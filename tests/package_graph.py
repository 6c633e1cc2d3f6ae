"""The import graph between the first-level packages of src/vstid, read from the source with
ast (nothing is imported or run). Used by tests/test_architecture.py, and a script of its own:

    .venv/bin/python tests/package_graph.py     # prints the dependency order, or the cycles

A package depends on another when any of its modules imports it, at module level or inside a
function (an import hidden in a function is still a dependency, and the tests refuse it).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "vstid"

__all__ = ["SRC", "Import", "cycles", "dependency_order", "graph", "imports_of", "package_of"]


@dataclass(frozen=True)
class Import:
    module: str  # the imported module, absolute
    line: int
    in_function: bool


def package_of(path: Path) -> str:
    """'experts' for src/vstid/experts/service.py; 'models_registry' for a top-level module."""
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _module_name(path: Path) -> list[str]:
    parts = ["vstid", *path.relative_to(SRC).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    if node.level == 0:
        return node.module or ""
    base = _module_name(path)
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    inside = {id(n) for f in functions for n in ast.walk(f) if n is not f}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, node.lineno, id(node) in inside)
        elif isinstance(node, ast.ImportFrom):
            yield Import(_absolute(node, path), node.lineno, id(node) in inside)


def graph() -> dict[str, set[str]]:
    """package -> the other vstid packages it imports."""
    edges: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.parent == SRC and path.name == "__init__.py":
            continue  # the root package holds only the version
        here = package_of(path)
        targets = edges.setdefault(here, set())
        for imp in imports_of(path):
            parts = imp.module.split(".")
            if parts[0] == "vstid" and len(parts) > 1 and parts[1] != here:
                targets.add(parts[1])
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def dependency_order(edges: dict[str, set[str]]) -> list[list[str]]:
    """Packages in levels: each level imports only packages of the levels before it."""
    remaining = {k: set(v) & set(edges) for k, v in edges.items()}
    levels: list[list[str]] = []
    placed: set[str] = set()
    while remaining:
        ready = sorted(k for k, deps in remaining.items() if deps <= placed)
        if not ready:
            raise ValueError(f"import cycle among: {sorted(remaining)}")
        levels.append(ready)
        placed.update(ready)
        for name in ready:
            del remaining[name]
    return levels


def main() -> int:
    edges = graph()
    found = cycles(edges)
    if found:
        for component in found:
            print("cycle:", " ".join(component))
        return 1
    for number, level in enumerate(dependency_order(edges)):
        print(f"{number:2d}  {'  '.join(level)}")
    print(f"{len(edges)} packages, no import cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
