"""The corpus of broken model files (tests/data/bad/): one problem each, its exact message, nothing written.

Every entry is checked three ways: :func:`vmgraph.load.loader.load_model` reports exactly that
problem; ``vmgraph check`` prints it as ``file:line: message`` and exits 1; ``vmgraph render``
exits 1 and writes nothing, not even its output directory. A file nobody may read cannot
live in git, so that case is made by the test and run as an unprivileged user.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from vmgraph.cli import main
from vmgraph.errors import ModelError
from vmgraph.load.loader import load_model
from vmgraph.load.yamlsource import MAX_EXPANDED

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"

RESERVED = "(reserved: 'any', 'digraph', 'edge', 'graph', 'node', 'none', 'strict', 'subgraph', 'unchanged')"
ID_HINT = "use lower-case letters, digits and '_', starting with a letter, at most 64 characters"
#: Why ids are restricted, said with the hint to keep the text as written.
SAFE = "; ids must be safe in DOT, Mermaid, anchors and file names: to keep"
CANNOT_HOLD = "which diagrams and pages cannot hold; remove it"
ONE_LINE = "(only descriptions may span lines)"
NOT_UTF8 = "file is UTF-16 or UTF-32 encoded; save it as UTF-8"
NO_TAGS = "(models take no YAML tags: remove it)"
NUL = "file contains NUL bytes: binary data or UTF-16/UTF-32 text, not a UTF-8 YAML model"

#: Each entry of tests/data/bad/ has exactly one problem: (file, line or None, message).
BAD_INPUTS = [
    # references to things that do not exist: in actions, variants, defaults and sequences
    ("unknown_state_in_accepts.yaml", 13, "'accepts' of action 'stop' names unknown state 'runing' (did you mean 'running'?)"),
    ("unknown_state_in_results.yaml", 11, "'results' of action 'start' names unknown state 'started' (known: 'stopped', 'running')"),
    ("unknown_state_in_error.yaml", 13, "'error' of action 'start' names unknown state 'eror' (did you mean 'error'?)"),
    ("unknown_state_in_from.yaml", 15, "'from' of a result of action 'power' names unknown state 'runnin' (did you mean 'running'?)"),
    ("unknown_state_in_any_except.yaml", 13, "'any_except' of action 'stop' names unknown state 'stoped' (did you mean 'stopped'?)"),
    ("unknown_task_state_in_action.yaml", 12, "'task_state' of action 'start' names unknown task state 'powering_up' (did you mean 'powering_on'?)"),
    ("unknown_state_in_defaults.yaml", 9, "'error' of 'defaults' names unknown state 'eror' (known: 'stopped', 'running')"),
    ("unknown_state_in_variant.yaml", 18, "'accepts' of variant 'hard' of action 'stop' names unknown state 'crashed' (known: 'stopped', 'running')"),
    ("unknown_state_in_variant_results.yaml", 18, "'results' of variant 'hard' of action 'stop' names unknown state 'stoped' (did you mean 'stopped'?)"),
    ("unknown_state_in_variant_error.yaml", 19, "'error' of variant 'hard' of action 'stop' names unknown state 'failed' (known: 'stopped', 'running', 'error')"),
    ("unknown_state_in_step.yaml", 24, "'vm_state' of step 1 of sequence 'boot' names unknown state 'booting' (known: 'stopped', 'running')"),
    ("unknown_task_state_in_step.yaml", 26, "'task_state' of step 1 of sequence 'boot' names unknown task state 'powering_up' (did you mean 'powering_on'?)"),
    ("unknown_power_state_in_step.yaml", 29, "'power_state' of step 1 of sequence 'boot' names unknown power state 'running' (known: 'shutdown', 'up')"),
    ("unknown_participant.yaml", 22, "'callee' of step 1 of sequence 'boot' names unknown participant 'sever' (did you mean 'server'?)"),
    ("unknown_caller.yaml", 19, "'caller' of step 1 of sequence 'boot' names unknown participant 'usr' (did you mean 'user'?)"),
    ("unchanged_on_create.yaml", 11, "'results' of action 'create' include 'unchanged', but it accepts no state: it creates the resource, so there is no state to leave unchanged"),
    ("from_not_accepted.yaml", 19, "'from' of a result of action 'stop' is 'paused', which it does not accept (accepted: 'running')"),
    # duplicates
    ("duplicate_state.yaml", 8, "duplicate state id 'stopped' (first defined at line 5)"),
    ("duplicate_task_state.yaml", 11, "duplicate task state id 'spawning' (first defined at line 9)"),
    ("duplicate_action.yaml", 15, "duplicate action id 'start' (first defined at line 9)"),
    ("duplicate_variant.yaml", 17, "duplicate variant id 'soft' in action 'stop' (first defined at line 16)"),
    ("duplicate_sequence.yaml", 19, "duplicate sequence id 'boot' (first defined at line 16)"),
    ("duplicate_participant.yaml", 20, "duplicate participant id 'user' in sequence 'boot' (first defined at line 18)"),
    ("duplicate_key.yaml", 12, "duplicate key 'accepts' in action #1 (first at line 10)"),
    # identifiers
    ("id_upper_case.yaml", 7, f"state #2 has invalid id 'Running': {ID_HINT} (did you mean 'running'?){SAFE} 'Running' as the value and label, write 'id: running, value: Running, label: Running'"),
    ("id_hyphen.yaml", 12, f"action #2 has invalid id 'power-off': {ID_HINT} (did you mean 'power_off'?){SAFE} 'power-off' as the label, write 'id: power_off, label: power-off'"),
    ("id_reserved_node.yaml", 7, f"state #2 uses the reserved word 'node' as an id {RESERVED}"),
    ("id_reserved_any.yaml", 12, f"action #2 uses the reserved word 'any' as an id {RESERVED}"),
    ("id_yaml_boolean.yaml", 9, "power state #1 has id 'off', which YAML reads as a boolean; write it in quotes"),
    # wrong types, from the top of the document down to a field of a step
    ("top_level_list.yaml", 2, "the model must be a mapping, got a list"),
    ("title_mapping.yaml", 4, "'title' must be text, got a mapping"),
    ("states_mapping.yaml", 5, "'states' must be a list, got a mapping"),
    ("task_states_scalar.yaml", 8, "'task_states' must be a list, got 'busy'"),
    ("actions_scalar.yaml", 8, "'actions' must be a list, got 'start'"),
    ("defaults_list.yaml", 8, "'defaults' must be a mapping, got a list"),
    ("sequences_mapping.yaml", 16, "'sequences' must be a list, got a mapping"),
    ("state_id_list.yaml", 8, "state #3 must have a single value as its id, got a list"),
    ("label_list.yaml", 7, "label of state 'stopped' must be text, got a list"),
    ("description_list.yaml", 8, "description of state 'running' must be text, got a list"),
    ("boolean_as_string.yaml", 6, "'initial' of state 'stopped' must be true or false, got the text 'true' (in quotes, so not a boolean)"),
    ("power_value_text.yaml", 12, "'value' of power state 'down' must be an integer, got 'shutdown'"),
    ("action_list.yaml", 12, "action #2 must be a mapping, got a list"),
    ("must_have_launched_text.yaml", 11, "'must_have_launched' of action 'start' must be true or false, got 'sometimes'"),
    ("results_bare_state.yaml", 11, "'results' of action 'start' must be 'unchanged', 'previous' or a list of results, got 'running' (write [running] for a list of one)"),
    ("result_when_list.yaml", 13, "'when' of a result of action 'start' must be text, got a list"),
    ("variants_mapping.yaml", 16, "'variants' of action 'stop' must be a list, got a mapping"),
    ("variant_scalar.yaml", 16, "variant #1 of action 'stop' must be a mapping, got 'soft'"),
    ("participants_mapping.yaml", 17, "'participants' of sequence 'boot' must be a list, got a mapping"),
    ("step_list.yaml", 19, "step 1 of sequence 'boot' must be a mapping, got a list"),
    ("step_call_mapping.yaml", 21, "'call' of step 1 of sequence 'boot' must be text, got a mapping"),
    ("python_tag.yaml", 7, "label of state 'stopped' must be text, got a list tagged !!python/object/apply:os.system"),
    ("unknown_tag.yaml", 8, "label of state 'running' must be text, got 'running-label.txt', which YAML reads as the type !include"),
    # text that would turn into markup or break an output
    ("multiline_label.yaml", 7, f"label of state 'stopped' must be one line, got 'STOPPED\\n.. raw:: html\\n' {ONE_LINE}"),
    ("line_separator_label.yaml", 8, f"label of state 'running' must be one line, got 'RUNNING\\u2028.. raw:: html' {ONE_LINE}"),
    ("vertical_tab_call.yaml", 21, f"'call' of step 1 of sequence 'boot' must be one line, got 'go\\x0bnow' {ONE_LINE}"),
    ("label_too_long.yaml", 8, "label of state 'running' is 1,001 characters long; at most 1,000 fit in a diagram (use a description)"),
    ("escaped_control_character.yaml", 8, f"label of state 'running' contains U+0001, a control character, {CANNOT_HOLD}"),
    ("escaped_nul.yaml", 8, f"label of state 'running' contains U+0000, a control character, {CANNOT_HOLD}"),
    # missing keys
    ("missing_version.yaml", 2, "the model is missing the required key 'vmgraph'"),
    ("missing_model_id.yaml", 2, "the model is missing the required key 'id'"),
    ("missing_states.yaml", 2, "the model is missing the required key 'states'"),
    ("missing_actions.yaml", 2, "the model is missing the required key 'actions'"),
    ("missing_state_id.yaml", 7, "state #2 is missing the required key 'id'"),
    ("missing_accepts.yaml", 12, "action 'stop' is missing the required key 'accepts' (use [] for a creating action)"),
    ("variant_missing_accepts.yaml", 17, "variant 'hard' of action 'stop' is missing the required key 'accepts' (and its action sets none)"),
    ("missing_step_call.yaml", 24, "step 2 of sequence 'boot' is missing the required key 'call'"),
    # bad keys and keywords
    ("unknown_key.yaml", 13, "unknown key 'acepts' in action #2 (did you mean 'accepts'?)"),
    ("merge_key.yaml", 13, "action #2 uses a YAML merge key '<<', which models do not support; write the keys out"),
    ("bad_trigger.yaml", 13, "'trigger' of action 'stop' must be 'api' or 'system', got 'periodic'"),
    ("bad_task_state.yaml", 14, "'task_state' of action 'stop' must be 'none', 'any' or a list of task states, got 'all'"),
    ("unsupported_version.yaml", 2, "unsupported format version 2; expected 'vmgraph: 1'"),
    # YAML syntax errors
    ("yaml_syntax.yaml", 10, "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence from line 9)"),
    ("tab_indentation.yaml", 6, "invalid YAML: found a tab character that violates indentation (while scanning a plain scalar from line 5)"),
    ("bad_indentation.yaml", 11, "invalid YAML: did not find expected '-' indicator (while parsing a block collection from line 9)"),
    ("unclosed_quote.yaml", 16, "invalid YAML: found unexpected end of stream (while scanning a quoted scalar from line 8)"),
    ("two_documents.yaml", 15, "invalid YAML: but found another document (expected a single document in the stream from line 2)"),
    ("undefined_alias.yaml", 10, "invalid YAML: found undefined alias"),
    ("control_character.yaml", 8, "invalid YAML: unacceptable character U+0007: control characters are not allowed"),
    ("escaped_surrogate.yaml", 7, "invalid YAML: found invalid Unicode character escape code (while parsing a quoted scalar from line 7)"),
    # files that are not a model at all: empty, not UTF-8, byte order marks, a directory
    ("empty.yaml", 1, "the model file is empty; expected a mapping with 'vmgraph: 1'"),
    ("whitespace.yaml", 1, "the model file is empty; expected a mapping with 'vmgraph: 1'"),
    ("latin1.yaml", 1, "file is not valid UTF-8 (byte 0xca at offset 48)"),
    ("nul_bytes.yaml", 3, NUL),
    ("utf16_no_bom.yaml", 1, NUL),
    ("utf16le_bom.yaml", 1, NOT_UTF8),
    ("utf16be_bom.yaml", 1, NOT_UTF8),
    ("utf32le_bom.yaml", 1, NOT_UTF8),
    ("utf32be_bom.yaml", 1, NOT_UTF8),
    ("directory.yaml", None, "is a directory, not a model file"),
    # resource attacks, refused before anything is expanded (tests/test_attacks.py measures them)
    ("deeply_nested.yaml", 6, "document nests deeper than 64 levels; refusing to read it"),
    ("alias_bomb.yaml", 17, "aliases expand to more than 5,000,000 nodes; refusing to read it"),
    ("recursive_alias.yaml", 4, "recursive alias: a node contains itself"),
    # the second hardening round (docs/security.rst counts them by class, see HARDENING)
    ("text_amplification.yaml", 5, f"aliases expand the text to more than {MAX_EXPANDED:,} characters; refusing to read it"),
    ("text_amplification_nested.yaml", 7, f"aliases expand the text to more than {MAX_EXPANDED:,} characters; refusing to read it"),
    ("huge_hex_version.yaml", 2, "'vmgraph' is a number of 4,002 characters; at most 100 are read"),
    ("huge_sexagesimal_power_value.yaml", 17, "'value' of power state 'up' is a number of 6,001 characters; at most 100 are read"),
    ("huge_decimal_key.yaml", 8, "a key of state #2 is a number of 5,000 characters; at most 100 are read"),
    ("power_value_over_64_bits.yaml", 17, "'value' of power state 'up' is a number outside the 64-bit range, got '0x10000000000000000'"),
    ("omap_actions.yaml", 8, f"'actions' must be a list, got a list tagged !!omap {NO_TAGS}"),
    ("set_states.yaml", 4, f"'states' must be a list, got a mapping tagged !!set {NO_TAGS}"),
    ("python_tag_on_mapping.yaml", 12, f"action #2 must be a mapping, got a mapping tagged !!python/object/apply:os.system {NO_TAGS}"),
    ("local_tag_on_list.yaml", 10, f"'accepts' of action 'start' must be a list, got a list tagged !states {NO_TAGS}"),
    ("pairs_tag_on_results.yaml", 11, f"'results' of action 'start' must be a list, got a list tagged !!pairs {NO_TAGS}"),
    ("duplicate_result.yaml", 11, "'results' of action 'start' lists the result 'running' twice"),
    ("duplicate_result_from.yaml", 16, "'results' of action 'stop' lists the result 'stopped' from 'running' twice"),
    ("any_except_every_state.yaml", 13, "'any_except' of action 'stop' leaves no state to accept, which would make it create the resource (write 'accepts: []' for a creating action)"),
    ("alias_duplicate_state.yaml", 8, "duplicate state id 'running': this alias repeats the state defined at line 7"),
    ("unknown_key_long_line.yaml", 10, "unknown key 'root:$6$saltsaltsalt$hashhashhashhashhas'... (67 characters) in action #1 (valid keys: id, label, description, code, accepts, task_state, must_have_launched, results, error, trigger, api, variants)"),
    ("line_separator_before_problem.yaml", 15, "'results' of action 'stop' names unknown state 'stoped' (did you mean 'stopped'?)"),
]  # fmt: skip

#: Entries of the second hardening round, by the number of their class in docs/security.rst.
HARDENING = {
    **dict.fromkeys(["text_amplification.yaml", "text_amplification_nested.yaml"], 4),
    **dict.fromkeys(
        [
            "huge_hex_version.yaml",
            "huge_sexagesimal_power_value.yaml",
            "huge_decimal_key.yaml",
            "power_value_over_64_bits.yaml",
        ],
        5,
    ),
    **dict.fromkeys(
        [
            "omap_actions.yaml",
            "set_states.yaml",
            "python_tag_on_mapping.yaml",
            "local_tag_on_list.yaml",
            "pairs_tag_on_results.yaml",
        ],
        6,
    ),
    **dict.fromkeys(
        [
            "duplicate_result.yaml",
            "duplicate_result_from.yaml",
            "any_except_every_state.yaml",
            "alias_duplicate_state.yaml",
            "unknown_key_long_line.yaml",
            "line_separator_before_problem.yaml",
        ],
        9,
    ),
}

IDS = [name.removesuffix(".yaml") for name, _, _ in BAD_INPUTS]


def expected(name: str, line: int | None, message: str) -> str:
    """Return the problem as ``vmgraph check`` prints it: ``file:line: message``."""
    path = BAD / name
    return f"{path}:{line}: {message}" if line is not None else f"{path}: {message}"


def listing(directory: Path) -> list[str]:
    """Return every entry under *directory*, hidden ones too."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


