"""Focused views (vmgraph.views.focus): one per state, one per action, an overview; small at any size."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from graphviz import Digraph

from vmgraph.cli import main
from vmgraph.emit.dot import dot_graph, preconditions_graph, transitions_graph
from vmgraph.emit.views import build_view, focused_sources
from vmgraph.errors import RenderError
from vmgraph.load.loader import load_model
from vmgraph.model import Model
from vmgraph.views.focus import (
    FOCUS_LIMIT,
    action_view,
    focused_view_names,
    is_large,
    model_size,
    overview_view,
    state_view,
)
from vmgraph.views.names import resolve_views
from vmgraph.views.select import Ids
from vmgraph.views.subset import subset_view

BENCH = Path(__file__).parent.parent / "bench"
DATA = Path(__file__).parent / "data"
NODE = re.compile(r'^\t("?)([^"\s\[]+)\1 \[', re.MULTILINE)
EDGE = re.compile(r"^\t\"?([^\"\s]+)\"? -> \"?([^\"\s]+)\"?", re.MULTILINE)


def state_graph(model: Model, state_id: str, *, limit: int = FOCUS_LIMIT) -> Digraph:
    return dot_graph(state_view(model, state_id, limit=limit))


def action_graph(model: Model, action_id: str, *, limit: int = FOCUS_LIMIT) -> Digraph:
    return dot_graph(action_view(model, action_id, limit=limit))


def overview_graph(model: Model, *, limit: int = FOCUS_LIMIT) -> Digraph:
    return dot_graph(overview_view(model, limit=limit))


def subset_graph(model: Model, view: str, *, states: Ids = None, actions: Ids = None) -> Digraph:
    return dot_graph(subset_view(model, view, states=states, actions=actions))


@pytest.fixture(scope="module")
def nova() -> Model:
    return load_model("nova")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Model:
    """A generated model of 300 states and 1,500 actions (bench/generate.py)."""
    sys.path.insert(0, str(BENCH))
    try:
        from generate import generate_model
    finally:
        sys.path.remove(str(BENCH))
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    path.write_text(generate_model(states=300, actions=1500, seed=3), encoding="utf-8")
    return load_model(path)


def nodes(source: str) -> list[str]:
    return [m[2] for m in NODE.finditer(source) if m[2] not in {"graph", "node", "edge"}]


def edges(source: str) -> list[tuple[str, str]]:
    return [(m[1], m[2]) for m in EDGE.finditer(source)]


# -- names and files -------------------------------------------------------------------------------


def test_focused_view_names_cover_every_state_and_action(nova: Model) -> None:
    names = focused_view_names(nova)
    assert names[0] == "overview"
    assert names[1 : 1 + len(nova.states)] == tuple(f"states/{s.id}" for s in nova.states)
    assert names[1 + len(nova.states) :] == tuple(f"actions/{a.id}" for a in nova.actions)
    assert resolve_views(nova, ["focused"]) == names
    assert resolve_views(nova, ["states/active", "transitions"]) == ("states/active", "transitions")


def test_render_focused_writes_one_file_per_state_and_action(
    tmp_path: Path, nova: Model, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", "nova", "--view", "focused", "--format", "dot", "-o", str(tmp_path)]) == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.dot"))
    expected = sorted(
        ["overview.dot", *(f"states/{s.id}.dot" for s in nova.states), *(f"actions/{a.id}.dot" for a in nova.actions)]
    )
    assert written == expected
    assert capsys.readouterr().out.splitlines()[0] == str(tmp_path / "overview.dot")
    assert (tmp_path / "states" / "active.dot").read_text(encoding="utf-8") == state_graph(nova, "active").source


def test_unknown_focused_view_names_the_closest_id(nova: Model) -> None:
    with pytest.raises(RenderError, match=r"no state 'actve' for view 'states/actve' \(did you mean 'active'\?\)"):
        resolve_views(nova, ["states/actve"])
    with pytest.raises(RenderError, match="no action 'rebot'"):
        build_view(nova, "actions/rebot")
    with pytest.raises(RenderError, match="takes no states or actions subset"):
        build_view(nova, "states/active", states=["active"])


# -- content ----------------------------------------------------------------------------------------


def test_state_view_shows_the_calls_it_accepts_and_where_they_lead(nova: Model) -> None:
    source = state_graph(nova, "active").source
    assert ("state_active", "state_paused") in edges(source)
    assert re.search(r"state_active -> state_paused \[label=pause\]", source)
    assert re.search(r"state_active -> state_error \[label=\"on failure\".*style=dashed", source)
    assert "state_building" not in nodes(source)  # nothing leads there from ACTIVE
    assert {tail for tail, _ in edges(source)} == {"state_active"}  # only what leaves it
    assert "entered from:" in source


def test_action_view_shows_each_variant_its_states_and_results(nova: Model) -> None:
    source = action_graph(nova, "reboot").source
    assert {"action_reboot.soft", "action_reboot.hard"} <= set(nodes(source))
    assert ("state_paused", "action_reboot.hard") in edges(source)
    assert ("state_paused", "action_reboot.soft") not in edges(source)
    assert ("action_reboot.hard", "state_active") in edges(source)
    assert "on failure: ERROR" in source


def test_creating_action_starts_from_a_point(nova: Model) -> None:
    assert '\t"start.create" -> action_create\n' in action_graph(nova, "create").source


@pytest.mark.parametrize("limit", [6, 24])
def test_views_of_a_large_model_stay_small(big: Model, limit: int) -> None:
    hub = max(big.states, key=lambda s: len(big.transitions_from(s.id)))
    source = state_graph(big, hub.id, limit=limit).source
    assert len(nodes(source)) <= limit + 2  # the state, its targets, ERROR, "more states"
    assert "more states" in source
    assert len(nodes(action_graph(big, "delete", limit=limit).source)) <= 4  # states grouped: "N states"
    assert len(nodes(overview_graph(big, limit=limit).source)) <= limit // 2 + 3


def test_large_model_is_detected_by_states_or_edges(nova: Model, big: Model) -> None:
    assert model_size(nova) == (12, 72)
    assert not is_large(nova)
    assert is_large(nova, max_states=11)
    assert is_large(nova, max_edges=71)
    assert is_large(big)


def test_focused_views_are_deterministic(nova: Model) -> None:
    first = list(focused_sources(nova))
    assert first == list(focused_sources(load_model("nova")))


@pytest.mark.parametrize("model_name", ["nova", "nova-2014", str(DATA / "hostile.yaml"), str(DATA / "ironic.yaml")])
def test_dot_accepts_every_focused_view(dot_binary: str, model_name: str) -> None:
    for name, source in focused_sources(load_model(model_name)):
        proc = subprocess.run([dot_binary, "-Tsvg"], input=source.encode(), capture_output=True, check=False)
        assert proc.returncode == 0, (name, proc.stderr)
        assert proc.stderr == b"", name


# -- subsets of the whole-model views (Sphinx's :states: and :actions:) -------------------------------


def test_subsets_of_a_large_model_stay_small(big: Model) -> None:
    hub = max(big.states, key=lambda s: len(big.transitions_from(s.id))).id
    for view in ("transitions", "preconditions"):
        source = build_view(big, view, states=[hub]).source
        assert len(nodes(source)) <= 2 * FOCUS_LIMIT + 4, view  # the subset, its neighbours, the groups
        assert "more" in source
    assert len(nodes(build_view(big, "preconditions", actions=["delete"]).source)) <= 5


def test_subsets_of_a_small_model_are_the_plain_views(nova: Model) -> None:
    assert (
        build_view(nova, "transitions", states=["active"]).source == transitions_graph(nova, states=["active"]).source
    )
    assert (
        subset_graph(nova, "preconditions", actions=["reboot"]).source
        == preconditions_graph(nova, actions=["reboot"]).source
    )


def test_subsets_check_their_ids(big: Model) -> None:
    with pytest.raises(RenderError, match="unknown state 'nope'"):
        build_view(big, "transitions", states=["nope"])
    with pytest.raises(RenderError, match="has no subsets"):
        subset_graph(big, "overview", states=["active"])
