"""Tests for the ``# FILL IN:`` comments ``vmgraph check`` reports as places still to fill in."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from vmgraph.cli import main
from vmgraph.load.fillin import fill_in_marks
from vmgraph.load.loader import load_model
from vmgraph.load.yamlsource import compose_text

MODEL = """\
vmgraph: 1
id: demo
description: |
  A block of text.
  # FILL IN: this is text, not a comment
states:
  # FILL IN: the other states
  - {id: a, initial: true}
  - {id: b, terminal: true}
actions:
  - id: go
    accepts: [a]
    #FILL IN:   where go leads   
    results: [b]
    label: "# FILL IN: also text"
# FILL IN:
"""


def test_only_whole_line_comments_are_places_to_fill_in() -> None:
    marks = fill_in_marks(MODEL, compose_text(MODEL))
    assert marks == [(7, "the other states"), (13, "where go leads"), (16, "(nothing said)")]


def test_a_comment_right_after_a_block_of_text_counts() -> None:
    text = "description: |\n  text\n# FILL IN: more\nid: x\n"
    assert fill_in_marks(text, compose_text(text)) == [(3, "more")]


def test_a_model_without_the_marker_is_not_scanned() -> None:
    assert fill_in_marks("id: x\n# fill in later\n") == []


def test_check_warns_with_file_line_and_what_to_fill_and_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "demo.yaml"
    model.write_text(MODEL, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_model(model)
    assert [str(w.message) for w in caught] == [
        f"{model}:7: to fill in: the other states",
        f"{model}:13: to fill in: where go leads",
        f"{model}:16: to fill in: (nothing said)",
    ]
    assert main(["check", str(model)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{model}: valid (2 states, 1 action, 0 sequences)\n"
    assert err.splitlines()[0] == f"vmgraph: warning: {model}:7: to fill in: the other states"
