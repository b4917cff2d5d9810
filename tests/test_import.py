"""Tests for ``vmgraph import``: round trips through check and drift, the CLI, determinism, goldens."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from vmgraph.cli import main
from vmgraph.drift import check_drift
from vmgraph.errors import ModelWarning
from vmgraph.load.code import PRESETS
from vmgraph.load.loader import load_model
from vmgraph.model import Model

DATA = Path(__file__).parent / "data"
TABLES = DATA / "tables"
NOVACODE = DATA / "novacode"
SCHEMA = Path(__file__).parent.parent / "vmgraph" / "schema" / "model.schema.json"

#: (golden name, source, extra arguments) of every shape.
SHAPES = [
    ("novacode", NOVACODE, ["--id", "nova"]),
    ("automaton", TABLES / "automaton", ["--table", "automaton", "--id", "bmnode"]),
    ("transitions", TABLES / "transitions", ["--table", "transitions", "--id", "orders"]),
    ("statemachine", TABLES / "statemachine", ["--table", "statemachine", "--id", "tickets"]),
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["import", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def imported(tmp_path: Path, source: Path, extra: list[str]) -> Path:
    target = tmp_path / "imported.yaml"
    assert main(["import", "--source", str(source), *extra, "-o", str(target)]) == 0
    return target


def load_warnings(path: Path) -> list[str]:
    return [str(w.message) for w in _load(path)[1]]


def quiet_load(path: Path) -> Model:
    """Load *path*, keeping the warnings of a model still to fill in from failing the test."""
    return _load(path)[0]


def _load(path: Path) -> tuple[Model, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = load_model(path)
    assert all(issubclass(w.category, ModelWarning) for w in caught)
    return model, caught


@pytest.mark.parametrize(("name", "source", "extra"), SHAPES, ids=[s[0] for s in SHAPES])
def test_import_round_trips_through_check_and_drift(
    name: str, source: Path, extra: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = imported(tmp_path, source, extra)
    found = load_warnings(target)  # raises ModelError on any error
    if name != "novacode":
        assert found == []  # a table says everything a model needs
    assert main(["check", str(target)]) == 0
    report = check_drift(quiet_load(target), [source], model_file=target)
    assert report.findings == ()
    assert report.not_modelled == ()
    assert main(["drift", str(target), "--source", str(source), "--strict"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(("name", "source", "extra"), SHAPES, ids=[s[0] for s in SHAPES])
def test_imported_yaml_matches_its_golden_and_the_schema(
    name: str,
    source: Path,
    extra: list[str],
    capsys: pytest.CaptureFixture[str],
    assert_golden: Callable[[str, str], None],
) -> None:
    code, out, err = run(capsys, "--source", str(source), *extra)
    assert (code, err) == (0, "")
    assert_golden(out, f"import/{name}.yaml")
    jsonschema.validate(yaml.safe_load(out), json.loads(SCHEMA.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("name", "source", "extra"), SHAPES, ids=[s[0] for s in SHAPES])
def test_import_is_deterministic(
    name: str, source: Path, extra: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = run(capsys, "--source", str(source), *extra)
    again = run(capsys, "--source", str(source), *extra)
    written = imported(tmp_path, source, extra).read_bytes()
    capsys.readouterr()
    assert first == again
    assert written == first[1].encode("utf-8")


def test_every_decorated_call_is_marked_and_check_names_each_place(tmp_path: Path) -> None:
    target = imported(tmp_path, NOVACODE, [])
    lines = target.read_text(encoding="utf-8").splitlines()
    found = [w for w in load_warnings(target) if ": to fill in: " in w]
    api = (NOVACODE / "nova" / "compute" / "api.py").read_text(encoding="utf-8")
    assert len(found) == api.count("@check_instance_state(") + 2  # each call, the error state, other states
    for warning in found:
        file, line, message = warning.split(":", 2)
        assert file == str(target)
        assert lines[int(line) - 1].strip() == f"#{message.replace(' to fill in:', ' FILL IN:', 1)}"
    assert f"{target}:" in found[0]
    reboot = next(w for w in found if "'soft_reboot'" in w)
    assert reboot.endswith(
        "to fill in: the results of 'soft_reboot': where it leads from each state it accepts"
        " ('unchanged' is a placeholder)"
    )
    after = lines[int(reboot.split(":")[1])]
    assert after.strip() == "results: unchanged"


def test_a_filled_in_place_is_no_longer_reported(tmp_path: Path) -> None:
    target = imported(tmp_path, NOVACODE, [])
    text = target.read_text(encoding="utf-8")
    marks = sum(line.lstrip().startswith("# FILL IN:") for line in text.splitlines())
    cut = text.replace("    # FILL IN: the results of 'pause'", "    # the results of 'pause'", 1)
    target.write_text(cut, encoding="utf-8")
    assert len([w for w in load_warnings(target) if "to fill in" in w]) == marks - 1


def test_code_values_become_ids_and_keep_their_value(tmp_path: Path) -> None:
    target = imported(tmp_path, NOVACODE, [])
    model = quiet_load(target)
    soft = next(s for s in model.states if s.value == "soft-delete")
    assert (soft.id, soft.label) == ("soft_delete", "soft-delete")
    tickets = load_model(imported(tmp_path, TABLES / "statemachine", ["--table", "statemachine"]))
    blocked = next(s for s in tickets.states if s.value == "on hold")
    assert (blocked.id, blocked.label) == ("on_hold", "on hold")
    reboot = next(a for a in model.actions if a.id == "soft_reboot")
    assert reboot.variants[0].code == ("_soft_reboot",)


def test_an_event_with_several_sources_gets_per_source_results(tmp_path: Path) -> None:
    model = load_model(imported(tmp_path, TABLES / "automaton", ["--table", "automaton"]))
    fail = next(a for a in model.actions if a.id == "fail").variants[0]
    assert {(r.source, r.to) for r in fail.results} >= {("deploying", "deploy_failed"), ("cleaning", "clean_failed")}
    assert all(r.source is not None for r in fail.results)
    assert [s.id for s in model.states if s.initial] == ["available", "enroll"]


def test_the_any_source_of_transitions_is_written_any(tmp_path: Path) -> None:
    text = imported(tmp_path, TABLES / "transitions", ["--table", "transitions"]).read_text(encoding="utf-8")
    assert "  - id: note  # orders/machine.py:14\n    accepts: any\n    results: unchanged\n" in text
    assert "code:\n  table: transitions\n" in text


def test_a_renamed_call_and_decorator_settings_are_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--source", str(TABLES / "automaton"), "--table", "automaton", "--call", "add_move")
    assert code == 1  # nothing calls add_move
    src = tmp_path / "guards.py"
    src.write_text(
        "@guard(states=['on', 'in-use'], tasks=None, launched=False)\ndef use(self):\n    pass\n", encoding="utf-8"
    )
    args = ["--decorator", "guard", "--states-keyword", "states", "--task-states-keyword", "tasks"]
    code, out, err = run(capsys, "--source", str(src), *args, "--launched-keyword", "launched")
    assert (code, err) == (0, "")
    assert "  decorator:\n    name: guard\n    states_keyword: states\n    task_states_keyword: tasks\n" in out
    assert '  - id: "on"\n    value: "on"\n' in out  # YAML would read a plain `on` as true
    assert '    accepts: ["on", in_use]\n    task_state: any\n    must_have_launched: false\n' in out
    target = tmp_path / "guards.yaml"
    target.write_text(out, encoding="utf-8")
    assert check_drift(quiet_load(target), [src], model_file=target).findings == ()


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--source", str(tmp_path / "missing"))
    assert (code, out) == (2, "")
    assert err == f"vmgraph import: error: --source {str(tmp_path / 'missing')!r}: no such file or directory\n"
    code, _, err = run(capsys, "--source", str(tmp_path))
    assert code == 2
    assert err == f"vmgraph import: error: no Python files under --source {str(tmp_path)!r}\n"
    code, _, err = run(capsys, "--source", str(NOVACODE), "--id", "Bad Id")
    assert code == 2
    assert "--id 'Bad Id' is not a model id" in err
    code, _, err = run(capsys, "--source", str(NOVACODE), "--call", "add")
    assert (code, err) == (2, "vmgraph import: error: --call needs --table\n")
    code, _, err = run(capsys, "--source", str(NOVACODE), "--table", "fsm")
    assert code == 2
    assert "invalid choice: 'fsm'" in err


def test_nothing_to_import_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.py").write_text("x = 1\n", encoding="utf-8")
    code, out, err = run(capsys, "--source", str(tmp_path))
    assert (code, out) == (1, "")
    assert err == f"vmgraph import: error: no function carries @check_instance_state under {str(tmp_path)!r}\n"
    code, out, err = run(capsys, "--source", str(tmp_path), "--table", "automaton")
    assert (code, out) == (1, "")
    assert err == "vmgraph import: error: no transition found in the sources (is it the right --table preset?)\n"


def test_an_event_that_is_not_a_python_name_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "m.py").write_text("m.add_transition('a', 'b', 'go on')\n", encoding="utf-8")
    code, out, err = run(capsys, "--source", str(tmp_path), "--table", "automaton")
    assert (code, out) == (1, "")
    assert err == (
        "vmgraph import: error: m.py:1: the event 'go on' is not a Python identifier, which a code name is\n"
    )


def test_unreadable_arguments_are_warned_and_marked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "api.py"
    src.write_text(
        "@check_instance_state(vm_state=['active'])\ndef a(self):\n    pass\n\n"
        "@check_instance_state(vm_state=compute())\ndef b(self):\n    pass\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--source", str(src))
    assert code == 0
    assert err.startswith("vmgraph import: warning: api.py:5: ")
    assert err.endswith(" (marked '# FILL IN:')\n")
    assert "    # FILL IN: the vm_state= values 'b' accepts: the code could not be read (" in out
    assert "# FILL IN: api.py:5: the code could not be read: " in out


def test_messages_name_the_decorator_keywords_not_nova_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "volume.py"
    src.write_text("@guard(status=compute())\ndef extend(self):\n    pass\n", encoding="utf-8")
    code, out, err = run(capsys, "--source", str(src), "--decorator", "guard", "--states-keyword", "status")
    assert (code, out) == (1, "")
    assert err == "vmgraph import: error: no @guard names a status= value: a model needs at least one state\n"
    assert "VM" not in err
    src.write_text(
        "@guard(status=['available'])\ndef attach(self):\n    pass\n\n"
        "@guard(status=compute())\ndef extend(self):\n    pass\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--source", str(src), "--decorator", "guard", "--states-keyword", "status")
    assert code == 0
    assert "# FILL IN: the status= values 'extend' accepts: the code could not be read (" in out
    assert "VM" not in out + err


def test_output_file_is_written_atomically_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "sub" / "model.yaml"
    code, out, err = run(capsys, "--source", str(TABLES / "statemachine"), "--table", "statemachine", "-o", str(target))
    assert (code, out, err) == (0, f"wrote {target}\n", "")
    assert [p.name for p in target.parent.iterdir()] == ["model.yaml"]


def test_the_table_choices_are_the_presets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert f"read a transition table of this shape ({', '.join(PRESETS)})" in text
