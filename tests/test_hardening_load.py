"""Classes 4, 5, 6 and 9 of the second hardening round: what the loader must refuse or warn of.

Single-problem model files of these classes are in the bad-input corpus (tests/data/bad/,
tests/test_bad_inputs.py marks them with their class); here are the cases that need more
than one file: peak memory, the Sphinx build, FIFOs, option values and warnings.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from vmgraph.cli import main
from vmgraph.errors import ModelError, ModelWarning
from vmgraph.limits import MAX_SIZE, parse_size
from vmgraph.load.loader import load_model
from vmgraph.load.yamlsource import MAX_EXPANDED, compose_file

HEAD = """\
vmgraph: 1
id: hostile
states:
  - {id: stopped, initial: true}
  - {id: running}
actions:
  - {id: start, accepts: [stopped], results: [running]}
  - {id: stop, accepts: [running], results: [stopped]}
"""
EXPANDS = f"aliases expand the text to more than {MAX_EXPANDED:,} characters; refusing to read it"


def write(tmp_path: Path, text: str, name: str = "model.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ModelError) as info:
        load_model(path)
    return [str(p) for p in info.value.problems]


def vmgraph(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m vmgraph ARGV`` with a timeout of 60 s (a hang fails the test)."""
    command = [sys.executable, "-m", "vmgraph", *argv]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60, env=env)


# -- class 4: text amplification through aliases ------------------------------------------------------------------

PEAK = """
import sys
from vmgraph.cli import main
code = main(sys.argv[1:])
# VmHWM: the peak of this program's own memory (ru_maxrss would count the forking parent's too)
status = open("/proc/self/status").read()
peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
print(peak // 1024, code)
"""


def _amplified(text_size: int, copies: int) -> str:
    lines = [f"  - {{id: s{i}, description: *d}}" for i in range(copies)]
    body = "\n".join(lines)
    return (
        f"vmgraph: 1\nid: hostile\nstates:\n  - {{id: first, initial: true, description: &d {'x' * text_size}}}\n"
        f"{body}\nactions:\n  - {{id: go, accepts: [first], results: [s0]}}\n"
    )


@pytest.mark.hardening(4)
@pytest.mark.parametrize(
    "command", [["page"], ["show", "--json"], ["render", "--format", "mermaid"]], ids=["page", "show-json", "render"]
)
def test_a_megabyte_text_aliased_400_times_is_refused_in_little_memory(command: list[str], tmp_path: Path) -> None:
    """The example of the issue: a 1 MB file made ``show --json`` write 401 MB and ``page`` use 1.6 GB."""
    model = write(tmp_path, _amplified(1_000_000, 400))
    out = [] if command[0] == "show" else ["-o", str(tmp_path / "out")]
    argv = [sys.executable, "-c", PEAK, command[0], str(model), *command[1:], *out]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
    megabytes, code = map(int, proc.stdout.splitlines()[-1].split())
    assert code == 1
    assert proc.stderr.startswith(f"{model}:4: {EXPANDS}\n")
    assert megabytes < 500
    assert proc.stdout.splitlines()[:-1] == []
    assert not (tmp_path / "out").exists()


@pytest.mark.hardening(4)
def test_text_just_under_the_bound_loads_and_pages_in_bounded_memory(tmp_path: Path) -> None:
    """15 aliases of a 1 MB text expand to 15 MB: accepted, and ``page`` stays far below 500 MB."""
    model = write(tmp_path, _amplified(1_000_000, 15))
    argv = [sys.executable, "-W", "ignore", "-c", PEAK, "page", str(model), "-o", str(tmp_path / "page.rst")]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
    megabytes, code = map(int, proc.stdout.splitlines()[-1].split())
    assert code == 0
    assert megabytes < 500


@pytest.mark.hardening(4)
def test_aliased_keys_and_labels_count_too(tmp_path: Path) -> None:
    label = "L" * 1000
    items = ", ".join(["*k"] * 20_000)
    text = HEAD + f"title: &k {label}\nsequences: [{items}]\n"
    assert problems(write(tmp_path, text)) == [f"{tmp_path / 'model.yaml'}:10: {EXPANDS}"]


