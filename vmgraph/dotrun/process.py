"""A `dot` process fed through pipes, and processes started ahead of time (:class:`warm`).

Processes are started with :func:`os.posix_spawn`, with an argv list and never a shell.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Sequence
from typing import Final, Self

from vmgraph.dotrun.command import dot_command
from vmgraph.dotrun.plan import Batch, cores
from vmgraph.dotrun.split import SPLITTABLE
from vmgraph.errors import RenderError

__all__ = ["READ_SIZE", "DotProcess", "close_fd", "idle", "take_warm", "warm"]

#: Most bytes read from or written to a pipe at once.
READ_SIZE: Final = 1 << 16


class DotProcess:
    """One running `dot -T<fmt>` with its pipes; the graphs of its batch go in, outputs come out."""

    __slots__ = (
        "batch", "buffer", "deadline", "done", "dot", "err", "errors", "fmt", "garbled", "out", "pending", "pid", "stdin",
    )  # fmt: skip

    def __init__(self, dot: str, fmt: str) -> None:
        self.dot, self.fmt = dot, fmt
        self.batch: Batch | None = None
        child_in, self.stdin = _pipe()
        self.out, child_out = _pipe()
        self.err, child_err = _pipe()
        actions = [
            (os.POSIX_SPAWN_DUP2, child_in, 0),
            (os.POSIX_SPAWN_DUP2, child_out, 1),
            (os.POSIX_SPAWN_DUP2, child_err, 2),
        ]
        try:
            self.pid = os.posix_spawn(dot, [dot, f"-T{fmt}"], os.environ, file_actions=actions)
        except OSError:
            for fd in (self.stdin, self.out, self.err):
                os.close(fd)
            raise
        finally:
            for fd in (child_in, child_out, child_err):
                os.close(fd)
        os.set_blocking(self.stdin, False)
        self.pending = b""
        self.buffer = b""
        self.errors = b""
        self.done: list[bytes] = []
        self.deadline = float("inf")
        self.garbled = b""  # output that is not what `dot` writes for these graphs (kept for the message)

    def feed(self, batch: Batch, data: bytes, timeout: float) -> None:
        """Give the process its graphs; the time limit of the first starts now."""
        self.batch, self.pending = batch, data
        self.deadline = time.monotonic() + timeout
        self.write()

    def write(self) -> None:
        """Write what the pipe takes of the pending input; close stdin once all is written."""
        while self.pending:
            try:
                sent = os.write(self.stdin, self.pending[:READ_SIZE])
            except BlockingIOError:
                return
            except BrokenPipeError:  # `dot` died: its exit status tells why
                break
            self.pending = self.pending[sent:]
        self.pending = b""
        close_fd(self.stdin)
        self.stdin = -1

    def fds(self) -> tuple[int, ...]:
        """Return the pipes still open."""
        return tuple(fd for fd in (self.out, self.err, self.stdin) if fd >= 0)

    def poll_exit(self) -> int | None:
        """Return the exit status if the process has ended (negative: killed by that signal)."""
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            return None
        self.pid = -1
        return os.waitstatus_to_exitcode(status)

    def kill(self) -> None:
        """Stop the process at once, close its pipes and reap it."""
        for fd in self.fds():
            close_fd(fd)
        self.out = self.err = self.stdin = -1
        if self.pid > 0:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = -1


def close_fd(fd: int) -> None:
    """Close the file descriptor *fd*, if it is one (not -1) and still open."""
    if fd >= 0:
        with contextlib.suppress(OSError):
            os.close(fd)


def _pipe() -> tuple[int, int]:
    """Return a pipe (close-on-exec) whose ends are not 0, 1 or 2, which the child's dup2 needs."""
    import fcntl  # noqa: PLC0415 (POSIX only, like posix_spawn)

    ends = []
    for fd in os.pipe():
        if fd <= 2:
            moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
            os.close(fd)
            fd = moved  # noqa: PLW2901
        ends.append(fd)
    return ends[0], ends[1]


#: Processes started by :class:`warm` and not taken by a batch yet.
_IDLE: list[DotProcess] = []


class warm:  # noqa: N801 (used like a function: ``with warm(...):``)
    """Start `dot` processes now, for the batches run inside the ``with`` block.

    A process spends a few milliseconds starting before it reads a graph; started while
    the model loads, that time is off the critical path. Processes not used are ended with
    the block (stdin closed: `dot` exits without output).
    """

    def __init__(self, formats: Sequence[str], *, count: int | None = None, dot: str | None = None) -> None:
        self.processes: list[DotProcess] = []
        if not hasattr(os, "posix_spawn"):
            return
        try:
            binary = dot or dot_command()
        except RenderError:
            return  # reported when the graphs are laid out
        for fmt in dict.fromkeys(f for f in formats if f in SPLITTABLE):
            for _ in range(count or cores()):
                try:
                    self.processes.append(DotProcess(binary, fmt))
                except OSError:
                    return

    def __enter__(self) -> Self:
        _IDLE.extend(self.processes)
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self.processes:
            if proc in _IDLE:
                _IDLE.remove(proc)
                proc.kill()


def take_warm(dot: str, fmt: str) -> DotProcess | None:
    """Return an idle process of :class:`warm` running *dot* for *fmt*, or ``None``; it is no longer idle."""
    for proc in _IDLE:
        if proc.dot == dot and proc.fmt == fmt:
            _IDLE.remove(proc)
            return proc
    return None


def idle() -> tuple[DotProcess, ...]:
    """Return the processes started by :class:`warm` that no batch has taken yet."""
    return tuple(_IDLE)
