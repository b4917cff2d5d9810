"""Class 8 of the second hardening round: paths in messages.

A path is printed on one line, as UTF-8, whatever bytes its name holds: a newline in a file
name must not forge a problem line of its own, and a name that is not UTF-8 must not make a
strict UTF-8 stream raise ``UnicodeEncodeError``. The files are made in a temporary directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vmgraph.errors import Problem, show_path

DATA = Path(__file__).parent / "data"
MINIMAL = (DATA / "minimal.yaml").read_bytes()
BROKEN = (DATA / "bad" / "unknown_key.yaml").read_bytes()
STRICT = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}


def vmgraph(*argv: str | bytes, env: dict[str, str] = STRICT) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m vmgraph ARGV`` with strict UTF-8 output streams, with a timeout of 60 s."""
    command: list[str | bytes] = [sys.executable, "-m", "vmgraph", *argv]
    return subprocess.run(command, capture_output=True, check=False, timeout=60, env=env)


def model(tmp_path: Path, name: bytes, data: bytes = BROKEN) -> bytes:
    """Write *data* under the file name *name* (any bytes); return the path as bytes."""
    path = os.fsencode(tmp_path) + b"/" + name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)  # a name of any bytes: os, not pathlib
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    return path


@pytest.mark.hardening(8)
@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("a\nb.yaml", "a\\x0ab.yaml"),
        ("a\rb.yaml", "a\\x0db.yaml"),
        ("caf\udce9.yaml", "caf\\xe9.yaml"),
        ("a\u2028b.yaml", "a\\u2028b.yaml"),
        ("\u202eevil.yaml", "\\u202eevil.yaml"),
        ("a\x1b[31mred.yaml", "a\\x1b[31mred.yaml"),
        ("caf\u00e9/\u6a21\u578b.yaml", "caf\u00e9/\u6a21\u578b.yaml"),
    ],
    ids=["newline", "carriage-return", "not-utf8", "line-separator", "bidi-override", "escape-sequence", "unicode"],
)
def test_show_path_gives_one_printable_utf8_line(path: str, shown: str) -> None:
    assert show_path(path) == shown
    assert show_path(Path(path)) == shown
    assert str(Problem("unknown key", path, 3)) == f"{shown}:3: unknown key"
    shown.encode("utf-8")  # never raises


@pytest.mark.hardening(8)
def test_a_newline_in_a_file_name_forges_no_problem_line(tmp_path: Path) -> None:
    forged = b"x.yaml:1: everything is fine\n" + b"real.yaml"
    path = model(tmp_path, forged)
    proc = vmgraph("check", path)
    assert proc.returncode == 1
    lines = proc.stderr.decode("utf-8").splitlines()
    shown = os.fsdecode(path).replace("\n", "\\x0a")
    assert lines == [f"{shown}:13: unknown key 'acepts' in action #2 (did you mean 'accepts'?)"]


@pytest.mark.hardening(8)
def test_a_file_name_that_is_not_utf8_is_printed_on_a_strict_stream(tmp_path: Path) -> None:
    path = model(tmp_path, b"caf\xe9\xff.yaml")
    proc = vmgraph("check", path)
    assert proc.returncode == 1
    assert b"Traceback" not in proc.stderr
    assert proc.stderr.decode("utf-8").endswith(
        "caf\\xe9\\xff.yaml:13: unknown key 'acepts' in action #2 (did you mean 'accepts'?)\n"
    )


@pytest.mark.hardening(8)
def test_a_valid_model_with_such_a_name_is_reported_valid_on_one_line(tmp_path: Path) -> None:
    path = model(tmp_path, b"new\nline\xe9.yaml", MINIMAL)
    proc = vmgraph("check", path)
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert proc.stdout.decode("utf-8").endswith("new\\x0aline\\xe9.yaml: valid (3 states, 3 actions, 0 sequences)\n")
    assert proc.stdout.count(b"\n") == 1


@pytest.mark.hardening(8)
def test_render_into_a_directory_that_is_not_utf8_prints_without_raising(tmp_path: Path) -> None:
    source = model(tmp_path, b"minimal.yaml", MINIMAL)
    out = os.fsencode(tmp_path) + b"/out\xe9"
    proc = vmgraph("render", source, "--format", "dot", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert proc.stdout.decode("utf-8").splitlines()[0].endswith("out\\udce9/preconditions.dot")


@pytest.mark.hardening(8)
def test_an_output_path_with_a_newline_is_quoted_on_one_line(tmp_path: Path) -> None:
    source = model(tmp_path, b"minimal.yaml", MINIMAL)
    out = os.fsencode(tmp_path) + b"/pipe\nfake error.rst"
    os.mkfifo(out)
    proc = vmgraph("page", source, "-o", out)
    assert proc.returncode == 1
    assert proc.stderr.count(b"\n") == 1
    assert b"pipe\\nfake error.rst': it is a FIFO" in proc.stderr
