"""What an interactive diagram emphasises for each selection, computed by the static highlight.

A reader of an HTML diagram selects a state, an action, or one of each (the second narrows
the first); the page then draws exactly what ``--highlight`` draws for that selection. The
page computes nothing itself: :func:`focus_map` asks :func:`vmgraph.views.emphasis.emphasis_for`
for every selection and :func:`vmgraph.views.describe.describe_view` for its words, and the
emitters (:mod:`vmgraph.emit.html`) write the answers into the page as JSON data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from vmgraph.errors import RenderError
from vmgraph.model import Model
from vmgraph.views.describe import describe_view
from vmgraph.views.emphasis import EMPHASIS_VIEWS, Emphasis, Highlight, emphasis_for
from vmgraph.views.graph import GraphView, link_of
from vmgraph.views.names import graph_view
from vmgraph.views.select import Ids

__all__ = ["NOTHING_SHARED", "FocusItem", "FocusMap", "Selected", "focus_map"]

#: What a state and an action selected together show when the diagram joins them nowhere.
NOTHING_SHARED: Final = "nothing in this diagram joins them."


@dataclass(frozen=True, slots=True)
class FocusItem:
    """A state or an action a reader can select: its DOT nodes (an action has one per variant)."""

    kind: Literal["state", "action"]
    id: str
    label: str
    nodes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Selected:
    """One selection's answer: indexes into :attr:`FocusMap.items` (``-1``: none of that kind),
    :attr:`FocusMap.emphases` and :attr:`FocusMap.texts`."""

    state: int
    action: int
    emphasis: int
    text: int


@dataclass(frozen=True, slots=True)
class FocusMap:
    """Every selection of one diagram and what it emphasises, as indexes (each answer stored once).

    ``nodes`` and ``edges`` are the view's DOT node names and edge keys, in drawing order;
    ``emphases`` are pairs (node indexes, edge indexes); ``texts`` the indexes into ``lines``
    (the lines of the diagram's description) that say what a selection shows.
    """

    model: str
    view: str
    nodes: tuple[str, ...]
    edges: tuple[tuple[str, str, bool], ...]
    items: tuple[FocusItem, ...]
    emphases: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    lines: tuple[str, ...]
    texts: tuple[tuple[int, ...], ...]
    selections: tuple[Selected, ...]


def _items(model: Model, view: GraphView) -> tuple[FocusItem, ...]:
    """Return the states, then the actions, that *view* draws, in the model's order."""
    found: dict[tuple[str, str], list[str]] = {}
    for node in view.nodes:
        link = link_of(node.name)
        if link is not None and node.kind in ("state", "action"):
            found.setdefault((link.kind, link.id), []).append(node.name)
    states = [
        FocusItem("state", s.id, s.label, tuple(found[("state", s.id)]))
        for s in model.states
        if ("state", s.id) in found
    ]
    actions = [
        FocusItem("action", a.id, a.label, tuple(found[("action", a.id)]))
        for a in model.actions
        if ("action", a.id) in found
    ]
    return (*states, *actions)


def focus_map(model: Model, name: str, *, states: Ids = None, actions: Ids = None) -> FocusMap | None:
    """Return the focus map of view *name* of *model*, drawn with the subset *states*, *actions*.

    ``None`` for a view that cannot be emphasised (a sequence, see :data:`EMPHASIS_VIEWS`).
    Selections whose highlight lies outside the drawn subset are left out.
    """
    if name not in EMPHASIS_VIEWS:
        return None
    view = graph_view(model, name, states=states, actions=actions)
    items = _items(model, view)
    node_index = {n.name: i for i, n in enumerate(view.nodes)}
    edge_index = {e.key: i for i, e in enumerate(view.edges)}
    # a two-way edge is drawn in full when either of its ways is (as views.emphasis draws it)
    edge_index |= {(e.head, e.tail, False): i for i, e in enumerate(view.edges) if "two_way" in e.roles}
    emphases: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {}
    lines: dict[str, int] = {}
    texts: dict[tuple[int, ...], int] = {}
    selections = []
    count = sum(item.kind == "state" for item in items)
    pairs = [(s, -1) for s in range(count)] + [(-1, a) for a in range(count, len(items))]
    pairs += [(s, a) for s in range(count) for a in range(count, len(items))]
    for s, a in pairs:
        lit = Highlight((items[s].id,) if s >= 0 else (), (items[a].id,) if a >= 0 else ())
        try:
            emphasis = emphasis_for(model, name, lit, states=states, actions=actions)
        except RenderError:  # nothing of it is drawn
            continue
        assert isinstance(emphasis, Emphasis)
        drawn = (
            tuple(sorted(node_index[n] for n in emphasis.nodes if n in node_index)),
            tuple(sorted({edge_index[e] for e in emphasis.edges if e in edge_index})),
        )
        words = describe_view(model, name, states=lit.states or None, actions=lit.actions or None)
        said = words.items or (NOTHING_SHARED if s >= 0 and a >= 0 else words.summary,)
        text = tuple(lines.setdefault(line, len(lines)) for line in said)
        selections.append(Selected(s, a, emphases.setdefault(drawn, len(emphases)), texts.setdefault(text, len(texts))))
    return FocusMap(
        model.id,
        name,
        tuple(n.name for n in view.nodes),
        tuple(e.key for e in view.edges),
        items,
        tuple(emphases),
        tuple(lines),
        tuple(texts),
        tuple(selections),
    )
