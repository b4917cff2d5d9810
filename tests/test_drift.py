"""Tests for ``vmgraph drift``: each decorator shape, the reports, and nothing executed."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from vmgraph.cli import main
from vmgraph.drift import KINDS, check_drift
from vmgraph.drift.findings import DriftReport
from vmgraph.drift.report import report_json, report_text, schema
from vmgraph.load.loader import load_model, model_path

DATA = Path(__file__).parent / "data"
NOVACODE = DATA / "novacode"
NOVA_API = NOVACODE / "nova" / "compute" / "api.py"
FAKENOVA = DATA / "fakenova"

#: A small package every shape test starts from; ``api.py`` is the test's own.
PACKAGE = {
    "pkg/__init__.py": "raise RuntimeError('pkg must only be parsed')\n",
    "pkg/vm_states.py": """\
        ACTIVE = 'active'
        BUILDING = 'building'
        PAUSED = 'paused'
        STOPPED = 'stopped'
        SOFT_DELETED = 'soft-delete'
        ERROR = 'error'
        DELETED = 'deleted'
        RUNNING = [ACTIVE]
        ALLOW = RUNNING + [STOPPED]
        """,
    "pkg/task_states.py": "REBOOTING = 'rebooting'\nALLOW_REBOOT = [None, REBOOTING]\n",
    "pkg/deco.py": "def check_instance_state(vm_state=None, task_state=(None,), must_have_launched=True):\n    pass\n",
}

#: A model whose action ``act`` (code ``act``) is set by each test.
MODEL = """\
vmgraph: 1
id: tiny
states:
  - {{id: building, initial: true}}
  - active
  - paused
  - stopped
  - {{id: soft_deleted, value: soft-delete}}
  - error
  - {{id: deleted, terminal: true}}
