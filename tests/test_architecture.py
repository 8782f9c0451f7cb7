"""The import graph of src/ runs one way: no cycles, no import from a lower layer to a higher one, and
no private name (``_x``) used outside the module that defines it.

Every import counts, module-level, inside a function or under ``if TYPE_CHECKING:``: a function-level
import still ties the two modules together, it only delays the cost, and a type-only import still
makes one module know the other (where a lower module needs a higher one's shape, it names a Protocol,
as engine/explain.py and submissions/entries.py do). Layers, lowest first (docs/architecture.md):

    vocabulary (errors, messages, quantities, suggest, outputs, calendar, status, config, extras,
    safe_text, arguments)
    -> language -> engine -> submissions, authoring -> render -> cli -> the package facade
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "target_rules"

LAYERS: dict[str, int] = {
    "errors": 0,
    "quantities": 0,
    "suggest": 0,
    "outputs": 0,
    "calendar": 0,
    "status": 0,
    "config": 0,
    "extras": 0,
    "safe_text": 0,
    "messages": 0,
    "arguments": 0,
    "language": 1,
    "engine": 2,
    "submissions": 3,
    "authoring": 3,
    "testing": 3,  # target_rules.testing: the public name of authoring/strategies
    "render": 4,
    "cli": 5,
    "__main__": 5,
    "": 6,  # target_rules/__init__.py: the public API, imports from every layer
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def _resolve(module: str, level: int, current: str, is_package: bool) -> str:
    if not level:
        return module
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def imports(name: str) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import in module ``name``."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, name, path.name == "__init__.py")
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in MODULES:  # "from target_rules.engine import judging": a module
                    yield sub, None, node.lineno
                else:
                    yield base, alias.name, node.lineno


def _ours(module: str) -> str | None:
    """The module of ours that ``module`` names (a name inside a module counts as the module)."""
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    return module or None


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for name in MODULES:
        for target, _, _ in imports(name):
            ours = _ours(target) if target.startswith(PACKAGE) else None
            if ours is not None and ours != name and not name.startswith(ours + "."):
                edges[name].add(ours)
    return edges


def layer(name: str) -> int:
    rest = name.removeprefix(PACKAGE).removeprefix(".")
    return LAYERS[rest.split(".", 1)[0]]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
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
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_every_module_has_a_layer() -> None:
    for name in MODULES:
        layer(name)  # KeyError names a package or module missing from LAYERS


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_imports_only_go_down_the_layers() -> None:
    upward = [
        f"{name} (layer {layer(name)}) imports {target} (layer {layer(target)})"
        for name, targets in graph().items()
        for target in sorted(targets)
        if layer(target) > layer(name)
    ]
    assert upward == []


def _private_uses(name: str) -> Iterator[str]:
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}  # local name -> module of ours
    for target, imported, line in imports(name):
        if not target.startswith(PACKAGE):
            continue
        if imported is not None and imported.startswith("_") and not imported.startswith("__"):
            yield f"{name}:{line} imports {target}.{imported}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                full = (
                    alias.name
                    if isinstance(node, ast.Import)
                    else f"{_resolve(node.module or '', node.level, name, path.name == '__init__.py')}.{alias.name}"
                )
                if full in MODULES:
                    aliases[alias.asname or alias.name] = full
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and aliases[node.value.id] != name
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            yield f"{name}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}"


def test_private_names_stay_in_their_module() -> None:
    assert [use for name in MODULES for use in _private_uses(name)] == []


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ],
)
def test_the_cycle_finder_finds_cycles(edges: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert cycles(edges) == expected
