"""The transitions view as data: one edge per (source, target), labelled with its calls."""

from __future__ import annotations

import dataclasses
import textwrap
from typing import Final

from vmgraph.model import Model, Transition
from vmgraph.terms import article
from vmgraph.views.anystate import any_box, any_source
from vmgraph.views.compact import LINE_CHARS, edge_lines
from vmgraph.views.graph import Edge, GraphView, Node, start_node, state_node
from vmgraph.views.nodes import start_point, state_box, with_legend
from vmgraph.views.select import Ids, select, transition_parts
from vmgraph.views.wording import title

__all__ = ["ON_FAILURE", "transition_lines", "transitions_view", "way_header"]

#: The label of a failure edge.
ON_FAILURE = "on failure"
#: How a state's node starts the line naming the calls that leave it unchanged.
UNCHANGED_LINE: Final = "unchanged:"
#: Most calls that line names; with more, it counts them (the tooltip names them all).
_NAMED_LOOPS: Final = 1


def transitions_view(
    model: Model, *, states: Ids = None, actions: Ids = None, compact: bool = True, any_limit: int | None = None
) -> GraphView:
    """Return the transitions view: one edge per (source, target), labelled with its actions.

    Edges of one pair are merged, listing the actions in model order with their variant and
    ``[when]`` condition (at most three, then "+N more"; the tooltip names them all); the
    actions both ways between two states share one two-way edge, each way after "to X:".
    The actions that leave a state unchanged are a line of its node ("unchanged: ..."),
    not a loop; failures add no edges: where they lead is written in the legend when it is
    one state for all, else in each source's node ("on failure: X"). A creating action
    starts from a point. A
    call accepted in all but at most *any_limit* of the states it could accept is drawn
    once, from one "any state" node (see :mod:`vmgraph.views.anystate`; default: the
    model's ``any_except``; a negative *any_limit*: never). Compact, states and edges come in reading order (see
    :func:`_reading_order`), so the drawing does not depend on the model file's order.
    Without *compact*, labels list every call and failures are one dashed "on failure"
    edge per source and target.

    Raises:
        RenderError: An id in *states* or *actions* is unknown.
    """
    trans, shown = transition_parts(model, select(model, states=states, actions=actions))
    order = _reading_order(model, trans)
    drawn = [s for s in model.states if s.id in shown]
    if compact:  # Graphviz: its layout depends on the order it is given
        drawn.sort(key=lambda s: order[state_node(s.id)])
    sources: dict[tuple[str, str | None], str | None] = {}
    for t in trans:
        if (t.action, t.variant) not in sources:
            action = model.action(t.action)
            variant = next(v for v in action.variants if v.id == t.variant)
            sources[t.action, t.variant] = any_source(model, variant, shown, any_limit)
    groups: dict[tuple[str, str, bool], list[Transition]] = {}
    failures: dict[str, dict[str, None]] = {}
    for t in trans:
        tail = sources[t.action, t.variant] or (state_node(t.source) if t.source else start_node(t.action))
        if t.kind == "error" and compact:
            failures.setdefault(tail, {})[model.state(t.target).label] = None
            continue
        head = tail if t.source == t.target and tail.startswith("any_state") else state_node(t.target)
        groups.setdefault((tail, head, t.kind == "error"), []).append(t)
    anys = list(dict.fromkeys(s for s in sources.values() if s is not None))
    anys = sorted(anys) if compact else anys
    nodes: list[Node] = [state_box(s) for s in drawn] + [any_box(model, name) for name in anys]
    plain: dict[tuple[str, str], list[str]] = {}
    edges = []
    for (tail, head, error), items in groups.items():
        lines = transition_lines(model, items)
        if error:
            tip = "on failure of: " + ", ".join(lines)
            edges.append(Edge(tail, head, (ON_FAILURE,), frozenset({"error"}), tip))
        elif compact:
            plain[tail, head] = lines
        else:
            edges.append(Edge(tail, head, tuple(lines)))
    loops = {tail: lines for (tail, head), lines in plain.items() if tail == head}
    fails = {label for targets in failures.values() for label in targets}
    shared = next(iter(fails)) if len(fails) == 1 else None  # said once, in the legend
    nodes = [_noted(model, n, None if shared else failures.get(n.name), loops.get(n.name, [])) for n in nodes]
    starts = list(dict.fromkeys(t.action for t in trans if not t.source))
    nodes += [start_point(model.action(a)) for a in (sorted(starts) if compact else starts)]
    labels = {n.name: n.lines[0] for n in nodes if n.lines}
    ends = sorted((e for e in plain if e[0] != e[1]), key=lambda e: (order.get(e[0], -1), order.get(e[1], -1)))
    edges += _folded({e: plain[e] for e in ends}, labels)
    two_way = any("two_way" in e.roles for e in edges)
    failed = (bool(failures), shared)
    entries = _legend(model, trans, anys=bool(anys), compact=compact, two_way=two_way, failed=failed)
    return GraphView(
        f"{model.id}_transitions",
        "transitions",
        tuple(nodes),
        tuple(edges),
        with_legend(model, entries, drawn),
        f"{model.title}: transitions",
    )


