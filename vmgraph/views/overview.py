"""The overview of a large model: its most connected states and the main calls between them."""

from __future__ import annotations

from vmgraph.limits import FOCUS_LIMIT
from vmgraph.model import Model, Transition
from vmgraph.views.anystate import any_box, any_source
from vmgraph.views.compact import edge_lines, wrapped
from vmgraph.views.graph import Edge, GraphView, Node, state_node
from vmgraph.views.nodes import SHORT, listed, state_box

__all__ = ["model_size", "overview_view"]

#: The name of the node of the other states, and of where creating calls start.
_OTHERS = "other_states"
_START = "start"


def _any(model: Model, t: Transition) -> str | None:
    """Return the "any state" node *t* is drawn from, or ``None``."""
    variant = next(v for v in model.action(t.action).variants if v.id == t.variant)
    return any_source(model, variant, None)


def model_size(model: Model) -> tuple[int, int]:
    """Return (states, edges): what the transitions view would ask `dot` to lay out.

    Edges are the distinct (source, target) pairs of results, plus those of failures.
    """
    edges = {(t.source, t.target, t.kind == "error") for t in model.transitions()}
    return len(model.states), len(edges)


def overview_view(model: Model, *, limit: int = FOCUS_LIMIT) -> GraphView:
    """Return the overview: the most connected states and the main calls between them.

    It draws ``limit // 2`` states (the initial ones and those with most results in and
    out); the others are one grouped node, which names the first few. A call accepted in (nearly) every state starts
    from one "any state" node (:mod:`vmgraph.views.anystate`). From each node it draws the
    two edges with most calls, and a third if it groups several calls: thicker for more,
    each naming its calls (at most two, then how many more; the tooltip names them all).
    Calls that leave a state unchanged and failures are left to the focused views.
    """
    results = [t for t in model.transitions() if t.kind != "error" and t.source != t.target]
    anys = {key: _any(model, t) for key, t in {(t.action, t.variant): t for t in results}.items()}
    degree: dict[str, int] = {s.id: 0 for s in model.states}
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
        tail = anys[t.action, t.variant] or (state_node(t.source) if t.source in hubs else _OTHERS)
        tail = tail if t.source else _START
        head = state_node(t.target) if t.target in hubs else _OTHERS
        if tail != head:
            calls.setdefault(tail, {}).setdefault(head, {})[model.action(t.action).label] = None
    if rest:
        others = [s.label for s in rest]
        listing = wrapped([*others[:SHORT], "..."] if len(others) > SHORT else others)
        nodes.append(Node(_OTHERS, "group", (f"{len(rest)} other states", *listing), tooltip=listed(others, 40)))
    nodes += [any_box(model, name) for name in dict.fromkeys(a for a in anys.values() if a) if name in calls]
    if _START in calls:
        nodes.append(Node(_START, "start", (), tooltip="creation"))
    edges = []
    for tail, heads in calls.items():
        ranked = sorted(heads, key=lambda h: -len(heads[h]))
        for head in [*ranked[:2], *(h for h in ranked[2:3] if len(heads[h]) > 1)]:
            shown = list(heads[head])
            width = min(1 + len(shown) // 4, 4)
            edges.append(Edge(tail, head, edge_lines(shown, 2), tooltip=listed(shown, 40), width=width))
    states, count = model_size(model)
    legend = [
        f"{model.title}: {states} states, {len(model.actions)} actions, {count} edges in all",
        f"the {len(hubs)} most connected states; from each, the 2 or 3 edges with most {model.terms.shorts} (thicker: more)",
    ]
    if rest:
        legend.append(f"dashed box: the {len(rest)} other states together")
    if any("any" in n.roles for n in nodes):
        legend.append(f"dashed ellipse: any {model.terms.state} but terminal ones (and those after 'except')")
    legend.append(f"every {model.terms.short}, failures included: the views states/<id> and actions/<id>")
    return GraphView(
        f"{model.id}_overview", "overview", tuple(nodes), tuple(edges), tuple(legend), f"{model.title}: overview"
    )
