"""DOT source text from method calls: the part of ``graphviz.Digraph`` that vmgraph uses.

The graphviz package builds DOT well, but importing it costs about 25 ms (its rendering
backend pulls in subprocess, logging, platform, inspect ...): more than a third of a whole
``vmgraph render nova``. This module gives byte-for-byte the same source for the same calls
(``tests/test_dotsource.py`` compares the two on every bundled view and on random text),
imports in a fraction of a millisecond, and never starts a process. Quoting follows
graphviz's rules: a string is quoted unless it is a DOT ID, ``<...>`` is an HTML label
unless marked with :func:`nohtml`, and :func:`escape` makes backslashes literal.
"""

from __future__ import annotations

import re
import warnings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

__all__ = ["Digraph", "DotSyntaxWarning", "NoHtml", "attr_list", "escape", "nohtml", "quote", "quote_edge"]

_HTML_STRING = re.compile(r"<.*>$", re.DOTALL)
_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))$")
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})
_FINAL_ODD_BACKSLASHES = re.compile(r"(?<!\\)(?:\\{2})*\\$")
_QUOTE_WITH_OPTIONAL_BACKSLASHES = re.compile(r"(?P<escaped_backslashes>(?:\\{2})*)\\?(?P<literal_quote>\")")
_ESCAPED_QUOTE = r"\g<escaped_backslashes>\\\g<literal_quote>"


class DotSyntaxWarning(RuntimeWarning):
    """A string will not scan as DOT (it ends in an odd number of backslashes)."""


class NoHtml(str):
    """Text whose ``<...>`` is literal, never an HTML label (``graphviz.nohtml``)."""

    __slots__ = ()


def nohtml(text: str) -> str:
    """Return *text* marked so that quoting never takes ``<...>`` for an HTML label."""
    return NoHtml(text)


def escape(text: str) -> str:
    r"""Return *text* with backslashes and ``<...>`` literal (``graphviz.escape``).

    >>> print(escape(r"\l <b>"))
    \\l <b>
    """
    return NoHtml(text.replace("\\", "\\\\"))


def quote(identifier: str) -> str:
    """Return *identifier* as a DOT ID, in double quotes unless it is one already.

    >>> quote("spam"), quote("spam spam"), quote("-4.2"), quote("node")
    ('spam', '"spam spam"', '-4.2', '"node"')
    """
    if identifier[:1] == "<" and _HTML_STRING.match(identifier) and not isinstance(identifier, NoHtml):
        return identifier
    if _ID.match(identifier) and identifier.lower() not in _KEYWORDS:
        return identifier
    if "\\" not in identifier and '"' not in identifier:  # most labels: nothing to escape
        return f'"{identifier}"'
    if _FINAL_ODD_BACKSLASHES.search(identifier):
        msg = f"expect syntax error scanning invalid quoted string: {identifier!r}"
        warnings.warn(msg, DotSyntaxWarning, stacklevel=3)
    return '"' + _QUOTE_WITH_OPTIONAL_BACKSLASHES.sub(_ESCAPED_QUOTE, identifier) + '"'


def quote_edge(identifier: str) -> str:
    """Return an edge end ``node[:port[:compass]]`` with each part quoted as needed."""
    node, _, rest = identifier.partition(":")
    if not rest:
        return quote(node)
    port, _, compass = rest.partition(":")
    parts = [quote(node), quote(port)]
    if compass:
        parts.append(compass)
    return ":".join(parts)


def _a_list(label: str | None, attrs: Mapping[str, str | None] | None) -> str:
    result = [] if label is None else [f"label={quote(label)}"]
    if attrs:
        items = sorted(attrs.items()) if type(attrs) is dict else attrs.items()
        result += [f"{quote(k)}={quote(v)}" for k, v in items if v is not None]
    return " ".join(result)


def attr_list(label: str | None = None, attrs: Mapping[str, str | None] | None = None) -> str:
    """Return `` [label=... key=value ...]`` (keys of a plain dict sorted), or ``""``."""
    content = _a_list(label, attrs)
    return f" [{content}]" if content else ""


