"""Model -> Mermaid text: the transitions, preconditions and sequence views for GitHub and co.

Builds text only and never starts a subprocess. The views say what the DOT views say
(:mod:`vmgraph.emit.dot`, :mod:`vmgraph.emit.sequence`), in what Mermaid can draw:

* ``transitions``: a ``stateDiagram-v2``; ``[*] -->`` marks initial states and where creating
  calls lead, ``--> [*]`` terminal states; edges of one pair are merged and list their calls
  with variant and ``[when]``; failures are one ``on failure`` edge per source and target.
* ``preconditions``: a ``flowchart``; states are stadiums (a terminal state a double circle,
  an initial one bold), calls are boxes (automatic ones rounded and dashed), with
  ``state --> call`` for accepted states and ``call --> state`` for results.
* ``create-sequence`` / ``sequence-<id>``: a ``sequenceDiagram``; one message per step with
  today's call name and the historic one, and a note with the states in force after it.

Mermaid ids are built only from validated ids, prefixed by kind (``s_``, ``a_``, ``v<n>_``,
``p_``), so a state and an action may share an id and no id is a Mermaid keyword. Every
label goes through :func:`vmgraph.emit.mermaidtext.escape`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Final

from vmgraph.emit.dot import _condition, _title, _transition_lines, precondition_parts, transition_parts
from vmgraph.emit.mermaid_sequence import sequence_mermaid
from vmgraph.emit.mermaidtext import document, escape, ident, label
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.errors import RenderError
from vmgraph.model import UNCHANGED, Action, Model, Transition, Variant
from vmgraph.views.names import sequence_view_name, view_names

__all__ = [
    "DIRECTIONS",
    "SUFFIX",
    "has_mermaid",
    "mermaid_view",
    "preconditions_mermaid",
    "sequence_mermaid",
    "transitions_mermaid",
]

Ids = Collection[str] | None

#: File suffix of Mermaid text (the one the Mermaid CLI and editors use).
SUFFIX: Final = ".mmd"
#: Directions Mermaid accepts; they mean what Graphviz's ``rankdir`` does.
DIRECTIONS: Final = ("TB", "BT", "LR", "RL")
#: Line break inside a quoted flowchart label (a tag there would make mermaid.js decode
#: the label's entities early, see :mod:`vmgraph.emit.mermaidtext`).
_NEWLINE: Final = "\n"
#: Flowchart styles: widths and dashes only, so the diagram follows Mermaid's light or dark theme.
_CLASS_DEFS: Final = (
    "classDef initial stroke-width:3px",
    "classDef system stroke-dasharray:5 5",
)
#: Edge label of failures in the transitions view, as in the DOT view.
_ON_FAILURE: Final = "on failure"


def _state_id(state_id: str) -> str:
    return f"s_{ident('state', state_id)}"


def _action_id(action: Action, variant: Variant) -> str:
    """Return the id of one box per variant.

    The length prefix keeps action ``a_b`` variant ``c`` (``v3_a_b_c``) apart from action
    ``a`` variant ``b_c`` (``v1_a_b_c``).
    """
    name = ident("action", action.id)
    if variant.id is None:
        return f"a_{name}"
    return f"v{len(name)}_{name}_{ident('variant', variant.id)}"


def _direction(style: Style) -> str:
    if style.rankdir not in DIRECTIONS:
        msg = f"rankdir {style.rankdir!r} has no Mermaid equivalent (known: {', '.join(DIRECTIONS)})"
        raise RenderError(msg)
    return style.rankdir


# -- transitions view -----------------------------------------------------------------


def transitions_mermaid(model: Model, *, states: Ids = None, actions: Ids = None, style: Style = DEFAULT_STYLE) -> str:
    """Return the transitions view as a Mermaid ``stateDiagram-v2``.

    Args:
        model: The model to draw.
        states: Draw only the transitions from or to these states (and their other end).
        actions: Draw only the transitions of these actions.
        style: Only its ``rankdir`` applies.

    Raises:
        RenderError: An id in *states* or *actions* is unknown.
    """
    trans, shown = transition_parts(model, states=states, actions=actions)
    body = _transitions_body(model, trans, shown, _direction(style))
    return document("stateDiagram-v2", f"{model.title}: transitions", body)


def _transitions_body(
    model: Model, trans: tuple[Transition, ...], shown: frozenset[str], direction: str
) -> Iterator[str]:
    drawn = [s for s in model.states if s.id in shown]
    yield f"direction {direction}"
    for state in drawn:
        yield f'state "{escape(state.label)}" as {_state_id(state.id)}'
    groups: dict[tuple[str, str, bool], list[Transition]] = {}
    for t in trans:
        tail = _state_id(t.source) if t.source else "[*]"
        groups.setdefault((tail, _state_id(t.target), t.kind == "error"), []).append(t)
    started = {head for tail, head, _ in groups if tail == "[*]"}
    for state in drawn:
        if state.initial and _state_id(state.id) not in started:
            yield f"[*] --> {_state_id(state.id)}"
    for (tail, head, error), items in groups.items():
        text = label(_ON_FAILURE) if error else label(*_transition_lines(model, items))
        yield f"{tail} --> {head} : {text}"
    for state in drawn:
        if state.terminal:
            yield f"{_state_id(state.id)} --> [*]"


# -- preconditions view ---------------------------------------------------------------


def preconditions_mermaid(
    model: Model, *, states: Ids = None, actions: Ids = None, style: Style = DEFAULT_STYLE
) -> str:
    """Return the preconditions view as a Mermaid ``flowchart``.

    ``state --> call`` edges are the accepted states, ``call --> state`` edges the results,
    labelled ``from X`` (per-source) and ``[when]`` (conditional). Results that leave the
    state unchanged and the state a failure leads to are written in the box.

    Args:
        model: The model to draw.
        states: Draw only these states and the actions with an edge to or from them.
        actions: Draw only these actions and the states they accept or lead to.
        style: Only its ``rankdir`` applies.

    Raises:
        RenderError: An id in *states* or *actions* is unknown.
    """
    pairs, shown = precondition_parts(model, states=states, actions=actions)
    return document(
        f"flowchart {_direction(style)}",
        f"{model.title}: preconditions",
        _preconditions_body(model, pairs, shown),
    )


def _preconditions_body(
    model: Model, pairs: tuple[tuple[Action, Variant], ...], shown: frozenset[str]
) -> Iterator[str]:
    drawn = [s for s in model.states if s.id in shown]
    for state in drawn:
        text = escape(state.label)
        shape = f'((("{text}")))' if state.terminal else f'(["{text}"])'
        yield f"{_state_id(state.id)}{shape}{':::initial' if state.initial else ''}"
    for action, variant in pairs:
        lines = [_title(action, variant)]
        lines += [f"= unchanged {_condition(model, r)}".rstrip() for r in variant.results if r.to == UNCHANGED]
        if variant.error is not None:
            lines.append(f"on failure: {model.state(variant.error).label}")
        text = label(*lines, sep=_NEWLINE)
        box = f'("{text}"):::system' if action.trigger == "system" else f'["{text}"]'
        yield f"{_action_id(action, variant)}{box}"
    for action, variant in pairs:
        node = _action_id(action, variant)
        for source in (s for s in model.accepted(variant) if s in shown):
            yield f"{_state_id(source)} --> {node}"
        conditions: dict[str, list[str]] = {}
        for r in variant.results:
            if r.to != UNCHANGED and r.to in shown:
                conditions.setdefault(r.to, []).append(_condition(model, r))
        for target, lines in conditions.items():
            if "" in lines:  # an unconditional result makes the conditions moot
                yield f"{node} --> {_state_id(target)}"
            else:
                yield f'{node} -->|"{label(*lines, sep=_NEWLINE)}"| {_state_id(target)}'
    used = {"initial": any(s.initial for s in drawn), "system": any(a.trigger == "system" for a, _ in pairs)}
    yield from (line for line in _CLASS_DEFS if used[line.split()[1]])


# -- views ----------------------------------------------------------------------------


def has_mermaid(model: Model, view_name: str) -> bool:
    """Return whether *model* has a view *view_name* with a Mermaid equivalent.

    >>> from vmgraph.load.loader import load_model
    >>> [has_mermaid(load_model("nova"), v) for v in ("transitions", "create-sequence", "nope")]
    [True, True, False]
    """
    sequences = {sequence_view_name(s.id) for s in model.sequences}
    return view_name in {"preconditions", "transitions", *sequences}


def mermaid_view(model: Model, view_name: str, *, style: Style = DEFAULT_STYLE) -> str:
    """Return the Mermaid text of view *view_name* (``preconditions``, ``transitions``, a sequence).

    Raises:
        RenderError: *model* has no such view, or the view has no Mermaid equivalent.
    """
    if view_name == "preconditions":
        return preconditions_mermaid(model, style=style)
    if view_name == "transitions":
        return transitions_mermaid(model, style=style)
    for sequence in model.sequences:
        if view_name == sequence_view_name(sequence.id):
            return sequence_mermaid(model, sequence.id)
    known = ", ".join(name for name in view_names(model) if has_mermaid(model, name))
    msg = f"model {model.id!r} has no view {view_name!r} with a Mermaid equivalent (views: {known})"
    raise RenderError(msg)
