"""The preconditions view as data: states, a box per call variant, accepted states and results."""

from __future__ import annotations

from vmgraph.model import PREVIOUS, UNCHANGED, Action, Model, Variant
from vmgraph.terms import article
from vmgraph.views.anystate import ANY_EXCEPT_MAX, any_box, any_source
from vmgraph.views.compact import box_groups, shared_box
from vmgraph.views.graph import Edge, GraphView, Node, action_node, state_node
from vmgraph.views.nodes import state_box, with_legend
from vmgraph.views.select import Ids, precondition_parts, select
from vmgraph.views.wording import condition

__all__ = ["preconditions_view", "result_edges"]

Pair = tuple[Action, Variant]


def preconditions_view(
    model: Model, *, states: Ids = None, actions: Ids = None, compact: bool = True, any_limit: int = ANY_EXCEPT_MAX
) -> GraphView:
    """Return the preconditions view: states and actions (a box per variant).

    ``state -> action`` edges are the accepted states, ``action -> state`` edges the
    results, labelled ``from X`` (per-source) and ``[when]`` (conditional). Results that
    leave the state unchanged and the state a failure leads to are written in the box.
    With *compact*, variants with the same accepted states, results and failure share one
    box. A call accepted in all but at most *any_limit* of the states it could accept is
    drawn from one "any state" node (see :mod:`vmgraph.views.anystate`; negative: never).

    Raises:
        RenderError: An id in *states* or *actions* is unknown.
    """
    pairs, shown = precondition_parts(model, select(model, states=states, actions=actions))
    drawn = [s for s in model.states if s.id in shown]
    nodes: list[Node] = [state_box(s) for s in drawn]
    sources = {id(v): any_source(model, v, shown, any_limit) for _, v in pairs}
    groups = box_groups(model, pairs, lambda v: sources[id(v)] or model.accepted(v))
    if not compact:
        groups = [[pair] for pair in pairs]
    anys = list(dict.fromkeys(s for s in sources.values() if s is not None))
    nodes += [any_box(model, name) for name in anys]
    nodes += [shared_box(model, group) for group in groups]
    edges: list[Edge] = []
    for (action, variant), *_ in groups:
        name = action_node(action.id, variant.id)
        source = sources[id(variant)]
        if source is not None:
            edges.append(Edge(source, name))
        else:
            edges += [Edge(state_node(s), name) for s in model.accepted(variant) if s in shown]
        edges += result_edges(model, name, variant, shown, tooltips=True)
    return GraphView(
        f"{model.id}_preconditions",
        "preconditions",
        tuple(nodes),
        tuple(edges),
        with_legend(model, _legend(model, pairs, bool(anys)), drawn),
        f"{model.title}: preconditions",
    )


def result_edges(
    model: Model, box: str, variant: Variant, shown: frozenset[str] | None, *, tooltips: bool
) -> list[Edge]:
    """Return the edges from *box* to the results of *variant* in *shown* (``None``: all).

    Results into one state are one edge, labelled with their conditions unless one of them
    is unconditional (which makes the conditions moot). A ``previous`` result is an edge
    ``back`` to each state it starts from; a result the system makes on its own has the
    role ``system`` (drawn dashed).
    """
    conditions: dict[tuple[str, bool], list[str]] = {}
    for r in variant.results:
        automatic = r.trigger == "system"
        if r.to == PREVIOUS:
            for source in (r.source,) if r.source is not None else model.accepted(variant):
                if shown is None or source in shown:
                    conditions.setdefault((source, automatic), []).append(f"back [{r.when}]" if r.when else "back")
        elif r.to != UNCHANGED and (shown is None or r.to in shown):
            conditions.setdefault((r.to, automatic), []).append(condition(model, r))
    edges = []
    for (target, automatic), lines in conditions.items():
        roles = {"system"} if automatic else set()
        if "" in lines:
            edges.append(Edge(box, state_node(target), (), frozenset(roles)))
        else:
            tip = "; ".join(lines) if tooltips else ""
            edges.append(Edge(box, state_node(target), tuple(lines), frozenset({"condition", *roles}), tip))
    return edges


def _legend(model: Model, pairs: tuple[Pair, ...], anys: bool) -> list[tuple[bool, str]]:
    results = [r for _, v in pairs for r in v.results]
    t = model.terms
    return [
        (True, f"ellipse: {t.state}; box: {t.action}"),
        (True, f"state -> {t.short}: an accepted state; {t.short} -> state: a result"),
        (any(a.trigger == "system" for a, _ in pairs), f"dashed box: automatic, not {article(t.action)}"),
        (any(r.trigger == "system" for r in results), "dashed edge: a result the system makes on its own"),
        (any(r.to == PREVIOUS for r in results), "'back': back to the state it started in"),
        (any(r.source is not None for r in results), "'from X': the result when started in X"),
        (any(r.when is not None for r in results), "[text]: the condition that selects it"),
        (any(r.to == UNCHANGED for r in results), f"'= unchanged': the {t.state} stays as it was"),
        (any(v.error is not None for _, v in pairs), "'on failure: X': a failure leads to X"),
        (any(v.error == PREVIOUS for _, v in pairs), "'on failure: previous': back to the state it started in"),
        (anys, f"dashed ellipse: any {t.state} but terminal ones (and those after 'except')"),
    ]
