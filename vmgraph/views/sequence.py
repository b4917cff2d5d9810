"""A sequence (such as Nova's ``create``) as plain data: participants, steps, states after each.

Computed once from the model and drawn by :mod:`vmgraph.emit.sequence` (DOT) and
:mod:`vmgraph.emit.mermaid_sequence` (Mermaid), listed by :func:`vmgraph.views.tables.step_rows`
and told by :mod:`vmgraph.views.describe`. Every word those emitters print (the message lines,
the column headers, the note after each step, the legend) is decided here. Text is plain and
unescaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from vmgraph.errors import RenderError
from vmgraph.hints import suggest
from vmgraph.model import Model, Participant, Sequence, State

__all__ = [
    "LEGEND",
    "NOTE_COLUMN",
    "NO_VALUE",
    "SequenceRow",
    "SequenceStep",
    "SequenceView",
    "StateKind",
    "default_sequence",
    "dimension_words",
    "find_sequence",
    "sequence_rows",
    "sequence_view",
]

StateKind = Literal["vm", "task", "power"]
#: The column of the steps' notes: key and header.
NOTE_COLUMN: Final = ("note", "note")
#: Cell text for "not set yet" and "no task".
NO_VALUE: Final = "-"
#: Key to the state cells of a drawn sequence (the last words only with a task dimension).
LEGEND: Final = "highlighted: changed by the step; grey: carried forward; -: not set or no task"
_LEGEND_NO_TASK: Final = "highlighted: changed by the step; grey: carried forward; -: not set"


def dimension_words(model: Model) -> dict[StateKind, str]:
    """Return the state dimensions *model* has, each with its word from the model's terms."""
    return {kind: model.terms.dimension(kind) for kind in model.dimensions}


@dataclass(frozen=True, slots=True)
class SequenceRow:
    """One step of a sequence with the state labels in force after it.

    States not set by any step so far are ``None``; so is the task state when no task runs.
    """

    number: int
    caller: str
    callee: str
    call: str
    historic: str | None
    vm_state: str | None
    task_state: str | None
    power_state: str | None
    note: str | None

    @property
    def states(self) -> tuple[str | None, str | None, str | None]:
        """Return ``(vm_state, task_state, power_state)``."""
        return (self.vm_state, self.task_state, self.power_state)


@dataclass(frozen=True, slots=True)
class SequenceStep:
    """One step as drawn: the arrow between participant ids, its lines, and the state cells.

    ``cells`` are the state of each dimension of the model after the step (:data:`NO_VALUE` when not
    set); ``changed`` says which of them the step changed; ``summary`` is the note a
    diagram without columns puts under the arrow (the states, then the step's note).
    """

    row: SequenceRow
    caller: str
    callee: str
    message: tuple[str, ...]
    cells: tuple[str, ...]
    changed: tuple[bool, ...]
    summary: tuple[str, ...]

    @property
    def number(self) -> int:
        """Return the step's number, from 1."""
        return self.row.number

    @property
    def self_call(self) -> bool:
        """Return whether the step is a call of a participant to itself."""
        return self.caller == self.callee


@dataclass(frozen=True, slots=True)
class SequenceView:
    """What a sequence diagram draws: participants in order, then one step per row.

    ``columns`` are the key and header of each column right of the lifelines (the states,
    and the notes when a step has one).
    """

    id: str
    label: str
    title: str
    participants: tuple[Participant, ...]
    steps: tuple[SequenceStep, ...]
    columns: tuple[tuple[str, str], ...]
    legend: str = LEGEND

    @property
    def notes(self) -> bool:
        """Return whether the view has a column of notes."""
        return NOTE_COLUMN in self.columns

    @property
    def state_keys(self) -> tuple[str, ...]:
        """Return the keys of the state columns, one per dimension of the model."""
        return tuple(key for key, _ in self.columns if (key, _) != NOTE_COLUMN)


def default_sequence(model: Model) -> str:
    """Return the sequence to show when none is named: the only one, else ``create``.

    Raises:
        RenderError: the model has no sequences, or several and none called ``create``.
    """
    known = [s.id for s in model.sequences]
    if len(known) == 1 or "create" in known:
        return known[0] if len(known) == 1 else "create"
    if not known:
        raise RenderError(f"model {model.id!r} has no sequences")
    raise RenderError(f"model {model.id!r} has {len(known)} sequences, name one of {', '.join(map(repr, known))}")


