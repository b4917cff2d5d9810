"""The nodes every graph view draws the same way: a state, a call's box, a start point, a group."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from vmgraph.model import UNCHANGED, Action, Model, State, Variant
from vmgraph.views.graph import Link, Node, action_node, start_node, state_node
from vmgraph.views.wording import condition, failure_text, title

__all__ = ["box_lines", "call_box", "group", "listed", "start_point", "state_box", "with_legend"]

#: Most names a grouped node or a tooltip lists in a short form.
SHORT = 4


@functools.lru_cache(maxsize=4096)
def state_box(state: State, *, focus: bool = False) -> Node:
    """Return the node of *state*: its label, initial/terminal roles, description as tooltip.

    Made once per state: the focused views of a large model draw a state many times.
    """
    roles = {"initial"} if state.initial else set()
    roles |= {"terminal"} if state.terminal else set()
    roles |= {state.kind} if state.kind != "stable" else set()
    roles |= {"error_state"} if state.error else set()
    roles |= {"focus"} if focus else set()
    tip = state.description
    if state.target is not None:
        tip = f"{tip} (heads to {state.target})".lstrip()
    return Node(state_node(state.id), "state", (state.label,), frozenset(roles), tip, Link("state", state.id))


def box_lines(model: Model, action: Action, variant: Variant, heading: str) -> tuple[str, ...]:
    """Return the lines of a call's box: *heading*, the unchanged results, where a failure leads."""
    lines = [heading]
    lines += [f"= unchanged {condition(model, r)}".rstrip() for r in variant.results if r.to == UNCHANGED]
    if variant.error is not None:
        lines.append(f"on failure: {failure_text(model, variant)}")
    return tuple(lines)


def call_box(model: Model, action: Action, variant: Variant, *, heading: str = "", focus: bool = False) -> Node:
    """Return the box of one variant of *action* (*heading* defaults to its title)."""
    roles = {"system"} if action.trigger == "system" else set()
    roles |= {"focus"} if focus else set()
    lines = box_lines(model, action, variant, heading or title(action, variant))
    return Node(
        action_node(action.id, variant.id),
        "action",
        lines,
        frozenset(roles),
        variant.description or action.description,
        Link("action", action.id, variant.id),
    )


def start_point(action: Action) -> Node:
    """Return the point a creating *action* starts from."""
    return Node(start_node(action.id), "start", (), tooltip=action.label)


def listed(labels: list[str], limit: int = 8) -> str:
    """Return at most *limit* of *labels*, comma-separated, saying how many there are when cut."""
    shown = ", ".join(labels[:limit])
    return f"{shown}, ... ({len(labels)} in all)" if len(labels) > limit else shown


def group(name: str, heading: str, labels: list[str]) -> Node:
    """Return one node standing for the items named by *labels*."""
    return Node(name, "group", (heading, listed(labels, SHORT)), tooltip=listed(labels, 40))


def with_legend(model: Model, entries: Iterable[tuple[bool, str]], states: Iterable[State]) -> tuple[str, ...]:
    """Return the key lines whose flag is true, then the state kinds drawn."""
    drawn = list(states)
    initial = "bold: initial state (before launch)" if model.uses_launched else "bold: initial state"
    every = [
        *entries,
        (any(s.initial for s in drawn), initial),
        (any(s.terminal for s in drawn), "double border: terminal state"),
        (any(s.kind == "in_progress" for s in drawn), "dashed border: in progress (tooltip: where it heads)"),
        (any(s.kind == "waiting" for s in drawn), "dotted border: waiting for an operator"),
        (any(s.kind == "failed" for s in drawn), "octagon: failed"),
        (any(s.error for s in drawn), "marked corners: an error"),
    ]
    return tuple(line for shown, line in every if shown)