def _reading_order(model: Model, trans: tuple[Transition, ...]) -> dict[str, int]:
    """Return each state's node name -> its place in reading order, whatever the model file's order.

    States come by their distance (in transitions) from where the resource starts, then by
    label: the drawing does not depend on the order the model lists its states and calls in.
    """
    nexts: dict[str, set[str]] = {}
    for t in trans:
        if t.kind != "error" and t.source:
            nexts.setdefault(t.source, set()).add(t.target)
    start = {s.id for s in model.states if s.initial} | {t.target for t in trans if not t.source}
    distance = dict.fromkeys(start, 0)
    frontier = sorted(start)
    while frontier:
        frontier = sorted({n for s in frontier for n in nexts.get(s, ()) if n not in distance})
        distance.update(dict.fromkeys(frontier, len(set(distance.values()))))
    far = len(model.states)
    ranked = sorted(model.states, key=lambda s: (distance.get(s.id, far), s.label, s.id))
    return {state_node(s.id): i for i, s in enumerate(ranked)}


def transition_lines(model: Model, items: list[Transition]) -> list[str]:
    """Return one line per (action, condition): its label or variants, and ``[when]``."""
    grouped: dict[tuple[str, str | None, bool, bool], dict[str | None, None]] = {}
    for t in items:
        grouped.setdefault((t.action, t.when, t.trigger == "system", t.back), {})[t.variant] = None
    lines = []
    for (action_id, when, automatic, back), variant_ids in grouped.items():
        action = model.action(action_id)
        text = action.label
        if len(variant_ids) < len(action.variants):  # name the variants unless all
            text = ", ".join(title(action, v) for v in action.variants if v.id in variant_ids)
        text += " (system)" if automatic else ""
        text += " (back)" if back else ""
        lines.append(text if when is None else f"{text} [{when}]")
    return list(dict.fromkeys(lines))


def _noted(model: Model, node: Node, failures: dict[str, None] | None, unchanged: list[str]) -> Node:
    """Return *node* with lines naming the calls that leave it unchanged and where failures lead."""
    lines = list(node.lines)
    tip = node.tooltip
    if unchanged:
        names = ", ".join(unchanged) if len(unchanged) <= _NAMED_LOOPS else f"{len(unchanged)} {model.terms.shorts}"
        lines += textwrap.wrap(f"{UNCHANGED_LINE} {names}", LINE_CHARS, break_long_words=False)
        tip = ". ".join([*([tip.rstrip(".")] if tip else []), f"{UNCHANGED_LINE} {'; '.join(unchanged)}"])
    if failures:
        lines.append(f"{ON_FAILURE}: " + ", ".join(failures))
    return dataclasses.replace(node, lines=tuple(lines), tooltip=tip)


def way_header(label: str) -> str:
    """Return the line of a two-way edge's label before the calls that lead to the state *label*."""
    return f"to {label}:"


def _folded(plain: dict[tuple[str, str], list[str]], labels: dict[str, str]) -> list[Edge]:
    """Return one edge per pair of states, labelled with its calls; calls both ways share a two-way edge.

    The calls of each way of a two-way edge follow "to X:", X the state they lead to.
    """
    edges, done = [], set()
    for (tail, head), lines in plain.items():
        if (tail, head) in done:
            continue
        back = plain.get((head, tail))
        if back is None:
            tip = "; ".join(lines) if len(lines) > 1 else ""
            edges.append(Edge(tail, head, edge_lines(lines), tooltip=tip))
            continue
        done.add((head, tail))
        there, home = way_header(labels[head]), way_header(labels[tail])
        tip = f"{there} {'; '.join(lines)}. {home} {'; '.join(back)}"
        label = (there, *edge_lines(lines), home, *edge_lines(back))
        edges.append(Edge(tail, head, label, frozenset({"two_way"}), tip))
    return edges


def _legend(
    model: Model,
    trans: tuple[Transition, ...],
    *,
    anys: bool,
    compact: bool,
    two_way: bool,
    failed: tuple[bool, str | None],
) -> list[tuple[bool, str]]:
    system = any(t.trigger == "system" for t in trans)
    w = model.terms
    noted, shared = failed
    return [
        (True, f"ellipse: {w.state}; edge: the {w.shorts} that lead from one state to the other"),
        (any(not t.source for t in trans), f"dot: where {article(w.short)} that creates the {w.resource} starts"),
        (any(t.when is not None for t in trans), "[text]: the condition that selects the result"),
        (system, f"(system): automatic, not {article(w.action)}"),
        (
            any(t.source == t.target and t.kind != "error" and not t.back for t in trans),
            f"loop: {w.state} unchanged" if not compact else f"'{UNCHANGED_LINE} X': X leaves the {w.state} as it is",
        ),
        (two_way, f"two arrowheads: {w.shorts} both ways; 'to X:' before those that lead to X"),
        (any(t.back for t in trans), "(back): back to the state it started in"),
        (noted and shared is None, f"'on failure: X': {article(w.short)} from here that fails leads to X"),
        (shared is not None, f"{article(w.short)} that fails leads to {shared}"),
        (not compact and any(t.kind == "error" for t in trans), "grey dashed: where a failure leads"),
        (anys, f"dashed ellipse: any {w.state} but terminal ones (and those after 'except')"),
    ]
