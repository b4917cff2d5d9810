"""Model -> ``graphviz.Digraph``: the preconditions view and the transitions view.

Builds DOT only and never starts a subprocess. Every free text goes through
:func:`graphviz.escape` and each joined label through :func:`graphviz.nohtml`, so a label
can neither close its string nor become an HTML label. Node names are namespaced by kind
(``state_<id>``, ``action_<id>``, ``action_<id>.<variant>``, ``start.<action>``), so a state
and an action may share an id; ids are validated identifiers and used as they are.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Final

from graphviz import Digraph

from vmgraph.emit.dottext import label as _text
from vmgraph.emit.dottext import left_lines
from vmgraph.emit.dottext import tooltip as _tooltip
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.errors import RenderError
from vmgraph.load.reader import suggest
from vmgraph.model import UNCHANGED, Action, Model, Result, State, Transition, Variant

if TYPE_CHECKING:
    from vmgraph.views.emphasis import Emphasis

__all__ = [
    "ACTION_NODE_ATTR",
    "ERROR_EDGE_ATTR",
    "INITIAL_STATE_ATTR",
    "LEGEND_ATTR",
    "PRECONDITIONS_GRAPH_ATTR",
    "START_NODE_ATTR",
    "STATE_NODE_ATTR",
    "SYSTEM_ACTION_ATTR",
    "TERMINAL_STATE_ATTR",
    "TRANSITIONS_GRAPH_ATTR",
    "action_node",
    "precondition_parts",
    "preconditions_graph",
    "start_node",
    "state_node",
    "transition_parts",
    "transitions_graph",
]

Attrs = Mapping[str, str]
Ids = Collection[str] | None
Pair = tuple[Action, Variant]

#: ``concentrate`` merges parallel runs and opposite edges into one and polyline edges stay
#: close to their control polygons; with failures written in the action boxes instead of
#: drawn to ERROR, the 2014 model lays out with about a quarter of the seed diagram's edge
#: crossings (59 against 218, see ``bench/crossings.py``).
PRECONDITIONS_GRAPH_ATTR: Final[Attrs] = {
    "concentrate": "true",
    "splines": "polyline",
    "nodesep": "0.2",
    "ranksep": "0.7",
}
TRANSITIONS_GRAPH_ATTR: Final[Attrs] = {"nodesep": "0.4", "ranksep": "0.5"}
STATE_NODE_ATTR: Final[Attrs] = {"shape": "ellipse", "style": "filled"}
INITIAL_STATE_ATTR: Final[Attrs] = {"style": "filled,bold"}
TERMINAL_STATE_ATTR: Final[Attrs] = {"peripheries": "2"}
ACTION_NODE_ATTR: Final[Attrs] = {"shape": "box", "style": "filled"}
SYSTEM_ACTION_ATTR: Final[Attrs] = {"style": "filled,rounded,dashed"}
START_NODE_ATTR: Final[Attrs] = {"shape": "point", "width": "0.12"}
ERROR_EDGE_ATTR: Final[Attrs] = {"style": "dashed"}
LEGEND_ATTR: Final[Attrs] = {"labelloc": "b", "labeljust": "l"}


def state_node(state_id: str) -> str:
    """Return the DOT node name of VM state *state_id*."""
    return f"state_{state_id}"


def action_node(action: Action, variant: Variant) -> str:
    """Return the DOT node name of one variant of *action* (one box per variant)."""
    suffix = "" if variant.id is None else f".{variant.id}"
    return f"action_{action.id}{suffix}"


def start_node(action: Action) -> str:
    """Return the DOT node name of the start point of a creating *action*."""
    return f"start.{action.id}"


def _title(action: Action, variant: Variant) -> str:
    if variant.id is None:
        return action.label
    return variant.label or f"{action.label} ({variant.id})"


def _condition(model: Model, result: Result) -> str:
    """Return ``from X [when]`` for a per-source or conditional result, else ``""``."""
    parts = [] if result.source is None else [f"from {model.state(result.source).label}"]
    return " ".join(parts if result.when is None else [*parts, f"[{result.when}]"])


def _checked(kind: str, given: Ids, known: tuple[str, ...]) -> frozenset[str] | None:
    """Return the ids of a subset (a str is one id), or raise naming each unknown one."""
    if given is None:
        return None
    wanted = frozenset((given,) if isinstance(given, str) else given)
    problems = [f"unknown {kind} {bad!r} ({suggest(bad, known)})" for bad in sorted(wanted.difference(known))]
    if problems:
        raise RenderError("; ".join(problems))
    return wanted


def _subset(model: Model, states: Ids, actions: Ids) -> tuple[frozenset[str] | None, ...]:
    return (
        _checked("state", states, tuple(s.id for s in model.states)),
        _checked("action", actions, tuple(a.id for a in model.actions)),
    )


def _digraph(name: str, style: Style, graph_attr: Attrs, emphasis: Emphasis | None = None) -> Digraph:
    font = {"fontname": style.fontname, "fontcolor": style.palette.ink}
    size = {"fontsize": str(style.fontsize)}
    ink = {"color": style.palette.ink}
    return (Digraph if emphasis is None else emphasis.digraph)(
        name,
        graph_attr={"rankdir": style.rankdir, **font, **size, **graph_attr},
        node_attr={**font, **size, **ink},
        edge_attr={**font, "fontsize": str(style.edge_fontsize), **ink},
    )


def _add_states(g: Digraph, model: Model, shown: frozenset[str], style: Style) -> list[State]:
    """Add the states in *shown*, in model order, and return them."""
    states = [s for s in model.states if s.id in shown]
    for state in states:
        g.node(state_node(state.id), _text(state.label), **_state_attrs(state, style))
    return states


def _state_attrs(state: State, style: Style) -> dict[str, str]:
    attrs = {**STATE_NODE_ATTR, "fillcolor": style.palette.state_fill}
    attrs.update(INITIAL_STATE_ATTR if state.initial else {})
    attrs.update(TERMINAL_STATE_ATTR if state.terminal else {})
    if state.description:
        attrs["tooltip"] = _tooltip(state.description)
    return attrs


def _legend(g: Digraph, style: Style, states: list[State], entries: list[tuple[bool, str]]) -> None:
    """Add a key, left-aligned under the graph, with the *entries* whose flag is true."""
    entries = [
        *entries,
        (any(s.initial for s in states), "bold: initial state (before launch)"),
        (any(s.terminal for s in states), "double border: terminal state"),
    ]
    if style.legend:
        g.attr(label=left_lines([line for shown, line in entries if shown]), **LEGEND_ATTR)


# -- preconditions view ---------------------------------------------------------------


def precondition_parts(
    model: Model, *, states: Ids = None, actions: Ids = None
) -> tuple[tuple[Pair, ...], frozenset[str]]:
    """Return the (action, variant) boxes and the state ids the preconditions view draws.

    With *states*, the boxes are those with an edge to or from one of them; with *actions*,
    those actions' boxes and the states they touch; with neither, everything.

    Raises:
        RenderError: An id in *states* or *actions* is unknown.
    """
    want_states, want_actions = _subset(model, states, actions)
    pairs = tuple(
        (a, v)
        for a in model.actions
        for v in a.variants
        if (want_actions is None or a.id in want_actions)
        and (want_states is None or not want_states.isdisjoint(_touched(model, v)))
    )
    shown = want_states
    if shown is None:
        everything = want_actions is None
        shown = frozenset(s.id for s in model.states if everything) | frozenset(
            s for _, v in pairs for s in _touched(model, v)
        )
    return pairs, shown


def preconditions_graph(
    model: Model,
    *,
    states: Ids = None,
    actions: Ids = None,
    style: Style = DEFAULT_STYLE,
    emphasis: Emphasis | None = None,
) -> Digraph:
    """Return the preconditions view: states (ellipses) and actions (boxes, one per variant).

    ``state -> action`` edges are the accepted states, ``action -> state`` edges the
    results, labelled ``from X`` (per-source) and ``[when]`` (conditional). Results that
    leave the state unchanged and the state a failure leads to are written in the box.

    Args:
        model: The model to draw.
        states: Draw only these states and the actions with an edge to or from them.
        actions: Draw only these actions and the states they accept or lead to.
        style: Graph-wide look.
        emphasis: Draw part of the graph bold and fade the rest (:mod:`vmgraph.views.emphasis`).

    Raises:
        RenderError: An id in *states* or *actions* is unknown.
    """
    pairs, shown = precondition_parts(model, states=states, actions=actions)
    g = _digraph(f"{model.id}_preconditions", style, PRECONDITIONS_GRAPH_ATTR, emphasis)
    drawn = _add_states(g, model, shown, style)
    for action, variant in pairs:
        _add_action(g, model, action, variant, style)
    for action, variant in pairs:
        _add_action_edges(g, model, action_node(action, variant), variant, shown=shown, style=style)
    _legend(g, style, drawn, _precondition_legend(pairs))
    return g


def _touched(model: Model, variant: Variant) -> tuple[str, ...]:
    """Return the states *variant* has an edge with in the preconditions view."""
    return model.accepted(variant) + tuple(r.to for r in variant.results if r.to != UNCHANGED)


def _add_action(g: Digraph, model: Model, action: Action, variant: Variant, style: Style) -> None:
    attrs = {**ACTION_NODE_ATTR, "fillcolor": style.palette.action_fill}
    if action.trigger == "system":
        attrs.update(SYSTEM_ACTION_ATTR, fillcolor=style.palette.system_fill)
    if description := variant.description or action.description:
        attrs["tooltip"] = _tooltip(description)
    lines = [_title(action, variant)]
    lines += [f"= unchanged {_condition(model, r)}".rstrip() for r in variant.results if r.to == UNCHANGED]
    if variant.error is not None:
        lines.append(f"on failure: {model.state(variant.error).label}")
    g.node(action_node(action, variant), _text(*lines), **attrs)


def _add_action_edges(
    g: Digraph,
    model: Model,
    name: str,
    variant: Variant,
    *,
    shown: frozenset[str],
    style: Style,
) -> None:
    for source in (s for s in model.accepted(variant) if s in shown):
        g.edge(state_node(source), name)
    conditions: dict[str, list[str]] = {}
    for r in variant.results:
        if r.to != UNCHANGED and r.to in shown:
            conditions.setdefault(r.to, []).append(_condition(model, r))
    for target, lines in conditions.items():
        if "" in lines:  # an unconditional result makes the conditions moot
            g.edge(name, state_node(target))
            continue
        attrs = {"tooltip": _tooltip("; ".join(lines)), "fontcolor": style.palette.condition}
        g.edge(name, state_node(target), _text(*lines), **attrs)


def _precondition_legend(pairs: tuple[Pair, ...]) -> list[tuple[bool, str]]:
    results = [r for _, v in pairs for r in v.results]
    return [
        (True, "ellipse: VM state; box: API call"),
        (True, "state -> call: an accepted state; call -> state: a result"),
        (any(a.trigger == "system" for a, _ in pairs), "dashed box: automatic, not an API call"),
        (any(r.source is not None for r in results), "'from X': the result when started in X"),
        (any(r.when is not None for r in results), "[text]: the condition that selects it"),
        (any(r.to == UNCHANGED for r in results), "'= unchanged': the VM state stays as it was"),
        (any(v.error is not None for _, v in pairs), "'on failure: X': a failure leads to X"),
    ]


# -- transitions view -----------------------------------------------------------------


def transition_parts(
    model: Model, *, states: Ids = None, actions: Ids = None
) -> tuple[tuple[Transition, ...], frozenset[str]]:
    """Return the transitions and the state ids the transitions view draws.

    With *states*, the transitions from or to them (and the states asked for, even without
    any); with *actions*, those actions' transitions; with neither, everything.

    Raises:
        RenderError: An id in *states* or *actions* is unknown.
    """
    want_states, want_actions = _subset(model, states, actions)
    trans = tuple(
        t
        for t in model.transitions()
        if (want_actions is None or t.action in want_actions)
        and (want_states is None or t.source in want_states or t.target in want_states)
    )
    everything = want_states is None and want_actions is None
    shown = frozenset(s.id for s in model.states if everything) | frozenset(
        s for t in trans for s in (t.source, t.target) if s
    )
    return trans, shown | (want_states or frozenset())


def transitions_graph(
    model: Model,
    *,
    states: Ids = None,
    actions: Ids = None,
    style: Style = DEFAULT_STYLE,
    emphasis: Emphasis | None = None,
) -> Digraph:
    """Return the transitions view: one edge per (source, target), labelled with its actions.

    Edges of one pair are merged, listing the actions in model order with their variant and
    ``[when]`` condition; "unchanged" gives a self-loop; failures are one grey dashed
    "on failure" edge per source and target (the tooltip names the actions); a creating
    action starts from a point.

    Args:
        model: The model to draw.
        states: Draw only the transitions from or to these states (and their other end).
        actions: Draw only the transitions of these actions.
        style: Graph-wide look.
        emphasis: Draw part of the graph bold and fade the rest (:mod:`vmgraph.views.emphasis`).

    Raises:
        RenderError: An id in *states* or *actions* is unknown.
    """
    trans, shown = transition_parts(model, states=states, actions=actions)
    g = _digraph(f"{model.id}_transitions", style, TRANSITIONS_GRAPH_ATTR, emphasis)
    drawn = _add_states(g, model, shown, style)
    for action in (model.action(a) for a in dict.fromkeys(t.action for t in trans if not t.source)):
        g.node(start_node(action), "", tooltip=_tooltip(action.label), **START_NODE_ATTR)
    groups: dict[tuple[str, str, bool], list[Transition]] = {}
    for t in trans:
        tail = state_node(t.source) if t.source else start_node(model.action(t.action))
        groups.setdefault((tail, state_node(t.target), t.kind == "error"), []).append(t)
    for (tail, head, error), items in groups.items():
        lines = _transition_lines(model, items)
        if error:
            muted = {"color": style.palette.muted, "fontcolor": style.palette.muted}
            tooltip = _tooltip("on failure of: " + ", ".join(lines))
            g.edge(tail, head, _text("on failure"), tooltip=tooltip, **muted, **ERROR_EDGE_ATTR)
        else:
            g.edge(tail, head, _text(*lines))
    _legend(g, style, drawn, _transition_legend(model, trans))
    return g


def _transition_lines(model: Model, items: list[Transition]) -> list[str]:
    """Return one line per (action, condition): its label or variants, and ``[when]``."""
    grouped: dict[tuple[str, str | None], dict[str | None, None]] = {}
    for t in items:
        grouped.setdefault((t.action, t.when), {})[t.variant] = None
    lines = []
    for (action_id, when), variant_ids in grouped.items():
        action = model.action(action_id)
        text = action.label
        if len(variant_ids) < len(action.variants):  # name the variants unless all
            text = ", ".join(_title(action, v) for v in action.variants if v.id in variant_ids)
        text += " (system)" if action.trigger == "system" else ""
        lines.append(text if when is None else f"{text} [{when}]")
    return list(dict.fromkeys(lines))


def _transition_legend(model: Model, trans: tuple[Transition, ...]) -> list[tuple[bool, str]]:
    system = any(model.action(t.action).trigger == "system" for t in trans)
    return [
        (True, "ellipse: VM state; edge: the calls that lead from one state to the other"),
        (any(not t.source for t in trans), "dot: where a call that creates the VM starts"),
        (any(t.when is not None for t in trans), "[text]: the condition that selects the result"),
        (system, "(system): automatic, not an API call"),
        (any(t.source == t.target and t.kind != "error" for t in trans), "loop: state unchanged"),
        (any(t.kind == "error" for t in trans), "grey dashed: where a failure leads"),
    ]
