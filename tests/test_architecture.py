"""The package's shape: imports flow one way, no cycles, no private names across modules, small files."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vmgraph"

#: Layers from the bottom up: a module imports only from its own layer or those below.
LAYERS = (
    ("vmgraph", "vmgraph.errors", "vmgraph.limits", "vmgraph.hints", "vmgraph.terms", "vmgraph.model"),
    ("vmgraph.load",),
    ("vmgraph.views", "vmgraph.diff"),
    ("vmgraph.emit",),
    ("vmgraph.dotrun",),
    ("vmgraph.output",),
    ("vmgraph.drift",),
    ("vmgraph.cli", "vmgraph.sphinxext", "vmgraph.__main__"),
)
#: What the view layer must not import: it is plain data, drawn by the emitters.
RENDERERS = ("graphviz", "jinja2", "docutils", "sphinx")
#: The most lines a module may have.
MAX_LINES = 350


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """Return the import statements under ``if TYPE_CHECKING:``, which never run."""
    guarded: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            guarded.update(
                n for stmt in node.body for n in ast.walk(stmt) if isinstance(n, ast.Import | ast.ImportFrom)
            )
    return guarded


def _imports(name: str, *, typing_only: bool = True) -> Iterator[tuple[str, tuple[str, ...], int]]:
    """Yield (imported module, imported names, line) for every import statement of module *name*.

    With *typing_only* false, imports under ``if TYPE_CHECKING:`` are left out: they never run.
    """
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set() if typing_only else _type_checking_only(tree)
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, (), node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = tuple(alias.name for alias in node.names)
            submodules = [f"{base}.{n}" for n in names if f"{base}.{n}" in MODULES]
            attributes = tuple(n for n in names if f"{base}.{n}" not in MODULES)
            if attributes or not submodules:  # `from package import module` imports the module only
                yield base, attributes, node.lineno
            for sub in submodules:
                yield sub, (), node.lineno


def _layer(name: str) -> int:
    best = -1
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and (prefix != "vmgraph" or name == "vmgraph"):
                best = rank
    return best


def _internal_edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name in MODULES:
        for target, _, _ in _imports(name, typing_only=False):
            if target in MODULES and target != name:
                graph[name].add(target)
    return graph


def test_every_module_has_a_layer() -> None:
    assert [name for name in MODULES if _layer(name) < 0] == []


def test_imports_flow_down_the_layers() -> None:
    wrong = []
    for name, path in MODULES.items():
        for target, _, line in _imports(name):
            if target in MODULES and name != "vmgraph" and target != "vmgraph" and _layer(target) > _layer(name):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name} imports {target}")
    assert wrong == []


def test_nothing_imports_the_command_line_or_the_sphinx_extension() -> None:
    wrong = [
        f"{name} imports {target}"
        for name in MODULES
        for target, _, _ in _imports(name)
        if target.startswith(("vmgraph.cli", "vmgraph.sphinxext"))
        and not name.startswith(".".join(target.split(".")[:2]))
        and name != "vmgraph.__main__"
    ]
    assert wrong == []


def test_views_import_no_renderer() -> None:
    wrong = [
        f"{name} imports {target}"
        for name in MODULES
        if name.startswith("vmgraph.views")
        for target, _, _ in _imports(name)
        if target.split(".")[0] in RENDERERS or target.startswith("vmgraph.emit")
    ]
    assert wrong == []


def test_no_private_name_is_imported_from_another_module() -> None:
    wrong = [
        f"{MODULES[name].relative_to(PACKAGE.parent)}:{line}: {target}.{private}"
        for name in MODULES
        for target, names, line in _imports(name)
        if target.startswith("vmgraph")
        for private in names
        if private.startswith("_") and not private.startswith("__")
    ]
    assert wrong == []


def test_no_import_cycle() -> None:
    graph = _internal_edges()
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_small(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines"
