"""Views that stay small at any model size: one per state, one per action, and an overview.

`dot` lays out a 12-state lifecycle in milliseconds, but its time explodes on dense graphs
(random graphs of 5 edges per state: 50 states 4 s, 75 states a minute, 1,000 states not in
five minutes), and such a drawing is unreadable anyway. So a large model is drawn as:

- ``states/<id>``: one state, the calls it accepts and where each leads (the transitions
  that leave it, merged per target as in the transitions view), and where it is entered
  from, as a line of text;
- ``actions/<id>``: one action, a box per variant, the states it accepts and its results;
- ``overview``: the most connected states, with the calls between them counted, and all
  the others grouped in one node; failures are left to the focused views.

Each view draws at most *limit* neighbours; more are grouped into one node that says how
many it stands for, so every graph stays small enough to lay out in well under a second.
:func:`model_size` and :func:`is_large` decide when ``vmgraph render`` uses these views
instead of the whole-model ones. The views are data (:class:`~vmgraph.views.graph.GraphView`);
:mod:`vmgraph.emit.dot` draws them.
"""

from __future__ import annotations

from typing import Final

from vmgraph.errors import RenderError
from vmgraph.hints import suggest
from vmgraph.limits import FOCUS_LIMIT, MAX_EDGES, MAX_STATES
from vmgraph.model import Model
from vmgraph.views.focus_action import action_view
from vmgraph.views.focus_state import state_view
from vmgraph.views.graph import GraphView
from vmgraph.views.overview import model_size, overview_view

__all__ = [
    "FOCUS_LIMIT",
    "MAX_EDGES",
    "MAX_STATES",
    "OVERVIEW",
    "action_view",
    "action_view_name",
    "focused_view",
    "focused_view_names",
    "is_focused_view",
    "is_large",
    "model_size",
    "overview_view",
    "state_view",
    "state_view_name",
    "unknown_focused",
]

#: The name of the overview.
OVERVIEW: Final = "overview"


def state_view_name(state_id: str) -> str:
    """Return the view name of the focused view of a state (``states/<id>``)."""
    return f"states/{state_id}"


def action_view_name(action_id: str) -> str:
    """Return the view name of the focused view of an action (``actions/<id>``)."""
    return f"actions/{action_id}"


def focused_view_names(model: Model) -> tuple[str, ...]:
    """Return the overview, then one view per state and one per action, in model order."""
    return (
        OVERVIEW,
        *(state_view_name(s.id) for s in model.states),
        *(action_view_name(a.id) for a in model.actions),
    )


def is_focused_view(name: str) -> bool:
    """Return True for ``overview``, ``states/<id>`` and ``actions/<id>``."""
    return name == OVERVIEW or name.startswith(("states/", "actions/"))


def is_large(model: Model, *, max_states: int = MAX_STATES, max_edges: int = MAX_EDGES) -> bool:
    """Return True if *model* has more states or edges than the whole-model views should draw."""
    states, edges = model_size(model)
    return states > max_states or edges > max_edges


def focused_view(model: Model, name: str, *, limit: int = FOCUS_LIMIT) -> GraphView:
    """Return the focused view *name* (``overview``, ``states/<id>`` or ``actions/<id>``).

    Raises:
        RenderError: the name is not a focused view of *model*.
    """
    kind, _, item = name.partition("/")
    if name == OVERVIEW:
        return overview_view(model, limit=limit)
    try:
        known = (kind == "states" and model.state(item)) or (kind == "actions" and model.action(item))
    except KeyError:
        known = False
    if known and kind == "states":
        return state_view(model, item, limit=limit)
    if known:
        return action_view(model, item, limit=limit)
    raise RenderError(unknown_focused(model, name))


def unknown_focused(model: Model, name: str) -> str:
    """Return the message for *name*, which is not a focused view of *model*."""
    kind, _, item = name.partition("/")
    what = {"states": "state", "actions": "action"}.get(kind)
    if what is None or not item:
        return f"model {model.id!r} has no view {name!r} (focused views: overview, states/<id>, actions/<id>)"
    known = [s.id for s in model.states] if kind == "states" else [a.id for a in model.actions]
    return f"model {model.id!r} has no {what} {item!r} for view {name!r} ({suggest(item, known)})"
