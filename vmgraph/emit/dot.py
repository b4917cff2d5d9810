"""GraphView -> ``graphviz.Digraph``: roles become attributes, every text is escaped for DOT.

Builds DOT only and never starts a subprocess. It selects and words nothing: the views of
:mod:`vmgraph.views` decide what is drawn and how it reads; this module decides how each
node kind and role looks, with the colours of the :class:`~vmgraph.emit.style.Style`. Every
free text goes through :mod:`vmgraph.emit.dottext`, so a label can neither close its
string nor become an HTML label.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Final

from graphviz import Digraph

from vmgraph.emit import dottext
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.model import Model
from vmgraph.views.emphasis import Emphasis, emphasise
from vmgraph.views.graph import Edge, GraphView, Node
from vmgraph.views.preconditions import preconditions_view
from vmgraph.views.select import Ids
from vmgraph.views.transitions import transitions_view

__all__ = [
    "ADDED_ATTR",
    "CHANGED_ATTR",
    "GRAPH_ATTR",
    "REMOVED_ATTR",
    "dot_graph",
    "edge_attrs",
    "new_digraph",
    "node_attrs",
    "preconditions_graph",
    "transitions_graph",
]

Attrs = Mapping[str, str]

#: Graph-wide attributes per view kind. No ``concentrate``: merged edges meet at junctions
#: that hide which state feeds which call, so every edge is drawn whole from node to node.
#: Polyline edges stay close to their control polygons; tight node and rank gaps keep
#: whole-model drawings narrow enough to read in a documentation column.
_PRECONDITIONS: Final[Attrs] = {"splines": "polyline", "nodesep": "0.15", "ranksep": "0.4"}
#: The compact preconditions view: a column of states, boxes of calls each side, straight edges.
_CALL_ROWS: Final[Attrs] = {"rankdir": "LR", "splines": "line", "nodesep": "0.15", "ranksep": "1.2"}
_FOCUSED: Final[Attrs] = {"nodesep": "0.3", "ranksep": "0.6"}
GRAPH_ATTR: Final[Mapping[str, Attrs]] = {
    "preconditions": _CALL_ROWS,
    "diff": _PRECONDITIONS,
    "transitions": {"nodesep": "0.15", "ranksep": "0.5"},
    # a state and its neighbours read best as a fan from left to right
    "state": {**_FOCUSED, "rankdir": "LR"},
    "action": {"nodesep": "0.3", "ranksep": "1.0", "rankdir": "LR"},
    "overview": {"nodesep": "0.2", "ranksep": "0.6"},
    "subset": _FOCUSED,
}
#: Node attributes per view kind: states drawn close around their text keep whole-model views narrow.
_NODE_ATTR: Final[Mapping[str, Attrs]] = {kind: {"margin": "0.04,0.03"} for kind in ("transitions", "overview")}
#: Views whose edge labels name the calls, the main text there: they get the node font size.
_CALL_LABELS: Final = frozenset({"transitions", "overview"})
_SHAPE: Final[Attrs] = {"state": "ellipse", "action": "box"}
_START: Final[Attrs] = {"shape": "point", "width": "0.12"}
_GROUP: Final[Attrs] = {"shape": "box", "style": "dashed,rounded"}
_ANY: Final[Attrs] = {"shape": "ellipse", "style": "dashed,bold"}
_FOCUS: Final[Attrs] = {"penwidth": "2.5"}
_EMPHASISED: Final[Attrs] = {"penwidth": "2"}
_LEGEND: Final[Attrs] = {"labelloc": "b", "labeljust": "l"}
#: Nodes and edges only the new model of a diff has.
ADDED_ATTR: Final[Attrs] = {"color": "#1a7f37", "penwidth": "2.5"}
#: Nodes and edges only the old model of a diff has (drawn from it, dashed).
REMOVED_ATTR: Final[Attrs] = {"color": "#b22222", "fontcolor": "#b22222", "style": "dashed"}
#: Calls in both models whose results, error state or requirements differ.
CHANGED_ATTR: Final[Attrs] = {"color": "#c26a00", "penwidth": "2.5"}
_REMOVED_NODE: Final[Attrs] = {**REMOVED_ATTR, "style": "dashed,filled", "fillcolor": "white"}


def new_digraph(view: GraphView, style: Style) -> Digraph:
    """Return an empty graph named after *view*, with the look of its kind and *style*."""
    return Digraph(view.name, body=list(_header(view.kind, style)))


@functools.lru_cache(maxsize=64)
def _header(kind: str, style: Style) -> tuple[str, ...]:
    """Return the ``graph``, ``node`` and ``edge`` statements of a view of *kind*, as ``Digraph`` writes them.

    Written once per kind and style: the focused views of a large model are thousands of graphs.
    """
    font = {"fontname": style.fontname, "fontcolor": style.palette.ink}
    size = {"fontsize": str(style.fontsize)}
    edge_size = max(style.fontsize, style.edge_fontsize) if kind in _CALL_LABELS else style.edge_fontsize
    template = Digraph(
        graph_attr={"rankdir": style.rankdir, **font, **size, **GRAPH_ATTR.get(kind, {})},
        node_attr={**font, **size, "color": style.palette.ink, **_NODE_ATTR.get(kind, {})},
        edge_attr={**font, "fontsize": str(edge_size), "color": style.palette.ink},
    )
    return tuple(template)[1:-1]  # between "digraph {" and "}"


def node_attrs(node: Node, style: Style) -> dict[str, str]:
    """Return the DOT attributes of *node* (its label included) for its kind and roles."""
    attrs = {"label": dottext.left_lines(list(node.lines)) if "rows" in node.roles else dottext.label(*node.lines)}
    if "removed" in node.roles:
        return {**attrs, "shape": _SHAPE.get(node.kind, "box"), **_REMOVED_NODE}
    if node.kind in ("start", "group"):
        attrs.update(_START if node.kind == "start" else _ANY if {"any", "listed"} & node.roles else _GROUP)
    else:
        palette = style.palette
        fill = palette.state_fill if node.kind == "state" else palette.action_fill
        attrs.update(shape=_SHAPE.get(node.kind, "box"), style="filled", fillcolor=fill)
        if "system" in node.roles:
            attrs.update(style="filled,rounded,dashed", fillcolor=palette.system_fill)
        if "initial" in node.roles:
            attrs["style"] = "filled,bold"
        if "terminal" in node.roles:
            attrs["peripheries"] = "2"
        _kind_look(attrs, node.roles)
        if "focus" in node.roles:
            attrs.update(_FOCUS)
    if node.tooltip:
        attrs["tooltip"] = dottext.tooltip(node.tooltip)
    return _emphasis(attrs, node.roles, style)


def edge_attrs(edge: Edge, style: Style) -> dict[str, str]:
    """Return the DOT attributes of *edge* (its label included, if any) for its roles."""
    attrs = {"label": dottext.label(*edge.lines)} if edge.lines else {}
    if edge.tooltip:
        attrs["tooltip"] = dottext.tooltip(edge.tooltip)
    if "error" in edge.roles:
        attrs.update(color=style.palette.muted, fontcolor=style.palette.muted, style="dashed")
    if "condition" in edge.roles:
        attrs["fontcolor"] = style.palette.condition
    if "two_way" in edge.roles:
        attrs["dir"] = "both"
    if "system" in edge.roles:  # a result the system makes on its own
        attrs["style"] = "dashed"
    if edge.width:
        attrs["penwidth"] = str(edge.width)
    if "removed" in edge.roles:
        attrs.update(REMOVED_ATTR)
    return _emphasis(attrs, edge.roles, style)


#: How a state's kind and error mark are drawn: by border and shape, never colour alone.
_KIND_STYLE: Final = {"in_progress": "dashed", "waiting": "dotted", "error_state": "diagonals"}


def _kind_look(attrs: dict[str, str], roles: frozenset[str]) -> None:
    """Add the border (dashed, dotted, marked corners) and shape (octagon) of a state's kind."""
    if "failed" in roles:
        attrs["shape"] = "octagon"
    extra = [look for role, look in _KIND_STYLE.items() if role in roles]
    if extra:
        attrs["style"] = ",".join([attrs["style"], *extra])