task_states: [rebooting]
actions:
  - {{id: create, accepts: [], task_state: any, must_have_launched: false, results: [building, active]}}
  - {{id: spread, code: [], accepts: [active], results: [paused, stopped, soft_deleted, error]}}
  - {{id: finish, code: [], accepts: any, task_state: any, must_have_launched: false, results: [deleted]}}
  - id: act
{act}
"""

HEADER = """\
from pkg import task_states, vm_states
from pkg.deco import check_instance_state
"""

Run = Callable[..., DriftReport]


@pytest.fixture
def run_drift(tmp_path: Path) -> Run:
    """Write PACKAGE plus ``pkg/api.py`` and a model, and return the drift report."""

    def run(
        api: str, act: str = "accepts: [active]\nresults: unchanged", files: dict[str, str] | None = None
    ) -> DriftReport:
        for name, text in {**PACKAGE, "pkg/api.py": HEADER + textwrap.dedent(api), **(files or {})}.items():
            path = tmp_path / "src" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        model_file = tmp_path / "model.yaml"
        model_file.write_text(MODEL.format(act=textwrap.indent(act, "    ")), encoding="utf-8")
        return check_drift(load_model(model_file), [tmp_path / "src"], model_file=model_file)

    return run


def summary(report: DriftReport) -> list[tuple[str, str | None, tuple[str, ...], str]]:
    """Return each finding as (kind, variant, states, 'file-name:line')."""
    return [(f.kind, f.variant, f.states, f"{Path(f.file or '-').name}:{f.line}") for f in report.findings]


# -- shapes that must be read correctly: the model agrees, so nothing is reported ------------

AGREEING = {
    "keyword": ("@check_instance_state(vm_state=[vm_states.ACTIVE])", "accepts: [active]"),
    "positional": ("@check_instance_state([vm_states.ACTIVE], [None], True)", "accepts: [active]"),
    "mixed": (
        "@check_instance_state([vm_states.ACTIVE], must_have_launched=False)",
        "accepts: [active]\nmust_have_launched: false",
    ),
    "module constant": ("@check_instance_state(vm_state=vm_states.RUNNING)", "accepts: [active]"),
    "concatenated in other module": ("@check_instance_state(vm_state=vm_states.ALLOW)", "accepts: [active, stopped]"),
    "concatenated here": (
        "@check_instance_state(vm_state=vm_states.RUNNING + [vm_states.PAUSED])",
        "accepts: [active, paused]",
    ),
    "tuple": ("@check_instance_state(vm_state=(vm_states.ACTIVE, vm_states.STOPPED))", "accepts: [active, stopped]"),
    "set call": ("@check_instance_state(vm_state=set(vm_states.ALLOW))", "accepts: [active, stopped]"),
    "set literal union": (
        "@check_instance_state(vm_state={vm_states.ACTIVE} | {'paused'})",
        "accepts: [active, paused]",
    ),
    "starred": (
        "@check_instance_state(vm_state=[*vm_states.ALLOW, vm_states.ERROR])",
        "accepts: [active, stopped, error]",
    ),
    "code value": ("@check_instance_state(vm_state=['soft-delete'])", "accepts: [soft_deleted]"),
    "code value by constant": ("@check_instance_state(vm_state=[vm_states.SOFT_DELETED])", "accepts: [soft_deleted]"),
    "any, launched": ("@check_instance_state(vm_state=None)", "accepts: any"),
    "any, not launched": (
        "@check_instance_state(None, None, False)",
        "accepts: any\ntask_state: any\nmust_have_launched: false",
    ),
    "task list": (
        "@check_instance_state(vm_state=[vm_states.ACTIVE], task_state=task_states.ALLOW_REBOOT)",
        "accepts: [active]\ntask_state: [none, rebooting]",
    ),
    "attribute decorator": ("@pkg.deco.check_instance_state(vm_state=[vm_states.ACTIVE])", "accepts: [active]"),
}


@pytest.mark.parametrize(("decorator", "act"), AGREEING.values(), ids=AGREEING.keys())
def test_shape_is_read(run_drift: Run, decorator: str, act: str) -> None:
    api = f"import pkg.deco\n\n{decorator}\ndef act(context, instance):\n    pass\n"
    assert summary(run_drift(api, act + "\nresults: unchanged")) == []


@pytest.mark.parametrize(
    "api",
    [
        "def lock(f):\n    return f\n\n@lock\n@check_instance_state(vm_state=[vm_states.ACTIVE])\n@lock\ndef act(c, i):\n    pass\n",
        "def lock(f):\n    return f\n\n@check_instance_state(vm_state=[vm_states.ACTIVE])\n@lock\n@lock\ndef act(c, i):\n    pass\n",
        "def lock(f):\n    return f\n\n@lock\n@lock\n@check_instance_state(vm_state=[vm_states.ACTIVE])\ndef act(c, i):\n    pass\n",
    ],
    ids=["middle", "first", "last"],
)
def test_stacked_decorators_in_any_order(run_drift: Run, api: str) -> None:
    report = run_drift(api, "accepts: [active, paused]\nresults: unchanged")
    line = HEADER.count("\n") + api.splitlines().index("@check_instance_state(vm_state=[vm_states.ACTIVE])") + 1
    assert summary(report) == [("state-missing-in-code", None, ("paused",), f"api.py:{line}")]


def test_nested_functions_and_enclosing_locals(run_drift: Run) -> None:
    api = """\
    def build():
        allowed = [vm_states.PAUSED]

        class Inner:
            @check_instance_state(vm_state=allowed)
            def act(self, c, i):
                pass

        return Inner
    """
    report = run_drift(api, "accepts: [paused]\nresults: unchanged")
    assert summary(report) == []
    report = run_drift(api)
    assert summary(report) == [
        ("state-missing-in-model", None, ("paused",), "api.py:7"),
        ("state-missing-in-code", None, ("active",), "api.py:7"),
    ]
    assert report.findings[0].message == "'build.<locals>.Inner.act' accepts paused but the model omits it"


def test_class_level_constant(run_drift: Run) -> None:
    api = "class API:\n    OK = (vm_states.ACTIVE,)\n\n    @check_instance_state(vm_state=OK)\n    def act(self, c, i):\n        pass\n"
    assert summary(run_drift(api)) == []


def test_relative_and_star_imports(run_drift: Run) -> None:
    api = "from .vm_states import *\nfrom . import vm_states as vs\n\n@check_instance_state(vm_state=[ACTIVE, vs.STOPPED])\ndef act(c, i):\n    pass\n"
    assert summary(run_drift(api, "accepts: [active, stopped]\nresults: unchanged")) == []


def test_private_helpers_compared_as_union(run_drift: Run) -> None:
    api = """\
    def act(c, i, hard):
        return _hard(c, i) if hard else _soft(c, i)

    @check_instance_state(vm_state=[vm_states.ACTIVE])
    def _soft(c, i):
        pass

    @check_instance_state(vm_state=vm_states.ALLOW + [vm_states.ERROR], task_state=task_states.ALLOW_REBOOT)
    def _hard(c, i):
        pass
    """
    one_box = "code: [_soft, _hard]\naccepts: [active, stopped, error]\nresults: [active]"
    assert summary(run_drift(api, one_box)) == []
    missing = "code: [_soft, _hard]\naccepts: [active]\nresults: [active]"
    assert summary(run_drift(api, missing)) == [("state-missing-in-model", None, ("stopped", "error"), "api.py:10")]
    variants = """\
    code: []
    results: [active]
    variants:
      - {id: soft, code: [_soft], accepts: [active]}
      - {id: hard, code: [_hard], accepts: [active, stopped], task_state: [none, rebooting]}
    """
    assert summary(run_drift(api, textwrap.dedent(variants))) == [
        ("state-missing-in-model", "hard", ("error",), "api.py:10"),
    ]


# -- requirement differences ---------------------------------------------------------------


def test_any_state_expands_without_terminal_and_initial(run_drift: Run) -> None:
    api = "@check_instance_state(vm_state=None)\ndef act(c, i):\n    pass\n"
    report = run_drift(api)
    missing = ("paused", "stopped", "soft_deleted", "error")  # not building (not launched), not deleted
    assert summary(report) == [("state-missing-in-model", None, missing, "api.py:3")]
    api = "@check_instance_state(vm_state=None, must_have_launched=False)\ndef act(c, i):\n    pass\n"
    report = run_drift(api, "accepts: [active]\nmust_have_launched: false\nresults: unchanged")
    assert summary(report)[0][2] == ("building", *missing)


def test_task_state_differences(run_drift: Run) -> None:
    omitted = "@check_instance_state(vm_state=[vm_states.ACTIVE])\ndef act(c, i):\n    pass\n"
    report = run_drift(omitted, "accepts: [active]\ntask_state: any\nresults: unchanged")
    assert summary(report) == [("task-state", None, (), "api.py:3")]
    finding = report.findings[0]
    assert (finding.code, finding.model) == ((None,), "any")
    assert finding.message == "'act' requires that no task is running but the model says it accepts any task state"
    explicit_none = "@check_instance_state(vm_state=[vm_states.ACTIVE], task_state=None)\ndef act(c, i):\n    pass\n"
    report = run_drift(explicit_none)
    assert [(f.kind, f.code, f.model) for f in report.findings] == [("task-state", "any", (None,))]
    unknown = (
        "@check_instance_state(vm_state=[vm_states.ACTIVE], task_state=[None, 'migrating'])\ndef act(c, i):\n    pass\n"
    )
    report = run_drift(unknown)
    assert [(f.kind, f.code) for f in report.findings] == [("task-state", (None, "migrating"))]


def test_launched_difference(run_drift: Run) -> None:
    api = "@check_instance_state([vm_states.ACTIVE], [None], False)\ndef act(c, i):\n    pass\n"
    report = run_drift(api)
    assert summary(report) == [("launched", None, (), "api.py:3")]
    assert report.findings[0].message == (
        "'act' does not need a launched instance (must_have_launched=False) but the model says it does"
    )


def test_value_no_state_has(run_drift: Run) -> None:
    api = "@check_instance_state(vm_state=['active', 'migrating'])\ndef act(c, i):\n    pass\n"
    report = run_drift(api)
    assert summary(report) == [("state-missing-in-model", None, ("migrating",), "api.py:3")]
    assert "'migrating' (no state of the model has this value)" in report.findings[0].message


# -- what cannot be read is reported with file and line, never guessed -----------------------

UNRESOLVED = {
    "function call": ("_states()", "call of _states() cannot be evaluated without running the code", 6),
    "bound twice": ("TWICE", "'TWICE' is bound 2 times in module 'pkg.api' (lines 4, 5)", 6),
    "unknown module": ("oslo_states.ACTIVE", "module 'oslo_states' is not among the sources", 6),
    "undefined name": ("[MISSING]", "name 'MISSING' is not defined in the sources", 6),
    "single string": ("vm_states.ACTIVE", "vm_state is the single string 'active', not a list of states", 6),
    "subscript": ("vm_states.ALLOW[0:1]", "'vm_states.ALLOW[0:1]' is not a constant vmgraph can evaluate", 6),
    "list plus tuple": ("vm_states.ALLOW + (vm_states.ERROR,)", "adds a list and a tuple, which Python refuses", 6),
    "missing attribute": ("vm_states.NOPE", "module 'pkg.vm_states' (", 6),
}


@pytest.mark.parametrize(("expr", "message", "line"), UNRESOLVED.values(), ids=UNRESOLVED.keys())
def test_unresolvable_states_are_reported_with_location(run_drift: Run, expr: str, message: str, line: int) -> None:
    api = f"import oslo_states\nTWICE = [1]\nTWICE = [2]\n@check_instance_state(vm_state={expr})\ndef act(c, i):\n    pass\n"
    report = run_drift(api)
    assert [(f.kind, Path(f.file or "").name, f.line) for f in report.findings] == [("unresolved", "api.py", line)]
    assert message in report.findings[0].message
    assert report.findings[0].message.startswith("cannot read the VM states of @check_instance_state on 'act': ")


def test_unresolvable_constant_in_other_module_names_both_places(run_drift: Run, tmp_path: Path) -> None:
    files = {"pkg/vm_states.py": PACKAGE["pkg/vm_states.py"] + "COMPUTED = sorted(ALLOW)\n"}
    api = "@check_instance_state(vm_state=vm_states.COMPUTED)\ndef act(c, i):\n    pass\n"
    (finding,) = run_drift(api, files=files).findings
    assert (finding.kind, Path(finding.file or "").name, finding.line) == ("unresolved", "vm_states.py", 10)
    assert finding.message == (
        "cannot read the VM states of @check_instance_state on 'act': call of sorted() cannot be evaluated "
        f"without running the code (decorator at {tmp_path / 'src' / 'pkg' / 'api.py'}:3)"
    )


def test_bad_calls_are_reported(run_drift: Run) -> None:
    bare = run_drift("@check_instance_state\ndef act(c, i):\n    pass\n")
    assert [(f.kind, f.line) for f in bare.findings] == [("unresolved", 3)]
    assert "used without arguments" in bare.findings[0].message
    extra = run_drift("@check_instance_state(vm_state=None, colour='red')\ndef act(c, i):\n    pass\n")
    assert "has no argument 'colour'" in extra.findings[0].message
    launched = run_drift("@check_instance_state(None, None, 1)\ndef act(c, i):\n    pass\n")
    assert [f.kind for f in launched.findings] == ["unresolved", "task-state"]  # states need the flag
    assert "must_have_launched is 1, not True or False" in launched.findings[0].message


def test_differently_decorated_duplicates_are_reported(run_drift: Run) -> None:
    api = """\
    class A:
        @check_instance_state(vm_state=[vm_states.ACTIVE])
        def act(self, c, i):
            pass

    class B:
        @check_instance_state(vm_state=[vm_states.PAUSED])
        def act(self, c, i):
            pass
    """
    kinds = [(f.kind, f.line) for f in run_drift(api).findings]
    assert kinds == [("unresolved", 4)]  # and no comparison with either of them
    assert (
        "'act' carries @check_instance_state with different arguments in 2 places" in run_drift(api).findings[0].message
    )


def test_syntax_error_is_reported_with_line(run_drift: Run) -> None:
    api = "@check_instance_state(vm_state=[vm_states.ACTIVE])\ndef act(c, i):\n    pass\n"
    broken = {"pkg/broken.py": "from pkg.deco import check_instance_state\n\n@check_instance_state(vm_state=[\n"}
    report = run_drift(api, files=broken)
    assert [(f.kind, f.action, Path(f.file or "").name, f.line) for f in report.findings] == [
        ("unresolved", None, "broken.py", 3)
    ]
    assert report.findings[0].message.startswith("cannot parse the file: ")
    unrelated = {"pkg/broken.py": "print 'python 2'\n"}  # cannot carry the decorator: not even parsed
    assert run_drift(api, files=unrelated).findings == ()


def test_constant_in_unparsable_module_is_unresolved(run_drift: Run) -> None:
    files = {"pkg/vm_states.py": "ACTIVE = 'active'\nALLOW = [ACTIVE\n"}
    report = run_drift("@check_instance_state(vm_state=[vm_states.ACTIVE])\ndef act(c, i):\n    pass\n", files=files)
    assert [(f.kind, Path(f.file or "").name, f.line) for f in report.findings] == [("unresolved", "vm_states.py", 2)]
    assert "module 'pkg.vm_states': cannot parse the file: " in report.findings[0].message


# -- code names ------------------------------------------------------------------------------


def test_code_not_found_points_at_the_model(run_drift: Run, tmp_path: Path) -> None:
    report = run_drift("", "code: [act_now]\naccepts: [active]\nresults: unchanged")
    assert summary(report) == [("code-not-found", None, (), "model.yaml:17")]
    assert (
        report.findings[0].message
        == "no function 'act_now' (code of 'act') carries @check_instance_state in the sources"
    )
    assert report.findings[0].file == str(tmp_path / "model.yaml")


def test_code_defined_without_decorator_points_at_the_def(run_drift: Run) -> None:
    report = run_drift("def act(c, i):\n    pass\n")
    assert summary(report) == [("code-not-found", None, (), "api.py:3")]
    assert "'act' (code of 'act') is defined here but carries no @check_instance_state" in report.findings[0].message


def test_creating_and_codeless_actions_are_not_reported(run_drift: Run) -> None:
    report = run_drift("@check_instance_state(vm_state=[vm_states.ACTIVE])\ndef act(c, i):\n    pass\n")
    assert report.findings == ()  # create (code [create]) is not decorated; spread/finish have none


def test_not_modelled_fails_only_with_strict(run_drift: Run) -> None:
    api = "@check_instance_state(vm_state=[vm_states.ACTIVE])\ndef act(c, i):\n    pass\n\n@check_instance_state()\ndef other(c, i):\n    pass\n"
    report = run_drift(api)
    assert [(n.function, n.line) for n in report.not_modelled] == [("other", 7)]
    assert not report.failed()
    assert report.failed(strict=True)


# -- the fixture packages ----------------------------------------------------------------------


def test_fakenova_agrees_with_its_model() -> None:
    report = check_drift(load_model(DATA / "fakenova.yaml"), [FAKENOVA])
    assert report.findings == ()
    assert [(n.function, Path(n.file).name, n.line) for n in report.not_modelled] == [("rebuild", "unresolved.py", 12)]


def test_fakenova_unresolvable_call_is_reported(tmp_path: Path) -> None:
    text = (DATA / "fakenova.yaml").read_text(encoding="utf-8")
    model_file = tmp_path / "fakenova.yaml"
    model_file.write_text(text + "  - {id: rebuild, accepts: [active, stopped], results: [active]}\n", encoding="utf-8")
    report = check_drift(load_model(model_file), [FAKENOVA])
    assert [(f.kind, f.action, f.file, f.line) for f in report.findings] == [
        ("unresolved", "rebuild", str(FAKENOVA / "compute" / "unresolved.py"), 12)
    ]
    assert report.findings[0].message == (
        "cannot read the VM states of @check_instance_state on 'rebuild': "
        "call of _rebuildable() cannot be evaluated without running the code"
    )


def test_nothing_from_the_analysed_code_is_executed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "imported"
    monkeypatch.setenv("FAKENOVA_IMPORTED", str(marker))
    monkeypatch.chdir(tmp_path)  # where fakenova/compute/__init__.py would write its file
    before = set(sys.modules)
    assert main(["drift", str(DATA / "fakenova.yaml"), "--source", str(FAKENOVA)]) == 0
    assert main(["drift", "nova", "--source", str(NOVACODE)]) == 0
    capsys.readouterr()
    assert not marker.exists()
    assert list(tmp_path.iterdir()) == []
    assert not {m for m in set(sys.modules) - before if m.startswith(("fakenova", "nova", "pkg"))}


def test_nova_has_no_drift_against_the_reference_code() -> None:
    report = check_drift(load_model("nova"), [NOVACODE], model_file=model_path("nova"))
    assert report.findings == ()
    assert report.not_modelled == ()  # every one of the 39 guarded calls is an action
    assert not report.failed(strict=True)


NOVA_2014_OMISSIONS = {
    "delete": ("active", "resized", "shelved", "shelved_offloaded"),
    "soft_delete": (
        "paused",
        "suspended",
        "rescued",
        "resized",
        "soft_deleted",
        "error",
        "shelved",
        "shelved_offloaded",
    ),
    "snapshot": ("paused", "suspended"),
    "backup": ("paused", "suspended"),
    "rebuild": ("error",),
    "live_migrate": ("paused",),
}


def test_nova_2014_shows_exactly_its_18_omissions() -> None:
    report = check_drift(load_model("nova-2014"), [NOVACODE], model_file=model_path("nova-2014"))
    assert {f.kind for f in report.findings} == {"state-missing-in-model"}
    assert {f.action: f.states for f in report.findings} == NOVA_2014_OMISSIONS
    assert sum(len(f.states) for f in report.findings) == 18
    lines = NOVA_API.read_text(encoding="utf-8").splitlines()
    for finding in report.findings:
        assert finding.file == str(NOVA_API)
        assert lines[(finding.line or 0) - 1].strip().startswith("@check_instance_state(")
        assert f"def {finding.action}(" in lines[finding.line or 0] + lines[(finding.line or 0) + 1]


# -- reports and the command -------------------------------------------------------------------


def test_text_report_golden(monkeypatch: pytest.MonkeyPatch, assert_golden: Callable[[str, str], None]) -> None:
    monkeypatch.chdir(DATA.parent.parent)
    report = check_drift(load_model("nova-2014"), [Path("tests/data/novacode")])
    assert_golden(report_text(report), "drift/nova-2014.txt")


def table_report(tmp_path: Path) -> DriftReport:
    """Return transition findings of both kinds: the Ironic model with a triple moved."""
    text = (DATA / "ironic-complete.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "ironic-moved.yaml"
    changed.write_text(text.replace("{from: error, to: deploying}", "{from: error, to: active}"), encoding="utf-8")
    return check_drift(load_model(str(changed)), [DATA / "tables" / "automaton"], model_file=changed)


def test_json_output_follows_the_schema(run_drift: Run, tmp_path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    reports = [
        check_drift(load_model("nova-2014"), [NOVACODE]),
        run_drift(
            "@check_instance_state(None, None, False)\ndef act(c, i):\n    pass\n@check_instance_state()\ndef x(c, i):\n    pass\n"
        ),
        run_drift("@check_instance_state(vm_state=[])\ndef act(c, i):\n    pass\n"),
        run_drift("", "code: [nothing]\naccepts: [active]\nresults: unchanged"),
        run_drift("@check_instance_state(vm_state=f())\ndef act(c, i):\n    pass\n"),
        table_report(tmp_path),
    ]
    kinds = set()
    for report in reports:
        data = json.loads(report_json(report))
        jsonschema.validate(data, schema())
        assert list(data) == ["findings", "not_modelled"]
        kinds |= {f["kind"] for f in data["findings"]}
    assert kinds == set(KINDS)


def test_cli_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = ["--source", str(NOVACODE)]
    assert main(["drift", "nova", *source]) == 0
    assert capsys.readouterr().out.endswith("model and code agree: 0 findings, 0 decorated functions not modelled\n")
    assert main(["drift", "nova", *source, "--strict"]) == 0
    capsys.readouterr()
    fake = [str(DATA / "fakenova.yaml"), "--source", str(FAKENOVA)]
    assert main(["drift", *fake]) == 0
    capsys.readouterr()
    assert main(["drift", *fake, "--strict"]) == 1
    assert "failing because of --strict" in capsys.readouterr().out
    assert main(["drift", "nova-2014", *source, "--json"]) == 1
    assert len(json.loads(capsys.readouterr().out)["findings"]) == 6
    assert main(["drift", "nova", "--source", str(tmp_path / "nope")]) == 2
    assert "--source" in capsys.readouterr().err
    assert main(["drift", "nova", "--source", str(tmp_path)]) == 2
    assert "no Python files" in capsys.readouterr().err
    assert main(["drift", "nova"]) == 2  # --source is required
    assert "the following arguments are required: --source" in capsys.readouterr().err


def test_a_single_file_finds_the_modules_of_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    assert check_drift(load_model("nova"), [NOVA_API]).findings == ()
    monkeypatch.chdir(NOVA_API.parent)  # `--source .` from inside the package
    report = check_drift(load_model("nova-2014"), [Path()])
    assert sum(len(f.states) for f in report.findings) == 18
    assert {f.file for f in report.findings} == {"api.py"}
