"""What an interactive diagram emphasises for each selection, computed by the static highlight.

A reader of an HTML diagram selects a state, an action, or one of each (the second narrows
the first); the page then draws exactly what ``--highlight`` draws for that selection. The
page computes nothing itself: :func:`focus_map` asks :func:`vmgraph.views.emphasis.emphasis_for`
for every selection and :func:`vmgraph.views.describe.describe_view` for its words, and the
emitters (:mod:`vmgraph.emit.html`) write the answers into the page as JSON data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from vmgraph.errors import RenderError
from vmgraph.model import Model
from vmgraph.views.describe import describe_view
from vmgraph.views.emphasis import EMPHASIS_VIEWS, Emphasis, EmphasisReader, Highlight, emphasis_for
from vmgraph.views.graph import GraphView, link_of
from vmgraph.views.names import graph_view
from vmgraph.views.select import Ids, select, transition_parts
from vmgraph.views.transitions import way_header
from vmgraph.views.wording import title

__all__ = ["NOTHING_SHARED", "FocusItem", "FocusMap", "Selected", "focus_map"]

#: What a state and an action selected together show when the diagram joins them nowhere.
NOTHING_SHARED: Final = "nothing in this diagram joins them."
#: The last line of an edge label that names only some of its calls.
_MORE: Final = re.compile(r"\+[0-9]+ more\Z")

EdgeKey = tuple[str, str, bool]


@dataclass(frozen=True, slots=True)
class FocusItem:
    """A state or an action a reader can select by its DOT nodes (an action has one per variant,
    and shares a box drawn alike with other calls) or, in the transitions view, the edges it labels."""

    kind: Literal["state", "action"]
    id: str
    label: str
    nodes: tuple[str, ...]
    edges: tuple[EdgeKey, ...] = ()


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
    (the lines of the diagram's description) that say what a selection shows; ``owners``,
    per edge, the item each line of its label names (``-1``: none, such as "+2 more").
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
    owners: tuple[tuple[int, ...], ...] = ()


def _items(
    model: Model, view: GraphView, name: str, emphasised_in: EmphasisReader, *, states: Ids, actions: Ids
) -> tuple[FocusItem, ...]:
    """Return the states, then the actions, that *view* draws, in the model's order."""
    found: dict[tuple[str, str], dict[str, None]] = {}
    for node in view.nodes:
        for link in node.members or ((link_of(node.name),) if node.kind in ("state", "action") else ()):
            if link is not None:
                found.setdefault((link.kind, link.id), {})[node.name] = None
    labelled: dict[str, tuple[EdgeKey, ...]] = {}
    if name == "transitions":  # no box per call: a call is selected by the edges it labels
        trans, _ = transition_parts(model, select(model, states=states, actions=actions))
        for action_id in dict.fromkeys(t.action for t in trans):
            lit = Highlight((), (action_id,))
            marked = emphasis_for(model, name, lit, states=states, actions=actions)
            assert marked is not None
            _, lit_edges = emphasised_in(marked)
            labelled[action_id] = tuple(e.key for e in view.edges if e.key in lit_edges)
    items = [FocusItem("state", s.id, s.label, tuple(found.get(("state", s.id), ()))) for s in model.states]
    items += [
        FocusItem("action", a.id, a.label, tuple(found.get(("action", a.id), ())), labelled.get(a.id, ()))
        for a in model.actions
    ]
    # a call written only as a line in its states (unchanged) has no edge: search still finds it
    return tuple(i for i in items if i.nodes or i.edges or i.id in labelled)


def _owners(model: Model, view: GraphView, items: tuple[FocusItem, ...]) -> tuple[tuple[int, ...], ...]:
    """Return, per edge of *view*, the item each line of its label names (``-1``: none).

    A line names the call whose label or variant title it starts with; a line that starts
    with none continues the call of the line before it (a wrapped line), except "+N more"
    and the "to X:" before each way of a two-way edge, which name none.
    """
    headers = {way_header(s.label) for s in model.states}
    owners = []
    for edge in view.edges:
        names: dict[str, int] = {}
        for index, item in enumerate(items):
            if edge.key in item.edges:
                action = model.action(item.id)
                for text in (action.label, *(title(action, v) for v in action.variants)):
                    names.setdefault(text, index)
        line_owners: list[int] = []
        for line in edge.lines if names else ():
            starts = [n for n in names if line.startswith(n) and not line[len(n) : len(n) + 1].isalnum()]
            if starts:
                line_owners.append(names[max(starts, key=len)])
            else:
                more = _MORE.match(line) is not None or line in headers
                line_owners.append(line_owners[-1] if line_owners and not more else -1)
        owners.append(tuple(line_owners))
    return tuple(owners)


def focus_map(model: Model, name: str, *, states: Ids = None, actions: Ids = None) -> FocusMap | None:
    """Return the focus map of view *name* of *model*, drawn with the subset *states*, *actions*.

    ``None`` for a view that cannot be emphasised (a sequence, see :data:`EMPHASIS_VIEWS`).
    Selections whose highlight lies outside the drawn subset are left out.
    """
    if name not in EMPHASIS_VIEWS:
        return None
    view = graph_view(model, name, states=states, actions=actions)
    emphasised_in = EmphasisReader(view)
    items = _items(model, view, name, emphasised_in, states=states, actions=actions)
    node_index = {n.name: i for i, n in enumerate(view.nodes)}
    edge_keys = [e.key for e in view.edges]
    # by index: two edges may share a key (a result the system makes, one the caller does)
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
        lit_nodes, lit_edges = emphasised_in(emphasis)
        drawn = (
            tuple(sorted(node_index[n] for n in lit_nodes)),
            tuple(i for i, key in enumerate(edge_keys) if key in lit_edges),
        )
        words = describe_view(model, name, states=lit.states or None, actions=lit.actions or None)
        said = words.items or (NOTHING_SHARED if s >= 0 and a >= 0 else words.summary,)
        text = tuple(lines.setdefault(line, len(lines)) for line in said)
        selections.append(Selected(s, a, emphases.setdefault(drawn, len(emphases)), texts.setdefault(text, len(texts))))
    return FocusMap(
        model.id,
        name,
        tuple(n.name for n in view.nodes),
        tuple(edge_keys),
        items,
        tuple(emphases),
        tuple(lines),
        tuple(texts),
        tuple(selections),
        _owners(model, view, items),
    )
