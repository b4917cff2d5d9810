"""Model -> Mermaid ``sequenceDiagram``: a sequence of calls with the states after each step."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from vmgraph.emit.mermaidtext import document, escape, ident, label
from vmgraph.emit.sequence import NO_VALUE, SequenceRow, _message_lines, _sequence, sequence_rows
from vmgraph.model import Model, Sequence

__all__ = ["sequence_mermaid"]

#: What the note after each step calls the VM, task and power state.
_STATE_KINDS: Final = ("VM", "task", "power")


def sequence_mermaid(model: Model, sequence_id: str = "create") -> str:
    """Return a sequence as a Mermaid ``sequenceDiagram``.

    Each step is a message ``N. call`` (with ``(was historic)`` under it), followed by a
    note over all participants with the VM, task and power state in force after the step
    (``-``: not set yet, or no task) and the step's note.

    Raises:
        RenderError: the sequence, a participant or a state is unknown.
    """
    seq = _sequence(model, sequence_id)
    rows = sequence_rows(model, sequence_id)
    return document("sequenceDiagram", f"{model.title}: {seq.label}", _sequence_body(seq, rows))


def _sequence_body(seq: Sequence, rows: tuple[SequenceRow, ...]) -> Iterator[str]:
    ids = {p.id: f"p_{ident('participant', p.id)}" for p in seq.participants}
    for participant in seq.participants:
        yield f"participant {ids[participant.id]} as {escape(participant.label)}"
    names = list(ids.values())
    over = ",".join(dict.fromkeys(names[:1] + names[-1:]))  # first to last: the note spans them all
    for step, row in zip(seq.steps, rows, strict=True):
        yield f"{ids[step.caller]}->>{ids[step.callee]}: {label(*_message_lines(row))}"
        states = (f"{kind}: {value or NO_VALUE}" for kind, value in zip(_STATE_KINDS, row.states, strict=True))
        notes = () if row.note is None else (row.note,)
        yield f"Note over {over}: {label(*states, *notes)}"
