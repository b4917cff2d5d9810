"""The behaviour behind the numbers of bench/run.py (issue 5); speed itself is measured there.

What keeps a large model renderable (the switch to focused views), what keeps a render from
hanging (the time limit) and the seeded generator the benchmark runs on.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import needs
import pytest

from vmgraph.cli import main

BENCH = Path(__file__).parent.parent / "bench"
FAKE_DOT = Path(__file__).parent / "fake_dot.py"


@pytest.fixture
def generate() -> object:
    sys.path.insert(0, str(BENCH))
    try:
        import generate as module
    finally:
        sys.path.remove(str(BENCH))
    return module.generate_model


# -- a large model: focused views instead of the whole-model graphs ---------------------------------------


def test_large_model_switches_to_focused_views_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["render", "nova", "--max-states", "5", "--format", "dot", "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 0
    assert "vmgraph: note: model 'nova' has 12 states and 72 edges" in err
    assert "--max-states 5" in err
    assert not (tmp_path / "transitions.dot").exists()
    assert not (tmp_path / "preconditions.dot").exists()
    assert (tmp_path / "overview.dot").exists()
    assert (tmp_path / "states" / "active.dot").exists()
    assert (tmp_path / "actions" / "reboot.dot").exists()
    assert (tmp_path / "create-sequence.dot").exists()  # sequences stay


def test_small_model_and_explicit_views_are_not_switched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "nova", "--format", "dot", "-o", str(tmp_path / "a")]) == 0
    assert (
        main(
            [
                "render",
                "nova",
                "--max-edges",
                "10",
                "--view",
                "transitions",
                "--format",
                "dot",
                "-o",
                str(tmp_path / "b"),
            ]
        )
        == 0
    )
    assert "note:" not in capsys.readouterr().err
    assert (tmp_path / "a" / "transitions.dot").exists()
    assert (tmp_path / "b" / "transitions.dot").exists()


@pytest.mark.parametrize("option", ["--timeout", "--max-states", "--max-edges"])
def test_limits_must_be_positive(option: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "nova", option, "0"]) == 2
    assert f"argument {option}: expected" in capsys.readouterr().err


# -- a failing or slow view does not stop the others -------------------------------------------------------


@pytest.fixture
def fake_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "bin" / "dot"
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_DOT}" "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("VMGRAPH_DOT", raising=False)
    monkeypatch.setenv("FAKE_DOT_PIDS", str(tmp_path / "pids"))
    return script


def test_failing_view_is_named_others_are_written_exit_1(
    fake_dot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FAKE_DOT_FAILS", "nova_transitions")
    out = tmp_path / "out"
    assert main(["render", "nova", "--format", "svg", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "vmgraph: error: view 'transitions': `dot -Tsvg` failed: Error: <stdin>: trouble in graph" in err
    assert sorted(p.name for p in out.iterdir()) == ["create-sequence.svg", "preconditions.svg"]


def test_time_limit_kills_dot_and_names_the_view(
    fake_dot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FAKE_DOT_SLOW", "nova_preconditions")
    out = tmp_path / "out"
    assert main(["render", "nova", "--format", "svg", "--timeout", "8", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "view 'preconditions': `dot` took longer than 8 s and was stopped" in err
    assert sorted(p.name for p in out.iterdir()) == ["create-sequence.svg", "transitions.svg"]
    for pid in map(int, (tmp_path / "pids").read_text(encoding="utf-8").split()):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


# -- the generator --------------------------------------------------------------------------------------------


def test_generator_same_seed_same_bytes(generate: object, tmp_path: Path) -> None:
    make = generate  # the function bench/generate.py exports
    first = make(states=50, actions=200, seed=7)  # type: ignore[operator]
    assert first == make(states=50, actions=200, seed=7)  # type: ignore[operator]
    assert first != make(states=50, actions=200, seed=8)  # type: ignore[operator]
    out = tmp_path / "m.yaml"
    cli = [
        sys.executable,
        str(BENCH / "generate.py"),
        "--states",
        "50",
        "--actions",
        "200",
        "--seed",
        "7",
        "-o",
        str(out),
    ]
    subprocess.run(cli, check=True)
    assert out.read_text(encoding="utf-8") == first


def test_generated_models_load_without_warnings(generate: object, tmp_path: Path) -> None:
    from vmgraph.load.loader import load_model

    for states, actions in ((4, 3), (20, 100), (300, 200)):
        path = tmp_path / f"m{states}.yaml"
        path.write_text(generate(states=states, actions=actions, seed=1), encoding="utf-8")  # type: ignore[operator]
        model = load_model(path)  # warnings are errors in this suite
        assert (len(model.states), len(model.actions)) == (states, actions)
        assert model.sequences[0].steps


def test_generator_refuses_tiny_models(generate: object) -> None:
    with pytest.raises(ValueError, match="at least 4 states and 3 actions"):
        generate(states=3, actions=10)  # type: ignore[operator]


def test_render_floor_takes_target_1_apart() -> None:
    """bench/render_floor.py: each part of the render against the limit, and the dataclasses it makes."""
    needs.dot()
    proc = subprocess.run(
        [sys.executable, str(BENCH / "render_floor.py"), "--rounds", "1"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("limit of target 1: 2 x baseline = ")
    parts = [line.split("  ")[1].strip() for line in lines[1:]]
    assert parts == [
        "baseline",
        "render",
        "render, DOT only",
        "python + required imports",
        "python",
        "dataclasses made by render",
    ]
    made = lines[-1].rsplit("(", 1)[1]
    assert int(made.split()[0]) > 10, made  # the model, the views, the plan and the `dot` runner
