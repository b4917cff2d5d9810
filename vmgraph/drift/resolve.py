"""Evaluate constant expressions of parsed source, following names across modules.

Only what can be known without running code is evaluated: literals, lists, tuples, sets,
``+`` and set operators, ``set()``/``frozenset()``/``list()``/``tuple()`` of such values,
names bound exactly once, attributes of modules among the sources and class attributes
(of enum-like classes and their bases among the sources, and ``enum.Enum`` members, whose
``.value`` and ``.name`` are known). Anything else raises :class:`Unresolved` with the file
and line of the expression that stopped it.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from vmgraph.drift.scopes import Binding, Module, Scope
from vmgraph.drift.source import SourceIndex

__all__ = ["MAX_DEPTH", "ClassRef", "EnumMember", "ListValue", "ModuleRef", "Resolver", "Unresolved"]

#: Deepest nesting of expressions and names followed before giving up (not a RecursionError).
MAX_DEPTH: Final = 100
#: Base classes of :mod:`enum` whose class attributes are members, not plain values.
_ENUM_BASES: Final = frozenset({"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"})

_CONVERTERS: Final = ("set", "frozenset", "list", "tuple")
_SET_OPS: Final[dict[type[ast.operator], Callable[[Any, Any], Any]]] = {
    ast.BitOr: operator.or_,
    ast.BitAnd: operator.and_,
    ast.Sub: operator.sub,
}


class Unresolved(Exception):  # noqa: N818 (a result of analysis, not a program error)
    """An expression vmgraph cannot evaluate without running the code."""

    def __init__(self, message: str, path: Path, line: int) -> None:
        super().__init__(message)
        self.message, self.path, self.line = message, path, line


class ListValue(tuple[Any, ...]):
    """A list (as opposed to a tuple): ``list + tuple`` is an error in Python."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class ModuleRef:
    """A module, as the value of a name bound by an import."""

    name: str


@dataclass(frozen=True, slots=True, eq=False)
class ClassRef:
    """A class defined in the sources, as the value of its name."""

    scope: Scope


@dataclass(frozen=True, slots=True)
class EnumMember:
    """A member of an ``enum.Enum`` class: ``Colour.RED``; compared by its ``value``."""

    qualname: str
    name: str
    value: Any


