"""Classes 1 and 2 of the second hardening round: outputs that are special files.

1. Nothing but a regular file (or a new path) is replaced by an output: a FIFO, a device,
   a socket or a symlink to one is refused with a clear message and left as it was.
2. An existing output is read back only if it is a regular file, and never beyond a bound:
   a FIFO does not block, a symlink to an endless device is not read.

The special files are made here, in a temporary directory (devices with ``os.mknod``, as
root only), never the system's own. Every command runs as a child process with a timeout of
60 s: a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from vmgraph.output.files import OutputError, read_existing, write_atomic
from vmgraph.output.stamp import image_is_current

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
#: Device numbers of Linux's null and zero devices: the nodes are made in a temporary directory.
NULL, ZERO = os.makedev(1, 3), os.makedev(1, 5)


def vmgraph(*argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m vmgraph ARGV`` with a timeout of 60 s."""
    command = [sys.executable, "-m", "vmgraph", *argv]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)


def within_60s(function: Callable[[], object]) -> object:
    """Return what *function* returns; fail the test if it has not returned within 60 s."""
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(function()), daemon=True)
    worker.start()
    worker.join(60)
    assert result, "blocked for 60 s"
    return result[0]


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def device(path: Path, number: int) -> Path:
    os.mknod(path, 0o666 | stat.S_IFCHR, number)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "socket.rst"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        yield path


def kind(path: Path) -> int:
    """Return the file type of *path* itself (not of what a symlink points to)."""
    return stat.S_IFMT(os.lstat(path).st_mode)


# -- class 1: outputs never replace a special file ---------------------------------------------------------------

FIFO_MESSAGE = "it is a FIFO (named pipe); vmgraph writes only regular files or new paths"
DEVICE_MESSAGE = "it is a character device; vmgraph writes only regular files or new paths"


@pytest.mark.hardening(1)
def test_page_onto_a_fifo_is_refused(tmp_path: Path) -> None:
    out = fifo(tmp_path / "page.rst")
    proc = vmgraph("page", str(MINIMAL), "-o", str(out))
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == f"vmgraph: error: cannot write {str(out)!r}: {FIFO_MESSAGE}\n"
    assert kind(out) == stat.S_IFIFO


@ROOT_ONLY
@pytest.mark.hardening(1)
def test_page_onto_a_character_device_is_refused(tmp_path: Path) -> None:
    out = device(tmp_path / "null", NULL)
    proc = vmgraph("page", str(MINIMAL), "-o", str(out))
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == f"vmgraph: error: cannot write {str(out)!r}: {DEVICE_MESSAGE}\n"
    assert kind(out) == stat.S_IFCHR
    assert os.lstat(out).st_rdev == NULL


@ROOT_ONLY
@pytest.mark.hardening(1)
def test_page_onto_a_symlink_to_a_device_is_refused_and_the_link_kept(tmp_path: Path) -> None:
    target = device(tmp_path / "tty", os.makedev(5, 0))  # a terminal's numbers; never opened
    out = tmp_path / "page.rst"
    out.symlink_to(target)
    proc = vmgraph("page", str(MINIMAL), "-o", str(out))
    assert proc.returncode == 1
    assert proc.stderr == f"vmgraph: error: cannot write {str(out)!r}: {DEVICE_MESSAGE}\n"
    assert kind(out) == stat.S_IFLNK
    assert kind(target) == stat.S_IFCHR


@pytest.mark.hardening(1)
def test_page_onto_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    target = fifo(tmp_path / "pipe")
    out = tmp_path / "page.rst"
    out.symlink_to(target)
    proc = vmgraph("page", str(MINIMAL), "-o", str(out))
    assert proc.returncode == 1
    assert proc.stderr == f"vmgraph: error: cannot write {str(out)!r}: {FIFO_MESSAGE}\n"
    assert (kind(out), kind(target)) == (stat.S_IFLNK, stat.S_IFIFO)


@pytest.mark.hardening(1)
def test_page_onto_a_socket_is_refused(unix_socket: Path) -> None:
    proc = vmgraph("page", str(MINIMAL), "-o", str(unix_socket))
    assert proc.returncode == 1
    message = "it is a socket; vmgraph writes only regular files or new paths"
    assert proc.stderr == f"vmgraph: error: cannot write {str(unix_socket)!r}: {message}\n"
    assert kind(unix_socket) == stat.S_IFSOCK


