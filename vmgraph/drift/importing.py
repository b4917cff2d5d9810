"""``vmgraph import``: gather a model's states and actions from decorators or a transition table.

The code is read as :func:`vmgraph.drift.check_drift` reads it, so that the imported
model and its code agree when compared. What the code cannot say (where a decorated
call leads) becomes an :class:`Imported` action with a ``fill_in`` note, which
:mod:`vmgraph.drift.modelwriter` writes as a ``# FILL IN:`` comment that ``vmgraph
check`` reports until the author replaces the placeholder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vmgraph.drift.decorator import STATES, TASK_STATES, CodeCheck, read_check
from vmgraph.drift.imported import ANY, UNCHANGED, CodeImportError, Imported, Imports, Note, Result, ValueIds, make_id
from vmgraph.drift.importtable import from_table
from vmgraph.drift.resolve import Resolver
from vmgraph.drift.source import SourceIndex, find_sources
from vmgraph.drift.tables import read_table
from vmgraph.limits import MAX_BYTES
from vmgraph.load.code import TableSpec
from vmgraph.model import Decorator

__all__ = ["import_code"]


def _relative(path: Path, sources: Sequence[Path]) -> str:
    """Return *path* relative to the source holding it (a file source: its name), as posix."""
    for source in sources:
        base = source if source.is_dir() else source.parent
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def import_code(
    sources: Sequence[Path],
    *,
    decorator: Decorator | None = None,
    table: TableSpec | None = None,
    max_bytes: int = MAX_BYTES,
) -> Imports:
    """Return what the code under *sources* says: from a transition *table*, else the *decorator*.

    Raises:
        CodeImportError: nothing was found, or a value cannot be written in a model.
    """
    index = SourceIndex(find_sources(list(sources)), max_bytes=max_bytes)
    resolver = Resolver(index)
    if table is not None:
        code, unread = read_table(table, index, resolver)
        problems = [Note(f"{_relative(p.path, sources)}:{p.line}", p.message) for p in unread]
        problems += _broken(index, sources)
        return from_table(code, problems, lambda p: _relative(p, sources))
    decorator = decorator or Decorator()
    checks = [read_check(fn, decorator, resolver) for fn in index.decorated(decorator.name)]
    return _from_checks(checks, decorator, sources, _broken(index, sources))


def _broken(index: SourceIndex, sources: Sequence[Path]) -> list[Note]:
    return [Note(f"{_relative(m.path, sources)}:{m.error[1]}", m.error[0]) for m in index.broken if m.error is not None]


def _from_checks(
    checks: Sequence[CodeCheck], decorator: Decorator, sources: Sequence[Path], problems: list[Note]
) -> Imports:
    if not checks:
        shown = ", ".join(repr(str(s)) for s in sources)
        raise CodeImportError(f"no function carries @{decorator.name} under {shown}")
    vm = ValueIds(f"{decorator.states_keyword}=")
    tasks = ValueIds(f"{decorator.task_states_keyword}=")
    actions: list[Imported] = []
    seen: set[str] = set()
    for check in checks:
        fn = check.function
        where = f"{_relative(fn.path, sources)}:{fn.line}"
        if fn.name in seen:
            continue  # drift compares the first of several with the same arguments, and reports others
        seen.add(fn.name)
        action_id = make_id(fn.name, (a.id for a in actions))
        fill_in = (
            f"the results of {action_id!r}: where it leads from each state it accepts ('unchanged' is a placeholder)"
        )
        for key, err in check.unresolved.items():
            problems.append(Note(f"{_relative(err.path, sources)}:{err.line}", err.message))
            what = {STATES: decorator.states_keyword, TASK_STATES: decorator.task_states_keyword}.get(key)
            what = f"{what}= values" if what else "preconditions"
            fill_in = f"the {what} {action_id!r} accepts: the code could not be read ({err.message})"
        accepts: str | tuple[str, ...] = ANY
        if check.states is not None and check.known(STATES):
            accepts = tuple(dict.fromkeys(vm.add(v, where) for v in check.states))
        task_state: str | tuple[str, ...] = "none"
        if check.task_states is None:
            task_state = "any"
        elif check.known(TASK_STATES) and check.task_states != (None,):
            task_state = tuple("none" if v is None else tasks.add(v, where) for v in check.task_states)
        results = (Result(UNCHANGED),) if accepts != () else ()
        actions.append(
            Imported(
                action_id,
                fn.name,
                where,
                accepts,
                results,
                task_state,
                check.launched,
                fill_in,
            )
        )
    if not vm.ids:
        raise CodeImportError(
            f"no @{decorator.name} names a {decorator.states_keyword}= value: a model needs at least one state"
        )
    return Imports(vm.states(), tasks.states(), tuple(actions), tuple(problems))
