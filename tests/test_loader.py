"""Tests for vmgraph.load.loader: every problem of a model file, each with its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from vmgraph.errors import ModelError, ModelWarning
from vmgraph.load.loader import bundled_models, load_model
from vmgraph.load.reader import LINE_BREAK
from vmgraph.model import UNCHANGED, Accepts, Model, Result, TaskRequirement

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"

CANNOT_HOLD = "which diagrams and pages cannot hold; remove it"
ID_HINT = "use lower-case letters, digits and '_', starting with a letter, at most 64 characters"
#: Why ids are restricted, said with the hint to keep the text as written.
SAFE = "; ids must be safe in DOT, Mermaid, anchors and file names: to keep"

SMALL = """\
vmgraph: 1
id: small
states:
  - id: stopped
    initial: true
  - id: running
actions:
  - id: start
    accepts: [stopped]
    results: [running]
  - id: stop
    accepts: [running]
    results: [stopped]
"""


def write(tmp_path: Path, text: str, name: str = "model.yaml") -> Path:
    """Write *text* (dedented) to a file under *tmp_path* and return its path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(source: Path) -> list[str]:
    """Return every problem load_model reports for *source*, as ``file:line: message``."""
    with pytest.raises(ModelError) as info:
        load_model(source)
    assert str(info.value) == "\n".join(str(p) for p in info.value.problems)
    return [str(p) for p in info.value.problems]


def load_text(tmp_path: Path, text: str) -> Model:
    return load_model(write(tmp_path, text))


# -- one problem per file: the corpus is tests/data/bad/, its table tests/test_bad_inputs.py ---------


def test_problem_carries_path_and_line_separately() -> None:
    path = BAD / "unknown_state_in_accepts.yaml"
    with pytest.raises(ModelError) as info:
        load_model(path)
    (problem,) = info.value.problems
    assert (problem.path, problem.line) == (path, 13)
    assert problem.message.startswith("'accepts' of action 'stop'")


# -- files that are not YAML text ------------------------------------------------------------


def test_utf8_bom_is_accepted_and_lines_stay_right(tmp_path: Path) -> None:
    """YAML allows a UTF-8 byte order mark at the start: it changes neither the text nor the lines."""
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.encode("utf-8"))
    assert load_model(path).id == "small"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.replace("results: [stopped]", "results: [stoped]").encode("utf-8"))
    assert problems(path) == [
        f"{path}:13: 'results' of action 'stop' names unknown state 'stoped' (did you mean 'stopped'?)"
    ]


def test_one_line_text_refuses_every_line_break_of_splitlines() -> None:
    breaks = {chr(c) for c in range(0x110000) if len(f"a{chr(c)}b".splitlines()) > 1}
    assert {c for c in breaks if LINE_BREAK.search(c)} == breaks
    assert not LINE_BREAK.search("a\tb \u00a0 \u200b \u202e")


