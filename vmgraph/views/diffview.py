"""The diff view as data: the preconditions view of the new model, with what changed as roles.

Added states, calls and edges get the role ``added``; what only the old model has is kept,
drawn from it, with the role ``removed``; a call whose results, error state or
requirements changed gets the role ``changed`` and a note naming what changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Final

from vmgraph.diff import ModelDiff, accepted_union, result_text
from vmgraph.model import RESULT_WORDS, Action, Model, Result, Variant
from vmgraph.views.graph import Edge, GraphView, Node, action_node, state_node
from vmgraph.views.preconditions import preconditions_view
from vmgraph.views.wording import title

__all__ = ["diff_view"]

#: The fields of a change that mark a call as changed.
_DETAILS: Final = ("results", "error", "task_state", "must_have_launched", "trigger")


def diff_view(diff: ModelDiff) -> GraphView:
    """Return the preconditions view of ``diff.new`` with the differences from ``diff.old`` as roles."""
    old, new = diff.old, diff.new
    base = preconditions_view(new, compact=False, any_limit=-1)  # a box per variant, an edge per state
    added = {state_node(s) for s in diff.states_added}
    added |= {action_node(a, v.id) for a in diff.actions_added for v in new.action(a).variants}
    changed = {action_node(a, v): "changed: " + ", ".join(fields) for a, v, fields in _changed_boxes(diff)}
    nodes = [_marked(n, added, changed) for n in base.nodes]
    nodes += [Node(state_node(s), "state", (old.state(s).label,), frozenset({"removed"})) for s in diff.states_removed]
    for action_id in diff.actions_removed:
        action = old.action(action_id)
        nodes += [
            Node(action_node(action.id, v.id), "action", (title(action, v),), frozenset({"removed"}))
            for v in action.variants
        ]
    new_edges = set(_added_edges(diff))
    edges = [
        dataclasses.replace(e, roles=e.roles | {"added"}) if (e.tail, e.head) in new_edges else e for e in base.edges
    ]
    edges += [Edge(tail, head, roles=frozenset({"removed"})) for tail, head in _removed_edges(diff)]
    t = new.terms
    legend = (
        f"changes from {old.id} to {new.id}",
        f"ellipse: {t.state}; box: {t.action}; state -> {t.short}: accepted; {t.short} -> state: result",
        f"thick green: only in {new.id}",
        f"red dashed: only in {old.id}",
        "thick orange: results, error or requirements changed",
    )
    return GraphView("vmgraph_diff", "diff", tuple(nodes), tuple(edges), legend, f"changes from {old.id} to {new.id}")


def _marked(node: Node, added: set[str], changed: dict[str, str]) -> Node:
    if node.name in added:
        return dataclasses.replace(node, roles=node.roles | {"added"})
    if node.name in changed:
        return dataclasses.replace(node, roles=node.roles | {"changed"}, note=changed[node.name])
    return node


def _added_edges(diff: ModelDiff) -> Iterator[tuple[str, str]]:
    """Yield the (tail, head) node names of edges the new model adds."""
    old, new = diff.old, diff.new
    pairs = set(diff.pairs_added)
    for action in new.actions:
        was = _find(old, action.id)
        for variant in action.variants:
            box = action_node(action.id, variant.id)
            same = _same_variant(was, variant)
            for state in new.accepted(variant):
                gained = same is not None and state not in old.accepted(same)
                if was is None or (action.id, state) in pairs or gained:
                    yield state_node(state), box
            before = {result_text(old, r) for r in (same.results if same else _all_results(was))}
            for result in variant.results:
                if result.to not in RESULT_WORDS and (was is None or result_text(new, result) not in before):
                    yield box, state_node(result.to)


def _removed_edges(diff: ModelDiff) -> Iterator[tuple[str, str]]:
    """Yield the (tail, head) node names of edges only the old model has, deduplicated."""
    seen: dict[tuple[str, str], None] = {}
    old, new = diff.old, diff.new
    for action in old.actions:
        now = _find(new, action.id)
        for variant in action.variants:
            box = action_node(action.id, variant.id) if now is None else _box_for(now, variant)
            keep = set(accepted_union(new, now)) if now is not None else set()
            same = _same_variant(now, variant)
            if same is not None:
                keep &= set(new.accepted(same))
            for state in old.accepted(variant):
                if state not in keep:
                    seen[(state_node(state), box)] = None
            targets = {r.to for r in (same.results if same else _all_results(now))}
            for result in variant.results:
                if result.to not in RESULT_WORDS and result.to not in targets:
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


def _find(model: Model, action_id: str) -> Action | None:
    return next((a for a in model.actions if a.id == action_id), None)


def _same_variant(action: Action | None, variant: Variant) -> Variant | None:
    """Return the variant of *action* with *variant*'s id (a single form matches only itself)."""
    if action is None:
        return None
    return next((v for v in action.variants if v.id == variant.id), None)


def _box_for(action: Action, variant: Variant) -> str:
    same = _same_variant(action, variant)
    return action_node(action.id, (same or action.variants[0]).id)


def _all_results(action: Action | None) -> tuple[Result, ...]:
    return () if action is None else tuple(r for v in action.variants for r in v.results)
