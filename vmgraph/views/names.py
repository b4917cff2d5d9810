"""The named views of a model (``preconditions``, ``transitions``, ``create-sequence``, ...)."""

from __future__ import annotations

from collections.abc import Iterable

from vmgraph.errors import RenderError
from vmgraph.hints import suggest
from vmgraph.model import Model
from vmgraph.views.emphasis import Emphasis, emphasise
from vmgraph.views.focus import focused_view, focused_view_names, is_focused_view, is_large, unknown_focused
from vmgraph.views.graph import GraphView
from vmgraph.views.preconditions import preconditions_view
from vmgraph.views.select import Ids
from vmgraph.views.subset import subset_view
from vmgraph.views.transitions import transitions_view

__all__ = [
    "ALL",
    "CREATE",
    "FOCUSED",
    "GRAPH_VIEWS",
    "graph_view",
    "resolve_views",
    "sequence_view_name",
    "unknown_view",
    "view_names",
]

#: Asks for every view of the model.
ALL = "all"
#: Asks for the overview and the focused views of every state and action (:mod:`vmgraph.views.focus`).
FOCUSED = "focused"
#: The whole-model graph views, which take subsets and emphasis.
GRAPH_VIEWS = ("preconditions", "transitions")


#: The sequence whose view (and file) is named ``create-sequence``; ``sequence-create`` names it too.
CREATE = "create"


def sequence_view_name(sequence_id: str) -> str:
    """Return the view name of a sequence: ``create-sequence`` or ``sequence-<id>``.

    :func:`resolve_views` accepts ``sequence-create`` for ``create-sequence`` as well.

    >>> sequence_view_name("create"), sequence_view_name("migrate")
    ('create-sequence', 'sequence-migrate')
    """
    return "create-sequence" if sequence_id == CREATE else f"sequence-{sequence_id}"


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
        elif name == f"sequence-{CREATE}" and sequence_view_name(CREATE) in known:
            chosen[sequence_view_name(CREATE)] = None  # every sequence is also `sequence-<id>`
        elif is_focused_view(name):
            focused = focused or frozenset(focused_view_names(model))
            if name not in focused:
                raise RenderError(unknown_focused(model, name))
            chosen[name] = None
        else:
            raise RenderError(_unknown_view(model, name, known))
    return tuple(chosen)


def graph_view(
    model: Model, name: str, *, states: Ids = None, actions: Ids = None, emphasis: Emphasis | None = None
) -> GraphView:
    """Return graph view *name* as data; ``states``/``actions`` select a subset of a whole-model view.

    *emphasis* (:func:`vmgraph.views.emphasis.emphasis_for`) applies to the two whole-model views.
    *name* may also be a focused view: ``overview``, ``states/<id>`` or ``actions/<id>``.
    A subset of a large model (:func:`vmgraph.views.focus.is_large`) stays small as the focused
    views do: past a limit, the states (or calls) around it are grouped in one node.

    Raises:
        RenderError: *name* is no graph view of *model* (sequences are not graph views), an id
            is unknown, or a focused view is given a subset.
    """
    if is_focused_view(name):
        if states is not None or actions is not None:
            raise RenderError(f"view {name!r} is a focused view: it takes no states or actions subset")
        return focused_view(model, name)
    if name not in GRAPH_VIEWS:
        raise RenderError(unknown_view(model, name))
    subset = states is not None or actions is not None
    if subset and emphasis is None and is_large(model):
        return subset_view(model, name, states=states, actions=actions)
    build = preconditions_view if name == "preconditions" else transitions_view
    view = build(model, states=states, actions=actions)
    return view if emphasis is None else emphasise(view, emphasis)


def unknown_view(model: Model, name: str) -> str:
    """Return the message for *name*, which is not a view of *model*."""
    return _unknown_view(model, name, view_names(model))


def _unknown_view(model: Model, name: str, known: tuple[str, ...]) -> str:
    if not model.sequences and (name == "create-sequence" or name.startswith("sequence-")):
        return f"model {model.id!r} has no sequences, so it has no view {name!r}"
    return f"model {model.id!r} has no view {name!r} ({suggest(name, (*known, ALL, FOCUSED))})"
