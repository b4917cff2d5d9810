"""Resource attacks on the loader: alias bombs, deep nesting, huge and endless files.

Each is refused before anything is expanded, in bounded memory (measured with tracemalloc)
and bounded recursion (run in a child whose recursion limit leaves only a few dozen frames),
with PyYAML's C loader and with its pure-Python one. How fast they are refused is measured
by the benchmark (``python bench/attacks.py``), not here. The size limit is configurable, and
the 10,000-action benchmark model loads under the default.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from vmgraph.cli import main
from vmgraph.errors import ModelError
from vmgraph.limits import MAX_BYTES
from vmgraph.load import yamlsource
from vmgraph.load.loader import load_model

pytestmark = pytest.mark.bad_input

BENCH = Path(__file__).parent.parent / "bench"
BAD = Path(__file__).parent / "data" / "bad"
HEAD = "vmgraph: 1\nid: x\nstates: [a]\nactions: [{id: go, accepts: [a], results: [a]}]\n"
EXPANDS = "aliases expand to more than 5,000,000 nodes; refusing to read it"
NESTS = "document nests deeper than 64 levels; refusing to read it"
KEYS = "vmgraph, id, title, description, defaults, states, task_states, power_states, actions, sequences, code, terms, drawing"
UNKNOWN_X = f"unknown key 'x' in the model (valid keys: {KEYS})"


def _attacks() -> dict[str, tuple[str, int, str]]:
    """Return name -> (YAML text, line, message) of every attack of bench/attacks.py; the C loader's messages."""
    sys.path.insert(0, str(BENCH))
    try:
        from attacks import attack_texts
    finally:
        sys.path.remove(str(BENCH))
    texts = attack_texts()
    expected = {
        "billion-laughs": (12, EXPANDS),
        "two-to-the-64": (27, EXPANDS),
        "quadratic-blowup": (7, EXPANDS),
        "recursive-alias": (3, "recursive alias: a node contains itself"),
        "deep-flow-100000": (
            5,
            "invalid YAML: exceeded maximum nesting depth (while increasing flow level from line 5)",
        ),
        "deep-flow-65": (5, NESTS),
        "deep-block-100": (70, NESTS),
        "alias-chain-3000": (5, UNKNOWN_X),
    }
    assert sorted(expected) == sorted(texts)
    return {name: (texts[name], *expected[name]) for name in texts} | {
        "corpus-alias-bomb": ((BAD / "alias_bomb.yaml").read_text(encoding="utf-8"), 17, EXPANDS)
    }


ATTACKS = _attacks()
#: Messages of PyYAML's pure-Python loader where it words a refusal differently.
PURE_PYTHON = {"deep-flow-100000": (5, NESTS)}


