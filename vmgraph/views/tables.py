"""Model -> table rows (plain strings): states, actions, the precondition matrix, sequence steps.

The wording of every cell is decided here, once, for the generated pages and the Sphinx
directives alike; the templates only lay the rows out. Nothing here escapes: cells are model
text and the templates escape them.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from vmgraph.errors import RenderError
from vmgraph.model import UNCHANGED, Action, Model, State, Variant
from vmgraph.views.sequence import NO_VALUE, STATE_KINDS, StateKind, sequence_rows

__all__ = [
    "STATE_KINDS",
    "ActionRow",
    "Matrix",
    "MatrixRow",
    "StateKind",
    "StateRow",
    "StepRow",
    "action_rows",
    "checked_ids",
    "matrix",
    "result_texts",
    "state_rows",
    "states_of_kind",
    "step_rows",
]

#: Cell text for a requirement that holds.
YES: Final = "yes"
NO: Final = "no"
#: The accepted states of an action that creates the resource.
CREATES: Final = "none (creates the VM)"


@dataclass(frozen=True, slots=True)
class StateRow:
    """One state: ``marks`` is ``initial``/``terminal`` (or empty), ``value`` what the code stores."""

    kind: StateKind
    id: str
    label: str
    value: str
    description: str
    marks: str


@dataclass(frozen=True, slots=True)
class ActionRow:
    """One action, or one variant of it; ``first`` marks the row that stands for the action."""

    id: str
    variant: str | None
    label: str
    description: str
    accepts: str
    task_state: str
    launched: str
    results: str
    error: str
    trigger: str
    first: bool


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One row of the precondition matrix: a flag per state column, plus the other requirements."""

    id: str
    variant: str | None
    label: str
    accepts: tuple[bool, ...]
    task_state: str
    launched: str
    first: bool


@dataclass(frozen=True, slots=True)
class Matrix:
    """Actions x states: ``states`` are the columns, ``rows`` the actions (one per variant)."""

    states: tuple[State, ...]
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True, slots=True)
class StepRow:
    """One step of a sequence, with the states in force after it (``-``: not set or no task)."""

    number: int
    caller: str
    callee: str
    call: str
    historic: str
    vm_state: str
    task_state: str
    power_state: str
    note: str


def checked_ids(kind: str, given: Collection[str] | None, known: tuple[str, ...]) -> frozenset[str] | None:
    """Return the ids of a subset (``None``: everything), or raise naming each unknown one.

    Raises:
        RenderError: an id is not in *known*; the message suggests the closest ones.
    """
    if given is None:
        return None
    wanted = frozenset(given)
    problems = []
    for bad in sorted(wanted.difference(known)):
        close = difflib.get_close_matches(bad, known, n=3)
        hint = f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
        problems.append(f"unknown {kind} {bad!r}{hint}")
    if problems:
        raise RenderError("; ".join(problems))
    return wanted


def states_of_kind(model: Model, kind: StateKind) -> tuple[State, ...]:
    """Return the VM, task or power states of *model*."""
    return {"vm": model.states, "task": model.task_states, "power": model.power_states}[kind]


def state_rows(model: Model, kind: StateKind = "vm", *, states: Collection[str] | None = None) -> tuple[StateRow, ...]:
    """Return one row per state of *kind*, in model order (only *states* if given).

    Raises:
        RenderError: an id in *states* is not a state of *kind*.
    """
    items = states_of_kind(model, kind)
    wanted = checked_ids(STATE_KINDS[kind], states, tuple(s.id for s in items))
    return tuple(
        StateRow(
            kind=kind,
            id=s.id,
            label=s.label,
            value="" if s.value is None else str(s.value),
            description=s.description,
            marks=", ".join(m for m, on in (("initial", s.initial), ("terminal", s.terminal)) if on),
        )
        for s in items
        if wanted is None or s.id in wanted
    )


