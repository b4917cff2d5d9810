"""The small faults issue 16 found in what the docs promise: oddity warnings once per page,
``check --strict``, one name for every sequence view and a stale hint that names its command."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from vmgraph.cli import main
from vmgraph.load.loader import load_model
from vmgraph.output.stale import check_outputs, render_command
from vmgraph.sphinxext.models import clear_cache
from vmgraph.views.names import resolve_views

#: A valid model with one oddity: state 'b' is a dead end and unreachable (two warnings).
ODD = (
    "vmgraph: 1\nid: odd\nstates:\n  - id: a\n    initial: true\n  - c\n  - b\nactions:\n"
    "  - {id: go, accepts: [a], results: [c]}\n  - {id: back, accepts: [c], results: [a]}\n"
)


def test_oddity_warnings_come_once_per_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clear_cache()
    (tmp_path / "odd.yaml").write_text(ODD, encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        'extensions = ["vmgraph.sphinxext"]\nvmgraph_models = {"odd": "odd.yaml"}\n', encoding="utf-8"
    )
    tables = "".join(f".. vmgraph-{kind}:: odd\n\n" for kind in ("states", "actions", "matrix", "states"))
    (tmp_path / "other.rst").write_text(f"Other\n=====\n\n{tables}", encoding="utf-8")
    (tmp_path / "index.rst").write_text(f"Odd\n===\n\n.. toctree::\n\n   other\n\n{tables}", encoding="utf-8")
    build_main(["-q", "-N", "-b", "dummy", str(tmp_path), str(tmp_path / "_build")])  # -N: no colour codes
    err = capsys.readouterr().err
    for page in ("index", "other"):
        lines = [line for line in err.splitlines() if line.startswith(f"{tmp_path / page}.rst:")]
        oddities = [line for line in lines if line.endswith("[vmgraph.oddity]")]
        assert len(oddities) == 2, err  # two oddities, once each, on each page: not once per directive


def test_check_strict_fails_on_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "odd.yaml"
    model.write_text(ODD, encoding="utf-8")
    assert main(["check", str(model)]) == 0
    capsys.readouterr()
    assert main(["check", "--strict", str(model)]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("vmgraph: warning: ") == 2
    assert captured.out == f"{model}: valid (3 states, 2 actions, 0 sequences), but 2 warnings (--strict)\n"
    assert main(["check", "--strict", "nova"]) == 0  # a model without warnings passes


def test_sequence_create_names_the_create_sequence() -> None:
    nova = load_model("nova")
    assert resolve_views(nova, ["sequence-create"]) == ("create-sequence",)
    assert resolve_views(nova, ["create-sequence", "sequence-create"]) == ("create-sequence",)


def test_render_accepts_sequence_create_and_keeps_the_file_name(tmp_path: Path) -> None:
    assert main(["render", "nova", "--view", "sequence-create", "--format", "dot", "-o", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["create-sequence.dot"]


def test_stale_hint_names_the_model_and_the_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "diagrams"
    assert main(["render", "nova-2014", "--format", "dot", "-o", str(out)]) == 0
    (out / "transitions.dot").unlink()
    (problem,) = check_outputs(load_model("nova-2014"), out, source="nova-2014")
    assert problem.reason == f"the model has this view; run `vmgraph render nova-2014 -o {out} --format dot`"
    capsys.readouterr()
    assert main(["check", "nova-2014", "--outputs", str(out)]) == 1
    assert f"run `vmgraph render nova-2014 -o {out} --format dot`" in capsys.readouterr().err


def test_render_command_quotes_what_the_shell_would_split() -> None:
    assert render_command("my models/v.yaml", Path("out dir"), "svg") == (
        "vmgraph render 'my models/v.yaml' -o 'out dir' --format svg"
    )
