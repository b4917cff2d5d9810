"""Sequence view -> Mermaid ``sequenceDiagram``: a sequence of calls with the states after each step."""

from __future__ import annotations

from collections.abc import Iterator

from vmgraph.emit.mermaidtext import document, escape, ident, label
from vmgraph.model import Model
from vmgraph.views.sequence import SequenceView, sequence_view

__all__ = ["sequence_mermaid"]


def sequence_mermaid(model: Model, sequence_id: str = "create") -> str:
    """Return a sequence as a Mermaid ``sequenceDiagram``.

    Each step is a message ``N. call`` (with ``(was historic)`` under it), followed by a
    note over all participants with the state of each dimension in force after the step
    (``-``: not set yet, or no task) and the step's note.

    Raises:
        RenderError: the sequence, a participant or a state is unknown.
    """
    view = sequence_view(model, sequence_id)
    return document("sequenceDiagram", view.title, _sequence_body(view))


def _sequence_body(view: SequenceView) -> Iterator[str]:
    ids = {p.id: f"p_{ident('participant', p.id)}" for p in view.participants}
    for participant in view.participants:
        yield f"participant {ids[participant.id]} as {escape(participant.label)}"
    names = list(ids.values())
    over = ",".join(dict.fromkeys(names[:1] + names[-1:]))  # first to last: the note spans them all
    for step in view.steps:
        yield f"{ids[step.caller]}->>{ids[step.callee]}: {label(*step.message)}"
        yield f"Note over {over}: {label(*step.summary)}"
