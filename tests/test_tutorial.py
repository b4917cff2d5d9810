"""The tutorial (docs/tutorial.rst) works: its commands, in its order, on the files it includes."""

from __future__ import annotations

import importlib.util
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
import yaml

DOCS = Path(__file__).parents[1] / "docs"
TUTORIAL = DOCS / "tutorial"
PAGE = DOCS / "tutorial.rst"

#: A ``run-command`` directive: its options, then its indented command lines.
RUN = re.compile(r"^\.\. run-command::\n((?:   :.*\n)*)\n((?:   .*\n|\n)+?)(?=\S|\Z)", re.MULTILINE)
#: A file the page includes: ``literalinclude``, ``include`` and ``:diff:`` paths under tutorial/.
INCLUDED = re.compile(r"^(?:\.\. (?:literal)?include::|   :diff:) tutorial/(\S+)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Step:
    """One ``run-command`` block: command lines and the exit status of the last one."""

    commands: tuple[str, ...]
    returncode: int


def _runcommand() -> ModuleType:
    """Import docs/_ext/runcommand.py, which the docs build uses to run the same commands."""
    spec = importlib.util.spec_from_file_location("runcommand", DOCS / "_ext" / "runcommand.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def steps() -> list[Step]:
    """Return the tutorial's commands in page order."""
    text = PAGE.read_text(encoding="utf-8")
    found = []
    for match in RUN.finditer(text):
        options = dict(re.findall(r"   :([\w-]+):(?: (.*))?\n", match[1]))
        assert options.get("cwd") == "tutorial", match[0]
        commands = tuple(line.strip() for line in match[2].splitlines() if line.strip())
        found.append(Step(commands, int(options.get("returncode") or 0)))
    return found


def test_the_page_has_the_steps_the_tutorial_promises() -> None:
    commands = [c for step in steps() for c in step.commands]
    assert commands == [
        "vmgraph schema > model.schema.json",
        "vmgraph check draft/volume.yaml",
        "vmgraph check --strict volume.yaml",
        "vmgraph render volume.yaml --format svg -o diagrams",
        "python -m sphinx -W -n -q -b html site site/_build/html",
        "sh ci.sh",
    ]


def test_every_tutorial_file_is_shown_on_the_page() -> None:
    included = set(INCLUDED.findall(PAGE.read_text(encoding="utf-8")))
    files = {p.relative_to(TUTORIAL).as_posix() for p in TUTORIAL.rglob("*") if p.is_file()}
    files -= {f for f in files if "_build" in f or "__pycache__" in f}
    assert included == files


@pytest.mark.usefixtures("dot_binary")
def test_the_tutorial_runs_end_to_end(tmp_path: Path) -> None:
    run = _runcommand().run
    work = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, work, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    for step in steps():
        for number, command in enumerate(step.commands, 1):
            done = run(command, work)
            expected = step.returncode if number == len(step.commands) else 0
            assert done.returncode == expected, (command, done.stdout)
            if command.startswith("vmgraph check draft"):
                assert "'detach' names unknown state 'avaliable' (did you mean 'available'?)" in done.stdout
    schema = (work / "model.schema.json").read_text(encoding="utf-8")
    assert schema.startswith("{")
    assert sorted(p.name for p in (work / "diagrams").iterdir()) == ["preconditions.svg", "transitions.svg"]
    page = (work / "site" / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert page.count("<svg ") == 2
    assert 'href="#vmgraph-volume-state-available"' in page


def test_the_workflow_runs_the_script_the_tutorial_ran() -> None:
    """Hosted CI's ``uses:`` steps and the install cannot run offline; its one check is ``sh ci.sh``."""
    workflow = yaml.safe_load((TUTORIAL / "lifecycle.yml").read_text(encoding="utf-8"))
    runs = [step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    checks = [command for command in runs if "install" not in command]
    assert checks == ["sh ci.sh"]
    assert "sh ci.sh" in [c for step in steps() for c in step.commands]