@pytest.mark.hardening(4)
def test_a_file_larger_than_the_bound_without_aliases_loads(tmp_path: Path) -> None:
    """The bound is on what aliases add: a file's own text (under --max-bytes) always counts as written."""
    big = "d" * (MAX_EXPANDED + 10)
    path = write(tmp_path, HEAD + f"description: &d {big}\ntitle: *d\n")
    with pytest.raises(ModelError, match="aliases expand the text"):
        compose_file(path, max_bytes=64 << 20)
    path = write(tmp_path, HEAD + f"description: {big}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ModelWarning)
        assert len(load_model(path, max_bytes=64 << 20).description) == len(big)


# -- class 5: integers too large to print -------------------------------------------------------------------------


@pytest.mark.hardening(5)
@pytest.mark.parametrize(
    ("value", "line"),
    [("0x" + "1" * 4000, "a number of 4,002 characters"), ("0b" + "1" * 200, "a number of 202 characters"),
     ("1" + ":30" * 60, "a number of 181 characters"), ("0" + "7" * 150, "a number of 151 characters"),
     ("9" * 19 + "0", "a number outside the 64-bit range")],
    ids=["hex", "binary", "sexagesimal", "octal", "twenty-digits"],
)  # fmt: skip
def test_a_huge_power_value_is_a_problem_not_a_traceback(value: str, line: str, tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + f"power_states:\n  - {{id: up, value: {value}}}\n")
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:10: 'value' of power state 'up' is {line}")
    assert len(problem) < 200


@pytest.mark.hardening(5)
def test_a_huge_number_does_not_crash_the_sphinx_build(make_app: type, tmp_path: Path) -> None:
    write(tmp_path, HEAD.replace("vmgraph: 1", "vmgraph: 0x" + "f" * 4000), "huge.yaml")
    write(tmp_path, 'extensions = ["vmgraph.sphinxext"]\nvmgraph_models = {"huge": "huge.yaml"}\n', "conf.py")
    write(tmp_path, "Page\n====\n\n.. vmgraph-states:: huge\n", "index.rst")
    app = make_app("html", srcdir=tmp_path, freshenv=True)
    app.build(force_all=True)
    warned = app.warning.getvalue()
    assert "huge.yaml:1: 'vmgraph' is a number of 4,002 characters; at most 100 are read" in warned
    assert "Traceback" not in warned


# -- class 9: other -----------------------------------------------------------------------------------------------


@pytest.mark.hardening(9)
@pytest.mark.parametrize("value", ["99999999999999999999999G", "9" * 5000, "1025G", "\u0661\u0662"])
def test_a_huge_or_odd_max_bytes_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(Path(__file__).parent / "data" / "minimal.yaml"), "--max-bytes", value]) == 2
    err = capsys.readouterr().err
    assert "argument --max-bytes: expected a size" in err
    assert len(err) < 1000


