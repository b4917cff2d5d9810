"""Read a machine's (from, event, to) triples from transition tables in the code.

Three shapes, chosen by the model's ``code.table`` preset (:mod:`vmgraph.load.code`):

``automaton``
    ``machine.add_transition(start, end, event)`` calls, as OpenStack Ironic builds its
    provision-state machine; the arguments are constants evaluated like decorator ones.
``transitions``
    the ``transitions`` library: ``Machine(..., transitions=[...])`` with dicts
    (``trigger``, ``source``, ``dest``) or lists ``[trigger, source, dest]``, and
    ``add_transition(trigger, source, dest)``; a source may be a list or ``'*'`` (every
    state), a ``dest`` of ``None`` or ``'='`` stays where it is.
``statemachine``
    ``python-statemachine``: a class whose ``State(...)`` attributes are joined into events
    by ``a.to(b)``, ``a.to(b, c)``, ``a.to.itself()`` and ``|``; a state's value is its
    ``value=`` argument, else its attribute name.

Nothing is imported or run. A call whose arguments cannot be evaluated is reported as
:class:`~vmgraph.drift.resolve.Unresolved`, by file and line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from vmgraph.drift.resolve import Resolver, Unresolved
from vmgraph.drift.scopes import NESTED_EXPRESSIONS, Module, Scope
from vmgraph.drift.source import SourceIndex, name_of
from vmgraph.load.code import TableSpec

__all__ = ["ANY_SOURCE", "CodeTransition", "read_table"]

#: The source of a ``transitions`` entry written ``'*'``: every state of the machine.
ANY_SOURCE: Final = "*"
_FUNCTIONS: Final = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True, slots=True)
class CodeTransition:
    """One transition written in the code; ``end`` ``None`` means "stays where it is"."""

    start: str
    event: str
    end: str | None
    path: Path
    line: int


def read_table(
    spec: TableSpec, index: SourceIndex, resolver: Resolver
) -> tuple[list[CodeTransition], list[Unresolved]]:
    """Return the transitions of the sources in the shape *spec* names, and what stopped others."""
    found: list[CodeTransition] = []
    problems: list[Unresolved] = []
    names = {
        "automaton": (spec.call,),
        "transitions": (spec.call, "Machine", "transitions"),
        "statemachine": ("State",),
    }
    for module in index.matching(*names[spec.preset]):
        if module.tree is None:
            continue  # reported as a broken file
        reader = _Reader(spec, resolver, module, found, problems)
        try:
            reader.walk(module.tree, module.scope)
        except RecursionError:
            problems.append(Unresolved("cannot read the file: its code is nested too deeply", module.path, 1))
    return found, problems


class _Reader:
    def __init__(
        self,
        spec: TableSpec,
        resolver: Resolver,
        module: Module,
        found: list[CodeTransition],
        problems: list[Unresolved],
    ) -> None:
        self.spec, self.resolver, self.module = spec, resolver, module
        self.found, self.problems = found, problems

    def walk(self, node: ast.AST, scope: Scope) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (*_FUNCTIONS, ast.ClassDef)):
                inner = self.module.scopes[id(child)]
                if isinstance(child, ast.ClassDef) and self.spec.preset == "statemachine":
                    self._state_machine(child, inner)
                self.walk(child, inner)
                continue
            if isinstance(child, ast.Call) and self.spec.preset != "statemachine":
                self._call(child, scope)
            if not isinstance(child, NESTED_EXPRESSIONS):
                self.walk(child, scope)

    def _value(self, node: ast.expr, scope: Scope) -> Any:
        return self.resolver.evaluate(node, scope)

    def _fail(self, message: str, node: ast.AST) -> None:
        self.problems.append(Unresolved(message, self.module.path, getattr(node, "lineno", 1)))

    # -- automaton and transitions -----------------------------------------------------
    def _call(self, call: ast.Call, scope: Scope) -> None:
        name = name_of(call.func)
        try:
            if name == self.spec.call:
                order = ("start", "end", "event") if self.spec.preset == "automaton" else ("trigger", "source", "dest")
                self._entry(_arguments(call, order), call, scope)
            elif self.spec.preset == "transitions" and name == "Machine":
                table = next((kw.value for kw in call.keywords if kw.arg == "transitions"), None)
                if table is None and len(call.args) >= 4:  # Machine(model, states, initial, transitions)
                    table = call.args[3]
                if table is not None:
                    self._entries(table, call, scope)
            elif self.spec.preset == "transitions" and name == "add_transitions" and call.args:
                self._entries(call.args[0], call, scope)
        except Unresolved as err:
            self.problems.append(err)

    def _entries(self, table: ast.expr, call: ast.Call, scope: Scope) -> None:
        table, scope = self.resolver.expression(table, scope)
        items = table.elts if isinstance(table, (ast.List, ast.Tuple)) else None
        if items is None:  # a name: evaluate it whole, entries as values
            value = self._value(table, scope)
            if not isinstance(value, tuple):
                self._fail(f"the transitions of Machine() are {value!r}, not a list", call)
                return
            for entry in value:
                self._plain_entry(entry, call)
            return
        for item in items:
            if isinstance(item, ast.Dict):
                given: dict[str, ast.expr] = {}
                for key, val in zip(item.keys, item.values, strict=True):
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        given[key.value] = val
                self._entry(given, item, scope)
            elif isinstance(item, (ast.List, ast.Tuple)):
                self._entry(dict(zip(("trigger", "source", "dest"), item.elts, strict=False)), item, scope)
            else:
                self._fail(f"a transition written {ast.unparse(item)[:60]!r} is not a dict or list", item)

    def _plain_entry(self, entry: Any, call: ast.Call) -> None:
        if isinstance(entry, tuple) and len(entry) >= 3:
            self._add(entry[1], entry[0], entry[2], call)
        else:
            self._fail(f"a transition {entry!r} is not a [trigger, source, dest] list", call)

    def _entry(self, given: dict[str, ast.expr], node: ast.AST, scope: Scope) -> None:
        keys = ("start", "event", "end") if "start" in given or "event" in given else ("source", "trigger", "dest")
        missing = [k for k in keys if k not in given and k != "dest"]
        if missing:
            self._fail(f"a transition without {', '.join(map(repr, missing))} (at {ast.unparse(node)[:60]!r})", node)
            return
        start = self._value(given[keys[0]], scope)
        event = self._value(given[keys[1]], scope)
        end = self._value(given[keys[2]], scope) if keys[2] in given else None
        self._add(start, event, end, node)

    def _add(self, start: Any, event: Any, end: Any, node: ast.AST) -> None:
        if not isinstance(event, str):
            self._fail(f"the event {event!r} is not a string", node)
            return
        if end == "=":
            end = None
        if end is not None and not isinstance(end, (str, int)):
            self._fail(f"the destination {end!r} is not a state value", node)
            return
        starts = list(start) if isinstance(start, (tuple, frozenset)) else [start]
        for one in starts:
            if not isinstance(one, (str, int)) or isinstance(one, bool):
                self._fail(f"the source {one!r} is not a state value", node)
                continue
            line = getattr(node, "lineno", 1)
            self.found.append(
                CodeTransition(str(one), event, None if end is None else str(end), self.module.path, line)
            )

    # -- python-statemachine -----------------------------------------------------------
    def _state_machine(self, cls: ast.ClassDef, scope: Scope) -> None:
        states: dict[str, str] = {}
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                value = stmt.value
                if isinstance(value, ast.Call) and name_of(value.func) == "State":
                    states[stmt.targets[0].id] = self._state_value(stmt.targets[0].id, value, scope)
        if not states:
            return
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                if stmt.targets[0].id in states:
                    continue
                pairs = list(_event_pairs(stmt.value, states))
                if pairs and all(p is not None for p in pairs):
                    for pair in pairs:
                        assert pair is not None
                        start, end = pair
                        line = stmt.lineno
                        self.found.append(CodeTransition(start, stmt.targets[0].id, end, self.module.path, line))
                elif pairs:
                    self._fail(f"event {stmt.targets[0].id!r} joins something other than states' .to()", stmt)

    def _state_value(self, name: str, call: ast.Call, scope: Scope) -> str:
        for kw in call.keywords:
            if kw.arg == "value":
                try:
                    value = self._value(kw.value, scope)
                except Unresolved as err:
                    self.problems.append(err)
                    return name
                return str(value)
        return name


def _event_pairs(node: ast.expr, states: dict[str, str]) -> Iterator[tuple[str, str | None] | None]:
    """Yield the (from, to) pairs of an event expression (``None`` for a part not understood)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        yield from _event_pairs(node.left, states)
        yield from _event_pairs(node.right, states)
        return
    if not isinstance(node, ast.Call):
        return
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "itself" and isinstance(func.value, ast.Attribute):
        source = _state_name(func.value.value, states)
        yield None if source is None else (source, None)
        return
    if isinstance(func, ast.Attribute) and func.attr in ("to", "from_"):
        here = _state_name(func.value, states)
        others = [_state_name(arg, states) for arg in node.args]
        if here is None or None in others or not others:
            yield None
            return
        for other in others:
            assert other is not None
            yield (here, other) if func.attr == "to" else (other, here)


def _state_name(node: ast.expr, states: dict[str, str]) -> str | None:
    return states.get(node.id) if isinstance(node, ast.Name) else None


def _arguments(call: ast.Call, order: tuple[str, str, str]) -> dict[str, ast.expr]:
    given = dict(zip(order, call.args, strict=False))
    given.update({kw.arg: kw.value for kw in call.keywords if kw.arg in order})
    return given
