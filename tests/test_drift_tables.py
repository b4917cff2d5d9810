"""Tests for transition-table drift (automaton, transitions, python-statemachine) and resolution."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import jsonschema
import pytest

from vmgraph.cli import main
from vmgraph.drift import check_drift
from vmgraph.drift.report import report_json, schema
from vmgraph.errors import ModelError, ModelWarning
from vmgraph.load.loader import load_model, model_path

DATA = Path(__file__).parent / "data"
TABLES = DATA / "tables"
IRONIC = model_path("ironic")  # the bundled model
AUTOMATON = TABLES / "automaton"
STATES_PY = AUTOMATON / "bmnode" / "common" / "states.py"


def drift(model_file: Path, source: Path) -> list[tuple[str, tuple[str, str, str] | None, str | None, int | None]]:
    report = check_drift(load_model(str(model_file)), [source], model_file=model_file)
    return [(f.kind, f.transition, f.file, f.line) for f in report.findings]


def without(tmp_path: Path, *drop: str) -> Path:
    """Return a copy of the bundled Ironic model without the result lines *drop*."""
    lines = IRONIC.read_text(encoding="utf-8").splitlines(keepends=True)
    for line in drop:
        lines.remove(line)
    copy = tmp_path / "ironic-less.yaml"
    copy.write_text("".join(lines), encoding="utf-8")
    return copy


def test_the_bundled_ironic_model_has_93_triples_and_matches_the_automaton_fixture() -> None:
    model = load_model(str(IRONIC))
    assert len([t for t in model.transitions() if t.source]) == 93
    assert STATES_PY.read_text(encoding="utf-8").count("machine.add_transition(") == 93
    assert drift(IRONIC, AUTOMATON) == []


def test_a_model_without_two_transitions_reports_exactly_those_two_triples(tmp_path: Path) -> None:
    less = without(tmp_path, "      - {from: error, to: deploying}\n", "      - {from: verifying, to: enroll}\n")
    with pytest.warns(ModelWarning, match="none of its results applies from it"):  # check sees the holes too
        found = drift(less, AUTOMATON)
    assert [(kind, triple) for kind, triple, _, _ in found] == [
        ("transition-missing-in-model", ("error", "rebuild", "deploying")),
        ("transition-missing-in-model", ("verifying", "fail", "enroll")),
    ]
    lines = STATES_PY.read_text(encoding="utf-8").splitlines()
    for _, triple, file, line in found:
        assert file == str(STATES_PY)
        assert triple is not None
        assert lines[(line or 0) - 1].endswith(f"'{triple[1]}')")


def test_a_code_without_a_transition_is_reported_at_the_model(tmp_path: Path) -> None:
    code = tmp_path / "src"
    shutil.copytree(AUTOMATON, code)
    states = code / "bmnode" / "common" / "states.py"
    text = states.read_text(encoding="utf-8")
    states.write_text(text.replace("machine.add_transition(DEPLOYFAIL, DEPLOYING, 'rebuild')\n", ""), encoding="utf-8")
    found = drift(IRONIC, code)
    assert [(kind, triple, file) for kind, triple, file, _ in found] == [
        ("transition-missing-in-code", ("deploy_failed", "rebuild", "deploying"), str(IRONIC))
    ]
    assert IRONIC.read_text(encoding="utf-8").splitlines()[(found[0][3] or 0) - 1].strip() == "- id: rebuild"


@pytest.mark.parametrize(("model", "source"), [("orders.yaml", "transitions"), ("tickets.yaml", "statemachine")])
def test_library_shapes_agree_triple_for_triple(model: str, source: str, tmp_path: Path) -> None:
    assert drift(DATA / model, TABLES / source) == []
    text = (DATA / model).read_text(encoding="utf-8")
    changed = tmp_path / model
    changed.write_text(
        text.replace("    accepts: [new, paid]\n", "    accepts: [new]\n").replace(
            "  - id: reopen\n    accepts: [done]\n", "  - id: reopen\n    accepts: [done, blocked]\n"
        ),
        encoding="utf-8",
    )
    found = drift(changed, TABLES / source)
    expected = {
        "orders.yaml": [("transition-missing-in-model", ("paid", "cancel", "cancelled"))],
        "tickets.yaml": [("transition-missing-in-code", ("blocked", "reopen", "open"))],
    }[model]
    assert [(kind, triple) for kind, triple, _, _ in found] == expected


def test_transitions_star_source_and_staying_put_expand_over_every_state() -> None:
    model = load_model(str(DATA / "orders.yaml"))
    report = check_drift(model, [TABLES / "transitions"], model_file=DATA / "orders.yaml")
    assert report.findings == ()
    assert len([t for t in model.transitions() if t.action == "note"]) == 6


def test_json_has_the_triple_and_follows_the_schema(tmp_path: Path) -> None:
    less = without(tmp_path, "      - {from: error, to: deploying}\n")
    with pytest.warns(ModelWarning, match="accepts state 'error' but none of its results applies from it"):
        model = load_model(str(less))
    report = check_drift(model, [AUTOMATON], model_file=less)
    data = json.loads(report_json(report))
    jsonschema.validate(data, schema())
    assert data["findings"][0]["transition"] == ["error", "rebuild", "deploying"]
    assert data["findings"][0]["kind"] == "transition-missing-in-model"


def test_cli_table_drift_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", str(IRONIC), "--source", str(AUTOMATON)]) == 0
    less = without(tmp_path, "      - {from: error, to: deploying}\n")
    assert main(["drift", str(less), "--source", str(AUTOMATON)]) == 1
    assert "transition-missing-in-model" in capsys.readouterr().out


def test_unknown_table_preset_is_a_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(IRONIC.read_text(encoding="utf-8").replace("table: automaton", "table: fsm"), encoding="utf-8")
    with pytest.raises(ModelError, match=r"unknown table preset 'fsm'.*valid presets: automaton, transitions"):
        load_model(str(bad))


def test_an_unresolved_table_argument_is_reported_by_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("machine.add_transition(start(), 'b', 'go')\n", encoding="utf-8")
    found = drift(IRONIC, tmp_path / "m.py")
    assert ("unresolved", None, str(tmp_path / "m.py"), 1) in found


# -- constant resolution in real code's shapes ---------------------------------------------------

SHAPES = {
    "base/__init__.py": "",
    "base/fields.py": """\
        from somewhere_else import fields

        Enum = fields.Enum

        class BaseEnum(Enum):
            pass

        class PowerState(BaseEnum):
            ON = 'on'
            ALL = (ON,)

        class Colour(BaseEnum):
            OFF = 'off'

        class Lifecycle(PowerState):
            SLEEPING = 'sleeping'
        """,
    "app/__init__.py": "",
    "app/kinds.py": """\
        import enum
        from enum import StrEnum

        class Mode(enum.Enum):
            UP = 'up'

        class Flavour(StrEnum):
            DOWN = 'down'
        """,
    "app/states.py": """\
        import base.fields as f
        from base import fields
        from . import kinds as k
        from .kinds import Flavour

        ON = f.PowerState.ON
        SLEEPING = fields.Lifecycle.SLEEPING
        UP = k.Mode.UP.value
        DOWN = Flavour.DOWN
        NAME = k.Mode.UP.name
        BOTH = [ON] + [SLEEPING]
        SOME = frozenset({UP}) | {DOWN}
        ALL = f.PowerState.ALL + (UP,)
        """,
}


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("states.ON", "on"),
        ("states.SLEEPING", "sleeping"),
        ("states.UP", "up"),
        ("states.DOWN", "down"),
        ("states.k.Mode.UP", "up"),
        ("states.NAME", "UP"),
        ("states.BOTH", ("on", "sleeping")),
        ("states.SOME", frozenset({"up", "down"})),
        ("states.ALL", ("on", "up")),
    ],
)
def test_constants_resolve_through_enum_like_classes_and_imports(
    tmp_path: Path, expression: str, value: object
) -> None:
    from vmgraph.drift.resolve import Resolver
    from vmgraph.drift.source import SourceIndex, find_sources

    for name, text in SHAPES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "app" / "use.py").write_text(f"from app import states\nX = {expression}\n", encoding="utf-8")
    index = SourceIndex(find_sources([tmp_path / "app"]))
    module = index.module("app.use")
    assert module is not None
    binding = module.scope.bindings["X"][0]
    assert binding.node is not None
    got = Resolver(index).evaluate(binding.node, module.scope)
    assert (tuple(got) if isinstance(got, tuple) else got) == value


def test_an_attribute_no_class_defines_is_unresolved_by_file_and_line(tmp_path: Path) -> None:
    from vmgraph.drift.resolve import Resolver, Unresolved
    from vmgraph.drift.source import SourceIndex, find_sources

    (tmp_path / "m.py").write_text("class C:\n    A = 'a'\n\nX = [\n    C.B]\n", encoding="utf-8")
    index = SourceIndex(find_sources([tmp_path / "m.py"]))
    module = index.module("m")
    assert module is not None
    node = module.scope.bindings["X"][0].node
    assert node is not None
    with pytest.raises(Unresolved, match=r"class 'C' .* define no 'B'") as err:
        Resolver(index).evaluate(node, module.scope)
    assert (err.value.path, err.value.line) == (tmp_path / "m.py", 5)
