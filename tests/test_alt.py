"""The generated text alternative of every view of both bundled models (vmgraph.views.describe), as goldens.

Each golden is what a reader without the picture gets: the summary (HTML's accessible name,
the text builder's "[Diagram: ...]") and one line per action, state or step.
Regenerate with ``pytest --update-golden`` and review ``git diff tests/golden/alt``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from vmgraph.errors import RenderError
from vmgraph.load.loader import load_model
from vmgraph.views.describe import describe_view
from vmgraph.views.names import view_names
from vmgraph.views.select import select, transition_parts, variant_rows
from vmgraph.views.sequence import sequence_view

BUNDLED = ("nova", "nova-2014")
CASES = [(name, view) for name in BUNDLED for view in view_names(load_model(name))]


def alt_text(model_name: str, view: str) -> str:
    description = describe_view(load_model(model_name), view)
    return description.summary + "\n\n" + "".join(f"{item}\n" for item in description.items)


@pytest.mark.parametrize(("model_name", "view"), CASES)
def test_alt_text_golden(model_name: str, view: str, assert_golden: Callable[[str, str], None]) -> None:
    assert_golden(alt_text(model_name, view), f"alt/{model_name}/{view}.txt")


@pytest.mark.parametrize(("model_name", "view"), CASES)
def test_alt_text_says_what_the_view_shows(model_name: str, view: str) -> None:
    model = load_model(model_name)
    description = describe_view(model, view)
    assert "\n" not in description.summary
    assert model.title in description.summary
    if view == "preconditions":  # per action: the states it accepts and where it leads
        assert len(description.items) >= len(model.actions)
        for action in model.actions:
            assert any(item.startswith(action.label) for item in description.items), action.id
        assert all("accepts" in item or "needs no VM state" in item for item in description.items)
        assert all("leads to" in item or "leads nowhere" in item for item in description.items)
    elif view == "transitions":
        assert all(item.startswith(("From ", "On creation")) for item in description.items)
    else:  # a sequence: the steps in order, with the states after each
        numbers = [int(item.split(".", 1)[0]) for item in description.items]
        assert numbers == list(range(1, len(numbers) + 1))
        assert all("VM state" in item and "task state" in item and "power state" in item for item in description.items)


@pytest.mark.parametrize("view", ["preconditions", "transitions"])
def test_a_single_id_is_one_id_in_descriptions(view: str) -> None:
    model = load_model("nova")
    one = describe_view(model, view, states="active", actions="stop")
    assert one == describe_view(model, view, states=["active"], actions=["stop"])
    assert "only what concerns ACTIVE and" in one.summary


def test_descriptions_read_the_views() -> None:
    model = load_model("nova")
    chosen = select(model, states=["shelved"])
    described = describe_view(model, "preconditions", states=["shelved"])
    assert len(described.items) == len(variant_rows(model, chosen))
    trans, _ = transition_parts(model, chosen)
    froms = {item.split(":", 1)[0] for item in describe_view(model, "transitions", states=["shelved"]).items}
    assert len(froms) == len({t.source for t in trans})
    steps = sequence_view(model, "create").steps
    items = describe_view(model, "create-sequence").items
    assert [item.split(" ", 1)[0] for item in items] == [f"{s.number}." for s in steps]


def test_unknown_ids_in_a_description_are_named_all_at_once() -> None:
    with pytest.raises(RenderError, match=r"^unknown state 'actve' .*; unknown action 'stp' "):
        describe_view(load_model("nova"), "transitions", states=["actve"], actions=["stp"])
