"""Faults around a render: `dot` missing, failing, crashing, printing garbage or hanging; an output
directory that is read-only, full or deleted mid-run; interrupted and concurrent runs.

Every fault must end in a clear error (naming the view where there is one) and exit status 1,
or 130/143 for an interruption, with no `dot` process left behind, no temporary file left, no
half-written file under a final name, and the files of earlier runs as they were. `dot`
faults are injected with a fake `dot` on PATH (tests/fake_dot.py), disk faults by
monkeypatching the few calls :mod:`vmgraph.output.files` makes, permissions by running the
command as an unprivileged user (CI runs as root).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Self

import pytest

from vmgraph.cli import Terminated, main
from vmgraph.load.loader import MODELS_DIR
from vmgraph.output import files as outputs
from vmgraph.output import render

pytestmark = pytest.mark.fault

TESTS = Path(__file__).parent
FAKE_DOT = TESTS / "fake_dot.py"
VIEWS = ("preconditions", "transitions", "create-sequence")


def listing(directory: Path) -> list[str]:
    """Return every entry under *directory* (hidden ones too), relative and sorted."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


def snapshot(directory: Path) -> dict[str, bytes]:
    """Return the bytes of every file under *directory*, by relative name."""
    return {name: (directory / name).read_bytes() for name in listing(directory) if (directory / name).is_file()}


def assert_all_gone(pids_file: Path) -> None:
    """Assert that every fake `dot` that recorded its PID has ended and been reaped."""
    pids = [int(p) for p in pids_file.read_text(encoding="utf-8").split()] if pids_file.exists() else []
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory, dot_binary: str) -> dict[str, bytes]:
    """The files a good render of nova wrote with the real `dot`: what a failed run must keep."""
    out = tmp_path_factory.mktemp("earlier")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("VMGRAPH_DOT", raising=False)
        assert main(["render", "nova", "--format", "svg", "png", "pdf", "-o", str(out)]) == 0
    return snapshot(out)


@pytest.fixture
def fake_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put tests/fake_dot.py first on PATH as `dot`; return the file its processes' PIDs go to."""
    script = tmp_path / "bin" / "dot"
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_DOT}" "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("VMGRAPH_DOT", raising=False)
    pids = tmp_path / "pids"
    monkeypatch.setenv("FAKE_DOT_PIDS", str(pids))
    return pids


# -- `dot` faults: each view that fails is named, the others are written, old files stay ---------------------

GARBAGE = "b'Segmentation fault? No: '"
SVG_AS = "b'<?xml version=\"1.0\"?>\\n<!'"

#: (case, fake `dot` settings, format, {view: the error about it}); views not named are written.
DOT_FAULTS = [
    ("exits-non-zero", {"FAKE_DOT_FAILS": "nova_transitions"}, "svg",
     {"transitions": "`dot -Tsvg` failed: Error: <stdin>: trouble in graph nova_transitions"}),
    ("killed-by-a-signal", {"FAKE_DOT_CRASH": "nova_transitions"}, "svg",
     {"transitions": "`dot -Tsvg` failed: killed by signal SIGSEGV"}),
    ("prints-garbage", {"FAKE_DOT_GARBAGE": "nova_transitions"}, "svg",
     {"transitions": f"`dot -Tsvg` wrote 37 bytes that are not an SVG image (they start with {GARBAGE})"}),
    ("prints-nothing", {"FAKE_DOT_SILENT": "nova_transitions"}, "svg", {"transitions": "`dot -Tsvg` wrote nothing"}),
    ("prints-broken-xml", {"FAKE_DOT_MALFORMED": "nova_transitions"}, "svg",
     {"transitions": "`dot -Tsvg` wrote an SVG image that is not well-formed XML (not well-formed (invalid token): line 3, column 30)"}),
    ("times-out", {"FAKE_DOT_SLOW": "nova_transitions"}, "svg",
     {"transitions": "`dot` took longer than 8 s and was stopped (a longer --timeout may help)"}),
    ("png-that-is-no-png", {}, "png",
     dict.fromkeys(VIEWS, f"`dot -Tpng` wrote {{}} bytes that are not a PNG image (they start with {SVG_AS})")),
    ("pdf-that-is-no-pdf", {}, "pdf",
     dict.fromkeys(VIEWS, f"`dot -Tpdf` wrote {{}} bytes that are not a PDF image (they start with {SVG_AS})")),
]  # fmt: skip