@pytest.fixture(params=["libyaml", "pure-python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with PyYAML's C loader (the default) and with its pure-Python one."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlsource, "_Loader", yaml.SafeLoader)
    else:
        assert yamlsource._Loader is yaml.CSafeLoader
    return str(request.param)


@pytest.fixture
def traced() -> Iterator[None]:
    tracemalloc.start()
    yield
    tracemalloc.stop()


@pytest.mark.usefixtures("traced")
@pytest.mark.parametrize("attack", ATTACKS, ids=list(ATTACKS))
def test_attack_is_refused_in_bounded_memory(attack: str, loader: str, tmp_path: Path) -> None:
    text, line, message = ATTACKS[attack]
    if loader == "pure-python" and attack in PURE_PYTHON:
        line, message = PURE_PYTHON[attack]
    path = tmp_path / f"{attack}.yaml"
    path.write_text(text, encoding="utf-8")
    tracemalloc.reset_peak()
    baseline = tracemalloc.get_traced_memory()[0]
    with pytest.raises(ModelError) as info:
        load_model(path)
    peak = tracemalloc.get_traced_memory()[1] - baseline
    assert [str(p) for p in info.value.problems] == [f"{path}:{line}: {message}"]
    # in proportion to the text (its nodes), never to what the aliases expand to (gigabytes)
    assert peak < 200 * len(text.encode()) + 4_000_000, f"{peak:,} bytes for a {len(text):,}-character file"


PROBE = """
import json, resource, sys
import yaml
from vmgraph.load import yamlsource
from vmgraph.errors import ModelError
from vmgraph.load.loader import load_model

if sys.argv[1] == "pure-python":
    yamlsource._Loader = yaml.SafeLoader
frame, depth = sys._getframe(), 0
while frame is not None:
    frame, depth = frame.f_back, depth + 1
sys.setrecursionlimit(depth + int(sys.argv[2]))
outcome = {}
for path in sys.argv[3:]:
    try:
        load_model(path)
        outcome[path] = "loaded"
    except ModelError as err:
        outcome[path] = str(err)
outcome["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(outcome))
"""


@pytest.mark.parametrize("loader", ["libyaml", "pure-python"])
def test_attacks_are_refused_with_a_few_dozen_frames_of_stack(loader: str, tmp_path: Path) -> None:
    """In a child allowed 60 frames above its start and no RecursionError: bounded recursion."""
    paths = []
    for name, (text, _, _) in ATTACKS.items():
        paths.append(tmp_path / f"{name}.yaml")
        paths[-1].write_text(text, encoding="utf-8")
    nova = Path(yamlsource.__file__).parent.parent / "models" / "nova.yaml"
    argv = [sys.executable, "-c", PROBE, loader, "60", str(nova), *map(str, paths)]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    outcome = json.loads(proc.stdout)
    assert outcome.pop(str(nova)) == "loaded", "a real model needs no more stack than that"
    for name, path in zip(ATTACKS, paths, strict=True):
        line, message = ATTACKS[name][1:]
        if loader == "pure-python" and name in PURE_PYTHON:
            line, message = PURE_PYTHON[name]
        assert outcome[str(path)] == f"{path}:{line}: {message}"
    assert outcome["peak_mb"] < 200


# -- the size limit ------------------------------------------------------------------------------------------


def _sparse(path: Path, size: int) -> Path:
    """Make *path* a file of *size* bytes that takes no room on disk (all NUL but the last)."""
    with path.open("wb") as stream:
        stream.seek(size - 1)
        stream.write(b"\n")
    return path


@pytest.mark.usefixtures("traced")
@pytest.mark.parametrize("size", [MAX_BYTES + 1, 1 << 40], ids=["limit-plus-one", "one-tebibyte"])
def test_file_over_the_default_limit_is_refused_unread(size: int, tmp_path: Path) -> None:
    path = _sparse(tmp_path / "huge.yaml", size)
    tracemalloc.reset_peak()
    with pytest.raises(ModelError) as info:
        load_model(path)
    assert str(info.value) == (
        f"{path}: file is larger than the limit of 16,777,216 bytes; refusing to read it "
        "(a larger limit: --max-bytes or VMGRAPH_MAX_BYTES)"
    )
    assert tracemalloc.get_traced_memory()[1] < 1_000_000, "a file known to be too big is not read at all"


def test_endless_file_is_refused_after_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--max-bytes", "1M", "/dev/zero"]) == 1
    assert capsys.readouterr().err == (
        "/dev/zero: file is larger than the limit of 1,048,576 bytes; refusing to read it "
        "(a larger limit: --max-bytes or VMGRAPH_MAX_BYTES)\n"
    )


def test_the_10000_action_benchmark_model_loads_under_the_default_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from generate import generate_model
    finally:
        sys.path.remove(str(BENCH))
    path = tmp_path / "scale-10000.yaml"
    path.write_text(generate_model(states=2_000, actions=10_000, seed=1), encoding="utf-8")
    assert 2_000_000 < path.stat().st_size < MAX_BYTES
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: valid (2000 states, 10000 actions, 1 sequence)\n"


SMALL = Path(__file__).parent / "data" / "minimal.yaml"
TOO_BIG = "file is larger than the limit of {:,} bytes; refusing to read it (a larger limit: --max-bytes or VMGRAPH_MAX_BYTES)"

#: Every command that loads a model, with what it needs besides the model.
LOADING = {
    "check": ["check", str(SMALL)],
    "render": ["render", str(SMALL), "--format", "dot", "-o", "{out}"],
    "show": ["show", str(SMALL)],
    "page": ["page", str(SMALL)],
    "diff": ["diff", str(SMALL), str(SMALL)],
    "drift": ["drift", str(SMALL), "--source", str(Path(__file__).parent / "data" / "fakenova")],
}


@pytest.mark.parametrize("command", LOADING)
def test_every_loading_command_takes_max_bytes(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size = SMALL.stat().st_size
    argv = [arg.replace("{out}", str(tmp_path / "out")) for arg in LOADING[command]]
    assert main([*argv, "--max-bytes", str(size - 1)]) == 1
    err = capsys.readouterr().err
    assert f"{SMALL}: {TOO_BIG.format(size - 1)}\n" in err
    assert not (tmp_path / "out").exists()
    assert main([*argv, "--max-bytes", str(size)]) in {0, 1}  # drift may find drift; the file is read
    assert "larger than the limit" not in capsys.readouterr().err


def test_the_environment_sets_the_limit_and_the_option_overrides_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    size = SMALL.stat().st_size
    monkeypatch.setenv("VMGRAPH_MAX_BYTES", str(size - 1))
    assert main(["check", str(SMALL)]) == 1
    assert capsys.readouterr().err == f"{SMALL}: {TOO_BIG.format(size - 1)}\n"
    assert main(["check", str(SMALL), "--max-bytes", "1M"]) == 0
    monkeypatch.setenv("VMGRAPH_MAX_BYTES", "1m")
    assert main(["check", str(SMALL)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("VMGRAPH_MAX_BYTES", "lots")
    assert main(["check", str(SMALL)]) == 1
    assert capsys.readouterr().err == (
        "VMGRAPH_MAX_BYTES: expected a size in bytes above 0, such as 16777216 or 16M, got 'lots'\n"
    )
    assert os.environ["VMGRAPH_MAX_BYTES"] == "lots"


@pytest.mark.parametrize("value", ["0", "-1", "1.5M", "16Q", ""])
def test_bad_max_bytes_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SMALL), "--max-bytes", value]) == 2
    assert f"argument --max-bytes: expected a size in bytes above 0, such as 16777216 or 16M, got {value!r}" in (
        capsys.readouterr().err
    )