def _emphasis(attrs: dict[str, str], roles: frozenset[str], style: Style) -> dict[str, str]:
    if "emphasised" in roles:
        return {**attrs, **_EMPHASISED}
    if "faded" not in roles:
        return attrs
    faded = {**attrs, "color": style.palette.muted, "fontcolor": style.palette.muted}
    faded.pop("fillcolor", None)
    kept = [part for part in faded.pop("style", "").split(",") if part.strip() not in {"", "filled"}]
    return {**faded, "style": ",".join(kept)} if kept else faded


#: Inches per character of a box's widest line (10 pt Helvetica, generous) and the margins.
_INCH_PER_CHAR: Final = 0.075
_BOX_MARGIN: Final = 0.3


def _column_widths(nodes: tuple[Node, ...]) -> dict[bool, str]:
    """Return the width of the boxes of rows left (``True``) and right of the states: one per side.

    Boxes of one width line up, so a straight edge never cuts the corner of a wider box.
    """
    chars = {True: 0, False: 0}
    for node in nodes:
        if "rows" in node.roles:
            west = "west" in node.roles
            chars[west] = max(chars[west], *(len(line) for line in node.lines))
    return {side: f"{n * _INCH_PER_CHAR + _BOX_MARGIN:.2f}" for side, n in chars.items()}


