"""The graph views as plain data (vmgraph.views.*) and the emitters that draw them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from vmgraph.emit.dot import dot_graph
from vmgraph.emit.views import build_view
from vmgraph.load.loader import load_model
from vmgraph.model import Model
from vmgraph.views.emphasis import Highlight, emphasis_for, emphasise
from vmgraph.views.focus import action_view
from vmgraph.views.graph import ROLES, Link, action_node, link_of, start_node, state_node
from vmgraph.views.names import graph_view
from vmgraph.views.preconditions import preconditions_view
from vmgraph.views.transitions import transitions_view

VIEWS = Path(__file__).parent.parent / "vmgraph" / "views"

#: A model with a call that leaves one of its states unchanged and leads from the other elsewhere.
PER_SOURCE_UNCHANGED = Path(__file__).parent / "data" / "per_source_unchanged.yaml"


@pytest.fixture(scope="module")
def nova() -> Model:
    return load_model("nova")


def test_the_focused_box_keeps_from_x_on_an_unchanged_result() -> None:
    """Bug fix: ``actions/<id>`` dropped "from X" on an unchanged result; the preconditions box kept it."""
    model = load_model(PER_SOURCE_UNCHANGED)
    whole = next(n for n in preconditions_view(model, compact=False).nodes if n.name == "action_nudge")
    rows = next(n for n in preconditions_view(model).nodes if n.name == "action_nudge")
    assert "  \N{RIGHTWARDS ARROW} = unchanged from stopped" in rows.lines
    focused = next(n for n in action_view(model, "nudge").nodes if n.kind == "action")
    assert "= unchanged from stopped" in whole.lines
    assert focused.lines == whole.lines
    assert "= unchanged from stopped" in build_view(model, "actions/nudge").source


def test_graph_views_import_no_renderer() -> None:
    # tables.py and describe.py (the sequence's rows) are another step's; the graph views are these
    for path in (p for p in VIEWS.glob("*.py") if p.name not in {"tables.py", "describe.py"}):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert not name.startswith(("graphviz", "jinja2", "docutils", "vmgraph.emit")), (path.name, name)


def test_roles_are_known_names(nova: Model) -> None:
    for name in ("preconditions", "transitions", "overview", "states/active", "actions/reboot"):
        view = graph_view(nova, name)
        used = {r for item in (*view.nodes, *view.edges) for r in item.roles}
        assert used <= ROLES, name


def test_node_names_are_decided_by_the_view(nova: Model) -> None:
    names = {n.name for n in preconditions_view(nova).nodes}
    assert {state_node("active"), action_node("reboot", "hard"), action_node("create", None)} <= names
    assert start_node("create") in {n.name for n in transitions_view(nova).nodes}
    for node in preconditions_view(nova).nodes:
        if node.kind == "group":  # "any state" and a group of states have no table row to link to
            assert node.link is None and link_of(node.name) is None
            continue
        assert node.link is not None and link_of(node.name) == node.link
    assert link_of("start.create") is None and link_of("more_states") is None
    assert Link("action", "reboot", "hard").item == "action_reboot"


def test_every_edge_joins_drawn_nodes(nova: Model) -> None:
    for name in ("preconditions", "transitions", "overview", "states/active", "actions/create"):
        view = graph_view(nova, name)
        drawn = {n.name for n in view.nodes}
        assert all(e.tail in drawn and e.head in drawn for e in view.edges), name


def test_emphasis_is_roles_on_the_view(nova: Model) -> None:
    emphasis = emphasis_for(nova, "transitions", Highlight(states=("shelved",)))
    assert emphasis is not None
    view = emphasise(transitions_view(nova), emphasis)
    assert all(("emphasised" in n.roles) != ("faded" in n.roles) for n in view.nodes)
    assert {n.name for n in view.nodes if "emphasised" in n.roles} == set(emphasis.nodes)
    assert view.legend[-1] == "bold: highlighted; faded: the rest"
    assert dot_graph(view).source == build_view(nova, "transitions", emphasis=emphasis).source


def test_a_view_is_computed_once_and_drawn_by_any_emitter(nova: Model) -> None:
    view = preconditions_view(nova, actions=["shelve"])
    assert view == preconditions_view(nova, actions="shelve")
    assert dot_graph(view).source == build_view(nova, "preconditions", actions=["shelve"]).source
