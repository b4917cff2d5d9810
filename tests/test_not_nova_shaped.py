"""A lifecycle not shaped like Nova's (tests/data/ironic.yaml), through every view."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from vmgraph.cli import main
from vmgraph.emit.mermaid import has_mermaid, mermaid_view
from vmgraph.emit.views import build_view
from vmgraph.load.loader import load_model
from vmgraph.model import Model
from vmgraph.views.names import view_names

IRONIC = Path(__file__).parent / "data" / "ironic.yaml"


@pytest.fixture(scope="module")
def ironic() -> Model:
    return load_model(IRONIC)


def test_the_model_is_not_nova_shaped(ironic: Model) -> None:
    assert len(ironic.states) >= 24
    assert not any(s.terminal for s in ironic.states)  # no dead end on purpose
    assert {a.trigger for a in ironic.actions} == {"api", "system"}
    fail = ironic.action("fail")
    assert fail.trigger == "system"
    by_source = {t.source: t.target for t in ironic.transitions() if t.action == "fail"}
    assert by_source["deploying"] == "deploy_failed"  # the result depends on the state it fires from
    assert by_source["cleaning"] == "clean_failed"
    assert by_source["inspecting"] == "inspect_failed"
    assert ironic.state("rescue").id == ironic.action("rescue").id  # a state and an action share an id
    assert set(ironic.reachable()) == {s.id for s in ironic.states}


def test_every_view_renders_and_matches_its_golden(ironic: Model, assert_golden, dot_binary: str) -> None:
    names = view_names(ironic)
    assert names == ("preconditions", "transitions", "sequence-deploy")
    for name in names:
        source = build_view(ironic, name).source
        assert_golden(source, f"ironic/{name}.dot")
        proc = subprocess.run([dot_binary, "-Tsvg"], input=source, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == "", proc.stderr  # no warning from dot either
        assert "<svg" in proc.stdout
    preconditions = build_view(ironic, "preconditions").source
    assert "\tstate_rescue [label=rescue " in preconditions  # the state and the action, both drawn
    assert '\taction_rescue [label="rescue \N{RIGHTWARDS ARROW} rescuing' in preconditions


def test_every_view_has_its_mermaid_form(ironic: Model) -> None:
    for name in view_names(ironic):
        assert has_mermaid(ironic, name)
        text = mermaid_view(ironic, name)
        assert text.startswith(("flowchart", "stateDiagram-v2", "sequenceDiagram"))


def test_render_writes_every_view(tmp_path: Path, dot_binary: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(IRONIC), "--format", "dot", "svg", "mermaid", "-o", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(
        f"{view}.{ext}" for view in ("preconditions", "transitions", "sequence-deploy") for ext in ("dot", "svg", "mmd")
    )
    assert capsys.readouterr().err == ""