@pytest.mark.parametrize("char", ["\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_a_line_break_in_a_label_is_refused(tmp_path: Path, char: str) -> None:
    escaped = char.encode("unicode_escape").decode("ascii").replace("\\x0b", "\\v").replace("\\x0c", "\\f")
    path = write(tmp_path, SMALL.replace("  - id: running\n", f'  - id: running\n    label: "a{escaped}b"\n'))
    assert problems(path) == [
        f"{path}:7: label of state 'running' must be one line, got {'a' + char + 'b'!r} (only descriptions may span lines)"
    ]


def test_a_description_may_span_lines_of_any_kind(tmp_path: Path) -> None:
    text = SMALL.replace("  - id: running\n", '  - id: running\n    description: "a\\u2028b\\x85c\\vd"\n')
    assert load_text(tmp_path, text).state("running").description == "a b c d"


@pytest.mark.parametrize(
    ("value", "code", "kind"),
    [("\\x01", "0001", "a control character"), ("\\e", "001B", "a control character"),
     ("\\x7f", "007F", "a control character"), ("\\x9b", "009B", "a control character"),
     ("\\uFFFE", "FFFE", "not a character")],
)  # fmt: skip
def test_control_characters_are_refused_in_all_text(tmp_path: Path, value: str, code: str, kind: str) -> None:
    path = write(tmp_path, SMALL.replace("  - id: running\n", f'  - id: running\n    description: "x{value}y"\n'))
    assert problems(path) == [f"{path}:7: description of state 'running' contains U+{code}, {kind}, {CANNOT_HOLD}"]


@pytest.mark.parametrize("blank", ["''", "'   '", '"\\t"'])
def test_blank_one_line_text_is_refused(tmp_path: Path, blank: str) -> None:
    path = write(tmp_path, SMALL.replace("  - id: stop\n", f"  - id: stop\n    label: {blank}\n"))
    shown = repr(yaml.safe_load(blank))
    assert problems(path) == [
        f"{path}:12: label of action 'stop' must not be blank, got {shown} (leave the key out instead)"
    ]


def test_missing_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert problems(path) == [f"{path}: no such file"]


def test_unknown_bundled_name_lists_the_bundled_models() -> None:
    with pytest.raises(ModelError) as info:
        load_model("nvoa")
    known = "'ironic', 'nova', 'nova-2014'"
    assert str(info.value) == f"no model file 'nvoa' and no bundled model of that name (bundled: {known})"


def test_bundled_models_load_by_name_without_warnings() -> None:
    assert bundled_models() == ("ironic", "nova", "nova-2014")
    assert [load_model(name).id for name in bundled_models()] == ["ironic", "nova", "nova-2014"]


@pytest.mark.parametrize("name", ["minimal.yaml", "ironic.yaml", "hostile.yaml"])
def test_test_models_load_without_warnings(name: str) -> None:
    assert load_model(DATA / name).states


def test_size_limit_refuses_bigger_files(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL)
    size = path.stat().st_size
    assert load_model(path, max_bytes=size).id == "small"
    with pytest.raises(ModelError) as info:
        load_model(path, max_bytes=size - 1)
    assert str(info.value) == (
        f"{path}: file is larger than the limit of {size - 1:,} bytes; refusing to read it "
        "(a larger limit: --max-bytes or VMGRAPH_MAX_BYTES)"
    )


# -- every problem at once ---------------------------------------------------------------------


def test_all_problems_are_reported_at_once_in_line_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        vmgraph: 1
        id: several
        states:
          - id: stopped
            initial: maybe
          - id: running
          - id: Paused
        actions:
          - id: start
            accepts: [stoped]
            results: [running]
            trigger: cron
          - id: stop
            acepts: [running]
            results: [stopped]
            error: nowhere
        sequences:
          - id: boot
            participants: [{id: user}, {id: server}]
            steps:
              - {caller: user, callee: servr, call: power_on}
        """,
    )
    assert problems(path) == [
        f"{path}:5: 'initial' of state 'stopped' must be true or false, got 'maybe'",
        (
            f"{path}:7: state #3 has invalid id 'Paused': {ID_HINT} (did you mean 'paused'?){SAFE} 'Paused' as the value "
            "and label, write 'id: paused, value: Paused, label: Paused'"
        ),
        f"{path}:10: 'accepts' of action 'start' names unknown state 'stoped' (did you mean 'stopped'?)",
        f"{path}:12: 'trigger' of action 'start' must be 'api' or 'system', got 'cron'",
        f"{path}:14: unknown key 'acepts' in action #2 (did you mean 'accepts'?)",
        f"{path}:16: 'error' of action 'stop' names unknown state 'nowhere' (known: 'stopped', 'running')",
        f"{path}:21: 'callee' of step 1 of sequence 'boot' names unknown participant 'servr' (did you mean 'server'?)",
    ]


def test_broken_states_section_does_not_cascade_into_every_reference(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        vmgraph: 1
        id: small
        states: {stopped: {}, running: {}}
        actions:
          - id: start
            accepts: [stopped]
            results: [running]
        """,
    )
    assert problems(path) == [f"{path}:3: 'states' must be a list, got a mapping"]


def test_missing_participants_do_not_cascade_into_every_step(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SMALL
        + """\
sequences:
  - id: boot
    steps:
      - {caller: user, callee: server, call: power_on}
""",
    )
    assert problems(path) == [f"{path}:15: sequence #1 is missing the required key 'participants'"]


#: Small edits of SMALL and the one problem each makes: (old, new, line, message).
EDITS = [
    ("accepts: [stopped]", "accepts: [[stopped]]", 9, "'accepts' of action 'start' must be a state id, got a list"),
    ("accepts: [stopped]", "accepts: {any_except: stopped}", 9, "'any_except' of action 'start' must be a list, got 'stopped'"),
    ("accepts: [stopped]", "accepts: [stopped, stopped]", 9, "'accepts' of action 'start' lists state 'stopped' twice"),
    ("accepts: [stopped]", "accepts: {all_except: [stopped]}", 9, "unknown key 'all_except' in 'accepts' of action 'start' (did you mean 'any_except'?)"),
    ("results: [running]", "results: [{to: running, from: 5}]", 10, "'from' of a result of action 'start' must be a state id, got '5', which YAML reads as a number"),
    ("results: [running]", "results: [{to: [running]}]", 10, "'to' of a result of action 'start' must be a state id, got a list"),
    ("results: [running]", "results: [{when: always}]", 10, "a result of action 'start' is missing the required key 'to'"),
    ("results: [running]", "results: [running]\n    error: [stopped]", 11, "'error' of action 'start' must be a state id, got a list"),
    ("results: [running]", "results: [running]\n    task_state: []", 11, "'task_state' of action 'start' must not be empty"),
    ("results: [running]", "results: [running]\n    task_state: [[busy]]", 11, "'task_state' of action 'start' must be a task state id, got a list"),
    ("results: [running]", "results: [running]\n    code: start", 11, "'code' of action 'start' must be a list, got 'start'"),
    ("results: [running]", "results: [running]\n    code: [bad-name]", 11, "'code' of action 'start' has invalid name 'bad-name': use a Python identifier"),
    ("results: [running]", "results: [running]\n    variants: {soft: {}}", 11, "'variants' of action 'start' must be a list, got a mapping"),
    ("  - id: running\n", "  - id: running\n    value: ''\n", 7, "'value' of state 'running' must be one line of text, got ''"),
    ("  - id: running\n", "  - id: running\n    value: 5\n", 7, "'value' of state 'running' must be one line of text, got '5', which YAML reads as a number"),
    ("  - id: running\n", "  - id: running\n    label: no\n", 7, "label of state 'running' must be text, got 'no', which YAML reads as a boolean"),
    ("  - id: running\n", "  - id: running\n    label:\n", 7, "label of state 'running' must be text, got nothing"),
    ("  - id: running\n", "  - id: running\n    ? [a]\n    : b\n", 7, "a key of state #2 must be a single value, got a list"),
    ("  - id: running\n", "  - id: running\n    5: five\n", 7, "keys of state #2 must be text, got 5"),
    ("id: small", "id: Small", 2, "the model has invalid id 'Small': use lower-case letters, digits, '_' and '-', starting with a letter, at most 64 characters (did you mean 'small'?)"),
    ("id: small", "id: small\ntitle:", 3, "'title' must be text, got nothing"),
    ("id: small", "id: small\ndefaults: {eror: null}", 3, "unknown key 'eror' in 'defaults' (did you mean 'error'?)"),
    ("id: small", "id: small\ncode: {decorator: {bogus: 1}}", 3, "unknown key 'bogus' in 'code.decorator' (valid keys: name, states_keyword, task_states_keyword, launched_keyword, launched_default)"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "line", "message"), EDITS)
def test_small_edit_reports_one_problem(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    assert old in SMALL
    path = write(tmp_path, SMALL.replace(old, new, 1))
    assert problems(path) == [f"{path}:{line}: {message}"]


def test_a_bad_value_gets_one_problem_not_two(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.replace("results: [running]", "results: [running]\n    trigger: [api]"))
    assert problems(path) == [f"{path}:11: 'trigger' of action 'start' must be a single value, got a list"]


def test_impossible_date_is_a_problem_where_an_id_belongs_and_text_where_a_label_does(tmp_path: Path) -> None:
    path = write(
        tmp_path, SMALL.replace("  - id: running\n", "  - id: running\n    label: 2014-13-45\n  - 2014-13-45\n")
    )
    assert problems(path) == [f"{path}:8: state #3 has invalid id '2014-13-45': {ID_HINT}"]


def test_explicit_yaml_tag_with_bad_value_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.replace("vmgraph: 1", "vmgraph: !!int one"))
    assert problems(path) == [
        (
            f"{path}:1: 'vmgraph' has the value 'one', which is not a valid !!int "
            "(invalid literal for int() with base 10: 'one')"
        ),
    ]


@pytest.mark.parametrize(
    ("version", "shown"), [("true", "'true', which YAML reads as a boolean"), ("'1'", "the text '1' (in quotes, so not a number)"), ("1.5", "'1.5', which YAML reads as a number")]
)  # fmt: skip
def test_version_must_be_the_integer_one(tmp_path: Path, version: str, shown: str) -> None:
    path = write(tmp_path, SMALL.replace("vmgraph: 1", f"vmgraph: {version}"))
    assert problems(path) == [f"{path}:1: unsupported format version {shown}; expected 'vmgraph: 1'"]


def test_empty_id_is_named_as_empty(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.replace("  - id: running\n", "  - id: running\n  - id:\n"))
    assert problems(path) == [f"{path}:7: state #3 has an empty id: {ID_HINT}"]


def test_long_id_is_refused(tmp_path: Path) -> None:
    long_id = "s" * 65
    path = write(tmp_path, SMALL.replace("  - id: running\n", f"  - id: running\n  - {long_id}\n"))
    assert problems(path) == [f"{path}:7: state #3 has invalid id {long_id!r}: {ID_HINT}"]
    assert load_text(tmp_path, SMALL.replace("running", long_id[:64])).states[1].id == long_id[:64]


def test_variant_results_from_a_state_no_variant_accepts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SMALL.replace(
            "  - id: stop\n    accepts: [running]\n    results: [stopped]\n",
            """\
  - id: stop
    results:
      - {from: running, to: stopped}
      - {from: stopped, to: stopped}
    variants:
      - id: soft
        accepts: [running]
""",
        ),
    )
    assert problems(path) == [
        (
            f"{path}:14: 'from' of a result of action 'stop' is 'stopped', which neither it nor any of its variants "
            "accepts (accepted: 'running')"
        ),
    ]