class Digraph:
    """A directed graph as DOT source lines; see ``graphviz.Digraph`` for the same calls.

    >>> g = Digraph("g", graph_attr={"rankdir": "LR"})
    >>> g.node("a", "A b")
    >>> g.edge("a", "b")
    >>> print(g.source, end="")  # doctest: +NORMALIZE_WHITESPACE
    digraph g {
        graph [rankdir=LR]
        a [label="A b"]
        a -> b
    }
    """

    directed = True

    def __init__(
        self,
        name: str | None = None,
        comment: str | None = None,
        *,
        graph_attr: Mapping[str, str] | None = None,
        node_attr: Mapping[str, str] | None = None,
        edge_attr: Mapping[str, str] | None = None,
        body: Iterable[str] | None = None,
        strict: bool = False,
    ) -> None:
        self.name = name
        self.comment = comment
        self.graph_attr: dict[str, str] = dict(graph_attr) if graph_attr is not None else {}
        self.node_attr: dict[str, str] = dict(node_attr) if node_attr is not None else {}
        self.edge_attr: dict[str, str] = dict(edge_attr) if edge_attr is not None else {}
        #: Verbatim DOT lines, each ending in a newline.
        self.body: list[str] = list(body) if body is not None else []
        self.strict = strict

    def node(self, name: str, label: str | None = None, **attrs: str) -> None:
        """Add a node statement."""
        self.body.append(f"\t{quote(name)}{attr_list(label, attrs)}\n")

    def edge(self, tail_name: str, head_name: str, label: str | None = None, **attrs: str) -> None:
        """Add an edge statement; ends may be ``node:port:compass``."""
        self.body.append(f"\t{quote_edge(tail_name)} -> {quote_edge(head_name)}{attr_list(label, attrs)}\n")

    def edges(self, tail_head: Iterable[tuple[str, str]]) -> None:
        """Add one plain edge statement per ``(tail, head)`` pair."""
        self.body += [f"\t{quote_edge(t)} -> {quote_edge(h)}\n" for t, h in tail_head]

    def attr(self, kw: str | None = None, **attrs: str) -> None:
        """Add an attribute statement: ``key=value`` pairs, or ``graph|node|edge [...]``."""
        if kw is not None and kw.lower() not in ("graph", "node", "edge"):
            msg = f"attr statement must target graph, node, or edge: {kw!r}"
            raise ValueError(msg)
        if attrs:
            line = _a_list(None, attrs) if kw is None else f"{kw}{attr_list(None, attrs)}"
            self.body.append(f"\t{line}\n")

    def subgraph(
        self, *, name: str | None = None, graph_attr: Mapping[str, str] | None = None, body: Iterable[str] | None = None
    ) -> _Subgraph:
        """Return a context manager giving a new graph, added as a subgraph when the block ends."""
        return _Subgraph(self, Digraph(name, graph_attr=graph_attr, body=body))

    def __iter__(self) -> Iterator[str]:
        """Yield the lines of the graph."""
        return self._lines(subgraph=False)

    def _lines(self, *, subgraph: bool) -> Iterator[str]:
        if self.comment:
            yield f"// {self.comment}\n"
        name = f"{quote(self.name)} " if self.name else ""
        if subgraph:
            yield f"subgraph {name}{{\n" if self.name else "{\n"
        else:
            yield f"{'strict ' if self.strict else ''}digraph {name}{{\n"
        for kw, attrs in (("graph", self.graph_attr), ("node", self.node_attr), ("edge", self.edge_attr)):
            if attrs:
                yield f"\t{kw}{attr_list(None, attrs)}\n"
        yield from self.body
        yield "}\n"

    @property
    def source(self) -> str:
        """The DOT source text."""
        return "".join(self._lines(subgraph=False))

    def __str__(self) -> str:
        return self.source


class _Subgraph:
    """Context manager of :meth:`Digraph.subgraph`."""

    __slots__ = ("_child", "_parent")

    def __init__(self, parent: Digraph, child: Digraph) -> None:
        self._parent, self._child = parent, child

    def __enter__(self) -> Digraph:
        return self._child

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self._parent.body += [f"\t{line}" for line in self._child._lines(subgraph=True)]
