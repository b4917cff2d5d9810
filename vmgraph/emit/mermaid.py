"""Model -> Mermaid text: the transitions, preconditions and sequence views for GitHub and co.

Builds text only and never starts a subprocess. It draws the same views as the DOT emitter
(:mod:`vmgraph.views.transitions`, :mod:`vmgraph.views.preconditions`; sequences come from
:mod:`vmgraph.emit.mermaid_sequence`), with no selection or wording of its own, in what
Mermaid can draw:

* ``transitions``: a ``stateDiagram-v2``; ``[*] -->`` marks initial states and where creating
  calls lead, ``--> [*]`` terminal states; edges of one pair are merged and list their calls
  with variant and ``[when]``; failures are one ``on failure`` edge per source and target; a
  call accepted in (nearly) any state starts from one "any state" node.
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

from collections.abc import Iterator
from typing import Final

from vmgraph.emit.mermaid_sequence import sequence_mermaid
from vmgraph.emit.mermaidtext import document, escape, ident, label
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.errors import RenderError
from vmgraph.model import Model
from vmgraph.views.graph import GraphView, Node
from vmgraph.views.names import sequence_view_name, view_names
from vmgraph.views.preconditions import preconditions_view
from vmgraph.views.select import Ids
from vmgraph.views.transitions import transitions_view

__all__ = [
    "DIRECTIONS",
    "SUFFIX",
    "has_mermaid",
    "mermaid_view",
    "preconditions_mermaid",
    "sequence_mermaid",
    "transitions_mermaid",
]

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
    "classDef any stroke-dasharray:5 5,stroke-width:2px",
)
#: A state's kind and error mark, as borders (a failed state is also a hexagon in a flowchart).
_KIND_DEFS: Final = {
    "in_progress": "classDef in_progress stroke-dasharray:6 3",
    "waiting": "classDef waiting stroke-dasharray:2 2",
    "failed": "classDef failed stroke-width:4px",
    "error_state": "classDef error_state stroke-dasharray:10 2 2 2",
}


def _kind_classes(view: GraphView, ids: dict[str, str]) -> Iterator[str]:
    """Yield the class definitions of the state kinds drawn, then which states have them."""
    for role, line in _KIND_DEFS.items():
        marked = [ids[n.name] for n in view.nodes if n.kind == "state" and role in n.roles]
        if marked:
            yield line
            yield f"class {','.join(marked)} {role}"


#: Where creating calls start and terminal states end in a state diagram.
_POINT: Final = "[*]"


def _mermaid_id(node: Node) -> str:
    """Return the Mermaid id of a state or a call's box, or ``[*]`` for a start point.

    The length prefix keeps action ``a_b`` variant ``c`` (``v3_a_b_c``) apart from action
    ``a`` variant ``b_c`` (``v1_a_b_c``).
    """
    link = node.link
    if link is None:
        return _POINT
    if link.kind == "state":
        return f"s_{ident('state', link.id)}"
    name = ident("action", link.id)
    if link.variant is None:
        return f"a_{name}"
    return f"v{len(name)}_{name}_{ident('variant', link.variant)}"


def _ids(view: GraphView) -> dict[str, str]:
    """Return node name -> Mermaid id; "any state" nodes are ``any_<n>`` in drawing order."""
    anys = [node.name for node in view.nodes if "any" in node.roles]
    return {
        node.name: f"any_{anys.index(node.name)}" if node.name in anys else _mermaid_id(node) for node in view.nodes
    }


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
    view = transitions_view(model, states=states, actions=actions, compact=False)
    return document("stateDiagram-v2", view.title, _transitions_body(view, _direction(style)))


def _transitions_body(view: GraphView, direction: str) -> Iterator[str]:
    ids = _ids(view)
    drawn = [n for n in view.nodes if n.kind == "state" or "any" in n.roles]
    yield f"direction {direction}"
    for node in drawn:
        yield f'state "{label(*node.lines)}" as {ids[node.name]}'
    started = {ids[e.head] for e in view.edges if ids[e.tail] == _POINT}
    for node in drawn:
        if "initial" in node.roles and ids[node.name] not in started:
            yield f"{_POINT} --> {ids[node.name]}"
    for edge in view.edges:
        yield f"{ids[edge.tail]} --> {ids[edge.head]} : {label(*edge.lines)}"
    for node in drawn:
        if "terminal" in node.roles:
            yield f"{ids[node.name]} --> {_POINT}"
    yield from _kind_classes(view, ids)


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
    view = preconditions_view(model, states=states, actions=actions, compact=False)
    return document(f"flowchart {_direction(style)}", view.title, _preconditions_body(view))


def _preconditions_body(view: GraphView) -> Iterator[str]:
    ids = _ids(view)
    for node in view.nodes:
        if node.kind == "state":
            text = escape(node.lines[0])
            shape = f'((("{text}")))' if "terminal" in node.roles else f'(["{text}"])'
            shape = f'{{{{"{text}"}}}}' if "failed" in node.roles else shape
            yield f"{ids[node.name]}{shape}{':::initial' if 'initial' in node.roles else ''}"
        elif "any" in node.roles:
            yield f'{ids[node.name]}(["{label(*node.lines, sep=_NEWLINE)}"]):::any'
    for node in view.nodes:
        if node.kind == "action":
            text = label(*node.lines, sep=_NEWLINE)
            box = f'("{text}"):::system' if "system" in node.roles else f'["{text}"]'
            yield f"{ids[node.name]}{box}"
    for edge in view.edges:
        arrow = "-.->" if "system" in edge.roles else "-->"  # dotted: a result the system makes
        if edge.lines:
            yield f'{ids[edge.tail]} {arrow}|"{label(*edge.lines, sep=_NEWLINE)}"| {ids[edge.head]}'
        else:
            yield f"{ids[edge.tail]} {arrow} {ids[edge.head]}"
    used = {role for node in view.nodes for role in node.roles}
    yield from (line for line in _CLASS_DEFS if line.split()[1] in used)
    yield from _kind_classes(view, ids)


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
