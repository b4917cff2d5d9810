"""The precondition diagram of a model diff: NEW as usual, with what changed marked.

Built on :func:`vmgraph.emit.dot.preconditions_graph` of the new model: added states, calls
and edges are drawn thick and green; what only the old model has is kept, dashed and
red; a call whose results, error state or requirements changed gets a thick orange
border and an external label naming what changed. Never starts a subprocess.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Final

from graphviz import Digraph, escape, nohtml
from graphviz.quoting import quote

from vmgraph.diff import ModelDiff, accepted_union, result_text
from vmgraph.emit.dot import action_node, preconditions_graph, state_node
from vmgraph.emit.dottext import left_lines
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.model import UNCHANGED, Action, Model, Result, Variant

__all__ = ["ADDED_ATTR", "CHANGED_ATTR", "REMOVED_ATTR", "diff_graph"]

Attrs = Mapping[str, str]

#: Nodes and edges only the new model has.
ADDED_ATTR: Final[Attrs] = {"color": "#1a7f37", "penwidth": "2.5"}
#: Nodes and edges only the old model has (drawn from it, dashed).
REMOVED_ATTR: Final[Attrs] = {"color": "#b22222", "fontcolor": "#b22222", "style": "dashed"}
#: Calls in both models whose results, error state or requirements differ.
CHANGED_ATTR: Final[Attrs] = {"color": "#c26a00", "penwidth": "2.5"}
_REMOVED_NODE: Final[Attrs] = {**REMOVED_ATTR, "style": "dashed,filled", "fillcolor": "white"}
_EDGE_LINE: Final = re.compile(r"\t(\S+) -> (\S+)(?: \[.*\])?\n\Z")
_DETAILS: Final = ("results", "error", "task_state", "must_have_launched", "trigger")


def diff_graph(diff: ModelDiff, *, style: Style = DEFAULT_STYLE) -> Digraph:
    """Return the preconditions view of ``diff.new`` with the differences from ``diff.old`` marked."""
    old, new = diff.old, diff.new
    g = preconditions_graph(new, style=dataclasses.replace(style, legend=False))
    g.name = "vmgraph_diff"
    added = {(_q(t), _q(h)) for t, h in _added_edges(diff)}
    g.body[:] = [_marked(line, added) for line in g.body]
    for state_id in diff.states_added:
        g.node(state_node(state_id), **ADDED_ATTR)
    for action_id in diff.actions_added:
        action = new.action(action_id)
        for variant in action.variants:
            g.node(action_node(action, variant), **ADDED_ATTR)
    for action_id, variant_id, fields in _changed_boxes(diff):
        action = new.action(action_id)
        variant = next(v for v in action.variants if v.id == variant_id)
        g.node(action_node(action, variant), xlabel=_text("changed: " + ", ".join(fields)), **CHANGED_ATTR)
    for state_id in diff.states_removed:
        g.node(state_node(state_id), _text(old.state(state_id).label), shape="ellipse", **_REMOVED_NODE)
    for action_id in diff.actions_removed:
        action = old.action(action_id)
        for variant in action.variants:
            label = action.label if variant.id is None else variant.label or f"{action.label} ({variant.id})"
            g.node(action_node(action, variant), _text(label), shape="box", **_REMOVED_NODE)
    for tail, head in _removed_edges(diff):
        g.edge(tail, head, **REMOVED_ATTR)
    g.attr(concentrate="false")  # merged edges would hide which one changed
    g.attr(label=_legend(diff, style), labelloc="t", labeljust="l")
    return g


def _added_edges(diff: ModelDiff) -> Iterator[tuple[str, str]]:
    """Yield the (tail, head) node names of edges the new model adds."""
    old, new = diff.old, diff.new
    pairs = set(diff.pairs_added)
    for action in new.actions:
        was = _find(old, action.id)
        for variant in action.variants:
            box = action_node(action, variant)
            same = _same_variant(was, variant)
            for state in new.accepted(variant):
                gained = same is not None and state not in old.accepted(same)
                if was is None or (action.id, state) in pairs or gained:
                    yield state_node(state), box
            before = {result_text(old, r) for r in (same.results if same else _all_results(was))}
            for result in variant.results:
                if result.to != UNCHANGED and (was is None or result_text(new, result) not in before):
                    yield box, state_node(result.to)


def _removed_edges(diff: ModelDiff) -> Iterator[tuple[str, str]]:
    """Yield the (tail, head) node names of edges only the old model has, deduplicated."""
    seen: dict[tuple[str, str], None] = {}
    old, new = diff.old, diff.new
    for action in old.actions:
        now = _find(new, action.id)
        for variant in action.variants:
            box = action_node(action, variant) if now is None else _box_for(now, variant)
            keep = set(accepted_union(new, now)) if now is not None else set()
            same = _same_variant(now, variant)
            if same is not None:
                keep &= set(new.accepted(same))
            for state in old.accepted(variant):
                if state not in keep:
                    seen[(state_node(state), box)] = None
            targets = {r.to for r in (same.results if same else _all_results(now))}
            for result in variant.results:
                if result.to != UNCHANGED and result.to not in targets:
                    seen[(box, state_node(result.to))] = None
    yield from seen


def _changed_boxes(diff: ModelDiff) -> Iterator[tuple[str, str | None, list[str]]]:
    """Yield (action, variant, fields) of boxes in both models whose details changed."""
    fields: dict[tuple[str, str | None], list[str]] = {}
    for change in diff.changes:
        if change.field in _DETAILS:
            fields.setdefault((change.action, change.variant), []).append(change.field.replace("_", " "))
    for (action_id, variant_id), names in fields.items():
        action = diff.new.action(action_id)
        targets = [v.id for v in action.variants] if variant_id is None else [variant_id]
        for vid in targets:
            if vid in {v.id for v in action.variants}:
                yield action_id, vid, list(dict.fromkeys(names))


def _legend(diff: ModelDiff, style: Style) -> str:
    del style  # the legend's look comes from the graph attributes
    lines = [
        f"changes from {diff.old.id} to {diff.new.id}",
        "ellipse: VM state; box: API call; state -> call: accepted; call -> state: result",
        f"thick green: only in {diff.new.id}",
        f"red dashed: only in {diff.old.id}",
        "thick orange: results, error or requirements changed",
    ]
    return left_lines(lines)


def _marked(line: str, added: set[tuple[str, str]]) -> str:
    """Return a body line, with the added-edge attributes if it draws an added edge."""
    match = _EDGE_LINE.match(line)
    if match is None or (match.group(1), match.group(2)) not in added:
        return line
    extra = " ".join(f'{k}="{v}"' for k, v in ADDED_ATTR.items())
    if line.endswith("]\n"):
        return f"{line[:-2]} {extra}]\n"
    return f"{line[:-1]} [{extra}]\n"


def _find(model: Model, action_id: str) -> Action | None:
    return next((a for a in model.actions if a.id == action_id), None)


def _same_variant(action: Action | None, variant: Variant) -> Variant | None:
    """Return the variant of *action* with *variant*'s id (a single form matches only itself)."""
    if action is None:
        return None
    return next((v for v in action.variants if v.id == variant.id), None)


def _box_for(action: Action, variant: Variant) -> str:
    same = _same_variant(action, variant)
    return action_node(action, same or action.variants[0])


def _all_results(action: Action | None) -> tuple[Result, ...]:
    return () if action is None else tuple(r for v in action.variants for r in v.results)


def _q(name: str) -> str:
    quoted: str = quote(name)
    return quoted


def _text(text: str) -> str:
    safe: str = nohtml(escape(text))
    return safe
