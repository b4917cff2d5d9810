"""Emphasis: draw part of a graph view in full and fade the rest (``--highlight``, ``:highlight-states:``).

The highlighted part is exactly what the subset options would draw: highlighting the
states *S* and actions *A* emphasises the nodes and edges that ``states=S, actions=A``
draws (:func:`vmgraph.views.names.build_view`), such as a state with every transition from or
to it, or an action with the states it accepts and leads to. Everything else stays, drawn
in the palette's ``muted`` colour without fill; highlighted nodes and edges get a bold
line. The graph builders of :mod:`vmgraph.emit.dot` take an :class:`Emphasis` and make their
graph with :meth:`Emphasis.digraph`, so this module decides the look, once, for the
command line and the Sphinx directives. Sequence views have no emphasis.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from graphviz import Digraph, nohtml

from vmgraph.emit.dottext import left_lines
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.errors import RenderError
from vmgraph.load.reader import suggest

if TYPE_CHECKING:
    from vmgraph.model import Action, Model, State

__all__ = [
    "EMPHASIS_VIEWS",
    "KINDS",
    "LEGEND",
    "Emphasis",
    "Highlight",
    "describe_highlight",
    "emphasis_for",
    "parse_highlight",
    "resolve_highlight",
]

#: What ``--highlight KIND:NAME`` may name.
KINDS: Final = ("state", "action")
#: The views that can be emphasised (sequences cannot).
EMPHASIS_VIEWS: Final = ("preconditions", "transitions")
#: The line an emphasised diagram adds to its key.
LEGEND: Final = "bold: highlighted; faded: the rest"
#: What a highlighted node or edge gets on top of its usual attributes.
EMPHASIS_ATTR: Final = {"penwidth": "2"}

_EdgeKey = tuple[str, str, str]


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
            problems.append(f"unknown {kind} {name!r} ({suggest(name, [i.id for i in items])})")
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


class Emphasis:
    """The DOT names of the nodes and edges drawn in full; the others are faded.

    Edges are ``(tail, head, style)``, so that a failure edge (dashed) and a result edge
    between the same two states are told apart.
    """

    def __init__(
        self, nodes: Collection[str] = (), edges: Collection[_EdgeKey] = (), *, muted: str = DEFAULT_STYLE.palette.muted
    ) -> None:
        self.nodes = frozenset(nodes)
        self.edges = frozenset(edges)
        self.muted = muted

    def digraph(
        self,
        name: str,
        *,
        graph_attr: Mapping[str, str],
        node_attr: Mapping[str, str],
        edge_attr: Mapping[str, str],
    ) -> Digraph:
        """Return the graph a builder draws into (the arguments of :class:`graphviz.Digraph`)."""
        return _EmphasisedDigraph(self, name, graph_attr=graph_attr, node_attr=node_attr, edge_attr=edge_attr)

    def node_attrs(self, name: str, attrs: Mapping[str, str]) -> dict[str, str]:
        """Return the attributes of node *name*: bold if highlighted, else faded."""
        return {**attrs, **EMPHASIS_ATTR} if name in self.nodes else self._faded(attrs)

    def edge_attrs(self, key: _EdgeKey, attrs: Mapping[str, str]) -> dict[str, str]:
        """Return the attributes of edge *key*: bold if highlighted, else faded."""
        return {**attrs, **EMPHASIS_ATTR} if key in self.edges else self._faded(attrs)

    def _faded(self, attrs: Mapping[str, str]) -> dict[str, str]:
        faded = {**attrs, "color": self.muted, "fontcolor": self.muted}
        faded.pop("fillcolor", None)
        if "style" in faded:
            kept = [part for part in faded.pop("style").split(",") if part.strip() not in {"", "filled"}]
            faded.update({"style": ",".join(kept)} if kept else {})
        return faded


class _EmphasisedDigraph(Digraph):  # type: ignore[misc]  # graphviz ships no type hints
    """A graph whose nodes and edges take the attributes :class:`Emphasis` gives them."""

    def __init__(self, emphasis: Emphasis, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.emphasis = emphasis

    def _copy_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # graphviz creates subgraphs as ``self.__class__(**self._copy_kwargs())``: pass the emphasis on
        copied: dict[str, Any] = super()._copy_kwargs(**kwargs)
        return {"emphasis": self.emphasis, **copied}

    def node(self, name: str, label: str | None = None, **attrs: str) -> None:
        """Add a node, bold or faded."""
        super().node(name, label, **self.emphasis.node_attrs(name, attrs))

    def edge(self, tail_name: str, head_name: str, label: str | None = None, **attrs: str) -> None:
        """Add an edge, bold or faded."""
        key = (tail_name, head_name, attrs.get("style", ""))
        super().edge(tail_name, head_name, label, **self.emphasis.edge_attrs(key, attrs))

    def attr(self, kw: str | None = None, **attrs: str) -> None:
        """Add an attribute statement; the key (the graph's label) explains the emphasis."""
        if kw is None and "label" in attrs:
            attrs["label"] = nohtml(attrs["label"] + left_lines([LEGEND]))
        super().attr(kw, **attrs)


class _Recorder(Emphasis):
    """Records the names of what a builder draws, and fades nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn_nodes: list[str] = []
        self.drawn_edges: list[_EdgeKey] = []

    def node_attrs(self, name: str, attrs: Mapping[str, str]) -> dict[str, str]:
        self.drawn_nodes.append(name)
        return dict(attrs)

    def edge_attrs(self, key: _EdgeKey, attrs: Mapping[str, str]) -> dict[str, str]:
        self.drawn_edges.append(key)
        return dict(attrs)


def _drawn(
    model: Model, view: str, *, states: Collection[str] | None, actions: Collection[str] | None, style: Style
) -> _Recorder:
    from vmgraph.views.names import build_view  # noqa: PLC0415 (views imports dot, which refers to this module)

    recorder = _Recorder()
    build_view(model, view, states=states, actions=actions, style=style, emphasis=recorder)
    return recorder


def emphasis_for(
    model: Model,
    view: str,
    highlight: Highlight,
    *,
    states: Collection[str] | None = None,
    actions: Collection[str] | None = None,
    style: Style = DEFAULT_STYLE,
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
    marked = _drawn(model, view, states=ids.states or None, actions=ids.actions or None, style=style)
    if states is not None or actions is not None:
        drawn = _drawn(model, view, states=states, actions=actions, style=style)
        if not set(marked.drawn_nodes).intersection(drawn.drawn_nodes):
            raise RenderError(
                f"nothing highlighted is drawn: the highlighted part of view {view!r} lies outside the subset it draws"
            )
    return Emphasis(marked.drawn_nodes, marked.drawn_edges, muted=style.palette.muted)
