"""End-to-end tests of the ``vmgraph`` command: ``main([...])`` with files and captured output."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from vmgraph import __version__
from vmgraph.cli import COMMANDS, build_parser, main

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
SVG_TEXT = "{http://www.w3.org/2000/svg}text"
DEFAULT_FILES = [
    "create-sequence.dot",
    "create-sequence.svg",
    "preconditions.dot",
    "preconditions.svg",
    "transitions.dot",
    "transitions.svg",
]


def listing(directory: Path) -> list[str]:
    """Return every entry under *directory* (hidden ones too), relative and sorted."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


def svg_texts(path: Path) -> set[str]:
    """Return the text of every <text> element of an SVG file."""
    return {el.text or "" for el in ET.parse(path).getroot().iter(SVG_TEXT)}


@pytest.fixture
def no_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide Graphviz: PATH is an empty directory."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("VMGRAPH_DOT", raising=False)


# -- render ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("dot_binary")
def test_render_writes_the_default_views_as_dot_and_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["render", "nova", "-o", str(out)]) == 0
    assert listing(out) == DEFAULT_FILES
    captured = capsys.readouterr()
    assert sorted(captured.out.splitlines()) == [str(out / name) for name in DEFAULT_FILES]
    assert captured.err == ""
    assert (out / "transitions.dot").read_text(encoding="utf-8").startswith("digraph")
    assert ET.parse(out / "transitions.svg").getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_render_views_and_formats_repeat_and_take_several(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repeated = tmp_path / "repeated"
    several = tmp_path / "several"
    argv = ["render", "nova", "--format", "dot", "--view", "transitions", "--view", "preconditions", "-o"]
    assert main([*argv, str(repeated)]) == 0
    assert (
        main(["render", "nova", "--view", "transitions", "preconditions", "--format", "dot", "-o", str(several)]) == 0
    )
    assert listing(repeated) == listing(several) == ["preconditions.dot", "transitions.dot"]
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("dot_binary")
def test_render_formats_repeat(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert (
        main(["render", "nova", "--view", "create-sequence", "--format", "dot", "--format", "svg", "-o", str(out)]) == 0
    )
    assert listing(out) == ["create-sequence.dot", "create-sequence.svg"]
    assert capsys.readouterr().out.splitlines() == [str(out / "create-sequence.dot"), str(out / "create-sequence.svg")]


def test_render_unknown_view_is_a_usage_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    existing = out / "preconditions.dot"
    existing.write_text("old\n", encoding="utf-8")
    assert main(["render", "nova", "--view", "preconditions", "transition", "--format", "dot", "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: vmgraph render ")
    assert captured.err.endswith(
        "\nvmgraph render: error: argument --view: model 'nova' has no view 'transition' (did you mean 'transitions'?)\n"
    )
    assert listing(out) == ["preconditions.dot"]
    assert existing.read_text(encoding="utf-8") == "old\n"


def test_render_unknown_focused_view_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "nova", "--view", "states/nope", "--format", "dot", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: vmgraph render ")
    assert "vmgraph render: error: argument --view: " in err
    assert not (tmp_path / "out").exists()


def test_format_names_are_case_insensitive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["render", "nova", "--view", "create-sequence", "--format", "DOT", "Mermaid", "-o", str(out)]) == 0
    assert listing(out) == ["create-sequence.dot", "create-sequence.mmd"]
    capsys.readouterr()
    assert main(["diff", "nova-2014", "nova", "--format", "JSON"]) == 0
    assert json.loads(capsys.readouterr().out)
    assert main(["render", "nova", "--format", "GIF"]) == 2
    assert "argument --format: invalid choice: 'gif'" in capsys.readouterr().err


@pytest.mark.usefixtures("no_dot")
def test_render_without_dot_writes_dot_files_and_one_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "transitions.svg").write_text("<svg>old</svg>", encoding="utf-8")
    assert main(["render", "nova", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("vmgraph: error: Graphviz `dot` was not found on PATH; install Graphviz")
    assert "apt-get install graphviz" in captured.err
    assert "Traceback" not in captured.err
    assert listing(out) == ["create-sequence.dot", "preconditions.dot", "transitions.dot", "transitions.svg"]
    assert (out / "transitions.svg").read_text(encoding="utf-8") == "<svg>old</svg>"
    assert sorted(captured.out.splitlines()) == [str(out / n) for n in listing(out) if n.endswith(".dot")]


@pytest.mark.usefixtures("dot_binary")
def test_render_replaces_files_whole_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "transitions.dot").write_text("old\n", encoding="utf-8")
    assert main(["render", "nova", "-o", str(out)]) == 0
    assert main(["render", "nova", "-o", str(out)]) == 0
    assert listing(out) == DEFAULT_FILES  # no .<name>.*.tmp left behind
    assert (out / "transitions.dot").read_text(encoding="utf-8").startswith("digraph")


def test_render_into_a_file_fails_and_leaves_it_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "taken"
    out.write_text("mine\n", encoding="utf-8")
    assert main(["render", "nova", "--format", "dot", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"vmgraph: error: cannot create the directory '{out}': File exists\n"
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert listing(tmp_path) == ["taken"]


def test_render_of_an_invalid_model_prints_its_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = BAD / "unknown_state_in_accepts.yaml"
    out = tmp_path / "out"
    assert main(["render", str(model), "-o", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"{model}:13: 'accepts' of action 'stop' names unknown state 'runing' (did you mean 'running'?)\n"
        "vmgraph: 1 problem found\n"
    )
    assert not out.exists()


@pytest.mark.usefixtures("dot_binary")
def test_render_hostile_labels_to_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["render", str(DATA / "hostile.yaml"), "--format", "svg", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert listing(out) == ["create-sequence.svg", "preconditions.svg", "transitions.svg"]
    texts = svg_texts(out / "preconditions.svg")
    for label in ('x"];evil', "<b>x</b>", "ends\\", "] -> { } ; \\N \\G \\l \\n", "Ünïcödé ✓ 日本語 \U0001f600"):
        assert label in texts, label
    for svg in out.iterdir():
        root = ET.parse(svg).getroot()
        assert not [el for el in root.iter() if el.tag.endswith(("}b", "}script"))], svg.name
    assert any('API <b>"x"</b> \\' in t for t in svg_texts(out / "create-sequence.svg"))


# -- check -----------------------------------------------------------------------------------------


def test_check_valid_models(capsys: pytest.CaptureFixture[str]) -> None:
    minimal = DATA / "minimal.yaml"
    assert main(["check", "nova", str(minimal)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(": valid (12 states, 39 actions, 1 sequence)")
    assert lines[1] == f"{minimal}: valid (3 states, 3 actions, 0 sequences)"
    assert captured.err == ""


def test_check_invalid_model_prints_every_problem_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "broken.yaml"
    model.write_text(
        "vmgraph: 1\nid: broken\nstates: [a, b]\nactions:\n  - id: go\n    accepts: [c]\n    results: [d]\n",
        encoding="utf-8",
    )
    assert main(["check", str(model), str(DATA / "minimal.yaml")]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{model}:6: 'accepts' of action 'go' names unknown state 'c' (known: 'a', 'b')",
        f"{model}:7: 'results' of action 'go' names unknown state 'd' (known: 'a', 'b')",
    ]
    assert captured.out == f"{DATA / 'minimal.yaml'}: valid (3 states, 3 actions, 0 sequences)\n"


@pytest.mark.parametrize("name", ["yaml_syntax.yaml", "alias_bomb.yaml", "empty.yaml", "top_level_list.yaml"])
def test_check_unreadable_files_give_one_line(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BAD / name)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"{BAD / name}:")
    assert "Traceback" not in err


def test_check_prints_warnings_but_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "odd.yaml"
    model.write_text(
        (
            "vmgraph: 1\nid: odd\nstates:\n  - id: a\n    initial: true\n  - c\n  - b\nactions:\n"
            "  - {id: go, accepts: [a], results: [c]}\n  - {id: back, accepts: [c], results: [a]}\n"
        ),
        encoding="utf-8",
    )
    assert main(["check", str(model)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"vmgraph: warning: {model}:7: state 'b' cannot be reached from creation (no action leads to it)",
        (
            f"vmgraph: warning: {model}:7: state 'b' is a dead end: no action leaves it "
            "(mark it 'terminal: true' if intended)"
        ),
    ]
    assert captured.out == f"{model}: valid (3 states, 2 actions, 0 sequences)\n"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--format", "gif"]) == 2
    assert "invalid choice: 'gif'" in capsys.readouterr().err
    assert main(["check"]) == 2
    assert "the following arguments are required: MODEL" in capsys.readouterr().err
    assert main([]) == 2
    assert capsys.readouterr().err.startswith("usage: vmgraph")


def test_help_is_argparse_help(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: vmgraph")
    assert out == build_parser().format_help()
    for name in COMMANDS:
        assert f"    {name}" in out
        assert main([name, "--help"]) == 0
        assert capsys.readouterr().out.startswith(f"usage: vmgraph {name}")


# -- show ------------------------------------------------------------------------------------------

STATE_KEYS = ["id", "label", "value", "initial", "terminal", "description"]
VM_STATE_KEYS = ["id", "label", "value", "initial", "terminal", "kind", "target", "error", "description"]
ACTION_KEYS = ["id", "label", "description", "trigger", "variants"]
VARIANT_KEYS = [
    "id", "label", "description", "accepts", "task_state", "must_have_launched", "results", "error", "code",
]  # fmt: skip
STEP_KEYS = ["caller", "callee", "call", "historic", "vm_state", "task_state", "power_state", "note", "after"]


def show_json(capsys: pytest.CaptureFixture[str], model: str) -> str:
    assert main(["show", "--json", model]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_show_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(show_json(capsys, "nova"))
    top = ["model", "title", "description", "states", "task_states", "power_states", "actions", "sequences"]
    assert list(data) == top
    assert data["model"] == "nova"
    assert {tuple(s) for s in data["states"]} == {tuple(VM_STATE_KEYS)}
    for kind in ("task_states", "power_states"):
        assert {tuple(s) for s in data[kind]} == {tuple(STATE_KEYS)}
    assert data["states"][0] == {
        "id": "building",
        "label": "BUILDING",
        "value": "building",
        "initial": True,
        "terminal": False,
        "kind": "stable",
        "target": None,
        "error": False,
        "description": "The VM exists only in the database; it has not been launched yet.",
    }
    (error,) = (s for s in data["states"] if s["id"] == "error")
    assert (error["kind"], error["target"], error["error"]) == ("failed", None, True)
    assert [s["value"] for s in data["power_states"]] == [0, 1, 3, 4, 6, 7]
    assert {tuple(a) for a in data["actions"]} == {tuple(ACTION_KEYS)}
    assert {tuple(v) for a in data["actions"] for v in a["variants"]} == {tuple(VARIANT_KEYS)}
    assert {tuple(r) for a in data["actions"] for v in a["variants"] for r in v["results"]} == {("from", "to", "when")}
    actions = {a["id"]: a for a in data["actions"]}
    (delete,) = actions["delete"]["variants"]
    assert delete["id"] is None
    assert delete["accepts"] == [
        "building", "active", "paused", "suspended", "stopped", "rescued", "resized",
        "soft_deleted", "error", "shelved", "shelved_offloaded",
    ]  # fmt: skip
    assert delete["task_state"] == {"kind": "any", "states": []}
    assert delete["results"] == [{"from": None, "to": "deleted", "when": None}]
    assert delete["error"] == "error"
    soft, hard = actions["reboot"]["variants"]
    assert (soft["id"], hard["id"]) == ("soft", "hard")
    assert hard["task_state"]["kind"] == "list"
    assert hard["task_state"]["states"][:2] == [None, "rebooting"]
    assert actions["rebuild"]["variants"][0]["results"][1] == {"from": "stopped", "to": "stopped", "when": None}
    assert actions["revert_resize"]["variants"][0]["results"][1] == {
        "from": None, "to": "stopped", "when": "the instance was stopped before the resize",
    }  # fmt: skip
    assert actions["offload_shelved"]["trigger"] == "system"
    (create,) = data["sequences"]
    assert list(create) == ["id", "label", "description", "participants", "steps"]
    assert {tuple(s) for s in create["steps"]} == {tuple(STEP_KEYS)}
    assert create["steps"][1]["after"] == {"vm_state": "building", "task_state": None, "power_state": "pending"}


def test_show_json_is_stable(capsys: pytest.CaptureFixture[str]) -> None:
    first = show_json(capsys, "nova")
    assert show_json(capsys, "nova") == first
    assert first.endswith("}\n")


def test_show_text_lists_states_and_actions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(DATA / "minimal.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Minimal example (minimal)\n")
    assert "state STOPPED [initial]\n" in out
    assert "snapshot: RUNNING -> unchanged; on failure ERROR\n" in out


def test_python_m_vmgraph_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "vmgraph", "--version"], capture_output=True, text=True, check=False, timeout=60
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"vmgraph {__version__}\n", "")
