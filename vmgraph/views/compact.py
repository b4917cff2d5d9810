"""Compaction: calls drawn alike share one box, and long lists of calls on an edge are cut short."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Sequence
from typing import Final

from vmgraph.model import Action, Model, Variant
from vmgraph.views.graph import Link, Node, action_node
from vmgraph.views.nodes import box_lines, call_box
from vmgraph.views.wording import title

__all__ = ["EDGE_NAMES", "LINE_CHARS", "box_groups", "edge_lines", "shared_box", "wrapped"]

Pair = tuple[Action, Variant]
#: Most characters in a line of a shared box or an edge label before it wraps.
LINE_CHARS: Final = 24
#: Most calls an edge label names before "+N more".
EDGE_NAMES: Final = 3


def box_groups(model: Model, pairs: Sequence[Pair], source: Callable[[Variant], object]) -> list[list[Pair]]:
    """Return *pairs* grouped by what their boxes draw: sources, results, failure and trigger.

    Groups keep the model order of their first member; *source* tells where a variant's
    accepted-state edges come from (an "any state" node or its states).
    """
    groups: dict[object, list[Pair]] = {}
    for action, variant in pairs:
        key = (source(variant), variant.results, variant.error, action.trigger)
        groups.setdefault(key, []).append((action, variant))
    return list(groups.values())


def wrapped(parts: Sequence[str], width: int = LINE_CHARS) -> tuple[str, ...]:
    """Return *parts* joined by commas in lines of about *width* characters.

    >>> wrapped(["attach_volume", "detach_volume", "swap_volume"])
    ('attach_volume,', 'detach_volume,', 'swap_volume')
    >>> wrapped(["pause", "stop"])
    ('pause, stop',)
    """
    return tuple(textwrap.wrap(", ".join(parts), width, break_long_words=False, break_on_hyphens=False))


def shared_box(model: Model, group: Sequence[Pair]) -> Node:
    """Return the box of a group of variants drawn alike: every title, then what the first box writes."""
    action, variant = group[0]
    if len(group) == 1:
        return call_box(model, action, variant)
    names = [title(a, v) for a, v in group]
    lines = box_lines(model, action, variant, "")[1:]
    roles = frozenset({"system"}) if action.trigger == "system" else frozenset()
    tip = "; ".join(f"{title(a, v)}: {v.description or a.description}".rstrip(": ") for a, v in group)
    return Node(
        action_node(action.id, variant.id),
        "action",
        (*wrapped(names), *lines),
        roles,
        tip,
        Link("action", action.id, variant.id),
        members=tuple(Link("action", a.id, v.id) for a, v in group),
    )


def edge_lines(lines: Sequence[str], limit: int = EDGE_NAMES) -> tuple[str, ...]:
    """Return the label of an edge listing *lines*: at most *limit*, each wrapped, then "+N more"."""
    shown = list(lines) if len(lines) <= limit else [*lines[: limit - 1], f"+{len(lines) - limit + 1} more"]
    return tuple(part for line in shown for part in _wrapped_line(line))


@functools.lru_cache(maxsize=4096)
def _wrapped_line(line: str) -> tuple[str, ...]:
    """Return *line* in lines of about :data:`LINE_CHARS`; made once: many edges name the same calls."""
    return tuple(textwrap.wrap(line, LINE_CHARS, break_long_words=False))
