"""The focused view of one state: the calls it accepts, where they lead, where it is entered from."""

from __future__ import annotations

from vmgraph.limits import FOCUS_LIMIT
from vmgraph.model import Model
from vmgraph.views.calls import call_line, capped
from vmgraph.views.graph import Edge, GraphView, Node, state_node
from vmgraph.views.nodes import group, listed, state_box
from vmgraph.views.transitions import ON_FAILURE

__all__ = ["state_view"]


def state_view(model: Model, state_id: str, *, limit: int = FOCUS_LIMIT) -> GraphView:
    """Return the focused view of one state: the calls it accepts and where they lead.

    Raises:
        KeyError: *state_id* is not a state of *model*.
    """
    state = model.state(state_id)
    here = state_node(state_id)
    nodes: list[Node] = [state_box(state, focus=True)]
    results: dict[str, list[str]] = {}
    failures: dict[str, list[str]] = {}
    for t in model.transitions_from(state_id):
        into = failures if t.kind == "error" else results
        into.setdefault(t.target, []).append(call_line(model, t))
    ranked = sorted(results, key=lambda target: -len(results[target]))
    kept = set(ranked[: limit - 1] if len(ranked) > limit else ranked)
    nodes += [state_box(model.state(s)) for s in model.in_order([*kept, *failures]) if s != state_id]
    edges = [
        Edge(here, state_node(target), capped(list(dict.fromkeys(lines))))
        for target, lines in results.items()
        if target in kept
    ]
    grouped = [s for s in ranked if s not in kept]
    if grouped:
        calls = [line for target in grouped for line in results[target]]
        nodes.append(group("more_states", f"{len(grouped)} more states", [model.state(s).label for s in grouped]))
        edges.append(Edge(here, "more_states", (f"{len(calls)} {model.terms.shorts}",), tooltip=listed(calls, 40)))
    for target, failed in failures.items():
        tip = "on failure of: " + listed(list(dict.fromkeys(failed)), 40)
        edges.append(Edge(here, state_node(target), (ON_FAILURE,), frozenset({"error"}), tip))
    arriving = model.transitions_into(state_id)
    entered = dict.fromkeys(model.state(t.source).label for t in arriving if t.source and t.source != state_id)
    creates = dict.fromkeys(model.action(t.action).label for t in arriving if not t.source)
    legend = [f"{state.label}: the {model.terms.shorts} it accepts and the states they lead to"]
    if entered or creates:
        legend.append("entered from: " + listed([*entered, *(f"{c} (creates)" for c in creates)]))
    if not results and not failures:
        legend.append(f"no {model.terms.short} leaves this state")
    if failures:
        legend.append("grey dashed: where a failure leads")
    return GraphView(
        f"{model.id}_state_{state_id}",
        "state",
        tuple(nodes),
        tuple(edges),
        tuple(legend),
        f"{model.title}: {state.label}",
    )
