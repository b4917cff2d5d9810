"""An invalid id is reported once, at its root, with why and how to keep the text as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from vmgraph.errors import ModelError
from vmgraph.load.loader import load_model

VOLUME = """\
vmgraph: 1
id: volume
defaults: {error: null, must_have_launched: false}
states:
  - {id: available, initial: true}
  - {id: in-use}
  - {id: error}
actions:
  - id: attach
    accepts: [available]
    results: [in-use]
    error: error
  - id: detach
    accepts: [in-use]
    results: [available]
  - id: extend
    accepts: [available, in-use]
    results:
      - {from: in-use, to: in-use}
      - {from: available, to: unchanged}
    error: error
sequences:
  - id: attach
    participants: [{id: user}, {id: cinder}]
    steps:
      - {caller: user, callee: cinder, call: attach, state: in-use}
"""

HINT = "use lower-case letters, digits and '_', starting with a letter, at most 64 characters"


def problems(path: Path) -> list[str]:
    with pytest.raises(ModelError) as info:
        load_model(path)
    return [str(p) for p in info.value.problems]


def test_an_invalid_state_id_is_reported_once_with_why_and_how(tmp_path: Path) -> None:
    path = tmp_path / "volume.yaml"
    path.write_text(VOLUME, encoding="utf-8")
    assert problems(path) == [
        (
            f"{path}:6: state #2 has invalid id 'in-use': {HINT} (did you mean 'in_use'?); ids must be safe in DOT, "
            "Mermaid, anchors and file names: to keep 'in-use' as the value and label, "
            "write 'id: in_use, value: in-use, label: in-use'"
        )
    ]


def test_a_bare_invalid_state_id_is_reported_once_too(tmp_path: Path) -> None:
    path = tmp_path / "volume.yaml"
    path.write_text(VOLUME.replace("  - {id: in-use}\n", "  - in-use\n"), encoding="utf-8")
    assert len(problems(path)) == 1


def test_an_invalid_action_id_keeps_its_label(tmp_path: Path) -> None:
    path = tmp_path / "volume.yaml"
    text = VOLUME.replace("in-use", "in_use").replace("  - id: detach\n", "  - id: Detach-All\n")
    path.write_text(text, encoding="utf-8")
    assert problems(path) == [
        (
            f"{path}:13: action #2 has invalid id 'Detach-All': {HINT} (did you mean 'detach_all'?); ids must be safe "
            "in DOT, Mermaid, anchors and file names: to keep 'Detach-All' as the label, "
            "write 'id: detach_all, label: Detach-All'"
        )
    ]


def test_other_unknown_states_are_still_reported(tmp_path: Path) -> None:
    path = tmp_path / "volume.yaml"
    path.write_text(VOLUME.replace("results: [available]", "results: [avilable]"), encoding="utf-8")
    found = problems(path)
    assert len(found) == 2
    assert "names unknown state 'avilable' (did you mean 'available'?)" in found[1]
