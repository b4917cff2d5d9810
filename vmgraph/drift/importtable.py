"""Turn the (from, event, to) transitions of a table into a model's states and actions.

Each event becomes an action accepting the states it leaves from; when its sources lead
to different states, its results are per source (``{from: s, to: t}``). A table does not
say which states a machine starts or ends in, so they are inferred for ``vmgraph check``:
the states no transition enters are initial, and then, while some state cannot be
reached, the first of them (in the code's order); a state no transition leaves is
terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from vmgraph.drift.imported import (
    ANY,
    UNCHANGED,
    CodeImportError,
    Imported,
    Imports,
    Note,
    Result,
    ValueIds,
    make_id,
    python_name,
)
from vmgraph.drift.tables import ANY_SOURCE, CodeTransition

__all__ = ["from_table"]

#: One transition of an event: source id (or ``'*'``), target id (``None``: stays), place.
_Pair = tuple[str, str | None, str]


def from_table(code: Sequence[CodeTransition], problems: list[Note], relative: Callable[[Path], str]) -> Imports:
    """Return the states and actions of the transitions *code*; *relative* shows their files.

    Raises:
        CodeImportError: there is no transition, or an event is not a Python identifier.
    """
    if not code:
        raise CodeImportError("no transition found in the sources (is it the right --table preset?)")
    vm = ValueIds("state")
    events: dict[str, list[_Pair]] = {}
    for item in code:
        where = f"{relative(item.path)}:{item.line}"
        if not python_name(item.event):
            raise CodeImportError(f"{where}: the event {item.event!r} is not a Python identifier, which a code name is")
        start = ANY_SOURCE if item.start == ANY_SOURCE else vm.add(item.start, where)
        end = None if item.end is None else vm.add(item.end, where)
        pairs = events.setdefault(item.event, [])
        if not any(p[:2] == (start, end) for p in pairs):
            pairs.append((start, end, where))
    states = vm.states()
    ids = [s.id for s in states]
    edges = [
        (s, e) for pairs in events.values() for start, e, _ in pairs for s in (ids if start == ANY_SOURCE else [start])
    ]
    terminal = tuple(s for s in ids if not any(a == s and b is not None and b != s for a, b in edges))
    initial = _initial(ids, edges)
    actions: list[Imported] = []
    for event, pairs in events.items():
        accepts, results = _action(pairs, ids, has_terminal=bool(terminal))
        action_id = make_id(event, (a.id for a in actions))
        actions.append(Imported(action_id, event, pairs[0][2], accepts, results, launched=False))
    return Imports(states, (), tuple(actions), tuple(problems), initial, terminal)


def _action(
    pairs: list[_Pair], ids: list[str], *, has_terminal: bool
) -> tuple[str | tuple[str, ...], tuple[Result, ...]]:
    """Return the ``accepts`` and ``results`` of one event's transitions."""
    if all(start == ANY_SOURCE for start, _, _ in pairs) and not has_terminal:
        return ANY, tuple(dict.fromkeys(Result(UNCHANGED if end is None else end) for _, end, _ in pairs))
    targets: dict[str, list[str]] = {}
    for start, end, _ in pairs:
        for source in ids if start == ANY_SOURCE else [start]:
            found = targets.setdefault(source, [])
            to = UNCHANGED if end is None or end == source else end
            if to not in found:
                found.append(to)
    accepts = tuple(s for s in ids if s in targets) if any(p[0] == ANY_SOURCE for p in pairs) else tuple(targets)
    shared = {tuple(t) for t in targets.values()}
    if len(shared) == 1:
        return accepts, tuple(Result(to) for to in next(iter(shared)))
    return accepts, tuple(Result(to, source) for source in accepts for to in targets[source])


def _initial(ids: list[str], edges: list[tuple[str, str | None]]) -> tuple[str, ...]:
    """Return the states no other state leads to, then the first of each part still unreached."""
    entered = {b for a, b in edges if b is not None and b != a}
    initial = [s for s in ids if s not in entered]
    while True:
        seen = set(initial)
        todo = list(initial)
        while todo:
            here = todo.pop()
            for a, b in edges:
                if a == here and b is not None and b not in seen:
                    seen.add(b)
                    todo.append(b)
        missing = [s for s in ids if s not in seen]
        if not missing:
            return tuple(initial)
        initial.append(missing[0])
