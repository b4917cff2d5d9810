"""Views that stay small at any model size: one per state, one per action, and an overview.

`dot` lays out a 12-state lifecycle in milliseconds, but its time explodes on dense graphs
(random graphs of 5 edges per state: 50 states 4 s, 75 states a minute, 1,000 states not in
five minutes), and such a drawing is unreadable anyway. So a large model is drawn as:

- ``states/<id>``: one state, the calls it accepts and where each leads (the transitions
  that leave it, merged per target as in the transitions view), and where it is entered
  from, as a line of text;
- ``actions/<id>``: one action, a box per variant, the states it accepts and its results;
- ``overview``: the most connected states, with the calls between them counted, and all
  the others grouped in one node; failures are left to the focused views.

Each view draws at most *limit* neighbours; more are grouped into one node that says how
many it stands for, so every graph stays small enough to lay out in well under a second.
:func:`model_size` and :func:`is_large` decide when ``vmgraph render`` uses these views
instead of the whole-model ones. Builds DOT only; never starts a process.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Final

from graphviz import Digraph

from vmgraph.emit.dot import (
    ACTION_NODE_ATTR,
    ERROR_EDGE_ATTR,
    LEGEND_ATTR,
    START_NODE_ATTR,
    SYSTEM_ACTION_ATTR,
    action_node,
    start_node,
    state_node,
)
from vmgraph.emit.dot import STATE_NODE_ATTR as _STATE_ATTR
from vmgraph.emit.dottext import label as _text
from vmgraph.emit.dottext import left_lines
from vmgraph.emit.dottext import tooltip as _tooltip
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.errors import RenderError
from vmgraph.limits import FOCUS_LIMIT, MAX_EDGES, MAX_STATES
from vmgraph.model import UNCHANGED

if TYPE_CHECKING:
    from vmgraph.model import Action, Model, State, Transition, Variant

__all__ = [
    "FOCUS_LIMIT",
    "MAX_EDGES",
    "MAX_STATES",
    "OVERVIEW",
    "action_graph",
    "action_view_name",
    "build_focused",
    "focused_sources",
    "focused_view_names",
    "is_focused_view",
    "is_large",
    "model_size",
    "overview_graph",
    "state_graph",
    "state_view_name",
    "subset_graph",
    "unknown_focused",
]

#: The name of the overview.
OVERVIEW: Final = "overview"
#: Most lines an edge label lists before "+ n more".
_LABEL_LINES: Final = 6
#: Most names a grouped node or tooltip lists.
_NAMES: Final = 8
_GRAPH_ATTR: Final = {"nodesep": "0.3", "ranksep": "0.6"}
#: A state and its neighbours read best as a fan from left to right.
_STATE_GRAPH_ATTR: Final = {"rankdir": "LR"}
_FOCUS_ATTR: Final = {"penwidth": "2.5"}
_GROUP_ATTR: Final = {"shape": "box", "style": "dashed,rounded"}


def state_view_name(state_id: str) -> str:
    """Return the view name of the focused view of a state (``states/<id>``)."""
    return f"states/{state_id}"


def action_view_name(action_id: str) -> str:
    """Return the view name of the focused view of an action (``actions/<id>``)."""
    return f"actions/{action_id}"


def focused_view_names(model: Model) -> tuple[str, ...]:
    """Return the overview, then one view per state and one per action, in model order."""
    return (
        OVERVIEW,
        *(state_view_name(s.id) for s in model.states),
        *(action_view_name(a.id) for a in model.actions),
    )


def is_focused_view(name: str) -> bool:
    """Return True for ``overview``, ``states/<id>`` and ``actions/<id>``."""
    return name == OVERVIEW or name.startswith(("states/", "actions/"))


def model_size(model: Model) -> tuple[int, int]:
    """Return (states, edges): what the transitions view would ask `dot` to lay out.

    Edges are the distinct (source, target) pairs of results, plus those of failures.
    """
    edges = {(t.source, t.target, t.kind == "error") for t in model.transitions()}
    return len(model.states), len(edges)


def is_large(model: Model, *, max_states: int = MAX_STATES, max_edges: int = MAX_EDGES) -> bool:
    """Return True if *model* has more states or edges than the whole-model views should draw."""
    states, edges = model_size(model)
    return states > max_states or edges > max_edges


def build_focused(model: Model, name: str, *, style: Style = DEFAULT_STYLE, limit: int = FOCUS_LIMIT) -> Digraph:
    """Return the focused view *name* (``overview``, ``states/<id>`` or ``actions/<id>``).

    Raises:
        RenderError: the name is not a focused view of *model*.
    """
    kind, _, item = name.partition("/")
    if name == OVERVIEW:
        return overview_graph(model, style=style, limit=limit)
    try:
        known = (kind == "states" and model.state(item)) or (kind == "actions" and model.action(item))
    except KeyError:
        known = False
    if known and kind == "states":
        return state_graph(model, item, style=style, limit=limit)
    if known:
        return action_graph(model, item, style=style, limit=limit)
    raise RenderError(unknown_focused(model, name))


def unknown_focused(model: Model, name: str) -> str:
    """Return the message for *name*, which is not a focused view of *model*."""
    from vmgraph.load.reader import suggest  # noqa: PLC0415

    kind, _, item = name.partition("/")
    what = {"states": "state", "actions": "action"}.get(kind)
    if what is None or not item:
        return f"model {model.id!r} has no view {name!r} (focused views: overview, states/<id>, actions/<id>)"
    known = [s.id for s in model.states] if kind == "states" else [a.id for a in model.actions]
    return f"model {model.id!r} has no {what} {item!r} for view {name!r} ({suggest(item, known)})"


def focused_sources(
    model: Model, *, style: Style = DEFAULT_STYLE, limit: int = FOCUS_LIMIT
) -> Iterator[tuple[str, str]]:
    """Yield (view name, DOT source) of every focused view, in :func:`focused_view_names` order."""
    for name in focused_view_names(model):
        yield name, build_focused(model, name, style=style, limit=limit).source


# -- shared pieces ---------------------------------------------------------------------------


def _digraph(name: str, style: Style, extra: dict[str, str] | None = None) -> Digraph:
    font = {"fontname": style.fontname, "fontcolor": style.palette.ink}
    ink = {"color": style.palette.ink}
    return Digraph(
        name,
        graph_attr={"rankdir": style.rankdir, **font, "fontsize": str(style.fontsize), **_GRAPH_ATTR, **(extra or {})},
        node_attr={**font, "fontsize": str(style.fontsize), **ink},
        edge_attr={**font, "fontsize": str(style.edge_fontsize), **ink},
    )


def _graph_name(model: Model, kind: str, item: str = "") -> str:
    return f"{model.id}_{kind}_{item}" if item else f"{model.id}_{kind}"


def _state(g: Digraph, state: State, style: Style, *, focus: bool = False) -> None:
    attrs = {**_STATE_ATTR, "fillcolor": style.palette.state_fill}
    if state.initial:
        attrs["style"] = "filled,bold"
    if state.terminal:
        attrs["peripheries"] = "2"
    if focus:
        attrs.update(_FOCUS_ATTR)
    if state.description:
        attrs["tooltip"] = _tooltip(state.description)
    g.node(state_node(state.id), _text(state.label), **attrs)


def _names(labels: list[str], limit: int = _NAMES) -> str:
    shown = ", ".join(labels[:limit])
    return f"{shown}, ... ({len(labels)} in all)" if len(labels) > limit else shown


def _lines(lines: list[str]) -> list[str]:
    if len(lines) <= _LABEL_LINES:
        return lines
    return [*lines[: _LABEL_LINES - 1], f"+ {len(lines) - _LABEL_LINES + 1} more"]


def _call(action: Action, variant: Variant) -> str:
    text = action.label if variant.id is None else (variant.label or f"{action.label} ({variant.id})")
    return f"{text} (system)" if action.trigger == "system" else text


def _call_line(model: Model, t: Transition) -> str:
    action = model.action(t.action)
    variant = next(v for v in action.variants if v.id == t.variant)
    text = action.label if len(action.variants) == 1 else _call(action, variant)
    if len(action.variants) == 1 and action.trigger == "system":
        text += " (system)"
    return text if t.when is None else f"{text} [{t.when}]"


def _legend(g: Digraph, style: Style, lines: list[str]) -> None:
    if style.legend and lines:
        g.attr(label=left_lines(lines), **LEGEND_ATTR)


# -- one state -----------------------------------------------------------------------------------


def state_graph(model: Model, state_id: str, *, style: Style = DEFAULT_STYLE, limit: int = FOCUS_LIMIT) -> Digraph:
    """Return the focused view of one state: the calls it accepts and where they lead.

    Raises:
        KeyError: *state_id* is not a state of *model*.
    """
    state = model.state(state_id)
    g = _digraph(_graph_name(model, "state", state_id), style, _STATE_GRAPH_ATTR)
    _state(g, state, style, focus=True)
    results: dict[str, list[str]] = {}
    failures: dict[str, list[str]] = {}
    for t in model.transitions_from(state_id):
        into = failures if t.kind == "error" else results
        into.setdefault(t.target, []).append(_call_line(model, t))
    ranked = sorted(results, key=lambda target: -len(results[target]))
    kept = set(ranked[: limit - 1] if len(ranked) > limit else ranked)
    for shown in model.in_order([*kept, *failures]):
        if shown != state_id:
            _state(g, model.state(shown), style)
    for target, lines in results.items():
        if target in kept:
            g.edge(state_node(state_id), state_node(target), _text(*_lines(list(dict.fromkeys(lines)))))
    grouped = [s for s in ranked if s not in kept]
    if grouped:
        calls = [line for target in grouped for line in results[target]]
        labels = [model.state(s).label for s in grouped]
        g.node(
            "more_states",
            _text(f"{len(grouped)} more states", _names(labels, 4)),
            tooltip=_tooltip(_names(labels, 40)),
            **_GROUP_ATTR,
        )
        g.edge(state_node(state_id), "more_states", _text(f"{len(calls)} calls"), tooltip=_tooltip(_names(calls, 40)))
    muted = {"color": style.palette.muted, "fontcolor": style.palette.muted}
    for target, failed in failures.items():
        tooltip = _tooltip("on failure of: " + _names(list(dict.fromkeys(failed)), 40))
        g.edge(
            state_node(state_id), state_node(target), _text("on failure"), tooltip=tooltip, **muted, **ERROR_EDGE_ATTR
        )
    entered = dict.fromkeys(
        model.state(t.source).label for t in model.transitions_into(state_id) if t.source and t.source != state_id
    )
    creates = [model.action(t.action).label for t in model.transitions_into(state_id) if not t.source]
    lines = [f"{state.label}: the calls it accepts and the states they lead to"]
    if entered or creates:
        lines.append("entered from: " + _names([*entered, *(f"{c} (creates)" for c in dict.fromkeys(creates))]))
    if not results and not failures:
        lines.append("no call leaves this state")
    if failures:
        lines.append("grey dashed: where a failure leads")
    _legend(g, style, lines)
    return g


# -- one action ----------------------------------------------------------------------------------


def action_graph(model: Model, action_id: str, *, style: Style = DEFAULT_STYLE, limit: int = FOCUS_LIMIT) -> Digraph:
    """Return the focused view of one action: a box per variant, the states it accepts, its results.

    Raises:
        KeyError: *action_id* is not an action of *model*.
    """
    action = model.action(action_id)
    g = _digraph(_graph_name(model, "action", action_id), style)
    drawn: dict[str, None] = {}
    edges: list[tuple[str, str, dict[str, str]]] = []
    for variant in action.variants:
        box = action_node(action, variant)
        _box(g, model, action, variant, style)
        accepted = model.accepted(variant)
        if not accepted:
            g.node(start_node(action), "", tooltip=_tooltip(action.label), **START_NODE_ATTR)
            edges.append((start_node(action), box, {}))
        elif len(accepted) > limit:
            group = f"accepted_{variant.id or 'all'}"
            labels = [model.state(s).label for s in accepted]
            g.node(
                group,
                _text(f"{len(accepted)} states", _names(labels, 4)),
                tooltip=_tooltip(_names(labels, 40)),
                **_GROUP_ATTR,
            )
            edges.append((group, box, {}))
        else:
            drawn.update(dict.fromkeys(accepted))
            edges += [(state_node(s), box, {}) for s in accepted]
        conditions: dict[str, list[str]] = {}
        for r in variant.results:
            if r.to != UNCHANGED:
                parts = ([] if r.source is None else [f"from {model.state(r.source).label}"]) + (
                    [] if r.when is None else [f"[{r.when}]"]
                )
                conditions.setdefault(r.to, []).append(" ".join(parts))
        for target, lines in conditions.items():
            drawn[target] = None
            label = {} if "" in lines else {"label": _text(*lines), "fontcolor": style.palette.condition}
            edges.append((box, state_node(target), label))
    for shown in model.in_order(drawn):
        _state(g, model.state(shown), style)
    for tail, head, attrs in edges:
        g.edge(tail, head, **attrs)
    lines = [f"{action.label}: arrows into a box come from the states it accepts, arrows out go to its results"]
    if any(v.error for v in action.variants):
        lines.append("'on failure: X': a failure leads to X")
    _legend(g, style, lines)
    return g


def _box(g: Digraph, model: Model, action: Action, variant: Variant, style: Style) -> None:
    attrs = {**ACTION_NODE_ATTR, "fillcolor": style.palette.action_fill, **_FOCUS_ATTR}
    if action.trigger == "system":
        attrs.update(SYSTEM_ACTION_ATTR, fillcolor=style.palette.system_fill)
    if description := variant.description or action.description:
        attrs["tooltip"] = _tooltip(description)
    lines = [_call(action, variant) if variant.id is not None else action.label]
    lines += ["= unchanged" + ("" if r.when is None else f" [{r.when}]") for r in variant.results if r.to == UNCHANGED]
    if variant.error is not None:
        lines.append(f"on failure: {model.state(variant.error).label}")
    g.node(action_node(action, variant), _text(*lines), **attrs)


# -- overview ------------------------------------------------------------------------------------


def overview_graph(model: Model, *, style: Style = DEFAULT_STYLE, limit: int = FOCUS_LIMIT) -> Digraph:
    """Return the overview: the most connected states and the main calls between them.

    It draws ``limit // 2`` states (the initial ones and those with most results in and
    out); the others are one grouped node. From each state it draws the three edges with
    most calls, thicker for more; calls that leave a state unchanged and failures are
    left to the focused views.
    """
    degree: dict[str, int] = {s.id: 0 for s in model.states}
    results = [t for t in model.transitions() if t.kind != "error" and t.source != t.target]
    for t in results:
        if t.source:
            degree[t.source] += 1
        degree[t.target] += 1
    initial = [s.id for s in model.states if s.initial]
    ranked = sorted((s for s in degree if s not in initial), key=lambda s: -degree[s])
    hubs = set(initial) | set(ranked[: max(limit // 2 - len(initial), 1)])
    rest = [s for s in model.states if s.id not in hubs]
    g = _digraph(_graph_name(model, "overview"), style)
    for state in model.states:
        if state.id in hubs:
            _state(g, state, style)
    group = "other_states"
    calls: dict[str, dict[str, dict[str, None]]] = {}
    for t in results:
        tail = (state_node(t.source) if t.source in hubs else group) if t.source else "start"
        head = state_node(t.target) if t.target in hubs else group
        if tail != head:
            calls.setdefault(tail, {}).setdefault(head, {})[model.action(t.action).label] = None
    if rest:
        labels = [s.label for s in rest]
        text = _text(f"{len(rest)} other states", _names(labels, 4))
        g.node(group, text, tooltip=_tooltip(_names(labels, 40)), **_GROUP_ATTR)
    if "start" in calls:
        g.node("start", "", tooltip=_tooltip("creation"), **START_NODE_ATTR)
    drawn = 0
    for tail, heads in calls.items():
        for head, names in sorted(heads.items(), key=lambda item: -len(item[1]))[:3]:
            listed = list(names)
            text = listed[0] if len(listed) == 1 else f"{len(listed)} calls"
            width = str(min(1 + len(listed) // 4, 4))
            g.edge(tail, head, _text(text), tooltip=_tooltip(_names(listed, 40)), penwidth=width)
            drawn += 1
    states, edges = model_size(model)
    lines = [
        f"{model.title}: {states} states, {len(model.actions)} actions, {edges} edges in all",
        f"the {len(hubs)} most connected states; from each, the 3 edges with most calls (thicker: more)",
    ]
    if rest:
        lines.append(f"dashed box: the {len(rest)} other states together")
    lines.append("every call, failures included: the views states/<id> and actions/<id>")
    _legend(g, style, lines)
    return g


# -- subsets of the whole-model views (Sphinx's :states: and :actions:) -----------------------


def subset_graph(
    model: Model,
    view: str,
    *,
    states: Collection[str] | None = None,
    actions: Collection[str] | None = None,
    style: Style = DEFAULT_STYLE,
    limit: int = FOCUS_LIMIT,
) -> Digraph:
    """Return a subset of the ``preconditions`` or ``transitions`` view that stays small.

    It is the view :func:`vmgraph.emit.dot.preconditions_graph` or ``transitions_graph`` draws
    for the subset, when that has at most *limit* states (or calls) besides the ones
    asked for; otherwise the most connected *limit* are drawn and the others grouped in
    one node, as in the focused views.

    Raises:
        RenderError: an id in *states* or *actions* is unknown, or *view* is neither view.
    """
    from vmgraph.emit.dot import preconditions_graph, transitions_graph  # noqa: PLC0415

    build = {"preconditions": preconditions_graph, "transitions": transitions_graph}.get(view)
    if build is None:
        raise RenderError(f"view {view!r} has no subsets: only 'preconditions' and 'transitions'")
    full = build(model, states=states, actions=actions, style=style)  # checks the ids
    want_states = None if states is None else frozenset((states,) if isinstance(states, str) else states)
    want_actions = None if actions is None else frozenset((actions,) if isinstance(actions, str) else actions)
    if view == "transitions":
        return _transitions_subset(model, want_states, want_actions, style, limit) or full
    return _preconditions_subset(model, want_states, want_actions, style, limit) or full


def _transitions_subset(
    model: Model, states: frozenset[str] | None, actions: frozenset[str] | None, style: Style, limit: int
) -> Digraph | None:
    trans = [
        t
        for t in model.transitions()
        if (actions is None or t.action in actions) and (states is None or t.source in states or t.target in states)
    ]
    core = states or frozenset()
    weight: dict[str, int] = {}
    for t in trans:
        for end in (t.source, t.target):
            if end and end not in core:
                weight[end] = weight.get(end, 0) + 1
    if len(weight) <= limit:
        return None  # small enough: the view as it is
    kept = set(sorted(weight, key=lambda s: -weight[s])[: limit - 1])
    group = "more_states"
    g = _digraph(_graph_name(model, "transitions"), style)
    for shown in model.in_order([*core, *kept]):
        _state(g, model.state(shown), style, focus=shown in core)
    others = [model.state(s).label for s in model.in_order(s for s in weight if s not in kept)]
    g.node(
        group,
        _text(f"{len(others)} more states", _names(others, 4)),
        tooltip=_tooltip(_names(others, 40)),
        **_GROUP_ATTR,
    )
    edges: dict[tuple[str, str, bool], list[str]] = {}
    for t in trans:
        tail = (state_node(t.source) if t.source in core or t.source in kept else group) if t.source else "start"
        head = state_node(t.target) if t.target in core or t.target in kept else group
        edges.setdefault((tail, head, t.kind == "error"), []).append(_call_line(model, t))
    if any(tail == "start" for tail, _, _ in edges):
        g.node("start", "", tooltip=_tooltip("creation"), **START_NODE_ATTR)
    muted = {"color": style.palette.muted, "fontcolor": style.palette.muted}
    for (tail, head, error), lines in edges.items():
        listed = list(dict.fromkeys(lines))
        grouped = group in (tail, head)
        text = [f"{len(listed)} calls"] if grouped and len(listed) > 1 else _lines(listed)
        if error:
            g.edge(tail, head, _text("on failure"), tooltip=_tooltip(_names(listed, 40)), **muted, **ERROR_EDGE_ATTR)
        else:
            g.edge(tail, head, _text(*text), tooltip=_tooltip(_names(listed, 40)))
    lines = [f"part of the transitions of {model.title}: the {len(kept)} states with most calls around the subset"]
    lines.append(f"dashed box: the {len(others)} other states together")
    _legend(g, style, lines)
    return g


def _preconditions_subset(
    model: Model, states: frozenset[str] | None, actions: frozenset[str] | None, style: Style, limit: int
) -> Digraph | None:
    pairs = [
        (a, v)
        for a in model.actions
        for v in a.variants
        if (actions is None or a.id in actions)
        and (states is None or not states.isdisjoint((*model.accepted(v), *(r.to for r in v.results))))
    ]
    touched = {s for _, v in pairs for s in (*model.accepted(v), *(r.to for r in v.results)) if s != UNCHANGED}
    if len(pairs) <= limit and len(touched - (states or frozenset())) <= limit:
        return None  # small enough: the view as it is
    kept, rest = pairs[: limit - 1], pairs[limit - 1 :]
    core = states or frozenset()
    g = _digraph(_graph_name(model, "preconditions"), style)
    drawn: dict[str, None] = dict.fromkeys(core)
    edges: list[tuple[str, str, dict[str, str]]] = []
    for action, variant in kept:
        box = action_node(action, variant)
        _box(g, model, action, variant, style)
        accepted = list(model.accepted(variant))
        if len(accepted) > limit:  # draw the subset's states, group the others
            others = [model.state(s).label for s in accepted if s not in core]
            group = f"accepted_{action.id}_{variant.id or 'all'}"
            text = _text(f"{len(others)} states", _names(others, 4))
            g.node(group, text, tooltip=_tooltip(_names(others, 40)), **_GROUP_ATTR)
            edges.append((group, box, {}))
            accepted = [s for s in accepted if s in core]
        drawn.update(dict.fromkeys(accepted))
        edges += [(state_node(s), box, {}) for s in accepted]
        for r in variant.results:
            if r.to != UNCHANGED:
                drawn[r.to] = None
                edges.append((box, state_node(r.to), {}))
    if rest:
        names = [_call(a, v) for a, v in rest]
        g.node(
            "more_calls",
            _text(f"{len(rest)} more calls", _names(names, 4)),
            tooltip=_tooltip(_names(names, 40)),
            **_GROUP_ATTR,
        )
        edges += [(state_node(s), "more_calls", {}) for s in model.in_order(core)]
    for shown in model.in_order(drawn):
        _state(g, model.state(shown), style, focus=shown in core)
    for tail, head, attrs in dict.fromkeys((t, h, tuple(a.items())) for t, h, a in edges):
        g.edge(tail, head, **dict(attrs))
    lines = [f"part of the preconditions of {model.title}: {len(kept)} calls around the subset"]
    if rest:
        lines.append(f"dashed box: {len(rest)} more calls")
    _legend(g, style, lines)
    return g
