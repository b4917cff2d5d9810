"""A graph view as plain data: nodes and edges with roles, label lines, links and a legend.

Views (:mod:`vmgraph.views.preconditions`, ...) compute a :class:`GraphView` once from the
model; emitters (:mod:`vmgraph.emit.dot`, :mod:`vmgraph.emit.mermaid`, the alt text) turn it
into text without selecting or wording anything themselves. Text here is plain and unescaped:
each emitter escapes it for its own format. Roles are names (see :data:`ROLES`) that each
emitter maps to its own look, as transitions' diagram backends map styles by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "ROLES",
    "Edge",
    "GraphView",
    "Link",
    "Node",
    "NodeKind",
    "action_node",
    "link_of",
    "start_node",
    "state_node",
]

#: What a node stands for.
NodeKind = Literal["state", "action", "start", "group"]

#: Every role a node or an edge may have.
ROLES: Final = frozenset(
    {
        "initial",  # a state a resource starts in
        "terminal",  # a state a resource never leaves
        "in_progress",  # a state the resource passes through, heading to a stable one
        "waiting",  # a state that waits for an operator
        "failed",  # a state something failed in
        "error_state",  # a state marked as an error
        "system",  # an action (or its edge) done by the system, not the caller
        "error",  # an edge to where a failure leads
        "condition",  # an edge whose label says which condition or source selects it
        "focus",  # the state or action a focused view is about
        "emphasised",  # drawn in full by a highlight
        "faded",  # drawn faint by a highlight
        "added",  # new in a diff
        "removed",  # gone in a diff
        "changed",  # in both sides of a diff, with other details (``Node.note`` says which)
        "any",  # a group node standing for any state (but those it names), see views.anystate
        "listed",  # a group node standing for each of the states it names, see views.anystate
        "west",  # a box drawn left of the column of states (views.sides)
        "rows",  # a box whose lines are rows, one or more per call (views.callrows)
        "two_way",  # an edge standing for calls both ways between its ends (its label says which way)
    }
)


@dataclass(frozen=True, slots=True)
class Link:
    """Where a node links to: the table row of a state or an action of a model."""

    kind: Literal["state", "action"]
    id: str
    variant: str | None = None

    @property
    def node(self) -> str:
        """Return the node name of the state or of the variant's box it links to (:func:`action_node`)."""
        return state_node(self.id) if self.kind == "state" else action_node(self.id, self.variant)

    @property
    def item(self) -> str:
        """Return the node name of the whole state or action (``state_<id>``, ``action_<id>``)."""
        return state_node(self.id) if self.kind == "state" else action_node(self.id, None)


@dataclass(frozen=True, slots=True)
class Node:
    """One node: ``name`` is its DOT/Mermaid identifier, ``lines`` its label, one line each.

    ``members`` are the calls a box shared by several calls stands for, or the states a
    group naming them stands for (empty otherwise).
    """

    name: str
    kind: NodeKind
    lines: tuple[str, ...]
    roles: frozenset[str] = frozenset()
    tooltip: str = ""
    link: Link | None = None
    note: str = ""
    members: tuple[Link, ...] = ()

    @property
    def stands_for(self) -> tuple[str, ...]:
        """Return the names of what this node stands for: the nodes of its members (the
        single-variant boxes ``action_<id>[.<variant>]``, or the states ``state_<id>``), or its own name."""
        return tuple(m.node for m in self.members) or (self.name,)


@dataclass(frozen=True, slots=True)
class Edge:
    """One edge from node ``tail`` to node ``head``, with its label lines.

    ``width`` is a line width (1 to 4) for edges that stand for a count, 0 for the usual.
    """

    tail: str
    head: str
    lines: tuple[str, ...] = ()
    roles: frozenset[str] = frozenset()
    tooltip: str = ""
    width: int = 0

    @property
    def key(self) -> tuple[str, str, bool]:
        """Return what tells this edge apart: its ends, and whether it is a failure edge."""
        return self.tail, self.head, "error" in self.roles


@dataclass(frozen=True, slots=True)
class GraphView:
    """What one diagram draws, in drawing order, and how it is explained.

    ``kind`` names the layout family (``preconditions``, ``transitions``, ``state``,
    ``action``, ``overview``, ``diff``), which emitters use for graph-wide settings.
    """

    name: str
    kind: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    legend: tuple[str, ...] = ()
    title: str = ""


def state_node(state_id: str) -> str:
    """Return the node name of state *state_id* (``state_<id>``)."""
    return f"state_{state_id}"


def action_node(action_id: str, variant_id: str | None) -> str:
    """Return the node name of one variant's box (``action_<id>`` or ``action_<id>.<variant>``)."""
    return f"action_{action_id}" if variant_id is None else f"action_{action_id}.{variant_id}"


def start_node(action_id: str) -> str:
    """Return the node name of the point where creating action *action_id* starts."""
    return f"start.{action_id}"


def link_of(name: str) -> Link | None:
    """Return what node *name* links to, or ``None`` (start points, grouped nodes).

    >>> link_of("state_active"), link_of("action_reboot.hard"), link_of("more_states")
    (Link(kind='state', id='active', variant=None), Link(kind='action', id='reboot', variant='hard'), None)
    """
    kind, sep, rest = name.partition("_")
    if not sep or not rest or kind not in ("state", "action"):
        return None
    if kind == "state":
        return None if "." in rest else Link("state", rest)
    item, dot, variant = rest.partition(".")
    return Link("action", item, variant if dot else None)
