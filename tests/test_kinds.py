"""State kinds: stable, in progress (with a target), waiting, failed, and the error mark."""

from __future__ import annotations

from pathlib import Path

import pytest

from vmgraph.emit.json import model_to_dict
from vmgraph.emit.mermaid import preconditions_mermaid, transitions_mermaid
from vmgraph.emit.views import build_view
from vmgraph.errors import ModelError
from vmgraph.load.loader import load_model
from vmgraph.model import Model
from vmgraph.views.tables import state_rows

MODEL = """\
vmgraph: 1
id: kinds
states:
  - {id: available, initial: true}
  - {id: deploying, kind: in_progress, target: active}
  - {id: deploy_hold, kind: waiting, target: active}
  - {id: deploy_failed, kind: failed, target: active}
  - {id: error, kind: failed, error: true}
  - {id: active, terminal: true}
actions:
  - {id: deploy, accepts: [available], results: [deploying]}
  - {id: hold, accepts: [deploying], results: [deploy_hold]}
  - {id: go, accepts: [deploy_hold], results: [active], error: deploy_failed}
  - {id: retry, accepts: [deploy_failed, error], results: [deploying]}
  - {id: tear, accepts: [deploying], results: [error]}
"""


@pytest.fixture
def kinds(tmp_path: Path) -> Model:
    path = tmp_path / "kinds.yaml"
    path.write_text(MODEL, encoding="utf-8")
    return load_model(path)


def test_kinds_targets_and_error_are_read(kinds: Model) -> None:
    got = {s.id: (s.kind, s.target, s.error) for s in kinds.states}
    assert got["deploying"] == ("in_progress", "active", False)
    assert got["deploy_hold"] == ("waiting", "active", False)
    assert got["error"] == ("failed", None, True)
    assert got["available"] == ("stable", None, False)


def test_every_kind_is_drawn_by_shape_or_border_and_explained(kinds: Model) -> None:
    for view in ("preconditions", "transitions"):
        dot = build_view(kinds, view).source
        # the transitions view writes where a failure from a state leads in the state itself
        label = "deploying" if view == "preconditions" else '"deploying\\non failure: error"'
        assert f"\tstate_deploying [label={label} fillcolor=" in dot
        assert 'style="filled,dashed" tooltip="(heads to active)"' in dot
        assert 'style="filled,dotted"' in dot  # waiting
        failed = "deploy_failed" if view == "preconditions" else '"deploy_failed\\non failure: error"'
        assert f'state_deploy_failed [label={failed} fillcolor="#fff8dc" shape=octagon' in dot
        assert 'shape=octagon style="filled,diagonals"' in dot  # failed and an error
        for line in ("dashed border: in progress", "dotted border: waiting", "octagon: failed", "marked corners"):
            assert line in dot
    flow = preconditions_mermaid(kinds)
    assert 's_error{{"error"}}' in flow
    assert "class s_deploying in_progress" in flow
    assert "class s_deploy_hold waiting" in flow
    assert "class s_error error_state" in transitions_mermaid(kinds)


def test_kinds_in_tables_and_json(kinds: Model) -> None:
    marks = {r.id: r.marks for r in state_rows(kinds)}
    assert marks["deploying"] == "in progress to active"
    assert marks["error"] == "failed, error"
    assert marks["available"] == "initial"
    (state,) = (s for s in model_to_dict(kinds)["states"] if s["id"] == "deploy_hold")
    assert (state["kind"], state["target"], state["error"]) == ("waiting", "active", False)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{id: b, kind: busy}", "'kind' of state 'b' must be one of stable, in_progress, waiting, failed"),
        ("{id: b, kind: in_progress, target: nowhere}", "'target' of state 'b' is 'nowhere', which is not a state"),
        ("{id: b, target: a}", "only a state that is not stable heads to another"),
        ("{id: b, kind: failed, target: b}", "is the state itself"),
        ("{id: b, error: yes please}", "'error' of state 'b' must be true or false"),
    ],
)
def test_bad_kinds_are_reported(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        f"vmgraph: 1\nid: m\nstates:\n  - {{id: a, initial: true}}\n  - {line}\n"
        "actions:\n  - {id: go, accepts: [a], results: [b]}\n  - {id: back, accepts: [b], results: [a]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ModelError, match=message.replace("(", r"\(")):
        load_model(path)


def test_task_states_have_no_kind(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "vmgraph: 1\nid: m\nstates: [{id: a, initial: true, terminal: true}]\n"
        "task_states: [{id: t, kind: failed}]\nactions: []\n",
        encoding="utf-8",
    )
    with pytest.raises(ModelError, match="unknown key 'kind'"):
        load_model(path)


def test_check_warns_of_shared_labels_and_accepted_states_without_a_result(tmp_path: Path) -> None:
    from vmgraph.errors import ModelWarning

    path = tmp_path / "holes.yaml"
    path.write_text(
        "vmgraph: 1\nid: m\nstates: [{id: a, initial: true}, b, {id: c, terminal: true}]\nactions:\n"
        "  - {id: go, label: move, accepts: [a, b], results: [{to: c, from: a}], error: null}\n"
        "  - {id: run, label: move, accepts: [b], results: [c]}\n"
        "  - {id: back, accepts: [c], results: [b]}\n",
        encoding="utf-8",
    )
    with pytest.warns(ModelWarning) as record:
        load_model(path)
    messages = [str(w.message) for w in record]
    assert any("actions 'go' and 'run' share the label 'move'; give one its own" in m for m in messages)
    hole = [m for m in messages if "accepts state 'b' but none of its results applies from it" in m]
    assert len(hole) == 1 and hole[0].startswith(f"{path}:3: action 'go'")
