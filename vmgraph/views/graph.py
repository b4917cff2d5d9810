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

__all__ = ["ROLES", "Edge", "GraphView", "Link", "Node", "NodeKind"]

#: What a node stands for.
NodeKind = Literal["state", "action", "start", "group"]

#: Every role a node or an edge may have.
ROLES: Final = frozenset(
    {
        "initial",  # a state a resource starts in
        "terminal",  # a state a resource never leaves
        "system",  # an action (or its edge) done by the system, not the caller
        "error",  # an edge to where a failure leads
        "condition",  # an edge whose label says which condition or source selects it
        "focus",  # the state or action a focused view is about
        "emphasised",  # drawn in full by a highlight
        "faded",  # drawn faint by a highlight
        "added",  # new in a diff
        "removed",  # gone in a diff
    }
)


@dataclass(frozen=True, slots=True)
class Link:
    """Where a node links to: the table row of a state or an action of a model."""

    kind: Literal["state", "action"]
    id: str


@dataclass(frozen=True, slots=True)
class Node:
    """One node: ``name`` is its DOT/Mermaid identifier, ``lines`` its label, one line each."""

    name: str
    kind: NodeKind
    lines: tuple[str, ...]
    roles: frozenset[str] = frozenset()
    tooltip: str = ""
    link: Link | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """One edge from node ``tail`` to node ``head``, with its label lines."""

    tail: str
    head: str
    lines: tuple[str, ...] = ()
    roles: frozenset[str] = frozenset()
    tooltip: str = ""


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
