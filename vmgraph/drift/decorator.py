"""Read the arguments of the precondition decorator into what a function requires.

The decorator is configured in the model (:class:`vmgraph.model.Decorator`); Nova's is
``check_instance_state(vm_state=None, task_state=(None,), must_have_launched=True)``.
Positional arguments map in that order. ``vm_state=None`` accepts any VM state; an
omitted ``task_state`` means no task may be running (``[None]``); ``task_state=None``
accepts any task state; ``None`` inside a task-state list stands for "no task".
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Final

from vmgraph.drift.resolve import Resolver, Unresolved
from vmgraph.drift.source import Decorated
from vmgraph.model import Decorator

__all__ = ["CALL", "LAUNCHED", "STATES", "TASK_STATES", "CodeCheck", "read_check"]

#: Keys of :attr:`CodeCheck.unresolved`: the call as a whole, then each argument.
CALL: Final = "call"
STATES: Final = "states"
TASK_STATES: Final = "task_states"
LAUNCHED: Final = "launched"

Value = str | int


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """What one decorated function accepts, as far as it could be read.

    ``states`` is ``None`` for "any VM state"; ``task_states`` is ``None`` for "any task
    state", and ``None`` in it means "no task running". A requirement whose argument
    could not be evaluated is in ``unresolved`` instead and must not be compared.
    """

    function: Decorated
    states: tuple[Value, ...] | None = None
    task_states: tuple[Value | None, ...] | None = (None,)
    launched: bool = True
    unresolved: dict[str, Unresolved] = field(default_factory=dict)

    def known(self, key: str) -> bool:
        """Return True if the requirement *key* (``STATES``, ...) was read."""
        return CALL not in self.unresolved and key not in self.unresolved


def read_check(function: Decorated, decorator: Decorator, resolver: Resolver) -> CodeCheck:
    """Return what *function* requires according to its decorator's arguments."""
    keywords = (decorator.states_keyword, decorator.task_states_keyword, decorator.launched_keyword)
    where = function.scope.module.path
    if function.call is None:
        msg = f"@{decorator.name} is used without arguments on {function.qualname!r}; it must be called"
        return CodeCheck(function, unresolved={CALL: Unresolved(msg, where, function.line)})
    call = function.call
    given: dict[str, ast.expr] = {}
    problem: str | None = None
    if len(call.args) > len(keywords):
        problem = f"@{decorator.name} takes at most {len(keywords)} positional arguments, got {len(call.args)}"
    for name, arg in zip(keywords, call.args, strict=False):
        if isinstance(arg, ast.Starred):
            problem = f"@{decorator.name} on {function.qualname!r} gets arguments from *{ast.unparse(arg.value)}"
        given[name] = arg
    for kw in call.keywords:
        if kw.arg is None:
            problem = f"@{decorator.name} on {function.qualname!r} gets arguments from **{ast.unparse(kw.value)}"
        elif kw.arg not in keywords:
            problem = f"@{decorator.name} has no argument {kw.arg!r} (known: {', '.join(keywords)})"
        elif kw.arg in given:
            problem = f"@{decorator.name} gets {kw.arg!r} twice"
        else:
            given[kw.arg] = kw.value
    if problem is not None:
        return CodeCheck(function, unresolved={CALL: Unresolved(problem, where, call.lineno)})
    states_kw, task_kw, launched_kw = keywords
    unresolved: dict[str, Unresolved] = {}
    reader = _Reader(function, resolver, unresolved)
    states = reader.values(given.get(states_kw), STATES, states_kw, allow_none=False)
    tasks = reader.values(given.get(task_kw), TASK_STATES, task_kw, allow_none=True) if task_kw in given else (None,)
    launched = decorator.launched_default
    if launched_kw in given:
        value = reader.evaluate(given[launched_kw], LAUNCHED)
        if isinstance(value, bool):
            launched = value
        elif LAUNCHED not in unresolved:
            reader.fail(LAUNCHED, given[launched_kw], f"{launched_kw} is {value!r}, not True or False")
    return CodeCheck(function, states, tasks, launched, unresolved)


class _Reader:
    def __init__(self, function: Decorated, resolver: Resolver, unresolved: dict[str, Unresolved]) -> None:
        self.function, self.resolver, self.unresolved = function, resolver, unresolved

    def evaluate(self, node: ast.expr, key: str) -> Any:
        try:
            return self.resolver.evaluate(node, self.function.scope)
        except Unresolved as err:
            self.unresolved[key] = err
            return None

    def fail(self, key: str, node: ast.expr, message: str) -> None:
        self.unresolved[key] = Unresolved(message, self.function.scope.module.path, node.lineno)

    def values(self, node: ast.expr | None, key: str, keyword: str, *, allow_none: bool) -> Any:
        """Return the values of a list argument, ``None`` for "any", or ``()`` if unresolved."""
        if node is None:
            return None
        value = self.evaluate(node, key)
        if key in self.unresolved or value is None:
            return None
        if isinstance(value, str):
            self.fail(key, node, f"{keyword} is the single string {value!r}, not a list of states")
            return ()
        if not isinstance(value, (tuple, frozenset)):
            self.fail(key, node, f"{keyword} is {value!r}, not a list of states or None")
            return ()
        items = sorted(value, key=repr) if isinstance(value, frozenset) else list(value)
        for item in items:
            ok = (item is None and allow_none) or (isinstance(item, (str, int)) and not isinstance(item, bool))
            if not ok:
                self.fail(key, node, f"{keyword} contains {item!r}, which is not a state value")
                return ()
        return tuple(dict.fromkeys(items))
