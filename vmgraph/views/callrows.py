"""Calls accepted in the same states drawn as one box with a row per call, each saying where it leads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from vmgraph.model import PREVIOUS, UNCHANGED, Action, Model, Result, Variant
from vmgraph.views.compact import wrapped
from vmgraph.views.graph import Link, Node, action_node
from vmgraph.views.wording import failure_text, title

__all__ = ["ARROW", "ROWS_ROLE", "call_rows", "row_groups", "rows_box"]

Pair = tuple[Action, Variant]
#: What a row writes between a call and where it leads.
ARROW: Final = "\u2192"
#: The role of a box whose lines are rows (drawn left-aligned).
ROWS_ROLE: Final = "rows"


def row_groups(pairs: Sequence[Pair], source: Callable[[Variant], object]) -> list[list[Pair]]:
    """Return *pairs* grouped by where their accepted-state edges come from (*source*) and trigger.

    Groups keep the model order of their first member.
    """
    groups: dict[object, list[Pair]] = {}
    for action, variant in pairs:
        groups.setdefault((source(variant), action.trigger), []).append((action, variant))
    return list(groups.values())


def _target(model: Model, result: Result) -> str:
    if result.to == UNCHANGED:
        return "= unchanged"
    if result.to == PREVIOUS:
        return "back"
    return model.state(result.to).label


def call_rows(model: Model, action: Action, variant: Variant, *, failure: bool) -> tuple[str, ...]:
    """Return the rows of one call: ``title → RESULT``, one more line per further result.

    Results into one place are one line, with the states they start from (``from A, B``)
    and their conditions (``[when]``); a result the system makes on its own says so. With
    *failure*, a last line says where a failure leads.
    """
    found: dict[tuple[str, str | None, bool], list[str]] = {}
    for r in variant.results:
        key = (_target(model, r), r.when, r.trigger == "system")
        found.setdefault(key, [])
        if r.source is not None:
            found[key].append(model.state(r.source).label)
    parts = []
    for (target, when, system), sources in found.items():
        text = f"{ARROW} {target}"
        text += f" from {', '.join(sources)}" if sources else ""
        text += f" [{when}]" if when else ""
        parts.append(text + (" (system)" if system else ""))
    name = title(action, variant)
    if len(parts) == 1 and len(name) + len(parts[0]) <= 2 * 16:
        lines = [f"{name} {parts[0]}"]
    else:
        lines = [name, *(f"  {line}" for part in parts for line in wrapped([part], 34))]
    if failure and variant.error is not None:
        lines.append(f"  on failure: {failure_text(model, variant)}")
    return tuple(lines)


def rows_box(model: Model, group: Sequence[Pair]) -> Node:
    """Return the box of *group*: a row per call, and where a failure leads (once if all agree)."""
    action, variant = group[0]
    errors = {v.error for _, v in group}
    shared = len(errors) == 1
    lines = [line for a, v in group for line in call_rows(model, a, v, failure=not shared)]
    if shared and variant.error is not None:
        lines.append(f"on failure: {failure_text(model, variant)}")
    roles = {ROWS_ROLE} | ({"system"} if action.trigger == "system" else set())
    tip = "; ".join(f"{title(a, v)}: {v.description or a.description}".rstrip(": ") for a, v in group)
    if len(group) == 1:
        tip = variant.description or action.description
    return Node(
        action_node(action.id, variant.id),
        "action",
        tuple(lines),
        frozenset(roles),
        tip,
        Link("action", action.id, variant.id),
        members=tuple(Link("action", a.id, v.id) for a, v in group),
    )
