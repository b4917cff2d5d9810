"""Emphasis: draw part of a graph view in full and fade the rest (``--highlight``, ``:highlight-states:``).

The highlighted part is exactly what the subset options would draw: highlighting the
states *S* and actions *A* emphasises the nodes and edges that ``states=S, actions=A``
draws (:func:`vmgraph.views.names.build_view`), such as a state with every transition from or
to it, or an action with the states it accepts and leads to. Everything else stays, drawn
in the palette's ``muted`` colour without fill; highlighted nodes and edges get a bold
line. Emphasis is data: :func:`emphasise` gives each node and edge of a view the role
``emphasised`` or ``faded``, and each emitter decides how those look (:mod:`vmgraph.emit.dot`),
once for the command line and the Sphinx directives. Sequence views have no emphasis.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from vmgraph.errors import RenderError
from vmgraph.hints import unknown
from vmgraph.model import Action, Model, State
from vmgraph.views.graph import Edge, GraphView
from vmgraph.views.preconditions import preconditions_view
from vmgraph.views.select import Ids
from vmgraph.views.transitions import transitions_view

__all__ = [
    "EMPHASIS_VIEWS",
    "KINDS",
    "LEGEND",
    "Emphasis",
    "EmphasisReader",
    "Highlight",
    "describe_highlight",
    "emphasis_for",
    "emphasise",
    "emphasised_in",
    "parse_highlight",
    "resolve_highlight",
]

#: What ``--highlight KIND:NAME`` may name.
KINDS: Final = ("state", "action")
#: The views that can be emphasised (sequences cannot).
EMPHASIS_VIEWS: Final = ("preconditions", "transitions")
#: The line an emphasised diagram adds to its key.
LEGEND: Final = "bold: highlighted; faded: the rest"

_EdgeKey = tuple[str, str, bool]


@dataclass(frozen=True, slots=True)
class Highlight:
    """What to emphasise: states and actions by id or label (ids once resolved)."""

    states: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        """Return True if anything is named."""
        return bool(self.states or self.actions)


def parse_highlight(specs: Iterable[str]) -> Highlight:
    """Return the highlight of ``KIND:NAME`` specs (``state:shelved``, ``action:shelve``).

    >>> parse_highlight(["state:shelved", "action:shelve", "state:SHELVED_OFFLOADED"])
    Highlight(states=('shelved', 'SHELVED_OFFLOADED'), actions=('shelve',))

    Raises:
        ValueError: a spec has no known kind or no name.
    """
    chosen: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for spec in specs:
        kind, sep, name = spec.partition(":")
        if not sep or kind.strip() not in chosen or not name.strip():
            raise ValueError(f"{spec!r} is not KIND:NAME with KIND one of {', '.join(KINDS)} (e.g. 'state:shelved')")
        chosen[kind.strip()].append(name.strip())
    return Highlight(tuple(dict.fromkeys(chosen["state"])), tuple(dict.fromkeys(chosen["action"])))


def _resolve(items: Sequence[State | Action], names: Iterable[str], kind: str, problems: list[str]) -> tuple[str, ...]:
    """Return the ids of *names* (an id, a label, then either after NFKC and case folding).

    A name that is the label of two items is ambiguous: a problem naming them, never a guess.
    """
    import unicodedata  # noqa: PLC0415 (only when something is highlighted)

    def fold(text: str) -> str:
        return unicodedata.normalize("NFKC", text).casefold()

    found: list[str] = []
    for name in names:
        matches = [i.id for i in items if name == i.id] or [i.id for i in items if name == i.label]
        if not matches:
            folded = fold(name)
            matches = [i.id for i in items if folded in {i.id, fold(i.label)}]
        if not matches:
            problems.append(unknown(kind, name, [i.id for i in items]))
        elif len(matches) > 1:
            ids = ", ".join(repr(m) for m in matches)
            problems.append(f"{kind} {name!r} is ambiguous: it is the label of {ids}; name one by its id")
        elif matches[0] not in found:
            found.append(matches[0])
    return tuple(found)


def resolve_highlight(model: Model, highlight: Highlight) -> Highlight:
    """Return *highlight* with every name replaced by the id of its state or action.

    Raises:
        RenderError: a name matches no state or action; the message suggests the closest.
    """
    problems: list[str] = []
    states = _resolve(model.states, highlight.states, "state", problems)
    actions = _resolve(model.actions, highlight.actions, "action", problems)
    if problems:
        raise RenderError("; ".join(problems))
    return Highlight(states, actions)


def describe_highlight(model: Model, highlight: Highlight) -> str:
    """Return the sentence an emphasised diagram's alt text ends with (ids already resolved)."""
    parts = [", ".join(s.label for s in model.states if s.id in highlight.states)]
    parts.append(", ".join(a.label for a in model.actions if a.id in highlight.actions))
    return f"Highlighted: what concerns {' and '.join(p for p in parts if p)}; the rest is faded."


