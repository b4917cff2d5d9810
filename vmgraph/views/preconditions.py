"""The preconditions view as data: states, a box per call variant, accepted states and results."""

from __future__ import annotations

import dataclasses

from vmgraph.model import PREVIOUS, UNCHANGED, Action, Model, Variant
from vmgraph.terms import article
from vmgraph.views.anystate import any_box, any_source, group_box, group_name
from vmgraph.views.callrows import ARROW, row_groups, rows_box
from vmgraph.views.graph import Edge, GraphView, Node, action_node, state_node
from vmgraph.views.nodes import call_box, state_box, with_legend
from vmgraph.views.select import Ids, precondition_parts, select
from vmgraph.views.sides import state_rank, two_sided
from vmgraph.views.wording import condition

__all__ = ["preconditions_view", "result_edges"]

Pair = tuple[Action, Variant]


def preconditions_view(
    model: Model,
    *,
    states: Ids = None,
    actions: Ids = None,
    compact: bool = True,
    any_limit: int | None = None,
    ordered: bool = True,
) -> GraphView:
    """Return the preconditions view: states and actions (a box per variant).

    ``state -> action`` edges are the accepted states, ``action -> state`` edges the
    results, labelled ``from X`` (per-source) and ``[when]`` (conditional). Results that
    leave the state unchanged and the state a failure leads to are written in the box.
    With *compact*, variants with the same accepted states, results and failure share one
    box. A call accepted in all but at most *any_limit* of the states it could accept is
    drawn from one "any state" node (see :mod:`vmgraph.views.anystate`; default: the
    model's ``any_except``; negative: never); in the compact view, a box accepted in at
    least the model's ``group_from`` states is drawn from one node naming them. Without
    *ordered*, the compact view skips choosing its order and sides (the same nodes and
    edges, every box on the right): for callers that read what is drawn, not where.

    Raises:
        RenderError: An id in *states* or *actions* is unknown.
    """
    pairs, shown = precondition_parts(model, select(model, states=states, actions=actions))
    drawn = [s for s in model.states if s.id in shown]
    sources = {id(v): any_source(model, v, shown, any_limit) for _, v in pairs}
    anys = list(dict.fromkeys(s for s in sources.values() if s is not None))
    if compact:
        return _call_rows_view(model, pairs, shown, sources, anys, ordered=ordered)
    nodes: list[Node] = [state_box(s) for s in drawn]
    nodes += [any_box(model, name) for name in anys]
    nodes += [call_box(model, action, variant) for action, variant in pairs]
    edges: list[Edge] = []
    for action, variant in pairs:
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


def _call_rows_view(
    model: Model,
    pairs: tuple[Pair, ...],
    shown: frozenset[str],
    sources: dict[int, str | None],
    anys: list[str],
    *,
    ordered: bool,
) -> GraphView:
    """Return the compact view: states in a column, a box of rows per set of accepted states beside it."""
    groups = row_groups(pairs, lambda v: sources[id(v)] or frozenset(s for s in model.accepted(v) if s in shown))
    boxes = {box.name: box for box in (rows_box(model, group) for group in groups)}
    feeds: dict[str, list[str]] = {}
    accepted: dict[str, tuple[str, ...]] = {}  # the boxes fed by states, not by an "any state" node
    for (action, variant), *_ in groups:
        box, source = action_node(action.id, variant.id), sources[id(variant)]
        if source is None:
            accepted[box] = tuple(s for s in model.in_order(model.accepted(variant)) if s in shown)
        feeds[box] = [source] if source is not None else [state_node(s) for s in accepted[box]]
    listed = _grouped(model, accepted, feeds)
    columns = [state_node(s.id) for s in model.states if s.id in shown] + anys + list(listed)
    order, west, east = two_sided(model, columns, feeds) if ordered else (tuple(columns), (), tuple(feeds))
    kinds = {
        **{state_node(s.id): state_box(s) for s in model.states if s.id in shown},
        **{a: any_box(model, a) for a in anys},
        **{g: group_box(model, g, ids) for g, ids in listed.items()},
    }
    nodes = [kinds[name] for name in order]
    nodes += [dataclasses.replace(boxes[b], roles=boxes[b].roles | {"west"}) for b in west]
    nodes += [boxes[b] for b in east]
    edges = [Edge(s, b) for b in (*west, *east) for s in feeds[b]]
    drawn = [s for s in model.states if s.id in shown]
    return GraphView(
        f"{model.id}_preconditions",
        "preconditions",
        tuple(nodes),
        tuple(edges),
        with_legend(model, _rows_legend(model, pairs, bool(anys), bool(listed)), drawn),
        f"{model.title}: preconditions",
    )


def _grouped(
    model: Model, accepted: dict[str, tuple[str, ...]], feeds: dict[str, list[str]]
) -> dict[str, tuple[str, ...]]:
    """Feed each box *accepted* in at least ``model.group_from`` states from one group node.

    Return each group's name and state ids. A box fed by a group has one edge instead of
    one per state (the group names them); boxes accepted in the same states share a group.
    States and groups come in the order of :func:`state_rank`, not of the model file.
    """
    wide = {
        box: tuple(sorted(states, key=lambda s: state_rank(model.state(s))))
        for box, states in accepted.items()
        if model.group_from and len(states) >= model.group_from
    }
    ranked = sorted(set(wide.values()), key=lambda ids: [state_rank(model.state(s)) for s in ids])
    named = {ids: group_name(index) for index, ids in enumerate(ranked, 1)}
    for box, ids in wide.items():
        feeds[box] = [named[ids]]
    return {name: ids for ids, name in named.items()}


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


def _rows_legend(model: Model, pairs: tuple[Pair, ...], anys: bool, groups: bool) -> list[tuple[bool, str]]:
    results = [r for _, v in pairs for r in v.results]
    t = model.terms
    return [
        (True, f"ellipse: {t.state}; box: {t.action}s accepted in the same {t.states}, one a line"),
        (True, f"arrow from a {t.state} to a box: every {t.short} in the box is accepted in that {t.state}"),
        (True, f"'{ARROW} X': the {t.short} leads to X"),
        (any(a.trigger == "system" for a, _ in pairs), f"dashed box: automatic, not {article(t.action)}"),
        (any(r.trigger == "system" for r in results), "'(system)': a result the system makes on its own"),
        (any(r.to == PREVIOUS for r in results), "'back': back to the state it started in"),
        (any(r.source is not None for r in results), "'from X': the result when started in X"),
        (any(r.when is not None for r in results), "[text]: the condition that selects it"),
        (any(r.to == UNCHANGED for r in results), f"'= unchanged': the {t.state} stays as it was"),
        (any(v.error is not None for _, v in pairs), "'on failure: X': a failure leads to X"),
        (any(v.error == PREVIOUS for _, v in pairs), "'on failure: previous': back to the state it started in"),
        (anys, f"dashed ellipse: any {t.state} but terminal ones (and those after 'except')"),
        (groups, f"dashed ellipse naming {t.states}: each of them"),
    ]