def test_variant_own_results_from_a_state_it_does_not_accept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SMALL.replace(
            "  - id: stop\n    accepts: [running]\n    results: [stopped]\n",
            """\
  - id: stop
    accepts: [running]
    results: [stopped]
    variants:
      - id: soft
        results: [{from: stopped, to: stopped}]
""",
        ),
    )
    assert problems(path) == [
        (
            f"{path}:16: 'from' of a result of variant 'soft' of action 'stop' is 'stopped', which it does not accept "
            "(accepted: 'running')"
        ),
    ]


def test_text_and_keyword_typos_get_hints(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SMALL.replace("accepts: [stopped]", "accepts: stopped\n    task_state: anny").replace(
            "results: [stopped]", "results: unchaged"
        ),
    )
    assert problems(path) == [
        (
            f"{path}:9: 'accepts' of action 'start' must be 'any', {{any_except: [...]}} or a list of states, got "
            "'stopped' (write [stopped] for a list of one)"
        ),
        (
            f"{path}:10: 'task_state' of action 'start' must be 'none', 'any' or a list of task states, got 'anny' "
            "(did you mean 'any'?)"
        ),
        (
            f"{path}:14: 'results' of action 'stop' must be 'unchanged', 'previous' or a list of results, got 'unchaged' "
            "(did you mean 'unchanged'?)"
        ),
    ]