@dataclass(frozen=True, slots=True)
class Emphasis:
    """The names of the nodes and the keys of the edges (:attr:`Edge.key`) drawn in full.

    A box shared by several calls is named by what it stands for (:attr:`Node.stands_for`),
    so an emphasis holds in any drawing, whichever calls share a box there.
    """

    nodes: frozenset[str] = frozenset()
    edges: frozenset[_EdgeKey] = frozenset()


def emphasised_in(view: GraphView, emphasis: Emphasis) -> tuple[frozenset[str], frozenset[_EdgeKey]]:
    """Return the names of the nodes and the keys of the edges of *view* that *emphasis* draws in full.

    A box shared by several calls is emphasised when one of them is; so is an edge into or out of
    it. A two-way edge is emphasised when either of its ways is.
    """
    return EmphasisReader(view)(emphasis)


class EmphasisReader:
    """:func:`emphasised_in` for one view and many emphases: what each node and edge stands for, found once."""

    def __init__(self, view: GraphView) -> None:
        shared = _shared(view)
        #: The nodes that each name stands in, and the edges that each edge key is drawn by.
        self._nodes: dict[str, list[str]] = {}
        self._edges: dict[_EdgeKey, list[_EdgeKey]] = {}
        for node in view.nodes:
            for name in node.stands_for:
                self._nodes.setdefault(name, []).append(node.name)
        for edge in view.edges:
            keys = _edge_keys(shared, edge)
            if "two_way" in edge.roles:  # either way of a two-way edge
                keys.append((edge.head, edge.tail, False))
            for key in keys:
                self._edges.setdefault(key, []).append(edge.key)

    def __call__(self, emphasis: Emphasis) -> tuple[frozenset[str], frozenset[_EdgeKey]]:
        """Return the names of the nodes and the keys of the edges that *emphasis* draws in full."""
        nodes = frozenset(node for name in emphasis.nodes for node in self._nodes.get(name, ()))
        edges = frozenset(edge for key in emphasis.edges for edge in self._edges.get(key, ()))
        return nodes, edges


def emphasise(view: GraphView, emphasis: Emphasis) -> GraphView:
    """Return *view* with every node and edge ``emphasised`` or ``faded``, and the key saying so."""
    lit_nodes, lit_edges = emphasised_in(view, emphasis)
    nodes = tuple(
        dataclasses.replace(n, roles=n.roles | {"emphasised" if n.name in lit_nodes else "faded"}) for n in view.nodes
    )
    edges = tuple(
        dataclasses.replace(e, roles=e.roles | {"emphasised" if e.key in lit_edges else "faded"}) for e in view.edges
    )
    return dataclasses.replace(view, nodes=nodes, edges=edges, legend=(*view.legend, LEGEND))


def _drawn(model: Model, view: str, *, states: Ids, actions: Ids) -> GraphView:
    """Return what *view* draws of the subset, in any order: only its nodes and edges are read."""
    if view == "preconditions":
        return preconditions_view(model, states=states, actions=actions, ordered=False)
    return transitions_view(model, states=states, actions=actions)


def emphasis_for(
    model: Model,
    view: str,
    highlight: Highlight,
    *,
    states: Ids = None,
    actions: Ids = None,
) -> Emphasis | None:
    """Return the emphasis of *highlight* on view *view* (``None`` for a sequence view).

    *states* and *actions* are the subset the diagram draws (``None``: everything).

    Raises:
        RenderError: a name in *highlight* is unknown, nothing is named, or nothing
            highlighted is in the drawn subset.
    """
    if view not in EMPHASIS_VIEWS:
        return None
    if not highlight:
        raise RenderError("nothing to highlight: name at least one state or action")
    ids = resolve_highlight(model, highlight)
    marked = _drawn(model, view, states=ids.states or None, actions=ids.actions or None)
    names = frozenset(m for n in marked.nodes for m in n.stands_for)
    if states is not None or actions is not None:
        drawn = _drawn(model, view, states=states, actions=actions)
        if names.isdisjoint(m for n in drawn.nodes for m in n.stands_for):
            raise RenderError(
                f"nothing highlighted is drawn: the highlighted part of view {view!r} lies outside the subset it draws"
            )
    shared = _shared(marked)
    return Emphasis(names, frozenset(key for e in marked.edges for key in _edge_keys(shared, e)))


def _shared(view: GraphView) -> dict[str, tuple[str, ...]]:
    """Return what each box of *view* shared by several calls stands for (name -> names)."""
    return {n.name: n.stands_for for n in view.nodes if n.members}


def _edge_keys(members: Mapping[str, tuple[str, ...]], edge: Edge) -> list[_EdgeKey]:
    """Return the keys *edge* stands for: one per call of a shared box (*members*) at either end."""
    error = "error" in edge.roles
    return [(t, h, error) for t in members.get(edge.tail, (edge.tail,)) for h in members.get(edge.head, (edge.head,))]
