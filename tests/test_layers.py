"""Layers go one way: no import cycle between diglot's modules, no transform imported by a renderer.

Walks every module's imports with ``ast`` (module-level and inside functions:
an import inside a function is still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "diglot"

#: Modules under ``diglot.timing`` / ``diglot.align`` that hold data or clock
#: arithmetic, not transforms: renderers may import them.
NOT_TRANSFORMS = {"diglot.timing", "diglot.timing.clock", "diglot.timing.params", "diglot.timing.report"}
#: Renderers: exporters and what only they use (cue building, note building).
RENDERERS = ("diglot.exporters", "diglot.exporters.subtitles", "diglot.exporters.anki.notes")


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The diglot modules *name* imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_walk_sees_imports_inside_functions():
    assert "diglot.pipeline" in GRAPH["diglot"]  # diglot.prepare imports it inside the function
    assert "diglot.timing.retime" in GRAPH["diglot.pipeline"]


def test_no_import_cycle():
    assert cycles(GRAPH) == []


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_renderers_import_no_transform():
    bad = {
        (name, dep)
        for name, deps in GRAPH.items()
        if name.startswith(RENDERERS)
        for dep in deps
        if dep.startswith(("diglot.align", "diglot.timing")) and dep not in NOT_TRANSFORMS
    }
    assert bad == set()


def test_every_relative_import_names_a_module_that_exists():
    """An import inside a function fails only when it runs: a file move that left one behind is caught here."""
    missing = []
    for name, path in MODULES.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if target not in MODULES:
                    missing.append(f"{path.relative_to(SRC.parent)}:{node.lineno}: {target}")
    assert not missing, missing
