"""Model -> table rows (plain strings): states, actions, the precondition matrix, sequence steps.

The wording of every cell and the columns of every table (header and field, :class:`Column`)
are decided here, once, for the generated pages and the Sphinx directives alike: the
templates and :mod:`vmgraph.sphinxext.listtable` loop over the same columns. Nothing here
escapes: cells are model text and the templates escape them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from vmgraph.model import Action, Model, State, Variant
from vmgraph.terms import capital
from vmgraph.views.select import Ids, checked_ids, select, variant_rows
from vmgraph.views.sequence import NO_VALUE, StateKind, sequence_rows
from vmgraph.views.wording import api_text, failure_text, result_text, title

__all__ = [
    "ActionRow",
    "Column",
    "Matrix",
    "MatrixRow",
    "StateKind",
    "StateRow",
    "StepRow",
    "action_columns",
    "action_row",
    "action_rows",
    "creates",
    "marks",
    "matrix",
    "matrix_requirements",
    "result_texts",
    "state_columns",
    "state_rows",
    "states_of_kind",
    "step_columns",
    "step_rows",
]

#: Cell text for a requirement that holds.
YES: Final = "yes"
NO: Final = "no"


def creates(model: Model) -> str:
    """Return the accepted states of an action that creates the resource, in words."""
    return f"none (creates the {model.terms.resource})"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: its header and the field of a row it shows.

    ``index`` picks one item of a tuple field (a state column of the matrix); ``remark``
    names a field shown in parentheses after the value when it is set.
    """

    header: str
    field: str
    index: int | None = None
    remark: str | None = None

    def value(self, row: object) -> Any:
        """Return the cell of *row* in this column (without its remark)."""
        found = getattr(row, self.field)
        return found if self.index is None else found[self.index]

    def note(self, row: object) -> str:
        """Return the remark of *row* in this column, or ``""``."""
        return "" if self.remark is None else str(getattr(row, self.remark))


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
    api: str = ""


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

    @property
    def accepted(self) -> tuple[str, ...]:
        """Return the cell of each state column: ``yes`` for an accepted state, else empty."""
        return tuple(YES if flag else "" for flag in self.accepts)


@dataclass(frozen=True, slots=True)
class Matrix:
    """Actions x states: ``states`` are the columns, ``rows`` the actions (one per variant)."""

    states: tuple[State, ...]
    rows: tuple[MatrixRow, ...]
    requirements: tuple[Column, ...] = ()

    @property
    def columns(self) -> tuple[Column, ...]:
        """Return the columns: the action, one per state, then the other requirements."""
        each = (Column(s.label, "accepted", index=i) for i, s in enumerate(self.states))
        return (Column("Action", "label"), *each, *self.requirements)


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


def states_of_kind(model: Model, kind: StateKind) -> tuple[State, ...]:
    """Return the VM, task or power states of *model*."""
    return {"vm": model.states, "task": model.task_states, "power": model.power_states}[kind]


def state_columns(model: Model, kind: StateKind) -> tuple[Column, ...]:
    """Return the columns of a table of the states of one dimension (the marks follow the description)."""
    return (
        Column(capital(model.terms.dimension(kind)), "label"),
        Column("Value", "value"),
        Column("Description", "description", remark="marks"),
    )


def state_rows(model: Model, kind: StateKind = "vm", *, states: Ids = None) -> tuple[StateRow, ...]:
    """Return one row per state of *kind*, in model order (only *states* if given).

    Raises:
        RenderError: an id in *states* is not a state of *kind*.
    """
    items = states_of_kind(model, kind)
    wanted = checked_ids(model.terms.dimension(kind), states, tuple(s.id for s in items))
    return tuple(
        StateRow(
            kind=kind,
            id=s.id,
            label=s.label,
            value="" if s.value is None else str(s.value),
            description=s.description,
            marks=marks(model, s),
        )
        for s in items
        if wanted is None or s.id in wanted
    )