def dot_graph(view: GraphView, style: Style = DEFAULT_STYLE) -> Digraph:
    """Return *view* as a graph: its nodes, its edges, and its key under it (if ``style.legend``)."""
    g = new_digraph(view, style)
    widths = _column_widths(view.nodes)
    for node in view.nodes:
        if "rows" in node.roles:  # as wide as the other boxes of its side: drawn afresh, not reused
            attrs = {**node_attrs(node, style), "width": widths["west" in node.roles]}
            g.node(node.name, attrs.pop("label"), **attrs)
        else:
            _add(g, node, style)
    west = {node.name for node in view.nodes if "west" in node.roles}
    if west:  # the states stay in one column between the two sides of boxes
        with g.subgraph() as column:
            column.attr(rank="same")
            for node in view.nodes:
                if node.kind != "action":
                    column.node(node.name)
        _two_sided_edges(g, view, west, style)
    else:
        for edge in view.edges:
            _add(g, edge, style)
    if style.legend and view.legend:
        g.attr(label=dottext.left_lines(list(view.legend)), **_LEGEND)
    return g


def _hover_name(node: Node) -> str:
    """Return how an edge's hover text names *node*: a group of states by all its lines, a state or a box by its first."""
    if not node.lines:
        return node.name
    return " ".join(node.lines) if node.kind == "group" else node.lines[0]


def _two_sided_edges(g: Digraph, view: GraphView, west: set[str], style: Style) -> None:
    """Add the edges of a view with boxes both sides of its states (the ports depend on the side)."""
    first = {node.name: _hover_name(node) for node in view.nodes}
    for edge in view.edges:
        attrs = edge_attrs(edge, style)
        if edge.head in west:  # drawn right to left: the arrowhead stays at the box, the hover text says so
            attrs.setdefault("tooltip", dottext.tooltip(f"{first[edge.tail]} \N{RIGHTWARDS ARROW} {first[edge.head]}"))
            g.edge(edge.head, edge.tail, attrs.pop("label", None), dir="back", tailport="e", **attrs)
        else:  # into the middle of the box's side that faces the states: no edge cuts another box
            g.edge(edge.tail, edge.head, attrs.pop("label", None), headport="w", **attrs)


#: DOT statements already written, per style and node or edge: a state is drawn in many
#: focused views, an edge in a whole-model view and a focused one. Emptied when full.
_WRITTEN: Final[dict[Style, dict[Node | Edge, str]]] = {}
_WRITTEN_MAX: Final = 1 << 17


def _add(g: Digraph, item: Node | Edge, style: Style) -> None:
    """Add the node or edge *item* to *g* as ``Digraph.node`` or ``Digraph.edge`` writes it, once per style."""
    written = _WRITTEN.setdefault(style, {})
    line = written.get(item)
    if line is None:
        if isinstance(item, Node):
            attrs = node_attrs(item, style)
            g.node(item.name, attrs.pop("label"), **attrs)
        else:
            attrs = edge_attrs(item, style)
            g.edge(item.tail, item.head, attrs.pop("label", None), **attrs)
        if len(written) >= _WRITTEN_MAX:
            written.clear()
        written[item] = g.body[-1]
    else:
        g.body.append(line)


def preconditions_graph(
    model: Model,
    *,
    states: Ids = None,
    actions: Ids = None,
    style: Style = DEFAULT_STYLE,
    emphasis: Emphasis | None = None,
    compact: bool = True,
) -> Digraph:
    """Return the DOT graph of :func:`vmgraph.views.preconditions.preconditions_view`, maybe emphasised.

    Without *compact*, every variant has its own box and every accepted state its own edge
    (and in the transitions view every failure its own edge).

    Raises:
        RenderError: An id in *states* or *actions* is unknown.
    """
    view = preconditions_view(model, states=states, actions=actions, compact=compact, any_limit=None if compact else -1)
    return dot_graph(view if emphasis is None else emphasise(view, emphasis), style)


def transitions_graph(
    model: Model,
    *,
    states: Ids = None,
    actions: Ids = None,
    style: Style = DEFAULT_STYLE,
    emphasis: Emphasis | None = None,
    compact: bool = True,
) -> Digraph:
    """Return the DOT graph of :func:`vmgraph.views.transitions.transitions_view`, maybe emphasised.

    Raises:
        RenderError: An id in *states* or *actions* is unknown.
    """
    view = transitions_view(model, states=states, actions=actions, compact=compact, any_limit=None if compact else -1)
    return dot_graph(view if emphasis is None else emphasise(view, emphasis), style)