class Resolver:
    """Evaluates expressions in the scopes of a :class:`SourceIndex`."""

    def __init__(self, index: SourceIndex) -> None:
        self.index = index
        self._active: list[tuple[int, str]] = []
        self._depth = 0

    def evaluate(self, node: ast.expr, scope: Scope) -> Any:
        """Return the value of *node* as seen from *scope*.

        Lists are :class:`ListValue`, tuples ``tuple``, sets ``frozenset``; enum members
        are given as their values.

        Raises:
            Unresolved: naming the file and line of the part that cannot be evaluated.
        """
        try:
            return _plain(self._evaluate(node, scope))
        except RecursionError:  # a deep structure within MAX_DEPTH levels of names: still a finding
            self._depth, self._active = 0, []
            msg = "the expression is nested too deeply for vmgraph to evaluate"
            raise Unresolved(msg, scope.module.path, getattr(node, "lineno", 1)) from None

    def expression(self, node: ast.expr, scope: Scope) -> tuple[ast.expr, Scope]:
        """Return the expression a name stands for (followed through single bindings) and its scope.

        Anything but a name bound once to a value in the sources is returned as it is.
        """
        for _ in range(MAX_DEPTH):
            if not isinstance(node, ast.Name):
                break
            found = _lookup(scope, node.id)
            bindings = found.bindings[node.id] if found else []
            if found is None or len(bindings) != 1 or bindings[0].kind != "value" or bindings[0].node is None:
                break
            node, scope = bindings[0].node, found
        return node, scope

    def _evaluate(self, node: ast.expr, scope: Scope) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                msg = f"the expression is nested more than {MAX_DEPTH} levels deep (names followed included)"
                raise self._fail(msg, scope.module, node)
            return self._value(node, scope)
        finally:
            self._depth -= 1

    def _value(self, node: ast.expr, scope: Scope) -> Any:
        module = scope.module
        if isinstance(node, ast.Constant):
            if node.value is None or isinstance(node.value, (str, int, float)):
                return node.value
            raise self._fail(f"the constant {ast.unparse(node)} is not a state value", module, node)
        if isinstance(node, ast.Name):
            return self._name(node.id, scope, node)
        if isinstance(node, ast.Attribute):
            base = self._evaluate(node.value, scope)
            if isinstance(base, ModuleRef):
                return self._attribute(base, node.attr, module, node)
            if isinstance(base, ClassRef):
                return self._class_attribute(base, node.attr, module, node)
            if isinstance(base, EnumMember) and node.attr in ("value", "name"):
                return base.value if node.attr == "value" else base.name
            msg = f"{_short(node)!r} is an attribute of something that is not a module, class or enum member"
            raise self._fail(msg, module, node)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items: list[Any] = []
            for elt in node.elts:
                if isinstance(elt, ast.Starred):
                    items.extend(self._iterable(self._evaluate(elt.value, scope), module, elt))
                else:
                    items.append(self._evaluate(elt, scope))
            if isinstance(node, ast.Set):
                return frozenset(items)
            return ListValue(items) if isinstance(node, ast.List) else tuple(items)
        if isinstance(node, ast.BinOp):
            return self._binop(node, scope)
        if isinstance(node, ast.Call):
            return self._call(node, scope)
        raise self._fail(
            f"{_short(node)!r} is not a constant vmgraph can evaluate without running the code", module, node
        )

    # -- names -------------------------------------------------------------------
    def _name(self, name: str, scope: Scope, node: ast.AST | _At) -> Any:
        found = _lookup(scope, name)
        if found is None:
            for star in scope.module.stars:
                target = self.index.module(star)
                if target is not None and name in target.scope.bindings:
                    return self._bound(name, target.scope, node)
            stars = f" (it may come from 'from {scope.module.stars[0]} import *')" if scope.module.stars else ""
            raise self._fail(f"name {name!r} is not defined in the sources{stars}", scope.module, node)
        return self._bound(name, found, node)

    def _bound(self, name: str, scope: Scope, node: ast.AST | _At) -> Any:
        bindings = scope.bindings[name]
        module = scope.module
        if len(bindings) > 1:
            lines = ", ".join(str(b.line) for b in bindings)
            where = f"in {scope.qualname or 'module ' + repr(module.name)}"
            raise self._fail(f"{name!r} is bound {len(bindings)} times {where} (lines {lines})", module, node)
        binding = bindings[0]
        key = (id(scope), name)
        if key in self._active:
            raise self._fail(f"{name!r} is defined in terms of itself", module, node)
        self._active.append(key)
        try:
            return self._binding(name, binding, scope)
        finally:
            self._active.pop()

    def _binding(self, name: str, binding: Binding, scope: Scope) -> Any:
        module = scope.module
        if binding.kind == "value" and binding.node is not None:
            return self._evaluate(binding.node, scope)
        if binding.kind == "class" and binding.scope is not None:
            return ClassRef(binding.scope)
        if binding.kind == "import":
            return ModuleRef(binding.target)
        if binding.kind == "from":
            if self.index.module(f"{binding.target}.{binding.name}") is not None:
                return ModuleRef(f"{binding.target}.{binding.name}")
            return self._attribute(ModuleRef(binding.target), binding.name, module, _At(binding.line))
        raise Unresolved(f"{name!r} is {binding.what}, not a constant", module.path, binding.line)

    def _attribute(self, ref: ModuleRef, attr: str, module: Module, node: ast.AST | _At) -> Any:
        target = self.index.module(ref.name)
        if target is None:
            msg = f"module {ref.name!r} is not among the sources (add its directory with --source)"
            raise self._fail(msg, module, node)
        if target.error is not None:
            raise Unresolved(f"module {ref.name!r}: {target.error[0]}", target.path, target.error[1])
        if attr in target.scope.bindings:
            return self._bound(attr, target.scope, node)
        if self.index.module(f"{ref.name}.{attr}") is not None:
            return ModuleRef(f"{ref.name}.{attr}")
        for star in target.stars:
            starred = self.index.module(star)
            if starred is not None and attr in starred.scope.bindings:
                return self._bound(attr, starred.scope, node)
        raise self._fail(f"module {ref.name!r} ({target.path}) defines no {attr!r}", module, node)

    def _class_attribute(self, ref: ClassRef, attr: str, module: Module, node: ast.AST | _At) -> Any:
        cls = ref.scope
        for owner in self._mro(cls, module, node):
            if attr in owner.bindings:
                value = self._bound(attr, owner, node)
                if self._is_enum(owner) and not attr.startswith("_") and not isinstance(value, ClassRef):
                    return EnumMember(owner.qualname, attr, value)
                return value
        msg = f"class {cls.qualname!r} ({cls.module.path}) and its bases among the sources define no {attr!r}"
        raise self._fail(msg, module, node)

    def _mro(self, cls: Scope, module: Module, node: ast.AST | _At) -> list[Scope]:
        """Return *cls* and its base classes among the sources, depth first, each once."""
        found: list[Scope] = []
        todo = [cls]
        while todo and len(found) < MAX_DEPTH:
            current = todo.pop(0)
            if current in found:
                continue
            found.append(current)
            for base in current.bases:
                try:
                    value = self._evaluate(base, current.parent or current)
                except Unresolved:
                    continue  # a base from outside the sources (oslo's Enum, object ...): no constants
                if isinstance(value, ClassRef):
                    todo.append(value.scope)
        return found

    def _is_enum(self, cls: Scope) -> bool:
        """Return True if *cls* derives from one of :mod:`enum`'s classes."""
        for owner in self._mro(cls, cls.module, _At(1)):
            for base in owner.bases:
                if _enum_base(base, owner.parent or owner):
                    return True
        return False

    # -- operators and calls ----------------------------------------------------------
    def _binop(self, node: ast.BinOp, scope: Scope) -> Any:
        left, right = self._evaluate(node.left, scope), self._evaluate(node.right, scope)
        module = scope.module
        if isinstance(node.op, ast.Add) and isinstance(left, tuple) and isinstance(right, tuple):
            if isinstance(left, ListValue) != isinstance(right, ListValue):
                raise self._fail(f"{_short(node)!r} adds a list and a tuple, which Python refuses", module, node)
            joined = (*left, *right)
            return ListValue(joined) if isinstance(left, ListValue) else joined
        op = _SET_OPS.get(type(node.op))
        if op is not None and isinstance(left, frozenset) and isinstance(right, frozenset):
            return frozenset(op(left, right))
        raise self._fail(f"{_short(node)!r} is not a list or set operation vmgraph can evaluate", module, node)

    def _call(self, node: ast.Call, scope: Scope) -> Any:
        func = node.func
        builtin = isinstance(func, ast.Name) and func.id in _CONVERTERS and _lookup(scope, func.id) is None
        if not builtin or node.keywords or len(node.args) > 1:
            what = f"call of {_short(func)}()"
            raise self._fail(f"{what} cannot be evaluated without running the code", scope.module, node)
        items: tuple[Any, ...] = ()
        if node.args:
            items = self._iterable(self._evaluate(node.args[0], scope), scope.module, node.args[0])
        name = func.id  # type: ignore[attr-defined]
        if name in ("set", "frozenset"):
            return frozenset(items)
        return ListValue(items) if name == "list" else tuple(items)

    def _iterable(self, value: Any, module: Module, node: ast.AST) -> tuple[Any, ...]:
        if isinstance(value, (tuple, frozenset)):
            return tuple(value)
        raise self._fail(f"{_short(node)!r} is not a list, tuple or set", module, node)

    @staticmethod
    def _fail(message: str, module: Module, node: ast.AST | _At) -> Unresolved:
        return Unresolved(message, module.path, getattr(node, "lineno", 1))


