"""Issue 12 layouts: "any state" drawn once, compaction, failures in nodes, no junctions."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from vmgraph.emit.dot import GRAPH_ATTR
from vmgraph.emit.mermaid import transitions_mermaid
from vmgraph.errors import ModelError
from vmgraph.load.loader import load_model
from vmgraph.views.anystate import any_name
from vmgraph.views.preconditions import preconditions_view
from vmgraph.views.transitions import transitions_view

CINDER = Path(__file__).resolve().parents[1] / "bench" / "models" / "cinder.yaml"


def test_a_call_accepted_in_any_state_is_one_edge_from_one_any_node() -> None:
    nova = load_model("nova")
    view = preconditions_view(nova)
    into_delete = [e.tail for e in view.edges if e.head == "action_delete"]
    assert into_delete == [any_name(())]
    anys = {n.name: n.lines for n in view.nodes if "any" in n.roles}
    assert anys[any_name(("building",))] == ("any VM state", "except BUILDING")  # in the words of the model (terms)


def test_the_threshold_is_configurable_and_negative_draws_every_state() -> None:
    nova = dataclasses.replace(load_model("nova"), group_from=0)  # no group of listed states either
    per_state = preconditions_view(nova, any_limit=-1)
    assert not [n for n in per_state.nodes if "any" in n.roles]
    assert len([e for e in per_state.edges if e.head == "action_delete"]) == 11


#: Five states; ``reset`` is accepted in all but ``eee`` (one left out), ``poke`` in all.
FIVE = """\
vmgraph: 1
id: five
states:
  - {id: aaa, initial: true}
  - {id: bbb}
  - {id: ccc}
  - {id: ddd}
  - {id: eee}
actions:
  - {id: start, accepts: [aaa], must_have_launched: false, results: [{to: bbb}]}
  - {id: next, accepts: [bbb], results: [{to: ccc}]}
  - {id: more, accepts: [ccc], results: [{to: ddd}]}
  - {id: last, accepts: [ddd], results: [{to: eee}]}
  - {id: back, accepts: [eee], results: [{to: aaa}]}
  - {id: reset, accepts: [aaa, bbb, ccc, ddd], must_have_launched: false, results: [{to: aaa}]}
  - {id: poke, accepts: any, must_have_launched: false, results: unchanged}
"""


def five(tmp_path: Path, drawing: str = "") -> Path:
    """Return the file of :data:`FIVE`, with *drawing* (the lines of a ``drawing:`` block) if given."""
    path = tmp_path / "five.yaml"
    path.write_text(FIVE + (f"drawing:\n{drawing}\n" if drawing else ""), encoding="utf-8")
    return path


def test_the_model_sets_the_threshold_for_every_view(tmp_path: Path) -> None:
    default = load_model(str(five(tmp_path)))
    assert default.any_except == 2
    for view in (preconditions_view(default), transitions_view(default)):
        assert {n.name for n in view.nodes if "any" in n.roles} == {any_name(()), any_name(("eee",))}
    strict = load_model(str(five(tmp_path, "  any_except: 0")))
    assert strict.any_except == 0
    for view in (preconditions_view(strict), transitions_view(strict)):
        assert {n.name for n in view.nodes if "any" in n.roles} == {any_name(())}  # reset: per state
    into_reset = [e.tail for e in preconditions_view(strict).edges if e.head == "action_reset"]
    assert sorted(into_reset) == ["state_aaa", "state_bbb", "state_ccc", "state_ddd"]


def test_a_threshold_that_is_not_a_whole_number_is_one_clear_problem(tmp_path: Path) -> None:
    for value in ("-1", "true", "1.5", "two", "[1]"):
        path = five(tmp_path, f"  any_except: {value}")
        line = path.read_text(encoding="utf-8").count("\n")
        with pytest.raises(ModelError) as caught:
            load_model(str(path))
        [problem] = [str(p) for p in caught.value.problems]
        assert problem.startswith(f"{path}:{line}: 'any_except' of 'drawing' must be "), problem
        assert "got" in problem
    with pytest.raises(ModelError) as caught:
        load_model(str(five(tmp_path, "  any_excpet: 1")))
    assert "any_except" in str(caught.value.problems[0])  # did you mean


def test_an_unchanged_result_of_an_any_state_call_is_written_once_on_the_any_node() -> None:
    view = transitions_view(load_model("nova"))
    assert not [e for e in view.edges if e.tail == e.head]
    node = next(n for n in view.nodes if n.name == any_name(("building",)))
    assert node.lines[-1] == "unchanged: 4 calls" and "live_migrate_abort" in node.tooltip


def test_calls_drawn_alike_share_one_box() -> None:
    view = preconditions_view(load_model("nova"))
    box = next(n for n in view.nodes if n.name == "action_attach_volume")
    assert box.lines[:2] == (
        "attach_volume \N{RIGHTWARDS ARROW} = unchanged",
        "detach_volume \N{RIGHTWARDS ARROW} = unchanged",
    )
    assert "action_detach_volume" not in {n.name for n in view.nodes}


def test_failures_add_no_edges_and_one_shared_failure_state_is_named_once() -> None:
    view = transitions_view(load_model("nova"))
    assert not [e for e in view.edges if "error" in e.roles]
    active = next(n for n in view.nodes if n.name == "state_active")
    assert active.lines == ("ACTIVE", "unchanged: 16 calls")
    assert "a call that fails leads to ERROR" in view.legend


def test_failures_leading_to_several_states_are_written_in_their_source() -> None:
    view = transitions_view(load_model(CINDER))
    notes = [n.lines[-1] for n in view.nodes if n.lines and n.lines[-1].startswith("on failure: ")]
    assert notes and not [e for e in view.edges if "error" in e.roles]


def test_long_edge_labels_name_at_most_three_lines_of_calls() -> None:
    view = transitions_view(load_model("ironic"))
    for edge in view.edges:
        ways = "\n".join(edge.lines).split("to ")
        assert all(len(way.strip().splitlines()) <= 4 for way in ways), edge


def test_no_view_merges_edges_into_junctions() -> None:
    assert not [kind for kind, attrs in GRAPH_ATTR.items() if "concentrate" in attrs]


def test_mermaid_draws_the_any_state_source() -> None:
    text = transitions_mermaid(load_model("nova"))
    assert '    state "any VM state" as any_0\n' in text
    assert "    any_0 --> s_deleted : delete<br>force_delete\n" in text