# -- warnings ------------------------------------------------------------------------------------


def test_unreachable_state_warns_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.replace("  - id: running\n", "  - id: running\n  - id: lost\n    terminal: true\n"))
    with pytest.warns(ModelWarning) as caught:
        load_model(path)
    assert [str(w.message) for w in caught] == [
        f"{path}:7: state 'lost' cannot be reached from creation (no action leads to it)"
    ]


def test_dead_end_warns_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.replace("results: [stopped]", "results: [stuck]").replace(
        "  - id: running\n", "  - id: running\n  - id: stuck\n"
    ))  # fmt: skip
    with pytest.warns(ModelWarning) as caught:
        model = load_model(path)
    assert model.dead_ends() == ("stuck",)
    assert [str(w.message) for w in caught] == [
        f"{path}:7: state 'stuck' is a dead end: no action leaves it (mark it 'terminal: true' if intended)"
    ]


def test_terminal_state_is_no_dead_end(tmp_path: Path) -> None:
    model = load_text(tmp_path, SMALL.replace("results: [stopped]", "results: [gone]").replace(
        "  - id: running\n", "  - id: running\n  - id: gone\n    terminal: true\n"
    ))  # fmt: skip
    assert model.dead_ends() == ()


# -- what valid files become -------------------------------------------------------------------


