"""Names bound in each scope of a parsed module: what ``vmgraph drift`` may evaluate.

A module, class or function body records each name it binds and how (an assignment, an
import, or something vmgraph does not evaluate, such as a parameter or a loop variable),
without descending into nested scopes. Nothing here imports or runs the source.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

__all__ = ["Binding", "Module", "Scope", "bind_module"]

_FUNCTIONS: Final = (ast.FunctionDef, ast.AsyncFunctionDef)
#: Nodes with a scope of their own whose names do not leak (walrus aside).
NESTED_EXPRESSIONS: Final = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda)


@dataclass(frozen=True, slots=True)
class Binding:
    """One way a name gets bound in a scope.

    ``value``: ``name = node``; ``import``: ``import target`` (the module bound);
    ``from``: ``from target import name``; ``class``: a class body (``scope``), whose
    attributes are evaluated as constants; ``other``: anything vmgraph does not evaluate
    (a function, a loop variable, a parameter ...), described by ``what``.
    """

    kind: Literal["value", "import", "from", "class", "other"]
    line: int
    node: ast.expr | None = None
    target: str = ""
    name: str = ""
    what: str = ""
    scope: Scope | None = None


@dataclass(eq=False)
class Scope:
    """A module, class or function body and the names bound directly in it."""

    kind: Literal["module", "class", "function"]
    name: str
    module: Module
    parent: Scope | None = None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    #: The base classes of a class body, as written.
    bases: tuple[ast.expr, ...] = ()

    def bind(self, name: str, binding: Binding) -> None:
        """Record *binding* of *name*."""
        self.bindings.setdefault(name, []).append(binding)

    @property
    def qualname(self) -> str:
        """Return the dotted path of this scope inside its module (``""`` for the module)."""
        if self.parent is None:
            return ""
        outer = self.parent.qualname
        inner = f"{self.name}.<locals>" if self.kind == "function" else self.name
        return f"{outer}.{inner}" if outer else inner


@dataclass(eq=False)
class Module:
    """A parsed source file; ``error`` is set (and ``scope`` empty) if it does not parse."""

    name: str
    path: Path
    is_package: bool
    scope: Scope = field(init=False)
    stars: list[str] = field(default_factory=list)
    error: tuple[str, int] | None = None
    tree: ast.Module | None = None
    #: The scope of each function and class body, by ``id()`` of its node in ``tree``.
    scopes: dict[int, Scope] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.scope = Scope("module", self.name, self)


def bind_module(module: Module, tree: ast.Module) -> None:
    """Record the bindings of every scope of *tree* in *module* (and its ``scopes``)."""
    module.tree = tree
    _Binder(module).body(tree.body, module.scope)


class _Binder:
    """Records the names each scope binds, without descending into nested scopes."""

    def __init__(self, module: Module) -> None:
        self.module = module

    def body(self, nodes: list[ast.stmt], scope: Scope) -> None:
        for node in nodes:
            self.node(node, scope)

    def node(self, node: ast.AST, scope: Scope) -> None:
        if isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            if isinstance(node, ast.ClassDef):
                inner = Scope("class", node.name, self.module, scope, bases=tuple(node.bases))
                scope.bind(node.name, Binding("class", node.lineno, scope=inner))
            else:
                inner = Scope("function", node.name, self.module, scope)
                scope.bind(node.name, Binding("other", node.lineno, what=f"a function defined at line {node.lineno}"))
                args = node.args
                for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
                    if arg is not None:
                        inner.bind(arg.arg, Binding("other", node.lineno, what=f"a parameter of {node.name!r}"))
            self.body(node.body, inner)
            self.module.scopes[id(node)] = inner
            return
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self.assign(target, node.value, scope)
            self.node(node.value, scope)
            return
        if isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(node.target, ast.Name):
            scope.bind(node.target.id, Binding("value", node.lineno, node.value))
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.partition(".")[0]
                scope.bind(bound, Binding("import", node.lineno, target=alias.name if alias.asname else bound))
            return
        if isinstance(node, ast.ImportFrom):
            self.import_from(node, scope)
            return
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            scope.bind(node.target.id, Binding("other", node.lineno, what=f"changed in place at line {node.lineno}"))
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                scope.bind(name, Binding("other", node.lineno, what=f"declared {type(node).__name__.lower()}"))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            scope.bind(node.id, Binding("other", node.lineno, what=f"bound by a statement at line {node.lineno}"))
        elif isinstance(node, ast.ExceptHandler) and node.name:
            scope.bind(node.name, Binding("other", node.lineno, what=f"an exception caught at line {node.lineno}"))
        elif isinstance(node, NESTED_EXPRESSIONS):
            return
        for child in ast.iter_child_nodes(node):
            self.node(child, scope)

    def assign(self, target: ast.expr, value: ast.expr, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            scope.bind(target.id, Binding("value", target.lineno, value))
            return
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)):
            items = (*target.elts, *value.elts)
            if len(target.elts) == len(value.elts) and not any(isinstance(e, ast.Starred) for e in items):
                for sub_target, sub_value in zip(target.elts, value.elts, strict=True):
                    self.assign(sub_target, sub_value, scope)
                return
        self.node(target, scope)

    def import_from(self, node: ast.ImportFrom, scope: Scope) -> None:
        base = node.module or ""
        if node.level:
            package = self.module.name.split(".")
            if not self.module.is_package:
                package = package[:-1]
            keep = len(package) - (node.level - 1)
            base = ".".join([*package[: max(keep, 0)], *([base] if base else [])])
        for alias in node.names:
            if alias.name == "*":
                self.module.stars.append(base)
                continue
            scope.bind(alias.asname or alias.name, Binding("from", node.lineno, target=base, name=alias.name))
