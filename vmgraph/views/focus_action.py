"""The focused view of one action: a box per variant, the states it accepts, its results."""

from __future__ import annotations

from vmgraph.limits import FOCUS_LIMIT
from vmgraph.model import RESULT_WORDS, Model
from vmgraph.views.anystate import any_box, any_source
from vmgraph.views.calls import call_name
from vmgraph.views.graph import Edge, GraphView, Node, action_node, start_node, state_node
from vmgraph.views.nodes import call_box, group, start_point, state_box
from vmgraph.views.preconditions import result_edges

__all__ = ["action_view"]


def action_view(model: Model, action_id: str, *, limit: int = FOCUS_LIMIT) -> GraphView:
    """Return the focused view of one action: a box per variant, the states it accepts, its results.

    A variant accepted in (nearly) every state is drawn from one "any state" node, as in the
    whole-model views (:mod:`vmgraph.views.anystate`).

    Raises:
        KeyError: *action_id* is not an action of *model*.
    """
    action = model.action(action_id)
    boxes: list[Node] = []
    drawn: dict[str, None] = {}
    edges: list[Edge] = []
    for variant in action.variants:
        box = action_node(action.id, variant.id)
        heading = call_name(action, variant) if variant.id is not None else action.label
        boxes.append(call_box(model, action, variant, heading=heading, focus=True))
        accepted = model.accepted(variant)
        if not accepted:
            boxes.append(start_point(action))
            edges.append(Edge(start_node(action.id), box))
        elif (anyname := any_source(model, variant, None)) is not None:
            if all(b.name != anyname for b in boxes):
                boxes.append(any_box(model, anyname))
            edges.append(Edge(anyname, box))
        elif len(accepted) > limit:
            name = f"accepted_{variant.id or 'all'}"
            boxes.append(group(name, f"{len(accepted)} states", [model.state(s).label for s in accepted]))
            edges.append(Edge(name, box))
        else:
            drawn.update(dict.fromkeys(accepted))
            edges += [Edge(state_node(s), box) for s in accepted]
        drawn.update(dict.fromkeys(r.to for r in variant.results if r.to not in RESULT_WORDS))
        edges += result_edges(model, box, variant, None, tooltips=False)
    nodes = (*boxes, *(state_box(model.state(s)) for s in model.in_order(drawn)))
    legend = [f"{action.label}: arrows into a box come from the states it accepts, arrows out go to its results"]
    if any("any" in b.roles for b in boxes):
        legend.append(f"dashed ellipse: any {model.terms.state} but terminal ones (and those after 'except')")
    if any(v.error for v in action.variants):
        legend.append("'on failure: X': a failure leads to X")
    return GraphView(
        f"{model.id}_action_{action_id}", "action", nodes, tuple(edges), tuple(legend), f"{model.title}: {action.label}"
    )