def test_descriptions_are_folded_into_one_paragraph(tmp_path: Path) -> None:
    model = load_text(
        tmp_path,
        SMALL.replace("id: small", "id: small\ndescription: |\n  First line\n    indented\n\n  after a blank  line\n"),
    )
    assert model.description == "First line indented after a blank line"


def test_labels_default_to_ids(tmp_path: Path) -> None:
    model = load_text(
        tmp_path,
        SMALL
        + """\
task_states: [busy]
sequences:
  - id: boot
    participants: [{id: user}]
    steps: [{caller: user, callee: user, call: go}]
""",
    )
    assert model.title == "small"
    assert [s.label for s in model.states] == ["stopped", "running"]
    assert [a.label for a in model.actions] == ["start", "stop"]
    assert model.task_states[0].label == "busy"
    assert model.sequences[0].label == "boot"
    assert model.sequences[0].participants[0].label == "user"


def test_text_is_taken_as_written(tmp_path: Path) -> None:
    model = load_text(
        tmp_path,
        SMALL.replace("  - id: running\n", "  - id: running\n    label: 2014-11-01\n").replace(
            "  - id: stop\n", "  - id: stop\n    label: 0x1F\n"
        ),
    )
    assert model.state("running").label == "2014-11-01"
    assert model.action("stop").label == "0x1F"


def test_states_may_be_bare_ids_and_keep_their_values(tmp_path: Path) -> None:
    model = load_text(
        tmp_path,
        SMALL
        + """\
task_states:
  - busy
  - {id: idle, value: idle-ish, label: IDLE}
power_states:
  - {id: shutdown, value: 4}
  - {id: running, value: 1}
""",
    )
    assert [(s.id, s.label, s.value) for s in model.task_states] == [
        ("busy", "busy", None),
        ("idle", "IDLE", "idle-ish"),
    ]
    assert [(s.id, s.value) for s in model.power_states] == [("shutdown", 4), ("running", 1)]


