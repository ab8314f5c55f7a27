"""Imports between the parts of the application flow one way: no two parts need each other.

A part is a direct child of app/: a package (cases, crypto...) or a module of its own
(i18n.py, vocabulary.py...). Every import counts, wherever it stands in a module, except in
the application factory (create_app and setup.py's register_* functions), which by design
brings every part together.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"

Edges = dict[str, dict[str, list[str]]]


def _module_name(path: Path) -> list[str]:
    parts = ["app", *path.relative_to(APP).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def _part_of(module: str) -> str | None:
    """The direct child of app/ that a dotted module name belongs to, if any."""
    names = module.split(".")
    return names[1] if len(names) > 1 and names[0] == "app" else None


def _in_factory(path: Path, function: str) -> bool:
    where = path.relative_to(APP).as_posix()
    return (where == "__init__.py" and function == "create_app") or (
        where == "setup.py" and function.startswith("register_")
    )


def _imports(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line, imported module names) of every import outside the factory."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path)[:-1]

    def visit(node: ast.AST) -> Iterator[tuple[int, list[str]]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and _in_factory(
                path, child.name
            ):
                continue
            if isinstance(child, ast.Import):
                yield child.lineno, [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = ".".join(package[: len(package) - child.level + 1])
                    module = f"{base}.{child.module}" if child.module else base
                else:
                    module = child.module or ""
                # `from app import setup` imports the part `setup`.
                yield child.lineno, [module, *(f"{module}.{alias.name}" for alias in child.names)]
            yield from visit(child)

    yield from visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))


def import_graph() -> Edges:
    """For each part, the parts it imports, with where each import stands."""
    edges: Edges = defaultdict(lambda: defaultdict(list))
    for path in sorted(APP.rglob("*.py")):
        source = _part_of(".".join(_module_name(path)))
        for line, modules in _imports(path):
            for target in {_part_of(module) for module in modules}:
                if source and target and target != source:
                    where = f"{path.relative_to(APP.parent).as_posix()}:{line}"
                    edges[source][target].append(where)
    return edges


def cycles(edges: Edges) -> list[list[str]]:
    """Each group of parts that import one another, directly or not (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(part: str) -> None:
        index[part] = low[part] = len(index)
        stack.append(part)
        for target in edges.get(part, {}):
            if target not in index:
                visit(target)
                low[part] = min(low[part], low[target])
            elif target in stack:
                low[part] = min(low[part], index[target])
        if low[part] == index[part]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == part:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for part in sorted(edges):
        if part not in index:
            visit(part)
    return groups


def test_no_two_parts_of_the_application_import_each_other() -> None:
    edges = import_graph()
    assert "cases" in edges["portal"], "the graph should see the portal's imports"
    found = cycles(edges)
    details = [
        f"{source} -> {target}: {', '.join(edges[source][target])}"
        for group in found
        for source in group
        for target in group
        if target in edges[source]
    ]
    assert found == [], "\n".join(details)


def test_a_cycle_is_found_however_long() -> None:
    edges: Edges = {
        "a": {"b": ["a.py:1"]},
        "b": {"c": ["b.py:1"]},
        "c": {"a": ["c.py:1"], "d": ["c.py:2"]},
    }
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b": ["a.py:1"]}, "b": {}}) == []
