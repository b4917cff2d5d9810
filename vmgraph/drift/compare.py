"""Compare a model's actions with the preconditions read from the code.

Each variant is compared with the functions its code names find. A variant with several
(``reboot: [_soft_reboot, _hard_reboot]``) accepts the union of their VM states; its
task-state and launched requirements must match at least one of them, since one box
cannot show two requirements. When the code accepts any VM state, it accepts every
state of the model but the terminal ones and, if it needs a launched instance, the
initial ones. Variants without code names are not compared; a creating action whose
code is not decorated is not reported either, as it has no precondition.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from vmgraph.drift.decorator import CALL, LAUNCHED, STATES, TASK_STATES, CodeCheck
from vmgraph.drift.findings import Finding, Kind, Requirement
from vmgraph.drift.source import SourceIndex
from vmgraph.model import Action, Model, Variant

__all__ = ["compare"]

_WHAT: Mapping[str, str] = {
    CALL: "arguments",
    STATES: "VM states",
    TASK_STATES: "task states",
    LAUNCHED: "launched flag",
}


@dataclass(frozen=True, slots=True)
class _Raw:
    """A code value no state of the model has (shown as written in the code)."""

    value: str | int

    def __str__(self) -> str:
        return repr(self.value)


Item = str | _Raw
Tasks = frozenset[Item | None] | None  # None: any task state


def compare(
    model: Model,
    checks: Sequence[CodeCheck],
    index: SourceIndex,
    *,
    model_file: str | None = None,
    code_lines: Mapping[tuple[str, str | None], int] | None = None,
) -> list[Finding]:
    """Return the findings for every action of *model*, in model order."""
    by_name: dict[str, list[CodeCheck]] = {}
    for check in checks:
        by_name.setdefault(check.function.name, []).append(check)
    comparer = _Comparer(model, index, by_name, model_file, code_lines or {})
    return [f for action in model.actions for variant in action.variants for f in comparer.variant(action, variant)]


@dataclass(frozen=True, slots=True)
class _Comparer:
    model: Model
    index: SourceIndex
    by_name: Mapping[str, Sequence[CodeCheck]]
    model_file: str | None
    code_lines: Mapping[tuple[str, str | None], int]

    def variant(self, action: Action, variant: Variant) -> Iterator[Finding]:
        at = _At(action.id, variant.id)
        dec = self.model.decorator.name
        checks: list[CodeCheck] = []
        for name in variant.code:
            group = self.by_name.get(name, ())
            if not group:
                if not action.creates:
                    yield self._not_found(at, action, variant, name)
                continue
            if len({(c.states, c.task_states, c.launched, tuple(c.unresolved)) for c in group}) > 1:
                places = ", ".join(f"{c.function.path}:{c.function.line}" for c in group)
                msg = f"{name!r} carries @{dec} with different arguments in {len(group)} places ({places})"
                yield at.finding("unresolved", msg, group[0])
                continue  # which one the model means is not for vmgraph to guess
            checks.append(group[0])
        for check in checks:
            fn = check.function
            for key, err in check.unresolved.items():
                also = "" if (err.path, err.line) == (fn.path, fn.line) else f" (decorator at {fn.path}:{fn.line})"
                msg = f"cannot read the {_WHAT[key]} of @{dec} on {fn.qualname!r}: {err.message}{also}"
                yield Finding("unresolved", at.action, at.variant, msg, str(err.path), err.line)
        if not checks:
            return
        if all(c.known(STATES) and (c.states is not None or c.known(LAUNCHED)) for c in checks):
            yield from self._states(at, variant, checks)
        if all(c.known(TASK_STATES) for c in checks):
            yield from self._tasks(at, variant, checks)
        if all(c.known(LAUNCHED) for c in checks) and all(c.launched != variant.must_have_launched for c in checks):
            key = self.model.decorator.launched_keyword
            flag = checks[0].launched
            if len(checks) == 1:
                who, need = _names(checks), "needs" if flag else "does not need"
            else:
                who, need = f"all of {_names(checks)}", "need" if flag else "do not need"
            said = "does" if variant.must_have_launched else "does not"
            msg = f"{who} {need} a launched instance ({key}={flag}) but the model says it {said}"
            yield at.finding("launched", msg, checks[0], code=checks[0].launched, model=variant.must_have_launched)

    def _states(self, at: _At, variant: Variant, checks: Sequence[CodeCheck]) -> Iterator[Finding]:
        model_states = self.model.accepted(variant)
        first_by: dict[Item, CodeCheck] = {}
        for check in checks:
            for state in self._code_states(check):
                first_by.setdefault(state, check)
        order = {s.id: n for n, s in enumerate(self.model.states)}
        extra = sorted(
            (s for s in first_by if s not in model_states),
            key=lambda s: (order.get(s, len(order)) if isinstance(s, str) else len(order), str(s)),
        )
        for check in checks:
            mine = [s for s in extra if first_by[s] is check]
            if mine:
                msg = f"{check.function.qualname!r} accepts {_states_text(mine)} but the model omits {_them(mine)}"
                ids = tuple(s if isinstance(s, str) else str(s.value) for s in mine)
                yield at.finding("state-missing-in-model", msg, check, states=ids)
        missing = [s for s in model_states if s not in first_by]
        if missing:
            who = (
                f"{checks[0].function.qualname!r} rejects" if len(checks) == 1 else f"none of {_names(checks)} accepts"
            )
            msg = f"the model accepts {_states_text(missing)} but {who} {_them(missing)}"
            yield at.finding("state-missing-in-code", msg, checks[0], states=tuple(missing))

    def _tasks(self, at: _At, variant: Variant, checks: Sequence[CodeCheck]) -> Iterator[Finding]:
        code_sides = [self._code_tasks(c) for c in checks]
        req = variant.task_state
        model_side: Tasks = None
        if req.kind != "any":
            model_side = frozenset({None}) if req.kind == "none" else frozenset(req.states)
        if model_side in code_sides:
            return
        msg = f"{_names(checks)} {_tasks_text(code_sides[0])} but the model says it {_tasks_text(model_side)}"
        if len(checks) > 1:
            msg = (
                f"none of {_names(checks)} has the task-state requirement of the model, which {_tasks_text(model_side)}"
            )
        code = _requirement(code_sides[0]) if len(checks) == 1 else None
        yield at.finding("task-state", msg, checks[0], code=code, model=_requirement(model_side))

    def _code_states(self, check: CodeCheck) -> list[Item]:
        if check.states is None:
            return [s.id for s in self.model.states if not s.terminal and not (check.launched and s.initial)]
        by_value = {(s.id if s.value is None else s.value): s.id for s in self.model.states}
        return [by_value.get(v) or _Raw(v) for v in check.states]

    def _code_tasks(self, check: CodeCheck) -> Tasks:
        if check.task_states is None:
            return None
        by_value = {(s.id if s.value is None else s.value): s.id for s in self.model.task_states}
        return frozenset(None if v is None else (by_value.get(v) or _Raw(v)) for v in check.task_states)

    def _not_found(self, at: _At, action: Action, variant: Variant, name: str) -> Finding:
        dec = self.model.decorator.name
        defined = self.index.definitions(name)
        if defined:
            path, line = defined[0]
            msg = f"{name!r} (code of {action.id!r}) is defined here but carries no @{dec}"
            return Finding("code-not-found", at.action, at.variant, msg, str(path), line)
        where = self.code_lines.get((action.id, variant.id)) or self.code_lines.get((action.id, None))
        msg = f"no function {name!r} (code of {action.id!r}) carries @{dec} in the sources"
        return Finding("code-not-found", at.action, at.variant, msg, self.model_file, where)


@dataclass(frozen=True, slots=True)
class _At:
    """The action and variant findings are about."""

    action: str
    variant: str | None

    def finding(
        self,
        kind: Kind,
        message: str,
        check: CodeCheck,
        *,
        states: tuple[str, ...] = (),
        code: Requirement = None,
        model: Requirement = None,
    ) -> Finding:
        fn = check.function
        return Finding(kind, self.action, self.variant, message, str(fn.path), fn.line, states, code, model)


def _requirement(tasks: Tasks) -> Requirement:
    """Return task states as reported: ``"any"`` or sorted ids (``None`` first: no task)."""
    if tasks is None:
        return "any"
    items = [None if t is None else t if isinstance(t, str) else str(t.value) for t in tasks]
    return tuple(sorted(items, key=lambda t: (t is not None, t or "")))


def _tasks_text(tasks: Tasks) -> str:
    if tasks is None:
        return "accepts any task state"
    if tasks == {None}:
        return "requires that no task is running"
    named = _tasks_named(tasks)
    return f"requires {'no task or ' if None in tasks else ''}one of the task states {named}"


def _tasks_named(tasks: Iterable[Item | None]) -> str:
    return ", ".join(sorted(_item_text(t, "task state") for t in tasks if t is not None))


def _item_text(item: Item, what: str = "state") -> str:
    return item if isinstance(item, str) else f"{item} (no {what} of the model has this value)"


def _states_text(states: Sequence[Item]) -> str:
    return ", ".join(_item_text(s) for s in states)


def _them(items: Sequence[object]) -> str:
    return "it" if len(items) == 1 else "them"


def _names(checks: Sequence[CodeCheck]) -> str:
    return ", ".join(repr(c.function.qualname) for c in checks)
