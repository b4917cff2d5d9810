"""vmgraph.dotsource writes the same DOT as the graphviz package, which costs 25 ms to import."""

from __future__ import annotations

import warnings
from pathlib import Path

import graphviz
import pytest
from graphviz import quoting
from hypothesis import given
from hypothesis import strategies as st

from vmgraph import dot, dotsource, dottext, focus, sequence
from vmgraph.focus import focused_view_names
from vmgraph.loader import load_model
from vmgraph.style import Style
from vmgraph.views import build_view, view_names

DATA = Path(__file__).parent / "data"
MODELS = ["nova", "nova-2014", str(DATA / "minimal.yaml"), str(DATA / "ironic.yaml"), str(DATA / "hostile.yaml")]
TRICKY = st.one_of(
    st.text(),
    st.text(alphabet='ab\\"<>-. \n:_0', max_size=12),
    st.sampled_from(["node", "Edge", "strict", "-4.2", ".42", "4.", "<b>x</b>", "<<b>x</b>>", "x\\", 'x\\"', ""]),
)


def all_sources(model_name: str) -> dict[str, str]:
    model = load_model(model_name)
    names = [*view_names(model), *focused_view_names(model)]
    sources = {name: build_view(model, name).source for name in names}
    sources |= {
        f"{name} LR": build_view(model, name, style=Style(rankdir="LR", legend=False)).source for name in names[:3]
    }
    first = [s.id for s in model.states[:3]]
    sources |= {f"{v} subset": build_view(model, v, states=first).source for v in ("preconditions", "transitions")}
    return sources


@pytest.mark.parametrize("model_name", MODELS)
def test_every_view_is_the_dot_the_graphviz_package_writes(model_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ours = all_sources(model_name)
    for module in (dot, sequence, focus):
        monkeypatch.setattr(module, "Digraph", graphviz.Digraph)
    monkeypatch.setattr(dottext, "escape", graphviz.escape)
    monkeypatch.setattr(dottext, "nohtml", graphviz.nohtml)
    assert all_sources(model_name) == ours


@given(TRICKY)
def test_quote_is_graphviz_quote(text: str) -> None:
    with warnings.catch_warnings(record=True) as theirs_warned:
        warnings.simplefilter("always")
        theirs = quoting.quote(text)
        theirs_nohtml = quoting.quote(graphviz.nohtml(text))
        theirs_edge = quoting.quote_edge(text)
    with warnings.catch_warnings(record=True) as ours_warned:
        warnings.simplefilter("always")
        assert dotsource.quote(text) == theirs
        assert dotsource.quote(dotsource.nohtml(text)) == theirs_nohtml
        assert dotsource.quote_edge(text) == theirs_edge
    assert len(ours_warned) == len(theirs_warned)
    assert all(issubclass(w.category, RuntimeWarning) for w in ours_warned)


@given(st.text())
def test_escape_is_graphviz_escape(text: str) -> None:
    assert dotsource.escape(text) == graphviz.escape(text)
    assert isinstance(dotsource.escape(text), dotsource.NoHtml)


def build(module: object) -> str:
    g = module.Digraph("g", comment="made by a test", graph_attr={"rankdir": "LR"}, strict=True)  # type: ignore[attr-defined]
    g.attr("node", shape="box")
    g.attr(label="key", labelloc="b")
    g.attr("edge")  # nothing: no statement
    g.node("a", "A b", color="red")
    g.node("node", None, tooltip='say "hi"')
    g.edge("a:p1:n", "b c", "x")
    g.edges([("a", "b"), ("b", "c")])
    with g.subgraph(name="row_1", graph_attr={"rank": "same"}) as sub:
        sub.node("c")
        sub.edge("c", "d", style="invis")
    with g.subgraph() as anonymous:
        anonymous.node("e")
    return str(g.source)


def test_digraph_api_writes_what_graphviz_writes() -> None:
    assert build(dotsource) == build(graphviz)
    assert str(dotsource.Digraph("x")) == dotsource.Digraph("x").source == "digraph x {\n}\n"


def test_attr_refuses_unknown_targets() -> None:
    with pytest.raises(ValueError, match="attr statement must target graph, node, or edge"):
        dotsource.Digraph().attr("cluster", color="red")


def test_subgraph_is_dropped_when_its_block_fails() -> None:
    g = dotsource.Digraph("g")
    with pytest.raises(KeyError), g.subgraph(name="s") as sub:
        sub.node("x")
        raise KeyError
    assert g.body == []
