"""The named views of a model (``preconditions``, ``transitions``, ``create-sequence``, ...)."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable

import graphviz

from vmgraph.dot import preconditions_graph, transitions_graph
from vmgraph.errors import RenderError
from vmgraph.model import Model
from vmgraph.sequence import sequence_graph
from vmgraph.style import DEFAULT_STYLE, Style

__all__ = ["ALL", "build_view", "resolve_views", "sequence_view_name", "view_names"]

#: Asks for every view of the model.
ALL = "all"


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
    """Return the views named in *requested* (``all`` expanded), each once, in order.

    Raises:
        RenderError: a name is not a view of *model*.
    """
    known = view_names(model)
    chosen: dict[str, None] = {}
    for name in requested:
        if name == ALL:
            chosen.update(dict.fromkeys(known))
        elif name in known:
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
) -> graphviz.Digraph:
    """Return the DOT graph of view *name*; ``states``/``actions`` draw a subset of a graph view."""
    if name == "preconditions":
        return preconditions_graph(model, states=states, actions=actions, style=style)
    if name == "transitions":
        return transitions_graph(model, states=states, actions=actions, style=style)
    for sequence in model.sequences:
        if name == sequence_view_name(sequence.id):
            return sequence_graph(model, sequence.id, style=style)
    raise RenderError(_unknown_view(model, name, view_names(model)))


def _unknown_view(model: Model, name: str, known: tuple[str, ...]) -> str:
    if not model.sequences and (name == "create-sequence" or name.startswith("sequence-")):
        return f"model {model.id!r} has no sequences, so it has no view {name!r}"
    close = difflib.get_close_matches(name, (*known, ALL), n=1)
    hint = f"did you mean {close[0]!r}?" if close else "views: " + ", ".join((*known, ALL))
    return f"model {model.id!r} has no view {name!r} ({hint})"
