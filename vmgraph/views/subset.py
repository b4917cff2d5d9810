"""Subsets of the whole-model views of a large model (Sphinx's ``:states:`` and ``:actions:``) that stay small."""

from __future__ import annotations

from vmgraph.errors import RenderError
from vmgraph.limits import FOCUS_LIMIT
from vmgraph.model import RESULT_WORDS, Model
from vmgraph.views.calls import call_line, call_name, capped
from vmgraph.views.graph import Edge, GraphView, Node, action_node, state_node
from vmgraph.views.nodes import call_box, group, listed, state_box
from vmgraph.views.preconditions import preconditions_view
from vmgraph.views.select import Ids, Selection, select
from vmgraph.views.transitions import ON_FAILURE, transitions_view

__all__ = ["subset_view"]

_MORE_STATES = "more_states"
_MORE_CALLS = "more_calls"
_START = "start"


def subset_view(
    model: Model, view: str, *, states: Ids = None, actions: Ids = None, limit: int = FOCUS_LIMIT
) -> GraphView:
    """Return a subset of the ``preconditions`` or ``transitions`` view that stays small.

    It is the view :func:`vmgraph.views.preconditions.preconditions_view` or
    ``transitions_view`` draws for the subset, when that has at most *limit* states (or
    calls) besides the ones asked for; otherwise the most connected *limit* are drawn and
    the others grouped in one node, as in the focused views.

    Raises:
        RenderError: an id in *states* or *actions* is unknown, or *view* is neither view.
    """
    build = {"preconditions": preconditions_view, "transitions": transitions_view}.get(view)
    if build is None:
        raise RenderError(f"view {view!r} has no subsets: only 'preconditions' and 'transitions'")
    full = build(model, states=states, actions=actions)
    chosen = select(model, states=states, actions=actions)
    if view == "transitions":
        return _transitions(model, chosen, limit) or full
    return _preconditions(model, chosen, limit) or full


def _transitions(model: Model, chosen: Selection, limit: int) -> GraphView | None:
    states, actions = chosen.states, chosen.actions
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
    nodes: list[Node] = [state_box(model.state(s), focus=s in core) for s in model.in_order([*core, *kept])]
    others = [model.state(s).label for s in model.in_order(s for s in weight if s not in kept)]
    nodes.append(group(_MORE_STATES, f"{len(others)} more states", others))
    lines: dict[tuple[str, str, bool], list[str]] = {}
    for t in trans:
        tail = (state_node(t.source) if t.source in core or t.source in kept else _MORE_STATES) if t.source else _START
        head = state_node(t.target) if t.target in core or t.target in kept else _MORE_STATES
        lines.setdefault((tail, head, t.kind == "error"), []).append(call_line(model, t))
    if any(tail == _START for tail, _, _ in lines):
        nodes.append(Node(_START, "start", (), tooltip="creation"))
    edges = []
    for (tail, head, error), found in lines.items():
        shown = list(dict.fromkeys(found))
        if error:
            edges.append(Edge(tail, head, (ON_FAILURE,), frozenset({"error"}), listed(shown, 40)))
            continue
        grouped = _MORE_STATES in (tail, head)
        text = (f"{len(shown)} {model.terms.shorts}",) if grouped and len(shown) > 1 else capped(shown)
        edges.append(Edge(tail, head, text, tooltip=listed(shown, 40)))
    legend = (
        f"part of the transitions of {model.title}: the {len(kept)} states with most {model.terms.shorts} around the subset",
        f"dashed box: the {len(others)} other states together",
    )
    return GraphView(
        f"{model.id}_transitions", "subset", tuple(nodes), tuple(edges), legend, f"{model.title}: transitions"
    )


def _preconditions(model: Model, chosen: Selection, limit: int) -> GraphView | None:
    states, actions = chosen.states, chosen.actions
    pairs = [
        (a, v)
        for a in model.actions
        for v in a.variants
        if (actions is None or a.id in actions)
        and (states is None or not states.isdisjoint((*model.accepted(v), *(r.to for r in v.results))))
    ]
    touched = {s for _, v in pairs for s in (*model.accepted(v), *(r.to for r in v.results)) if s not in RESULT_WORDS}
    if len(pairs) <= limit and len(touched - (states or frozenset())) <= limit:
        return None  # small enough: the view as it is
    kept, rest = pairs[: limit - 1], pairs[limit - 1 :]
    core = states or frozenset()
    nodes: list[Node] = []
    drawn: dict[str, None] = dict.fromkeys(core)
    edges: list[Edge] = []
    for action, variant in kept:
        box = action_node(action.id, variant.id)
        heading = call_name(action, variant) if variant.id is not None else action.label
        nodes.append(call_box(model, action, variant, heading=heading, focus=True))
        accepted = list(model.accepted(variant))
        if len(accepted) > limit:  # draw the subset's states, group the others
            others = [model.state(s).label for s in accepted if s not in core]
            name = f"accepted_{action.id}_{variant.id or 'all'}"
            nodes.append(group(name, f"{len(others)} states", others))
            edges.append(Edge(name, box))
            accepted = [s for s in accepted if s in core]
        drawn.update(dict.fromkeys(accepted))
        edges += [Edge(state_node(s), box) for s in accepted]
        for r in variant.results:
            if r.to not in RESULT_WORDS:
                drawn[r.to] = None
                edges.append(Edge(box, state_node(r.to)))
    if rest:
        nodes.append(group(_MORE_CALLS, f"{len(rest)} more {model.terms.shorts}", [call_name(a, v) for a, v in rest]))
        edges += [Edge(state_node(s), _MORE_CALLS) for s in model.in_order(core)]
    nodes += [state_box(model.state(s), focus=s in core) for s in model.in_order(drawn)]
    legend = [f"part of the preconditions of {model.title}: {len(kept)} {model.terms.shorts} around the subset"]
    if rest:
        legend.append(f"dashed box: {len(rest)} more {model.terms.shorts}")
    return GraphView(
        f"{model.id}_preconditions",
        "subset",
        tuple(nodes),
        tuple(dict.fromkeys(edges)),
        tuple(legend),
        f"{model.title}: preconditions",
    )