def test_every_entry_of_the_corpus_is_in_the_table() -> None:
    on_disk = sorted(p.name for p in BAD.iterdir())
    assert on_disk == sorted(name for name, _, _ in BAD_INPUTS)
    assert len(BAD_INPUTS) >= 40


@pytest.mark.parametrize(("name", "line", "message"), BAD_INPUTS, ids=IDS)
def test_loader_reports_exactly_the_one_problem(name: str, line: int | None, message: str) -> None:
    with pytest.raises(ModelError) as info:
        load_model(BAD / name)
    assert [str(p) for p in info.value.problems] == [expected(name, line, message)]
    (problem,) = info.value.problems
    assert (problem.path, problem.line, problem.message) == (BAD / name, line, message)


def _marked(entry: tuple[str, int | None, str]) -> object:
    """Return *entry* as a test case, marked with its hardening class if it has one."""
    marks = [pytest.mark.hardening(HARDENING[entry[0]])] if entry[0] in HARDENING else []
    return pytest.param(*entry, id=entry[0].removesuffix(".yaml"), marks=marks)


@pytest.mark.bad_input
@pytest.mark.parametrize(("name", "line", "message"), [_marked(entry) for entry in BAD_INPUTS])
def test_check_prints_file_line_message_and_exits_1(
    name: str, line: int | None, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(BAD / name)]) == 1
    captured = capsys.readouterr()
    assert captured.err == expected(name, line, message) + "\n"
    assert captured.out == ""


