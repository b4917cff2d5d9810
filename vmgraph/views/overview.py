"""The overview of a large model: its most connected states and the main calls between them."""

from __future__ import annotations

from vmgraph.limits import FOCUS_LIMIT
from vmgraph.model import Model
from vmgraph.views.graph import Edge, GraphView, Node, state_node
from vmgraph.views.nodes import group, listed, state_box

__all__ = ["model_size", "overview_view"]

#: The name of the node of the other states, and of where creating calls start.
_OTHERS = "other_states"
_START = "start"


def model_size(model: Model) -> tuple[int, int]:
    """Return (states, edges): what the transitions view would ask `dot` to lay out.

    Edges are the distinct (source, target) pairs of results, plus those of failures.
    """
    edges = {(t.source, t.target, t.kind == "error") for t in model.transitions()}
    return len(model.states), len(edges)


def overview_view(model: Model, *, limit: int = FOCUS_LIMIT) -> GraphView:
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
    nodes: list[Node] = [state_box(s) for s in model.states if s.id in hubs]
    calls: dict[str, dict[str, dict[str, None]]] = {}
    for t in results:
        tail = (state_node(t.source) if t.source in hubs else _OTHERS) if t.source else _START
        head = state_node(t.target) if t.target in hubs else _OTHERS
        if tail != head:
            calls.setdefault(tail, {}).setdefault(head, {})[model.action(t.action).label] = None
    if rest:
        nodes.append(group(_OTHERS, f"{len(rest)} other states", [s.label for s in rest]))
    if _START in calls:
        nodes.append(Node(_START, "start", (), tooltip="creation"))
    edges = []
    for tail, heads in calls.items():
        for head, names in sorted(heads.items(), key=lambda item: -len(item[1]))[:3]:
            shown = list(names)
            text = shown[0] if len(shown) == 1 else f"{len(shown)} {model.terms.shorts}"
            edges.append(Edge(tail, head, (text,), tooltip=listed(shown, 40), width=min(1 + len(shown) // 4, 4)))
    states, count = model_size(model)
    legend = [
        f"{model.title}: {states} states, {len(model.actions)} actions, {count} edges in all",
        f"the {len(hubs)} most connected states; from each, the 3 edges with most {model.terms.shorts} (thicker: more)",
    ]
    if rest:
        legend.append(f"dashed box: the {len(rest)} other states together")
    legend.append(f"every {model.terms.short}, failures included: the views states/<id> and actions/<id>")
    return GraphView(
        f"{model.id}_overview", "overview", tuple(nodes), tuple(edges), tuple(legend), f"{model.title}: overview"
    )