def marks(model: Model, state: State) -> str:
    """Return what sets *state* apart, in words: ``initial``, ``in progress to ACTIVE``, ``failed, error``."""
    kind = state.kind.replace("_", " ")
    if state.target is not None:
        kind += f" to {model.state(state.target).label}"
    found = (
        ("initial", state.initial),
        ("terminal", state.terminal),
        (kind, state.kind != "stable"),
        ("error", state.error),
    )
    return ", ".join(m for m, on in found if on)


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
    return tuple(result_text(model, r) for r in variant.results)


def action_row(model: Model, action: Action, variant: Variant, *, first: bool = True) -> ActionRow:
    """Return the row of one variant of *action*; ``first`` marks the row that stands for the action."""
    accepted = model.accepted(variant)
    return ActionRow(
        id=action.id,
        variant=variant.id,
        label=title(action, variant),
        description=variant.description or action.description,
        accepts=_labels(model, accepted) if accepted else creates(model),
        task_state=_task_state(model, variant),
        launched=YES if variant.must_have_launched else NO,
        results="; ".join(result_texts(model, variant)),
        error=failure_text(model, variant),
        trigger="system" if action.trigger == "system" else "API",
        first=first,
        api=api_text(model, action) if first else "",
    )


def action_rows(model: Model, *, states: Ids = None, actions: Ids = None) -> tuple[ActionRow, ...]:
    """Return one row per action (one per variant), in model order.

    With *actions*, only those actions; with *states*, only the variants that accept or
    lead to one of those states.

    Raises:
        RenderError: an id in *states* or *actions* is unknown.
    """
    chosen = select(model, states=states, actions=actions)
    return tuple(action_row(model, a, v, first=first) for a, v, first in variant_rows(model, chosen))


def matrix(model: Model, *, states: Ids = None, actions: Ids = None) -> Matrix:
    """Return the precondition matrix: one column per VM state, one row per action variant.

    *states* limits the columns (and the rows to the variants touching them), *actions*
    the rows.

    Raises:
        RenderError: an id in *states* or *actions* is unknown.
    """
    chosen = select(model, states=states, actions=actions)
    columns = tuple(s for s in model.states if chosen.states is None or s.id in chosen.states)
    rows = []
    for action, variant, first in variant_rows(model, chosen):
        accepted = set(model.accepted(variant))
        rows.append(
            MatrixRow(
                id=action.id,
                variant=variant.id,
                label=title(action, variant),
                accepts=tuple(s.id in accepted for s in columns),
                task_state=_task_state(model, variant),
                launched=YES if variant.must_have_launched else NO,
                first=first,
            )
        )
    return Matrix(states=columns, rows=tuple(rows), requirements=matrix_requirements(model))


def matrix_requirements(model: Model) -> tuple[Column, ...]:
    """Return the columns of the precondition matrix after the state columns: those the model uses."""
    columns = (Column(capital(model.terms.task_state), "task_state"),) if model.task_states else ()
    return columns + ((Column("Must have launched", "launched"),) if model.uses_launched else ())


def action_columns(model: Model) -> tuple[Column, ...]:
    """Return the columns of the actions table (other requirements only where used)."""
    return (
        Column("Action", "label"),
        Column("Description", "description"),
        Column(f"Accepted {model.terms.states}", "accepts"),
        *matrix_requirements(model),
        Column("Results", "results"),
        Column("On failure", "error"),
        Column("Trigger", "trigger"),
        *((Column("API", "api"),) if any(a.api for a in model.actions) else ()),
    )


def step_columns(model: Model) -> tuple[Column, ...]:
    """Return the columns of the steps of a sequence: one per state dimension of the model."""
    fields = {"vm": "vm_state", "task": "task_state", "power": "power_state"}
    return (
        Column("Step", "number"),
        Column("From", "caller"),
        Column("To", "callee"),
        Column(capital(model.terms.short), "call"),
        Column("Formerly", "historic"),
        *(Column(capital(model.terms.dimension(kind)), fields[kind]) for kind in model.dimensions),
        Column("Note", "note"),
    )


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