VARIANTS = """\
vmgraph: 1
id: variants
states:
  - id: stopped
    initial: true
  - id: running
  - id: paused
  - id: error
task_states: [rebooting]
actions:
  - id: start
    accepts: [stopped]
    results: [running]
  - id: pause
    accepts: [running]
    results: [paused]
  - id: reboot
    label: Reboot
    description: Restarts it.
    code: []
    accepts: [running]
    task_state: [none, rebooting]
    must_have_launched: false
    results:
      - running
      - {to: unchanged, when: it was already rebooting}
    error: null
    variants:
      - id: soft
        code: [_soft]
      - id: hard
        label: hard reboot
        description: Power-cycles it.
        accepts: [running, paused, error]
        task_state: any
        must_have_launched: true
        results: [running]
        error: error
"""


def test_variants_inherit_what_they_leave_out(tmp_path: Path) -> None:
    reboot = load_text(tmp_path, VARIANTS).action("reboot")
    soft, hard = reboot.variants
    assert (reboot.label, reboot.description) == ("Reboot", "Restarts it.")
    assert soft.id == "soft"
    assert soft.label == "Reboot (soft)"
    assert soft.description == "Restarts it."
    assert soft.code == ("_soft",)
    assert soft.accepts == Accepts(states=("running",))
    assert soft.task_state == TaskRequirement("list", (None, "rebooting"))
    assert soft.must_have_launched is False
    assert soft.results == (Result("running"), Result(UNCHANGED, None, "it was already rebooting"))
    assert soft.error is None
    assert hard.label == "hard reboot"
    assert hard.description == "Power-cycles it."
    assert hard.code == ()
    assert hard.accepts == Accepts(states=("running", "paused", "error"))
    assert hard.task_state == TaskRequirement("any")
    assert hard.must_have_launched is True
    assert hard.results == (Result("running"),)
    assert hard.error == "error"


def test_action_without_variants_has_one_unnamed_variant(tmp_path: Path) -> None:
    start = load_text(tmp_path, VARIANTS).action("start")
    (variant,) = start.variants
    assert variant.id is None
    assert variant.label == "start"
    assert variant.code == ("start",)


ANY = """\
vmgraph: 1
id: wildcards
states:
  - id: building
    initial: true
  - id: active
  - id: stopped
  - id: error
  - id: deleted
    terminal: true
actions:
  - id: create
    accepts: []
    results: [building, active]
  - id: stop
    accepts: [active]
    results: [stopped]
  - id: delete
    accepts: any
    must_have_launched: false
    results: [deleted]
  - id: soft_delete
    accepts: any
    results: [deleted]
  - id: reset
    accepts: {any_except: [error, stopped]}
    results: [active]
"""


def test_any_and_any_except_expand_in_state_order(tmp_path: Path) -> None:
    model = load_text(tmp_path, ANY)
    accepted = {a.id: model.accepted(a.variants[0]) for a in model.actions}
    assert accepted == {
        "create": (),
        "stop": ("active",),
        "delete": ("building", "active", "stopped", "error"),  # not launched: building too, never deleted
        "soft_delete": ("active", "stopped", "error"),  # launched: not building
        "reset": ("active",),
    }
    assert model.action("delete").variants[0].accepts == Accepts(any=True)
    assert model.action("reset").variants[0].accepts == Accepts(any=True, exclude=("error", "stopped"))
    assert model.action("create").creates
    assert not model.action("delete").creates


def test_error_defaults_to_the_state_named_error(tmp_path: Path) -> None:
    model = load_text(tmp_path, ANY)
    assert {a.variants[0].error for a in model.actions} == {"error"}


def test_error_defaults_to_none_without_an_error_state(tmp_path: Path) -> None:
    model = load_text(tmp_path, SMALL)
    assert {a.variants[0].error for a in model.actions} == {None}
    assert all(t.kind != "error" for t in model.transitions())


