"""Tests for vmgraph.views.sequence: a sequence as plain data, shared by the DOT and Mermaid emitters."""

from __future__ import annotations

import pytest
from novaterms import NOVA_TERMS

from vmgraph.emit.mermaid_sequence import sequence_mermaid
from vmgraph.emit.mermaidtext import label
from vmgraph.emit.sequence import sequence_graph
from vmgraph.errors import RenderError
from vmgraph.load.loader import load_model
from vmgraph.model import Model, Participant, Sequence, State, Step
from vmgraph.views.sequence import NO_VALUE, NOTE_COLUMN, dimension_words, sequence_rows, sequence_view


def small() -> Model:
    vm = (State("building", "BUILDING"), State("active", "ACTIVE"))
    task = (State("spawning", "SPAWNING"),)
    parts = (Participant("api", "API"), Participant("mgr", "manager"))
    steps = (
        Step("api", "mgr", "build", "old_build", vm_state="building", task_state="spawning"),
        Step("mgr", "mgr", "spawn"),
        Step("mgr", "api", "done", vm_state="active", task_state="none", note="all done"),
    )
    seq = Sequence("create", "Create", parts, steps)
    power = (State("running", "RUNNING"),)  # declared, so it has a column though no step sets it
    return Model("m", "M", vm, (), task_states=task, power_states=power, sequences=(seq,), terms=NOVA_TERMS)


def test_view_holds_participants_messages_cells_and_changes() -> None:
    view = sequence_view(small())
    assert (view.id, view.label, view.title) == ("create", "Create", "M: Create")
    assert [p.id for p in view.participants] == ["api", "mgr"]
    assert view.columns == (*dimension_words(small()).items(), NOTE_COLUMN)
    assert dimension_words(small()) == {"vm": "VM state", "task": "task state", "power": "power state"}
    assert view.notes
    first, second, third = view.steps
    assert first.message == ("1. build", "(was old_build)")
    assert (first.caller, first.callee, first.self_call) == ("api", "mgr", False)
    assert second.self_call and second.message == ("2. spawn",)
    assert first.cells == ("BUILDING", "SPAWNING", NO_VALUE)
    assert first.changed == (True, True, False)
    assert second.changed == (False, False, False)
    assert third.cells == ("ACTIVE", NO_VALUE, NO_VALUE)
    assert third.changed == (True, True, False)
    assert third.summary == ("VM: ACTIVE", "task: -", "power: -", "all done")
    assert [s.row for s in view.steps] == list(sequence_rows(small()))


def test_no_note_column_without_notes() -> None:
    model = load_model("nova-2014")
    view = sequence_view(model)
    assert view.notes == any(s.row.note for s in view.steps)


@pytest.mark.parametrize("build", [sequence_view, sequence_graph, sequence_mermaid])
def test_every_emitter_reports_an_unknown_sequence_alike(build: object) -> None:
    assert callable(build)
    with pytest.raises(RenderError, match=r"^model 'm' has no sequence 'craete' \(known: 'create'\); did you mean"):
        build(small(), "craete")


def test_emitters_draw_the_views_words() -> None:
    view = sequence_view(load_model("nova"))
    dot = sequence_graph(load_model("nova")).source
    mermaid = sequence_mermaid(load_model("nova"))
    for step in view.steps:
        assert step.message[0] in dot
        assert f": {label(*step.message)}\n" in mermaid
        assert f": {label(*step.summary)}\n" in mermaid
    assert view.legend in dot