@dataclass(frozen=True, slots=True)
class _At:
    """A location standing in for a node (an import statement's line)."""

    lineno: int


def _enum_base(node: ast.expr, scope: Scope) -> bool:
    """Return True if *node* names ``enum.Enum`` (or ``StrEnum`` ...) as imported in *scope*."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr in _ENUM_BASES:
        found = _lookup(scope, node.value.id)
        bindings = found.bindings[node.value.id] if found else []
        return any(b.kind == "import" and b.target == "enum" for b in bindings)
    if isinstance(node, ast.Name):
        found = _lookup(scope, node.id)
        bindings = found.bindings[node.id] if found else []
        return any(b.kind == "from" and b.target == "enum" and b.name in _ENUM_BASES for b in bindings)
    return False


def _plain(value: Any) -> Any:
    """Return *value* with enum members replaced by their values (containers kept as they are)."""
    if isinstance(value, EnumMember):
        return _plain(value.value)
    if isinstance(value, ListValue):
        return ListValue(_plain(v) for v in value)
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, frozenset):
        return frozenset(_plain(v) for v in value)
    return value


def _lookup(scope: Scope, name: str) -> Scope | None:
    """Return the scope that binds *name* as seen from *scope* (class bodies don't nest)."""
    current: Scope | None = scope
    first = True
    while current is not None:
        if (first or current.kind != "class") and name in current.bindings:
            return current
        first = False
        current = current.parent
    return None


def _short(node: ast.AST, limit: int = 60) -> str:
    try:
        text = ast.unparse(node)
    except RecursionError:
        return f"<an expression at line {getattr(node, 'lineno', 1)}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."
