"""Diagrams in words: a one-line summary (alt text) and one line per action, state or step.

What a reader without the picture gets: the text and man builders print it in place of
the image, HTML uses the summary as alt text and offers the lines beside the drawing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from vmgraph.errors import RenderError
from vmgraph.model import UNCHANGED, Model, Transition
from vmgraph.views.names import sequence_view_name, view_names
from vmgraph.views.select import checked_ids
from vmgraph.views.sequence import NO_VALUE
from vmgraph.views.tables import CREATES, action_rows, result_texts, step_rows

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


def describe_view(
    model: Model,
    view: str,
    *,
    states: Collection[str] | None = None,
    actions: Collection[str] | None = None,
) -> Description:
    """Return the description of view *view* (with the same subset the diagram draws).

    Raises:
        RenderError: the view, or an id in *states* or *actions*, is unknown.
    """
    if view == "preconditions":
        return _preconditions(model, states, actions)
    if view == "transitions":
        return _transitions(model, states, actions)
    seq_id = sequence_id_of_view(model, view)
    if seq_id is None:
        known = ", ".join(view_names(model))
        raise RenderError(f"model {model.id!r} has no view {view!r} (views: {known})")
    return _sequence(model, seq_id)


def _scope(model: Model, states: Collection[str] | None, actions: Collection[str] | None) -> str:
    """Return the words saying which subset is drawn, or ``""`` for everything."""
    parts = []
    if states is not None:
        wanted = checked_ids("state", states, tuple(s.id for s in model.states)) or frozenset()
        parts.append(", ".join(s.label for s in model.states if s.id in wanted))
    if actions is not None:
        wanted = checked_ids("action", actions, tuple(a.id for a in model.actions)) or frozenset()
        parts.append(", ".join(a.label for a in model.actions if a.id in wanted))
    return f", only what concerns {' and '.join(parts)}" if parts else ""


def _preconditions(model: Model, states: Collection[str] | None, actions: Collection[str] | None) -> Description:
    rows = action_rows(model, states=states, actions=actions)
    scope = _scope(model, states, actions)
    counts = "" if scope else f" ({len(model.states)} VM states, {len(model.actions)} actions)"
    summary = f"Preconditions of {model.title}{scope}: which VM states each action accepts and where it leads{counts}."
    items = []
    for row in rows:
        action = model.action(row.id)
        variant = next(v for v in action.variants if v.id == row.variant)
        name = row.label + (" (automatic)" if row.trigger == "system" else "")
        line = f"{name}: " + (
            "needs no VM state, it creates the VM" if row.accepts == CREATES else f"accepts {row.accepts}"
        )
        if row.task_state != "none running":
            line += f" (task state: {row.task_state})"
        results = [
            t.replace(UNCHANGED, "the same state", 1) if t.startswith(UNCHANGED) else t
            for t in result_texts(model, variant)
        ]
        line += f"; leads to {', or '.join(results)}" if results else "; leads nowhere"
        if row.error:
            line += f"; on failure {row.error}"
        items.append(line + ".")
    return Description(summary, tuple(items))


def _name(model: Model, t: Transition) -> str:
    action = model.action(t.action)
    name = action.label
    if t.variant is not None:
        variant = next(v for v in action.variants if v.id == t.variant)
        name = variant.label or f"{action.label} ({variant.id})"
    return name if t.when is None else f"{name} when {t.when}"


def _transitions(model: Model, states: Collection[str] | None, actions: Collection[str] | None) -> Description:
    scope = _scope(model, states, actions)
    want_states = checked_ids("state", states, tuple(s.id for s in model.states))
    want_actions = checked_ids("action", actions, tuple(a.id for a in model.actions))
    trans = [
        t
        for t in model.transitions()
        if (want_actions is None or t.action in want_actions)
        and (want_states is None or t.source in want_states or t.target in want_states)
    ]
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
    summary = f"State transitions of {model.title}{scope}: the VM states and the actions that lead from one to another."
    return Description(summary, tuple(items))


def _sequence(model: Model, seq_id: str) -> Description:
    seq = model.sequence(seq_id)
    who = " and ".join(p.label for p in seq.participants)
    rows = step_rows(model, seq_id)
    summary = (
        f"Sequence diagram of {seq.label} ({model.title}): {len(rows)} calls between {who}, "
        "with the VM, task and power state after each."
    )
    items = []
    for r in rows:
        call = r.call + (f" (was {r.historic})" if r.historic else "")
        vm, task, power = (NOTHING if v == NO_VALUE else v for v in (r.vm_state, r.task_state, r.power_state))
        line = f"{r.number}. {r.caller} to {r.callee}: {call}; VM state {vm}, task state {task}, power state {power}"
        items.append(line + (f"; {r.note}." if r.note else "."))
    return Description(summary, tuple(items))
