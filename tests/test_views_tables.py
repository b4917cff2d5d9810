"""Tests for vmgraph.views.tables: rows on the one selection and wording, columns decided once."""

from __future__ import annotations

import pytest

from vmgraph.emit.rst import TEMPLATES_DIR, actions_table, matrix_table, sequence_table, states_table
from vmgraph.errors import RenderError
from vmgraph.load.loader import load_model
from vmgraph.model import Model
from vmgraph.views.select import select, transition_parts, variant_rows
from vmgraph.views.tables import (
    Column,
    action_columns,
    action_rows,
    matrix,
    result_texts,
    state_columns,
    state_rows,
    step_columns,
    step_rows,
)
from vmgraph.views.wording import result_text, title


@pytest.fixture(scope="module")
def nova() -> Model:
    return load_model("nova")


def test_a_single_state_id_is_one_id_not_its_letters(nova: Model) -> None:
    """The bug: ``states="active"`` was split into 'a', 'c', 't', ... and each reported unknown."""
    assert action_rows(nova, states="active") == action_rows(nova, states=["active"])
    assert action_rows(nova, actions="stop") == action_rows(nova, actions=["stop"])
    assert matrix(nova, states="active") == matrix(nova, states=["active"])
    assert state_rows(nova, "vm", states="active") == state_rows(nova, "vm", states=["active"])
    assert actions_table(nova, states="active") == actions_table(nova, states=["active"])


def test_unknown_ids_use_the_one_contract(nova: Model) -> None:
    with pytest.raises(RenderError, match=r"^unknown state 'actve' \(did you mean 'active'\?\)$"):
        action_rows(nova, states="actve")
    with pytest.raises(
        RenderError, match=r"^unknown state 'actve' .*; unknown action 'stp' \(did you mean 'stop'\?\)$"
    ):
        matrix(nova, states=["actve"], actions=["stp"])
    with pytest.raises(RenderError, match=r"^unknown task state 'spawnin' \(did you mean 'spawning'\?\)$"):
        state_rows(nova, "task", states=["spawnin"])


@pytest.mark.parametrize("name", ["nova", "ironic"])
def test_transitions_of_chosen_actions_are_those_of_the_whole_list(name: str) -> None:
    """Chosen actions are looked up by action; the result is the filter of every transition, in order."""
    model = load_model(name)
    every = model.transitions()
    picks = [[a.id] for a in model.actions] + [[model.actions[-1].id, model.actions[0].id]]
    for actions in picks:
        for states in (None, [model.states[0].id], [s.id for s in model.states[1:4]]):
            trans, _ = transition_parts(model, select(model, states=states, actions=actions))
            assert trans == tuple(
                t for t in every if t.action in actions and (states is None or t.source in states or t.target in states)
            )


def test_rows_follow_the_one_selection_and_wording(nova: Model) -> None:
    chosen = select(nova, states=["shelved"])
    picked = variant_rows(nova, chosen)
    rows = action_rows(nova, states=["shelved"])
    assert [(r.id, r.variant, r.first) for r in rows] == [(a.id, v.id, first) for a, v, first in picked]
    assert [r.label for r in rows] == [title(a, v) for a, v, _ in picked]
    assert [r.results for r in rows] == ["; ".join(result_text(nova, x) for x in v.results) for _, v, _ in picked]
    assert all(result_texts(nova, v) == tuple(result_text(nova, x) for x in v.results) for _, v, _ in picked)


def test_columns_name_fields_of_the_rows(nova: Model) -> None:
    for columns, rows in (
        (action_columns(nova), action_rows(nova)),
        (step_columns(nova), step_rows(nova)),
        (state_columns(nova, "task"), state_rows(nova, "task")),
        (matrix(nova).columns, matrix(nova).rows),
    ):
        for column in columns:
            column.value(rows[0])  # every field exists
    assert [c.header for c in state_columns(nova, "vm")] == ["VM state", "Value", "Description"]
    assert state_columns(nova, "power")[0].header == "Power state"
    m = matrix(nova, states=["active", "stopped"], actions=["stop"])
    assert [c.header for c in m.columns] == ["Action", "ACTIVE", "STOPPED", "Task state", "Must have launched"]
    assert [c.value(m.rows[0]) for c in m.columns[1:3]] == ["yes", ""]


def test_a_remark_follows_its_value() -> None:
    column = Column("Description", "description", remark="marks")
    rows = state_rows(load_model("nova"), "vm")
    initial = next(r for r in rows if r.marks)
    assert column.note(initial) == initial.marks
    assert Column("Value", "value").note(initial) == ""


@pytest.mark.parametrize("name", ["states.rst.j2", "actions.rst.j2", "matrix.rst.j2", "sequence.rst.j2"])
def test_templates_write_no_column_of_their_own(name: str) -> None:
    text = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    assert "table.columns" in text
    for header in ("Accepted VM states", "Must have launched", "Formerly", "Value"):
        assert header not in text


def test_tables_render_the_same_columns(nova: Model) -> None:
    assert "   * - Step\n     - From\n     - To\n" in sequence_table(nova)
    assert "   * - Task state\n     - Value\n     - Description\n" in states_table(nova, "task")
    assert "     - Must have launched\n     - Results\n     - On failure\n     - Trigger\n" in actions_table(nova)
    assert "   * - Action\n     - ACTIVE\n     - Task state\n" in matrix_table(nova, states="active")
