"""The drift output docs/ci.rst shows in its CI recipes is what the commands print."""

from __future__ import annotations

import shlex
import textwrap
from pathlib import Path

import pytest

from vmgraph.cli import main

ROOT = Path(__file__).parent.parent
CI = ROOT / "docs" / "ci.rst"


def shown() -> list[tuple[str, str]]:
    """Return each ``$ vmgraph drift`` command of the CI recipes and the output shown after it."""
    text = CI.read_text(encoding="utf-8")
    recipes = text[text.index("\nCI recipes\n") : text.index("\nModel diff\n")]
    found = []
    for block in recipes.split(".. code-block:: text\n\n")[1:]:
        lines = []
        for line in block.splitlines():
            if line and not line.startswith("       "):
                break
            lines.append(line)
        body = textwrap.dedent("\n".join(lines)).strip("\n").splitlines()
        assert body[0].startswith("$ vmgraph drift ")
        found.append((body[0][2:], "\n".join(body[1:]) + "\n"))
    return found


def test_the_recipes_show_both_shapes() -> None:
    commands = [command for command, _ in shown()]
    assert len(commands) == 2
    assert "novacode" in commands[0]
    assert "automaton" in commands[1]


@pytest.mark.parametrize(("command", "output"), shown())
def test_the_shown_output_is_what_the_command_prints(
    command: str, output: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(shlex.split(command)[1:]) == 1
    assert capsys.readouterr().out == output