def _selected(
    model: Model, states: Collection[str] | None, actions: Collection[str] | None
) -> tuple[tuple[Action, Variant, bool], ...]:
    """Return (action, variant, first) for the variants of *actions* touching *states*."""
    want_states = checked_ids("state", states, tuple(s.id for s in model.states))
    want_actions = checked_ids("action", actions, tuple(a.id for a in model.actions))
    chosen = []
    for action in model.actions:
        if want_actions is not None and action.id not in want_actions:
            continue
        first = True
        for variant in action.variants:
            touched = (*model.accepted(variant), *(r.to for r in variant.results if r.to != UNCHANGED))
            if want_states is None or not want_states.isdisjoint(touched):
                chosen.append((action, variant, first))
                first = False
    return tuple(chosen)


def _title(action: Action, variant: Variant) -> str:
    if variant.id is None:
        return action.label
    return variant.label or f"{action.label} ({variant.id})"


def _labels(model: Model, ids: tuple[str, ...]) -> str:
    return ", ".join(model.state(i).label for i in ids)


def _task_state(model: Model, variant: Variant) -> str:
    req = variant.task_state
    if req.kind == "any":
        return "any"
    if req.kind == "none":
        return "none running"
    labels = {s.id: s.label for s in model.task_states}
    return ", ".join("none running" if t is None else labels.get(t, t) for t in req.states)


def result_texts(model: Model, variant: Variant) -> tuple[str, ...]:
    """Return each result of *variant* in words: ``SHELVED``, ``STOPPED when ...``, ``unchanged``."""
    parts = []
    for r in variant.results:
        text = UNCHANGED if r.to == UNCHANGED else model.state(r.to).label
        if r.source is not None:
            text += f" from {model.state(r.source).label}"
        if r.when is not None:
            text += f" when {r.when}"
        parts.append(text)
    return tuple(parts)


def action_rows(
    model: Model, *, states: Collection[str] | None = None, actions: Collection[str] | None = None
) -> tuple[ActionRow, ...]:
    """Return one row per action (one per variant), in model order.

    With *actions*, only those actions; with *states*, only the variants that accept or
    lead to one of those states.

    Raises:
        RenderError: an id in *states* or *actions* is unknown.
    """
    rows = []
    for action, variant, first in _selected(model, states, actions):
        accepted = model.accepted(variant)
        rows.append(
            ActionRow(
                id=action.id,
                variant=variant.id,
                label=_title(action, variant),
                description=variant.description or action.description,
                accepts=_labels(model, accepted) if accepted else CREATES,
                task_state=_task_state(model, variant),
                launched=YES if variant.must_have_launched else NO,
                results="; ".join(result_texts(model, variant)),
                error="" if variant.error is None else model.state(variant.error).label,
                trigger="system" if action.trigger == "system" else "API",
                first=first,
            )
        )
    return tuple(rows)


def matrix(model: Model, *, states: Collection[str] | None = None, actions: Collection[str] | None = None) -> Matrix:
    """Return the precondition matrix: one column per VM state, one row per action variant.

    *states* limits the columns (and the rows to the variants touching them), *actions*
    the rows.

    Raises:
        RenderError: an id in *states* or *actions* is unknown.
    """
    chosen = _selected(model, states, actions)
    wanted = checked_ids("state", states, tuple(s.id for s in model.states))
    columns = tuple(s for s in model.states if wanted is None or s.id in wanted)
    rows = []
    for action, variant, first in chosen:
        accepted = set(model.accepted(variant))
        rows.append(
            MatrixRow(
                id=action.id,
                variant=variant.id,
                label=_title(action, variant),
                accepts=tuple(s.id in accepted for s in columns),
                task_state=_task_state(model, variant),
                launched=YES if variant.must_have_launched else NO,
                first=first,
            )
        )
    return Matrix(states=columns, rows=tuple(rows))


def step_rows(model: Model, sequence_id: str = "create") -> tuple[StepRow, ...]:
    """Return the steps of a sequence with the states in force after each.

    Raises:
        RenderError: the sequence is unknown.
    """
    return tuple(
        StepRow(
            number=r.number,
            caller=r.caller,
            callee=r.callee,
            call=r.call,
            historic=r.historic or "",
            vm_state=r.vm_state or NO_VALUE,
            task_state=r.task_state or NO_VALUE,
            power_state=r.power_state or NO_VALUE,
            note=r.note or "",
        )
        for r in sequence_rows(model, sequence_id)
    )
