"""Issue 12: a box of calls accepted in many states is drawn from one node naming them (``drawing.group_from``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vmgraph.emit.views import build_view
from vmgraph.errors import ModelError
from vmgraph.load.loader import load_model
from vmgraph.views.emphasis import Highlight, emphasis_for, emphasised_in
from vmgraph.views.focusmap import focus_map
from vmgraph.views.preconditions import preconditions_view

#: What nova's attach_volume and detach_volume accept, in the order the group names them.
VOLUME_STATES = ("active", "paused", "resized", "shelved", "shelved_offloaded", "soft_deleted", "stopped")

#: Five states in a ring; ``reset`` is accepted in four (drawn from "any state except eee"
#: unless ``any_except`` is 0, which leaves it to the groups).
FIVE = """\
vmgraph: 1
id: five
states: [{id: aaa, initial: true}, {id: bbb}, {id: ccc}, {id: ddd}, {id: eee}]
actions:
  - {id: go, accepts: [aaa], must_have_launched: false, results: [{to: bbb}]}
  - {id: onward, accepts: [bbb], results: [{to: ccc}]}
  - {id: more, accepts: [ccc], results: [{to: ddd}]}
  - {id: last, accepts: [ddd], results: [{to: eee}]}
  - {id: back, accepts: [eee], results: [{to: aaa}]}
  - {id: reset, accepts: [aaa, bbb, ccc, ddd], must_have_launched: false, results: [{to: ccc}]}
"""


def five(tmp_path: Path, drawing: str) -> Path:
    """Return the file of :data:`FIVE` with the lines *drawing* of its ``drawing:`` block."""
    path = tmp_path / "five.yaml"
    path.write_text(f"{FIVE}drawing:\n{drawing}\n", encoding="utf-8")
    return path


def test_a_box_accepted_in_many_states_is_fed_once_by_a_node_naming_them() -> None:
    nova = load_model("nova")
    assert nova.group_from == 6
    view = preconditions_view(nova)
    [group] = [n for n in view.nodes if "listed" in n.roles]
    assert group.kind == "group" and group.link is None
    assert group.stands_for == tuple(f"state_{s}" for s in VOLUME_STATES)
    assert " ".join(group.lines) == "ACTIVE, PAUSED, RESIZED, SHELVED, SHELVED_OFFLOADED, SOFT_DELETED, STOPPED"
    assert [e.tail for e in view.edges if e.head == "action_attach_volume"] == [group.name]
    assert "dashed ellipse naming VM states: each of them" in view.legend
    assert max(len([e for e in view.edges if e.head == n.name]) for n in view.nodes) < nova.group_from


def test_the_group_is_drawn_as_a_dashed_ellipse() -> None:
    source = build_view(load_model("nova"), "preconditions").source
    [line] = [line for line in source.splitlines() if line.startswith('\t"states.1" [')]
    assert "shape=ellipse" in line and 'style="dashed,bold"' in line
    assert 'tooltip="each of these VM states: ACTIVE, PAUSED, RESIZED, SHELVED' in line


def test_the_model_sets_how_many_states_make_a_group(tmp_path: Path) -> None:
    grouped = load_model(str(five(tmp_path, "  any_except: 0\n  group_from: 4")))
    view = preconditions_view(grouped)
    assert [e.tail for e in view.edges if e.head == "action_reset"] == ["states.1"]
    for value in ("0", "5"):
        per_state = preconditions_view(load_model(str(five(tmp_path, f"  any_except: 0\n  group_from: {value}"))))
        assert not [n for n in per_state.nodes if "listed" in n.roles]
        into_reset = [e.tail for e in per_state.edges if e.head == "action_reset"]
        assert into_reset == ["state_aaa", "state_bbb", "state_ccc", "state_ddd"]


def test_a_box_fed_by_an_any_state_node_is_never_grouped(tmp_path: Path) -> None:
    """The bug: with ``group_from: 1`` the "any state" node was taken for a state (KeyError)."""
    view = preconditions_view(load_model(str(five(tmp_path, "  group_from: 1"))))
    [into_reset] = [e.tail for e in view.edges if e.head == "action_reset"]
    assert into_reset.startswith("any_state")
    groups = [n for n in view.nodes if "listed" in n.roles]
    assert [g.stands_for for g in groups] == [(f"state_{s}",) for s in ("aaa", "bbb", "ccc", "ddd", "eee")]
    source = build_view(load_model(str(five(tmp_path, "  group_from: 1"))), "preconditions").source
    assert '"any_state.eee" [' in source and '"states.5" [' in source


def test_a_group_size_that_is_not_a_whole_number_is_one_clear_problem(tmp_path: Path) -> None:
    for value in ("-3", "false", "2.5", "many"):
        path = five(tmp_path, f"  group_from: {value}")
        line = path.read_text(encoding="utf-8").count("\n")
        with pytest.raises(ModelError) as caught:
            load_model(str(path))
        [problem] = [str(p) for p in caught.value.problems]
        assert problem.startswith(f"{path}:{line}: 'group_from' of 'drawing' must be a whole number, 0 or more, got ")
        assert value in problem


def test_the_uncompacted_form_keeps_an_edge_per_state() -> None:
    view = preconditions_view(load_model("nova"), compact=False, any_limit=-1)
    assert not [n for n in view.nodes if "listed" in n.roles]
    assert len([e for e in view.edges if e.head == "action_attach_volume"]) == len(VOLUME_STATES)


def test_highlighting_a_state_lights_the_group_that_names_it_and_its_edge() -> None:
    nova = load_model("nova")
    view = preconditions_view(nova)
    emphasis = emphasis_for(nova, "preconditions", Highlight(states=("shelved",)))
    assert emphasis is not None
    nodes, edges = emphasised_in(view, emphasis)
    assert {"states.1", "state_shelved", "action_attach_volume"} <= nodes
    assert ("states.1", "action_attach_volume", False) in edges
    other = emphasis_for(nova, "preconditions", Highlight(states=("rescued",)))
    assert other is not None
    assert "states.1" not in emphasised_in(view, other)[0]


def test_selecting_the_group_in_the_interactive_diagram_selects_its_states() -> None:
    found = focus_map(load_model("nova"), "preconditions")
    assert found is not None
    naming = {item.id for item in found.items if "states.1" in item.nodes}
    assert naming == set(VOLUME_STATES)