@pytest.mark.hardening(9)
def test_the_largest_max_bytes_allocates_nothing_up_front(tmp_path: Path) -> None:
    """With the largest limit, a small file costs no more memory than with the default one."""
    assert parse_size("1024G") == MAX_SIZE
    proc = subprocess.run(
        [sys.executable, "-c", PEAK, "check", "--max-bytes", "1024G", str(head_file(tmp_path))],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    megabytes, code = map(int, proc.stdout.splitlines()[-1].split())
    assert (code, megabytes < 100) == (0, True)


def head_file(tmp_path: Path) -> Path:
    """Write a small valid model (HEAD with an action that keeps the state); return its path."""
    return write(tmp_path, HEAD + "  - {id: go, accepts: [running], results: unchanged}\n", "head.yaml")


@pytest.mark.hardening(9)
def test_a_fifo_as_the_model_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "model.yaml"
    os.mkfifo(fifo)
    proc = vmgraph("check", str(fifo))
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == f"{fifo}: is a FIFO (named pipe), not a model file; give the path of a regular file\n"


@pytest.mark.hardening(9)
def test_a_fifo_as_the_model_of_a_sphinx_build_is_a_warning(make_app: type, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    write(tmp_path, 'extensions = ["vmgraph.sphinxext"]\nvmgraph_models = {"pipe": "pipe.yaml"}\n', "conf.py")
    write(tmp_path, "Page\n====\n\n.. vmgraph-states:: pipe\n", "index.rst")
    app = make_app("html", srcdir=tmp_path, freshenv=True)
    app.build(force_all=True)
    assert "pipe.yaml: is a FIFO (named pipe), not a model file" in app.warning.getvalue()


@pytest.mark.hardening(9)
@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"], ids=["U+2028", "U+2029", "U+0085"])
def test_unicode_line_separators_in_quotes_do_not_shift_lines(separator: str, tmp_path: Path) -> None:
    text = HEAD.replace("  - {id: running}\n", f'  - {{id: running, description: "a{separator}b{separator}c"}}\n')
    text = text.replace("results: [stopped]", "results: [stoped]")
    path = write(tmp_path, text)
    assert problems(path) == [
        f"{path}:8: 'results' of action 'stop' names unknown state 'stoped' (did you mean 'stopped'?)"
    ]


@pytest.mark.hardening(9)
def test_a_line_separator_before_a_yaml_error_does_not_shift_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD.replace("  - {id: running}\n", '  - {id: running, label: "x\u2028y"}\n') + "  - [\n")
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:10: invalid YAML")


@pytest.mark.hardening(9)
def test_empty_results_are_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "  - {id: noop, accepts: [running], results: []}\n")
    with pytest.warns(ModelWarning) as caught:
        load_model(path)
    expected = f"{path}:9: 'results' of action 'noop' is an empty list: it leads to no state (list its results, or write 'unchanged')"
    assert expected in [str(w.message) for w in caught]


@pytest.mark.hardening(9)
def test_any_except_leaving_no_state_is_an_error_in_a_variant_too(tmp_path: Path) -> None:
    text = HEAD + (
        "  - id: reboot\n    accepts: [running]\n    results: [running]\n"
        "    variants:\n      - {id: hard, accepts: {any_except: [running]}}\n"
    )
    path = write(tmp_path, text)
    assert problems(path) == [
        (
            f"{path}:13: 'any_except' of variant 'hard' of action 'reboot' leaves no state to accept, which would make "
            "it create the resource (write 'accepts: []' for a creating action)"
        )
    ]


@pytest.mark.hardening(9)
@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        (("  - {id: start,", "  - &a {id: start,"), 9, "duplicate action id 'start': this alias repeats the action defined at line 7"),
        (("  - {id: running}", '  - &r {id: running, description: "x\u2028y"}\n  - {id: paused}'), 6, "duplicate state id 'running': this alias repeats the state defined at line 5"),
        (("states:\n", "states: [&s stopped, *s, running]\nx:\n"), 3, "duplicate state id 'stopped': this alias repeats the state defined at line 3"),
    ],
    ids=["action", "after-a-line-separator", "flow-list"],
)  # fmt: skip
def test_a_duplicate_made_through_an_alias_points_at_the_alias(
    edit: tuple[str, str], line: int, message: str, tmp_path: Path
) -> None:
    text = HEAD.replace(*edit)
    if "&a" in text:
        text += "  - *a\n"
    elif "&r" in text:
        text = text.replace("  - {id: paused}", "  - *r")
    else:
        text = text.replace("x:\n  - {id: stopped, initial: true}\n  - {id: running}\n", "")
    path = write(tmp_path, text)
    assert problems(path) == [f"{path}:{line}: {message}"]


@pytest.mark.hardening(9)
@pytest.mark.parametrize(
    "where",
    [
        "unknown key {0!r}",
        "'results' of action 'start' names unknown state {0!r}",
    ],
    ids=["unknown-key", "unknown-state"],
)
def test_a_symlinked_secret_is_quoted_at_most_40_characters(where: str, tmp_path: Path) -> None:
    secret = "root:$6$" + "s" * 80
    text = (
        HEAD.replace("  - {id: stopped,", f"  - {{{secret}: 1, id: stopped,")
        if "key" in where
        else HEAD.replace("results: [running]", f"results: ['{secret}']")
    )
    secret_file = write(tmp_path, text, "secret.txt")
    link = tmp_path / "model.yaml"
    link.symlink_to(secret_file)
    (problem,) = problems(link)
    assert secret[:40] in problem
    assert secret[:41] not in problem
    assert "(88 characters)" in problem
