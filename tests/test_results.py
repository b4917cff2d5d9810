"""Per-result trigger (a result the system makes on its own) and results back to the previous state."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from vmgraph.cli import main
from vmgraph.diff import diff_models
from vmgraph.emit.dot import preconditions_graph, transitions_graph
from vmgraph.emit.mermaid import preconditions_mermaid, transitions_mermaid
from vmgraph.errors import ModelError
from vmgraph.load.loader import load_model
from vmgraph.load.schema import model_schema
from vmgraph.model import PREVIOUS, Model
from vmgraph.views.describe import describe_view
from vmgraph.views.tables import action_rows

NODE = """\
vmgraph: 1
id: node
terms: {resource: node, state: provision state, action: event}
defaults: {error: null, must_have_launched: false}
states:
  - {id: manageable, initial: true}
  - {id: active}
  - {id: deleting, kind: in_progress, target: manageable}
  - {id: cleaning, kind: in_progress, target: manageable}
actions:
  - id: delete
    accepts: [active]
    results: [deleting]
  - id: clean
    accepts: [deleting, manageable]
    results:
      - {from: deleting, to: cleaning, trigger: system}
      - {from: manageable, to: cleaning}
  - id: done
    trigger: system
    accepts: [cleaning]
    results: [manageable]
  - id: deploy
    accepts: [manageable]
    results: [active]
"""

VOLUME = """\
vmgraph: 1
id: volume
defaults: {error: null, must_have_launched: false}
states:
  - {id: available, initial: true}
  - {id: in_use}
  - {id: error}
actions:
  - id: attach
    accepts: [available]
    results: [in_use]
    error: error
  - id: retype
    accepts: [available, in_use]
    results: [previous]
    error: previous
  - id: extend
    accepts: [available, in_use]
    results:
      - {to: previous, when: the backend grew it}
      - {from: in_use, to: error}
  - id: reset
    accepts: [error]
    results: [available]
"""


def write(tmp_path: Path, text: str, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def node(tmp_path: Path) -> Model:
    return load_model(write(tmp_path, NODE))


@pytest.fixture
def volume(tmp_path: Path) -> Model:
    return load_model(write(tmp_path, VOLUME))


# -- per-result trigger ---------------------------------------------------------------


def test_the_trigger_belongs_to_each_transition(node: Model) -> None:
    found = {(t.source, t.action, t.target): t.trigger for t in node.transitions()}
    assert found[("deleting", "clean", "cleaning")] == "system"
    assert found[("manageable", "clean", "cleaning")] == "api"
    assert found[("cleaning", "done", "manageable")] == "system"  # the action's trigger
    assert node.action("clean").trigger == "api"


def test_an_automatic_result_is_dashed_in_dot_and_mermaid(node: Model) -> None:
    rows = preconditions_graph(node).source
    assert "(system)" in rows and "'(system)': a result the system makes on its own" in rows
    dot = preconditions_graph(node, compact=False).source
    line = next(x for x in dot.splitlines() if "action_clean -> state_cleaning" in x)
    assert "dashed" in line
    line = next(x for x in dot.splitlines() if "action_deploy -> state_active" in x)
    assert "dashed" not in line
    assert "dashed edge: a result the system makes on its own" in dot
    assert "-.->" in preconditions_mermaid(node)
    trans = transitions_graph(node).source
    assert "clean (system)" in trans and "clean\\l" not in trans.replace("clean (system)", "")
    assert "s_deleting --> s_cleaning : clean #40;system#41;" in transitions_mermaid(node)


def test_the_legend_line_only_when_used(volume: Model) -> None:
    assert "system makes on its own" not in preconditions_graph(volume).source
    assert "system makes on its own" not in preconditions_graph(load_model("nova")).source


def test_tables_description_and_json_show_the_trigger(node: Model, tmp_path: Path, capsys) -> None:
    row = next(r for r in action_rows(node) if r.id == "clean")
    assert row.results == "cleaning from deleting (system); cleaning from manageable"
    assert any("cleaning from deleting (system)" in item for item in describe_view(node, "preconditions").items)
    assert main(["show", str(write(tmp_path, NODE)), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    clean = next(a for a in shown["actions"] if a["id"] == "clean")
    assert [r.get("trigger") for r in clean["variants"][0]["results"]] == ["system", None]


def test_diff_reports_a_changed_trigger(tmp_path: Path) -> None:
    old = load_model(write(tmp_path, NODE, "old.yaml"))
    new = load_model(write(tmp_path, NODE.replace(", trigger: system}", "}"), "new.yaml"))
    changes = [c for c in diff_models(old, new).changes if c.action == "clean"]
    assert changes and changes[0].field == "results"
    assert changes[0].removed == ("cleaning from deleting (system)",)
    assert changes[0].added == ("cleaning from deleting",)


def test_a_bad_result_trigger_is_reported(tmp_path: Path) -> None:
    with pytest.raises(
        ModelError, match=r"'trigger' of a result of action 'clean' must be 'api' or 'system', got 'user'"
    ):
        load_model(write(tmp_path, NODE.replace("trigger: system}", "trigger: user}")))


# -- previous -------------------------------------------------------------------------


def test_previous_leads_back_per_source_state(volume: Model) -> None:
    retype = [(t.source, t.target, t.kind, t.back) for t in volume.transitions() if t.action == "retype"]
    assert retype == [
        ("available", "available", "result", True),
        ("available", "available", "error", True),
        ("in_use", "in_use", "result", True),
        ("in_use", "in_use", "error", True),
    ]
    assert volume.action("retype").variants[0].error == PREVIOUS


def test_previous_is_drawn_back_to_each_source(volume: Model) -> None:
    rows = preconditions_graph(volume).source
    assert "\N{RIGHTWARDS ARROW} back" in rows and "on failure: previous" in rows
    dot = preconditions_graph(volume, compact=False).source
    assert "action_retype -> state_available [label=back" in dot
    assert "action_retype -> state_in_use [label=back" in dot
    assert "on failure: previous" in dot
    assert "'back': back to the state it started in" in dot
    assert "back [the backend grew it]" in dot
    trans = transitions_graph(volume).source
    assert "retype (back)" in trans
    assert "(back): back to the state it started in" in trans
    assert "retype #40;back#41;" in transitions_mermaid(volume)
    assert "loop: state unchanged" not in trans


def test_previous_in_tables_and_text(volume: Model) -> None:
    row = next(r for r in action_rows(volume) if r.id == "retype")
    assert (row.results, row.error) == ("previous", "previous")


def test_previous_on_a_creating_action_is_refused(tmp_path: Path) -> None:
    text = VOLUME.replace(
        "  - id: reset\n", "  - id: create\n    accepts: []\n    results: [previous]\n  - id: reset\n"
    )
    with pytest.raises(
        ModelError,
        match="include 'previous', but it accepts no state: it creates the resource, so there is no state to go back to",
    ):
        load_model(write(tmp_path, text))


def test_the_schema_takes_the_new_words() -> None:
    import yaml

    for text in (NODE, VOLUME):
        jsonschema.validate(yaml.safe_load(text), model_schema())
