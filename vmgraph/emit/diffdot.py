"""The diff view (:mod:`vmgraph.views.diffview`) -> ``graphviz.Digraph``.

The new model's preconditions view as usual, with added edges drawn thick and green; then
the marks, one statement per node: added nodes thick and green, changed calls with a thick
orange border and an external label naming what changed; then what only the old model
has, dashed and red. Never starts a subprocess.
"""

from __future__ import annotations

import dataclasses

from graphviz import Digraph

from vmgraph.diff import ModelDiff
from vmgraph.emit import dottext
from vmgraph.emit.dot import ADDED_ATTR, CHANGED_ATTR, REMOVED_ATTR, edge_attrs, new_digraph, node_attrs
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.views.diffview import diff_view
from vmgraph.views.graph import GraphView

__all__ = ["ADDED_ATTR", "CHANGED_ATTR", "REMOVED_ATTR", "diff_dot", "diff_graph"]

#: The added-edge attributes, appended after an edge's own (quoted, as a diff has always drawn them).
_ADDED_EDGE = " ".join(f'{k}="{v}"' for k, v in ADDED_ATTR.items())


def diff_graph(diff: ModelDiff, *, style: Style = DEFAULT_STYLE) -> Digraph:
    """Return the preconditions view of ``diff.new`` with the differences from ``diff.old`` marked."""
    return diff_dot(diff_view(diff), style=style)


def diff_dot(view: GraphView, *, style: Style = DEFAULT_STYLE) -> Digraph:
    """Return a diff view as a graph: the drawing, the marks, what was removed, and the key on top."""
    g = new_digraph(view, style)
    plain = frozenset({"added", "changed"})
    for node in (n for n in view.nodes if "removed" not in n.roles):
        attrs = node_attrs(dataclasses.replace(node, roles=node.roles - plain), style)
        g.node(node.name, attrs.pop("label"), **attrs)
    for edge in (e for e in view.edges if "removed" not in e.roles):
        attrs = edge_attrs(edge, style)
        g.edge(edge.tail, edge.head, attrs.pop("label", None), **attrs)
        if "added" in edge.roles:
            line = g.body.pop()
            g.body.append(f"{line[:-2]} {_ADDED_EDGE}]\n" if line.endswith("]\n") else f"{line[:-1]} [{_ADDED_EDGE}]\n")
    for node in (n for n in view.nodes if "added" in n.roles):
        g.node(node.name, **ADDED_ATTR)
    for node in (n for n in view.nodes if "changed" in n.roles):
        g.node(node.name, xlabel=dottext.label(node.note), **CHANGED_ATTR)
    for node in (n for n in view.nodes if "removed" in n.roles):
        attrs = node_attrs(node, style)
        g.node(node.name, attrs.pop("label"), **attrs)
    for edge in (e for e in view.edges if "removed" in e.roles):
        g.edge(edge.tail, edge.head, **edge_attrs(edge, style))
    g.attr(concentrate="false")  # merged edges would hide which one changed
    g.attr(label=dottext.left_lines(list(view.legend)), labelloc="t", labeljust="l")
    return g
