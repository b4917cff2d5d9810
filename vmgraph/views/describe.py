"""Diagrams in words: a one-line summary (alt text) and one line per action, state or step.

What a reader without the picture gets: the text and man builders print it in place of
the image, HTML uses the summary as alt text and offers the lines beside the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

from vmgraph.errors import RenderError
from vmgraph.model import UNCHANGED, Model, Transition
from vmgraph.terms import joined
from vmgraph.views.names import sequence_view_name, view_names
from vmgraph.views.select import Ids, Selection, select, transition_parts, variant_rows
from vmgraph.views.sequence import NO_VALUE, dimension_words, sequence_view
from vmgraph.views.tables import action_row
from vmgraph.views.wording import result_text, title

__all__ = ["Description", "describe_view", "sequence_id_of_view"]

#: How the description says "no state set yet" or "no task".
NOTHING = "none"


@dataclass(frozen=True, slots=True)
class Description:
    """A diagram in words: ``summary`` is one sentence, ``items`` one line per element."""

    summary: str
    items: tuple[str, ...]


def sequence_id_of_view(model: Model, view: str) -> str | None:
    """Return the id of the sequence view *view* draws, or ``None`` for a graph view.

    >>> from vmgraph.load.loader import load_model
    >>> sequence_id_of_view(load_model("nova"), "create-sequence")
    'create'
    """
    for seq in model.sequences:
        if view == sequence_view_name(seq.id):
            return seq.id
    return None


def describe_view(model: Model, view: str, *, states: Ids = None, actions: Ids = None) -> Description:
    """Return the description of view *view* (with the same subset the diagram draws).

    Raises:
        RenderError: the view, or an id in *states* or *actions*, is unknown.
    """
    if view in ("preconditions", "transitions"):
        chosen = select(model, states=states, actions=actions)
        return _preconditions(model, chosen) if view == "preconditions" else _transitions(model, chosen)
    seq_id = sequence_id_of_view(model, view)
    if seq_id is None:
        known = ", ".join(view_names(model))
        raise RenderError(f"model {model.id!r} has no view {view!r} (views: {known})")
    return _sequence(model, seq_id)


def _scope(model: Model, chosen: Selection) -> str:
    """Return the words saying which subset is drawn, or ``""`` for everything."""
    parts = []
    if chosen.states is not None:
        parts.append(", ".join(s.label for s in model.states if s.id in chosen.states))
    if chosen.actions is not None:
        parts.append(", ".join(a.label for a in model.actions if a.id in chosen.actions))
    return f", only what concerns {' and '.join(parts)}" if parts else ""


def _preconditions(model: Model, chosen: Selection) -> Description:
    scope = _scope(model, chosen)
    t = model.terms
    counts = "" if scope else f" ({len(model.states)} {t.states}, {len(model.actions)} actions)"
    summary = f"Preconditions of {model.title}{scope}: which {t.states} each action accepts and where it leads{counts}."
    items = []
    for action, variant, first in variant_rows(model, chosen):
        row = action_row(model, action, variant, first=first)
        name = row.label + (" (automatic)" if action.trigger == "system" else "")
        line = f"{name}: " + (
            f"needs no {t.state}, it creates the {t.resource}"
            if not model.accepted(variant)
            else f"accepts {row.accepts}"
        )
        if model.task_states and row.task_state != "none running":
            line += f" ({t.task_state}: {row.task_state})"
        results = [
            "the same state" + result_text(model, r).removeprefix(UNCHANGED)
            if r.to == UNCHANGED
            else result_text(model, r)
            for r in variant.results
        ]
        line += f"; leads to {', or '.join(results)}" if results else "; leads nowhere"
        if row.error:
            line += f"; on failure {row.error}"
        items.append(line + ".")
    return Description(summary, tuple(items))


def _name(model: Model, t: Transition) -> str:
    """Return the words for the action (or variant) of *t*, with its condition."""
    action = model.action(t.action)
    name = title(action, next(v for v in action.variants if v.id == t.variant))
    return name if t.when is None else f"{name} when {t.when}"


def _transitions(model: Model, chosen: Selection) -> Description:
    scope = _scope(model, chosen)
    trans, _ = transition_parts(model, chosen)
    label = {s.id: s.label for s in model.states}
    sources = dict.fromkeys(t.source for t in trans)
    items = []
    for source in ("", *(s.id for s in model.states)):
        if source not in sources:
            continue
        moves: dict[tuple[str, str], list[str]] = {}
        for t in (t for t in trans if t.source == source):
            moves.setdefault((t.kind, t.target), []).append(_name(model, t))
        parts = []
        for (kind, target), found in moves.items():
            names = list(dict.fromkeys(found))
            if kind == "error":
                parts.append(f"to {label[target]} on failure of {', '.join(names)}")
            elif kind == "unchanged":
                parts.append(f"stays {label[target]} by {', '.join(names)}")
            else:
                parts.append(f"to {label[target]} by {', '.join(names)}")
        parts.sort(key=lambda part: " on failure of " in part)  # failures last
        where = f"From {label[source]}" if source else "On creation"
        items.append(f"{where}: {'; '.join(parts)}.")
    states = model.terms.states
    summary = f"State transitions of {model.title}{scope}: the {states} and the actions that lead from one to another."
    return Description(summary, tuple(items))


def _sequence(model: Model, seq_id: str) -> Description:
    view = sequence_view(model, seq_id)
    who = " and ".join(p.label for p in view.participants)
    words = list(dimension_words(model).values())
    dims = (
        joined([w.removesuffix(" state") for w in words]) + " state"
        if all(w.endswith(" state") for w in words)
        else joined(words)
    )
    summary = (
        f"Sequence diagram of {view.label} ({model.title}): {len(view.steps)} {model.terms.shorts} between {who}, "
        f"with the {dims} after each."
    )
    items = []
    for step in view.steps:
        r = step.row
        call = r.call + (f" (was {r.historic})" if r.historic else "")
        cells = (NOTHING if cell == NO_VALUE else cell for cell in step.cells)
        said = ", ".join(f"{word} {cell}" for word, cell in zip(words, cells, strict=True))
        line = f"{r.number}. {r.caller} to {r.callee}: {call}; {said}"
        items.append(line + (f"; {r.note}." if r.note else "."))
    return Description(summary, tuple(items))