def test_error_null_and_defaults_error(tmp_path: Path) -> None:
    text = ANY.replace(
        "actions:", "defaults:\n  error: stopped\n  task_state: any\n  must_have_launched: false\nactions:"
    )
    text = text.replace("    accepts: [active]\n", "    accepts: [active]\n    error: null\n")
    with pytest.warns(ModelWarning, match="state 'error' cannot be reached from creation"):
        model = load_text(tmp_path, text)
    errors = {a.id: a.variants[0].error for a in model.actions}
    assert errors == {
        "create": "stopped",
        "stop": None,
        "delete": "stopped",
        "soft_delete": "stopped",
        "reset": "stopped",
    }
    assert {a.variants[0].task_state for a in model.actions} == {TaskRequirement("any")}
    assert model.accepted(model.action("soft_delete").variants[0]) == ("building", "active", "stopped", "error")


def test_defaults_error_null_means_no_error_edges(tmp_path: Path) -> None:
    with pytest.warns(ModelWarning, match="state 'error' cannot be reached from creation"):
        model = load_text(tmp_path, ANY.replace("actions:", "defaults:\n  error: null\nactions:"))
    assert {a.variants[0].error for a in model.actions} == {None}


def test_task_state_forms(tmp_path: Path) -> None:
    model = load_text(
        tmp_path,
        VARIANTS.replace(
            "  - id: pause\n    accepts: [running]\n", "  - id: pause\n    accepts: [running]\n    task_state: none\n"
        ),
    )
    assert model.action("start").variants[0].task_state == TaskRequirement("none")
    assert model.action("pause").variants[0].task_state == TaskRequirement("none")


def test_sequence_steps_are_read(tmp_path: Path) -> None:
    model = load_text(
        tmp_path,
        SMALL
        + """\
task_states: [powering_on]
power_states: [{id: up, value: 1}]
sequences:
  - id: boot
    label: Boot
    description: >-
      Switches it on.
    participants:
      - {id: user, label: the user}
      - {id: server}
    steps:
      - caller: user
        callee: server
        call: power_on
        historic: start
        vm_state: stopped
        task_state: powering_on
        note: pressed the button
      - caller: server
        callee: user
        call: done
        vm_state: running
        task_state: none
        power_state: up
""",
    )
    (boot,) = model.sequences
    assert (boot.id, boot.label, boot.description) == ("boot", "Boot", "Switches it on.")
    assert [(p.id, p.label) for p in boot.participants] == [("user", "the user"), ("server", "server")]
    first, second = boot.steps
    assert (first.caller, first.callee, first.call, first.historic, first.note) == (
        "user", "server", "power_on", "start", "pressed the button",
    )  # fmt: skip
    assert (first.vm_state, first.task_state, first.power_state) == ("stopped", "powering_on", None)
    assert (second.vm_state, second.task_state, second.power_state) == ("running", "none", "up")


def test_code_decorator_is_read(tmp_path: Path) -> None:
    model = load_text(tmp_path, SMALL + "code:\n  decorator:\n    name: guard\n    launched_default: false\n")
    assert model.decorator.name == "guard"
    assert model.decorator.launched_default is False
    assert model.decorator.states_keyword == "vm_state"


def test_hostile_text_is_kept_verbatim() -> None:
    model = load_model(DATA / "hostile.yaml")
    assert model.state("injection").label == 'x"];evil'
    assert model.state("trailing_backslash").label == "ends\\"
    assert model.state("html").label == "<b>x</b>"
    assert model.state("rest_markup").label == "*emph* `x`_ |sub| :ref:`y` **bold**"
    assert model.state("unicode").label == "Ünïcödé ✓ 日本語 \U0001f600"
    assert model.description.endswith("and a backslash at the end \\")
    assert model.sequences[0].steps[0].call == 'do_it("x") -> {y}'


def test_a_list_of_only_unknown_states_does_not_read_as_a_creating_action(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        vmgraph: 1
        id: demo
        states: [active, stopped]
        actions:
          - id: snapshot
            accepts: [actve]
            results: unchanged
            task_state: any
        """,
    )
    assert problems(path) == [
        f"{path}:6: 'accepts' of action 'snapshot' names unknown state 'actve' (did you mean 'active'?)",
    ]  # and no second, misleading "it creates the resource" problem about 'unchanged'
