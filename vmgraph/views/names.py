"""The named views of a model (``preconditions``, ``transitions``, ``create-sequence``, ...)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from graphviz import Digraph

from vmgraph.emit.dot import preconditions_graph, transitions_graph
from vmgraph.emit.sequence import sequence_graph
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.errors import RenderError
from vmgraph.model import Model
from vmgraph.views.focus import (
    build_focused,
    focused_view_names,
    is_focused_view,
    is_large,
    subset_graph,
    unknown_focused,
)

if TYPE_CHECKING:
    from vmgraph.views.emphasis import Emphasis

__all__ = ["ALL", "FOCUSED", "build_view", "resolve_views", "sequence_view_name", "view_names"]

#: Asks for every view of the model.
ALL = "all"
#: Asks for the overview and the focused views of every state and action (:mod:`vmgraph.views.focus`).
FOCUSED = "focused"


def sequence_view_name(sequence_id: str) -> str:
    """Return the view name of a sequence: ``create-sequence`` or ``sequence-<id>``.

    >>> sequence_view_name("create"), sequence_view_name("migrate")
    ('create-sequence', 'sequence-migrate')
    """
    return "create-sequence" if sequence_id == "create" else f"sequence-{sequence_id}"


def view_names(model: Model) -> tuple[str, ...]:
    """Return every view *model* has, in order: the two graphs, then one per sequence."""
    return ("preconditions", "transitions", *(sequence_view_name(s.id) for s in model.sequences))


def resolve_views(model: Model, requested: Iterable[str]) -> tuple[str, ...]:
    """Return the views named in *requested* (``all`` and ``focused`` expanded), each once, in order.

    Raises:
        RenderError: a name is not a view of *model*.
    """
    known = view_names(model)
    focused: frozenset[str] = frozenset()
    chosen: dict[str, None] = {}
    for name in requested:
        if name == ALL:
            chosen.update(dict.fromkeys(known))
        elif name == FOCUSED:
            chosen.update(dict.fromkeys(focused_view_names(model)))
        elif name in known:
            chosen[name] = None
        elif is_focused_view(name):
            focused = focused or frozenset(focused_view_names(model))
            if name not in focused:
                raise RenderError(unknown_focused(model, name))
            chosen[name] = None
        else:
            raise RenderError(_unknown_view(model, name, known))
    return tuple(chosen)


def build_view(
    model: Model,
    name: str,
    *,
    states: Collection[str] | None = None,
    actions: Collection[str] | None = None,
    style: Style = DEFAULT_STYLE,
    emphasis: Emphasis | None = None,
) -> Digraph:
    """Return the DOT graph of view *name*; ``states``/``actions`` draw a subset of a graph view.

    *emphasis* (:func:`vmgraph.views.emphasis.emphasis_for`) applies to the two graph views only.

    *name* may also be a focused view: ``overview``, ``states/<id>`` or ``actions/<id>``.
    A subset of a large model (:func:`vmgraph.views.focus.is_large`) stays small as the focused
    views do: past a limit, the states (or calls) around it are grouped in one node.
    """
    if is_focused_view(name):
        if states is not None or actions is not None:
            raise RenderError(f"view {name!r} is a focused view: it takes no states or actions subset")
        return build_focused(model, name, style=style)
    subset = states is not None or actions is not None
    if subset and emphasis is None and name in ("preconditions", "transitions") and is_large(model):
        return subset_graph(model, name, states=states, actions=actions, style=style)
    if name == "preconditions":
        return preconditions_graph(model, states=states, actions=actions, style=style, emphasis=emphasis)
    if name == "transitions":
        return transitions_graph(model, states=states, actions=actions, style=style, emphasis=emphasis)
    for sequence in model.sequences:
        if name == sequence_view_name(sequence.id):
            return sequence_graph(model, sequence.id, style=style)
    raise RenderError(_unknown_view(model, name, view_names(model)))


def _unknown_view(model: Model, name: str, known: tuple[str, ...]) -> str:
    if not model.sequences and (name == "create-sequence" or name.startswith("sequence-")):
        return f"model {model.id!r} has no sequences, so it has no view {name!r}"
    import difflib  # noqa: PLC0415 (1 ms, only for this message)

    close = difflib.get_close_matches(name, (*known, ALL, FOCUSED), n=1)
    hint = f"did you mean {close[0]!r}?" if close else "views: " + ", ".join((*known, ALL, FOCUSED))
    return f"model {model.id!r} has no view {name!r} ({hint})"
