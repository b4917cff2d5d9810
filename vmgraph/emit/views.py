"""View name -> ``graphviz.Digraph``: the one dispatcher every DOT output goes through."""

from __future__ import annotations

from collections.abc import Iterator

from graphviz import Digraph

from vmgraph.emit.dot import dot_graph
from vmgraph.emit.sequence import sequence_graph
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.limits import FOCUS_LIMIT
from vmgraph.model import Model
from vmgraph.views.emphasis import Emphasis
from vmgraph.views.focus import focused_view, focused_view_names
from vmgraph.views.names import graph_view, sequence_view_name
from vmgraph.views.select import Ids

__all__ = ["build_view", "focused_sources"]


def build_view(
    model: Model,
    name: str,
    *,
    states: Ids = None,
    actions: Ids = None,
    style: Style = DEFAULT_STYLE,
    emphasis: Emphasis | None = None,
) -> Digraph:
    """Return the DOT graph of view *name*; ``states``/``actions`` draw a subset of a graph view.

    Sequences come from :func:`vmgraph.emit.sequence.sequence_graph`; every other view is
    :func:`vmgraph.views.names.graph_view` (with its *emphasis*) drawn by :func:`dot_graph`.

    Raises:
        RenderError: *model* has no view *name*, or the subset or emphasis does not apply.
    """
    for sequence in model.sequences:
        if name == sequence_view_name(sequence.id):
            return sequence_graph(model, sequence.id, style=style)
    return dot_graph(graph_view(model, name, states=states, actions=actions, emphasis=emphasis), style)


def focused_sources(
    model: Model, *, style: Style = DEFAULT_STYLE, limit: int = FOCUS_LIMIT
) -> Iterator[tuple[str, str]]:
    """Yield (view name, DOT source) of every focused view, in ``focused_view_names`` order."""
    for name in focused_view_names(model):
        yield name, dot_graph(focused_view(model, name, limit=limit), style).source