def find_sequence(model: Model, sequence_id: str) -> Sequence:
    """Return the sequence, or raise a :class:`RenderError` naming the known ones.

    Raises:
        RenderError: *model* has no sequences, or none called *sequence_id*.
    """
    known = [s.id for s in model.sequences]
    if not known:
        raise RenderError(f"model {model.id!r} has no sequences")
    try:
        return model.sequence(sequence_id)
    except KeyError:
        pass
    msg = f"model {model.id!r} has no sequence {sequence_id!r} (known: {', '.join(map(repr, known))})"
    hint = suggest(sequence_id, known)
    raise RenderError(f"{msg}; {hint}" if hint.startswith("did you mean") else msg)


def sequence_rows(model: Model, sequence_id: str = "create") -> tuple[SequenceRow, ...]:
    """Return one row per step of *sequence_id*, states carried forward, as labels.

    Raises:
        RenderError: the sequence, a participant or a state is unknown.
    """
    seq = find_sequence(model, sequence_id)
    names = {p.id: p.label for p in seq.participants}
    t = model.terms
    kinds = ((t.state, model.states), (t.task_state, model.task_states), (t.power_state, model.power_states))
    rows = []
    for number, (step, ids) in enumerate(zip(seq.steps, seq.timeline(), strict=True), 1):
        for who in (step.caller, step.callee):
            if who not in names:
                msg = f"sequence {seq.id!r} step {number} names unknown participant {who!r}"
                raise RenderError(msg)
        vm, task, power = (
            _label(states, sid, f"sequence {seq.id!r} step {number}: unknown {kind}")
            for (kind, states), sid in zip(kinds, ids, strict=True)
        )
        caller, callee = names[step.caller], names[step.callee]
        rows.append(SequenceRow(number, caller, callee, step.call, step.historic, vm, task, power, step.note))
    return tuple(rows)


def sequence_view(model: Model, sequence_id: str = "create") -> SequenceView:
    """Return the view of *sequence_id*: its participants and steps, with the states after each.

    Raises:
        RenderError: the sequence, a participant or a state is unknown.
    """
    seq = find_sequence(model, sequence_id)
    rows = sequence_rows(model, sequence_id)
    words = dimension_words(model)
    used = [("vm", "task", "power").index(kind) for kind in words]
    steps = []
    before: tuple[str | None, ...] = (None, None, None)
    for step, row in zip(seq.steps, rows, strict=True):
        cells = tuple(row.states[i] or NO_VALUE for i in used)
        said = (f"{word.removesuffix(' state')}: {cell}" for word, cell in zip(words.values(), cells, strict=True))
        steps.append(
            SequenceStep(
                row=row,
                caller=step.caller,
                callee=step.callee,
                message=_message_lines(row),
                cells=cells,
                changed=tuple(row.states[i] != before[i] for i in used),
                summary=(*said, *(() if row.note is None else (row.note,))),
            )
        )
        before = row.states
    columns = tuple(words.items())
    return SequenceView(
        id=seq.id,
        label=seq.label,
        title=f"{model.title}: {seq.label}",
        participants=seq.participants,
        steps=tuple(steps),
        columns=(*columns, NOTE_COLUMN) if any(row.note for row in rows) else columns,
        legend=LEGEND if "task" in words else _LEGEND_NO_TASK,
    )


def _message_lines(row: SequenceRow) -> tuple[str, ...]:
    """Return the arrow label's lines: step number and call, then the historic name."""
    if row.historic:
        return (f"{row.number}. {row.call}", f"(was {row.historic})")
    return (f"{row.number}. {row.call}",)


def _label(states: tuple[State, ...], state_id: str | None, problem: str) -> str | None:
    """Return the label of *state_id* (``None`` stays ``None``); raise if it is unknown."""
    if state_id is None:
        return None
    for state in states:
        if state.id == state_id:
            return state.label
    raise RenderError(f"{problem} {state_id!r}")