@pytest.fixture(params=DOT_FAULTS, ids=[f[0] for f in DOT_FAULTS])
def dot_fault(request: pytest.FixtureRequest, fake_dot: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """One fault of :data:`DOT_FAULTS`, set up on the fake `dot`."""
    _case, env, fmt, errors = request.param
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return SimpleNamespace(fmt=fmt, errors=errors, pids=fake_dot)


def test_dot_fault_names_the_view_keeps_its_old_file_and_exits_1(
    dot_fault: SimpleNamespace, earlier: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fmt, errors = dot_fault.fmt, dot_fault.errors
    out = tmp_path / "out"
    out.mkdir()
    for name, data in earlier.items():
        (out / name).write_bytes(data)
    started = time.monotonic()
    code = main(["render", "nova", "--format", fmt, "--force", "--timeout", "8", "-o", str(out)])
    assert time.monotonic() - started < 20, "a fault must not hang the render"
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    expected = [re.escape(f"vmgraph: error: view {v!r}: {msg}").replace(r"\{\}", "[0-9]+") for v, msg in errors.items()]
    assert len(err) == len(expected), err
    for line, pattern in zip(sorted(err), sorted(expected), strict=True):
        assert re.fullmatch(pattern, line), line
    after = snapshot(out)
    assert sorted(after) == sorted(earlier), "no file added, none removed, no temporary file left"
    for view in VIEWS:
        name = f"{view}.{fmt}"
        if view in errors:
            assert after[name] == earlier[name], f"{name} must stay as the earlier run wrote it"
        else:
            assert after[name] != earlier[name], f"{name} is written again"
            assert after[name].endswith(b"</title></svg>\n"), "what the fake `dot` draws"
    assert_all_gone(dot_fault.pids)


def test_dot_missing_keeps_old_images_writes_dot_files_and_exits_1(
    earlier: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("VMGRAPH_DOT", raising=False)
    out = tmp_path / "out"
    out.mkdir()
    for name, data in earlier.items():
        (out / name).write_bytes(data)
    assert main(["render", "nova", "--format", "dot", "svg", "--force", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("vmgraph: error: Graphviz `dot` was not found on PATH; install Graphviz")
    assert err.count("\n") == 1
    after = snapshot(out)
    assert {n: after[n] for n in earlier} == earlier
    assert sorted(set(after) - set(earlier)) == [f"{v}.dot" for v in sorted(VIEWS)]


def test_configured_dot_that_is_not_executable_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VMGRAPH_DOT", str(tmp_path / "no-such-dot"))
    assert main(["render", "nova", "--format", "svg", "-o", str(tmp_path / "out")]) == 1
    assert (
        capsys.readouterr().err
        == f"vmgraph: error: VMGRAPH_DOT={str(tmp_path / 'no-such-dot')!r} is not an executable\n"
    )
    assert not (tmp_path / "out").exists()


def test_diff_diagram_with_a_crashing_dot_is_an_error_not_a_traceback(
    fake_dot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FAKE_DOT_CRASH", "vmgraph_diff")
    output = tmp_path / "diff.svg"
    code = main(["diff", "nova-2014", "nova", "--format", "svg", "-o", str(output)])
    err = capsys.readouterr().err
    assert (code, err) == (1, "vmgraph: error: view 'diff': `dot -Tsvg` failed: killed by signal SIGSEGV\n")
    assert not output.exists()
    assert listing(tmp_path).count("diff.svg") == 0


# -- the output directory: read-only, full, deleted mid-run -------------------------------------------------


def test_read_only_directory_is_an_error_for_an_unprivileged_user(
    shared_tmp: Path, as_nobody: Callable[[list[str]], tuple[int, str, str]]
) -> None:
    # The user must reach the model: the checkout may sit where only its owner can enter.
    model = shared_tmp / "nova.yaml"
    shutil.copyfile(MODELS_DIR / "nova.yaml", model)
    model.chmod(0o644)
    out = shared_tmp / "out"
    out.mkdir()
    (out / "preconditions.dot").write_text("old\n", encoding="utf-8")
    out.chmod(0o555)  # read-only, to everyone but root
    code, stdout, stderr = as_nobody(["render", str(model), "--format", "dot", "--force", "-o", str(out)])
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [
        f"vmgraph: error: cannot write '{out}/{view}.dot': Permission denied" for view in VIEWS
    ]
    assert listing(out) == ["preconditions.dot"]
    assert (out / "preconditions.dot").read_text(encoding="utf-8") == "old\n"
    # a directory to create inside it
    code, _, stderr = as_nobody(["render", str(model), "--format", "dot", "-o", str(out / "sub")])
    assert code == 1
    assert stderr == f"vmgraph: error: cannot create the directory '{out / 'sub'}': Permission denied\n"
    assert listing(out) == ["preconditions.dot"]


class _FullDisk:
    """A file object that takes half of what is written, then fails as a full disk does."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


def _os_with(**overrides: Callable[..., Any]) -> SimpleNamespace:
    """Return a stand-in for the ``os`` module :mod:`vmgraph.output.files` uses, with some calls replaced."""
    return SimpleNamespace(
        **{**{name: getattr(os, name) for name in dir(os) if not name.startswith("__")}, **overrides}
    )


def _fail_fsync(fd: int) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param({"fdopen": lambda fd, mode: _FullDisk(os.fdopen(fd, mode))}, id="write"),
        pytest.param({"fsync": _fail_fsync}, id="fsync"),
    ],
)
def test_full_disk_is_an_error_and_leaves_neither_half_files_nor_temporary_files(
    fault: dict[str, Callable[..., Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "transitions.dot").write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(outputs, "os", _os_with(**fault))
    assert main(["render", "nova", "--format", "dot", "--force", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"vmgraph: error: cannot write '{out}/{view}.dot': No space left on device" for view in VIEWS
    ]
    assert listing(out) == ["transitions.dot"]
    assert (out / "transitions.dot").read_text(encoding="utf-8") == "old\n"


def test_directory_deleted_between_two_files_is_an_error_not_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    real = render.write_atomic
    calls: list[Path] = []

    def deleting(path: Path, data: bytes, **kwargs: Any) -> None:
        calls.append(path)
        if len(calls) == 2:  # after the first file: someone removes the directory
            shutil.rmtree(out)
        real(path, data, **kwargs)

    monkeypatch.setattr(render, "write_atomic", deleting)
    assert main(["render", "nova", "--format", "dot", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{out}/preconditions.dot\n"
    assert captured.err.splitlines() == [
        f"vmgraph: error: cannot write '{out}/{view}.dot': No such file or directory" for view in VIEWS[1:]
    ]
    assert not out.exists(), "a directory removed during the run is not made again"
    assert listing(tmp_path) == []


def test_directory_deleted_during_a_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"

    rename = Path.replace

    def replace_after_removal(src: Path, dst: Path) -> Path:
        shutil.rmtree(out, ignore_errors=True)  # between the temporary file and its rename
        return rename(src, dst)

    monkeypatch.setattr(Path, "replace", replace_after_removal)  # the rename of vmgraph.output.files
    assert main(["render", "nova", "--format", "dot", "--view", "transitions", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"vmgraph: error: cannot write '{out}/transitions.dot': No such file or directory\n"
    assert listing(tmp_path) == []


# -- interrupted runs -----------------------------------------------------------------------------------------


def _wait_for(condition: Callable[[], bool], timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.02)


#: `vmgraph` as a terminal starts it: with Ctrl-C's handler even where this test's runner was started with
#: SIGINT ignored (a background job of a non-interactive shell is), which its children would inherit.
AS_FROM_A_TERMINAL = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    "from vmgraph.cli import console_main; console_main()"
)


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_signal_during_layout_stops_dot_and_writes_nothing(
    signum: int, status: int, fake_dot: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "transitions.svg").write_text("<svg>old</svg>\n", encoding="utf-8")
    env = {**os.environ, "FAKE_DOT_SLOW": "*"}
    argv = [sys.executable, "-c", AS_FROM_A_TERMINAL, "render", "nova", "--format", "dot", "svg", "-o", str(out)]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: fake_dot.exists() and len(fake_dot.read_text(encoding="utf-8").split()) >= 2)
        time.sleep(0.3)  # the model is loaded and the graphs are in `dot`'s hands
        assert proc.poll() is None
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=20)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == status
    assert (stdout, stderr) == ("", "vmgraph: interrupted\n")
    assert listing(out) == ["transitions.svg"], "no file written, no temporary file left"
    assert (out / "transitions.svg").read_text(encoding="utf-8") == "<svg>old</svg>\n"
    assert_all_gone(fake_dot)


@pytest.mark.parametrize(
    ("interrupt", "status"), [(KeyboardInterrupt(), 130), (Terminated(signal.SIGTERM), 143)], ids=["SIGINT", "SIGTERM"]
)
def test_interrupt_while_writing_leaves_whole_files_only(
    interrupt: BaseException,
    status: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "transitions.dot").write_text("old\n", encoding="utf-8")
    synced: list[int] = []

    def fsync(fd: int) -> None:
        synced.append(fd)
        if len(synced) == 2:  # the second file is half way: written, not yet renamed
            raise interrupt
        os.fsync(fd)

    monkeypatch.setattr(outputs, "os", _os_with(fsync=fsync))
    assert main(["render", "nova", "--format", "dot", "--force", "-o", str(out)]) == status
    assert capsys.readouterr().err == "vmgraph: interrupted\n"
    assert listing(out) == ["preconditions.dot", "transitions.dot"]
    assert (out / "transitions.dot").read_text(encoding="utf-8") == "old\n"
    assert (out / "preconditions.dot").read_text(encoding="utf-8").endswith("}\n")


def test_sigterm_handler_is_put_back_after_a_run(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    assert main(["render", "nova", "--format", "dot", "-o", str(tmp_path)]) == 0
    assert signal.getsignal(signal.SIGTERM) is before


# -- concurrent runs into one directory -------------------------------------------------------------------------


@pytest.fixture
def expected_outputs(tmp_path: Path, dot_binary: str) -> dict[str, set[bytes]]:
    """What nova and nova-2014 render to, each alone: file name -> the contents it may have."""
    found: dict[str, set[bytes]] = {}
    for model in ("nova", "nova-2014"):
        out = tmp_path / f"alone-{model}"
        assert main(["render", model, "--format", "dot", "svg", "-o", str(out)]) == 0
        for name, data in snapshot(out).items():
            found.setdefault(name, set()).add(data)
    return found


def test_concurrent_renders_into_one_directory_give_whole_files(
    expected_outputs: dict[str, set[bytes]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    out = tmp_path / "shared"
    env = {k: v for k, v in os.environ.items() if k != "VMGRAPH_DOT"}
    for _round in range(2):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "vmgraph", "render", model, "--format", "dot", "svg", "--force", "-o", str(out)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for model in ("nova", "nova-2014", "nova", "nova-2014")
        ]
        for proc in procs:
            _, stderr = proc.communicate(timeout=120)
            assert (proc.returncode, stderr) == (0, b"")
        written = snapshot(out)
        assert sorted(written) == sorted(expected_outputs), "no temporary file left, no file missing"
        for name, data in written.items():
            assert data in expected_outputs[name], f"{name} is no whole output of either model"
            if name.endswith(".svg"):
                assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"