@pytest.mark.parametrize(("name", "line", "message"), BAD_INPUTS, ids=IDS)
def test_render_exits_1_and_writes_nothing(
    name: str, line: int | None, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["render", str(BAD / name), "--format", "dot", "svg", "mermaid", "rst", "-o", str(out)]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.err == expected(name, line, message) + "\n" + "vmgraph: 1 problem found\n"
    assert captured.out == ""
    assert not out.exists()
    assert listing(tmp_path) == []


def test_the_vmgraph_process_exits_1_and_prints_every_problem_in_order() -> None:
    """The real process (``python -m vmgraph``, whose exit status is ``main``'s), all inputs at once."""
    argv = [sys.executable, "-m", "vmgraph", "check", *(str(BAD / name) for name, _, _ in BAD_INPUTS)]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [expected(*entry) for entry in BAD_INPUTS]


# -- a file nobody may read: made here, read as an unprivileged user --------------------------------


@pytest.fixture
def unreadable_model(shared_tmp: Path) -> Path:
    """A valid model that only its owner (root) may read, in a directory everyone may enter."""
    path = shared_tmp / "unreadable.yaml"
    shutil.copyfile(DATA / "minimal.yaml", path)
    path.chmod(0)
    return path


@pytest.mark.bad_input
def test_unreadable_file_is_reported_to_an_unprivileged_user(
    unreadable_model: Path, shared_tmp: Path, as_nobody: Callable[[list[str]], tuple[int, str, str]]
) -> None:
    out = shared_tmp / "out"
    code, stdout, stderr = as_nobody(["check", str(unreadable_model)])
    assert (code, stdout) == (1, "")
    assert stderr == f"{unreadable_model}: permission denied: cannot read the model file\n"
    code, stdout, stderr = as_nobody(["render", str(unreadable_model), "--format", "dot", "-o", str(out)])
    assert (code, stdout) == (1, "")
    assert stderr == f"{unreadable_model}: permission denied: cannot read the model file\nvmgraph: 1 problem found\n"
    assert not out.exists()
    # the same user reads the same file once it is readable: the permission was the problem
    unreadable_model.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    code, stdout, _ = as_nobody(["check", str(unreadable_model)])
    assert (code, stdout) == (0, f"{unreadable_model}: valid (3 states, 3 actions, 0 sequences)\n")