@pytest.mark.hardening(1)
def test_render_leaves_a_fifo_among_its_outputs_and_writes_the_others(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    pipe = fifo(out / "transitions.dot")
    proc = vmgraph("render", str(MINIMAL), "--format", "dot", "-o", str(out))
    assert proc.returncode == 1
    assert f"vmgraph: error: cannot write {str(pipe)!r}: {FIFO_MESSAGE}" in proc.stderr.splitlines()
    assert kind(pipe) == stat.S_IFIFO
    assert (out / "preconditions.dot").is_file()


@ROOT_ONLY
@pytest.mark.hardening(1)
def test_write_atomic_onto_a_block_device_is_refused(tmp_path: Path) -> None:
    node = tmp_path / "disk"
    os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(7, 0))  # a loop device's numbers; never opened
    with pytest.raises(OutputError, match="it is a block device; vmgraph writes only regular files or new paths"):
        write_atomic(node, b"data")
    assert kind(node) == stat.S_IFBLK
    assert [p.name for p in tmp_path.iterdir()] == ["disk"], "no temporary file is left"


@pytest.mark.hardening(1)
def test_write_atomic_replaces_a_regular_file_and_writes_a_new_path(tmp_path: Path) -> None:
    """The refusals above are of special files only: regular files and new paths are written."""
    old = tmp_path / "old.txt"
    old.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(old)
    write_atomic(old, b"new")
    write_atomic(tmp_path / "fresh.txt", b"fresh")
    write_atomic(link, b"through the link")
    assert old.read_bytes() == b"new"
    assert (tmp_path / "fresh.txt").read_bytes() == b"fresh"
    assert link.read_bytes() == b"through the link"


# -- class 2: existing outputs are read only if regular, and within a bound ------------------------------------


@pytest.mark.hardening(2)
def test_read_existing_does_not_block_on_a_fifo_without_a_writer(tmp_path: Path) -> None:
    assert within_60s(lambda: read_existing(fifo(tmp_path / "out.svg"), 1 << 20)) is None


@pytest.mark.hardening(2)
def test_read_existing_does_not_read_a_fifo_being_written(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "out.svg")
    writer = os.open(pipe, os.O_RDWR)  # holds the FIFO open for writing, with data in it
    try:
        os.write(writer, b"<svg>" * 100)
        assert within_60s(lambda: read_existing(pipe, 1 << 20)) is None
    finally:
        os.close(writer)


@ROOT_ONLY
@pytest.mark.hardening(2)
def test_read_existing_does_not_read_a_symlink_to_an_endless_device(tmp_path: Path) -> None:
    link = tmp_path / "out.svg"
    link.symlink_to(device(tmp_path / "zero", ZERO))
    assert within_60s(lambda: read_existing(link, 1 << 30)) is None


@pytest.mark.hardening(2)
def test_read_existing_reads_a_regular_file_only_within_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "out.dot"
    path.write_bytes(b"x" * 1000)
    assert read_existing(path, 1000) == b"x" * 1000
    assert read_existing(path, 999) is None
    assert read_existing(tmp_path / "missing.dot", 1000) is None
    assert read_existing(tmp_path, 1000) is None  # a directory


@pytest.mark.hardening(2)
def test_image_stamp_of_a_fifo_is_not_current(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "transitions.svg")
    assert within_60s(lambda: image_is_current(pipe, "svg", "digraph {}")) is False


@ROOT_ONLY
@pytest.mark.hardening(2)
def test_render_over_a_symlink_to_an_endless_device_neither_reads_nor_replaces_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    zero = device(tmp_path / "zero", ZERO)
    (out / "transitions.dot").symlink_to(zero)
    proc = vmgraph("render", str(MINIMAL), "--format", "dot", "-o", str(out))
    assert proc.returncode == 1
    assert f"vmgraph: error: cannot write {str(out / 'transitions.dot')!r}: {DEVICE_MESSAGE}" in proc.stderr
    assert kind(zero) == stat.S_IFCHR


@pytest.mark.hardening(2)
@pytest.mark.parametrize("special", ["fifo", "zero"])
def test_check_outputs_reports_a_special_file_without_reading_it(special: str, tmp_path: Path) -> None:
    if special == "zero" and os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    out = tmp_path / "out"
    assert vmgraph("render", str(MINIMAL), "--format", "dot", "-o", str(out)).returncode == 0
    target = out / "transitions.dot"
    target.unlink()
    if special == "fifo":
        fifo(target)
    else:
        target.symlink_to(device(tmp_path / "zero", ZERO))
    proc = vmgraph("check", str(MINIMAL), "--outputs", str(out))
    assert proc.returncode == 1
    assert str(target) in proc.stderr
    assert "Traceback" not in proc.stderr
