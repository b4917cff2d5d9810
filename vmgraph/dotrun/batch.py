"""Lay out many graphs with few `dot` processes: batches on stdin, one process per core.

Starting `dot` costs about 5 ms before any layout (15 to 20 ms with a small graph), so
thousands of small graphs must not pay one process each. `dot` reads graph after graph
from its standard input and writes their outputs one after another, so a batch of
graphs goes to one process and its output is cut back into one image per graph: SVG after
each ``</svg>``, PNG by walking its chunks to ``IEND``. PDF cannot be cut safely, so
each PDF gets its own process. Batches run concurrently, one process per available core.

Every graph has its own time limit, counted from when the graph before it was finished:
when it runs out, the process is killed, the graph is reported by name, and the graphs
after it go on in a new process. If a process fails or its output does not match (an SVG
whose title is not the graph's name), the graphs it did not finish are run again one per
process, so each failure is pinned on the graph that caused it.

Processes are started with :func:`os.posix_spawn` and watched with :func:`select.poll`,
an argv list and never a shell; on systems without them, each graph runs through
:func:`vmgraph.dotrun.backend.run_dot` in its own process. :func:`warm` starts processes before
the graphs exist, so their start-up overlaps the loading of the model.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from vmgraph.errors import RenderError

if TYPE_CHECKING:
    from vmgraph.dotrun.backend import DotJob

__all__ = ["BATCH_LIMIT", "Batch", "cores", "plan_batches", "run_batched", "split_output", "warm"]

#: Most graphs given to one `dot` process (bounds what a crash or a time-out costs).
BATCH_LIMIT: Final = 64
_SVG_END: Final = b"</svg>\n"
_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_SVG_TITLE: Final = re.compile(rb"<!-- Title: (.*?) Pages: \d+ -->")
#: `dot` names the group of every graph after the first of a process ``page0,1_graph0``.
_SVG_GRAPH_ID: Final = re.compile(rb'<g id="page\d+,\d+_graph0" class="graph"')
_GRAPH_NAME: Final = re.compile(r'\s*(?:strict\s+)?(?:di)?graph\s+("(?:[^"\\]|\\.)*"|[^\s{]+)\s*\{')
_READ: Final = 1 << 16
#: Formats whose concatenated output can be cut into one output per graph.
_SPLITTABLE: Final = frozenset({"svg", "png"})


def cores() -> int:
    """Return how many cores this process may use (its CPU affinity, else the CPU count)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return max(os.cpu_count() or 1, 1)


# -- cutting a batch's output --------------------------------------------------------------


def split_output(data: bytes, fmt: str) -> tuple[list[bytes], bytes]:
    """Return the complete outputs at the start of *data*, and the incomplete rest.

    >>> split_output(b"<svg>a</svg>\\n<svg>b", "svg")
    ([b'<svg>a</svg>\\n'], b'<svg>b')
    """
    done: list[bytes] = []
    start = 0
    while True:
        end = _svg_end(data, start) if fmt == "svg" else _png_end(data, start)
        if end is None:
            return done, data[start:]
        done.append(data[start:end])
        start = end


def _svg_end(data: bytes, start: int) -> int | None:
    at = data.find(_SVG_END, start)
    return None if at < 0 else at + len(_SVG_END)


def _png_end(data: bytes, start: int) -> int | None:
    """Return the end of the PNG at *start* (after its IEND chunk), if it is all there."""
    if len(data) - start < len(_PNG_SIGNATURE):
        return None
    if not data.startswith(_PNG_SIGNATURE, start):
        msg = "`dot -Tpng` wrote something that is not a PNG"
        raise ValueError(msg)
    at = start + len(_PNG_SIGNATURE)
    while at + 8 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        end = at + 12 + length  # length, type, data, CRC
        if end > len(data):
            return None
        if kind == b"IEND":
            return end
        at = end
    return None


def _graph_name(source: str) -> bytes | None:
    """Return the name `dot` writes as the SVG title of *source*'s graph, if it is plain."""
    match = _GRAPH_NAME.match(source)
    if match is None:
        return None
    name = match.group(1)
    if name.startswith('"'):
        name = name[1:-1]
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", name):
        return None  # `dot` escapes more than we would guess: not checked
    return name.replace("-", "&#45;").encode("ascii")


def _matches(job: DotJob, output: bytes) -> bool:
    """Return False if *output* is an SVG whose title is not the name of *job*'s graph."""
    if job.fmt != "svg":
        return True
    expected = _graph_name(job.source)
    if expected is None:
        return True
    title = _SVG_TITLE.search(output, 0, 4096)
    return title is not None and title.group(1) == expected


# -- planning --------------------------------------------------------------------------------


class Batch:
    """Graphs for one `dot` process: indexes into the job list, all of one format."""

    __slots__ = ("fmt", "indexes", "weight")

    def __init__(self, fmt: str, indexes: list[int], weight: int) -> None:
        self.fmt, self.indexes, self.weight = fmt, indexes, weight

    def __repr__(self) -> str:
        return f"Batch({self.fmt!r}, {self.indexes!r})"


def plan_batches(jobs: Sequence[DotJob], *, workers: int, limit: int = BATCH_LIMIT) -> list[Batch]:
    """Return the batches to run, heaviest first, so that *workers* processes end together.

    Graphs are weighed by the length of their DOT. There are at least *workers* batches
    (one `dot` per core: Nova's three views take 24 ms as two batches on two cores, 28 ms
    as three processes) and at most *limit* graphs in each; the batches are balanced by
    weight and the workers take them in turn as they finish, the heaviest first (LPT
    scheduling). PDF outputs cannot be cut apart, so each PDF is a batch of its own.
    """
    batches: list[Batch] = []
    by_format: dict[str, list[int]] = {}
    for index, job in enumerate(jobs):
        by_format.setdefault(job.fmt, []).append(index)
    for fmt, indexes in by_format.items():
        if fmt not in _SPLITTABLE:
            batches += [Batch(fmt, [i], len(jobs[i].source)) for i in indexes]
            continue
        count = max(min(workers, len(indexes)), -(-len(indexes) // limit))
        bins = [Batch(fmt, [], 0) for _ in range(count)]
        for i in sorted(indexes, key=lambda i: -len(jobs[i].source)):  # heaviest into the lightest bin
            lightest = min(bins, key=lambda b: (b.weight, len(b.indexes)))
            lightest.indexes.append(i)
            lightest.weight += len(jobs[i].source)
        batches += [b for b in bins if b.indexes]
    for batch in batches:
        batch.indexes.sort()  # in the order given: outputs come back in that order
    batches.sort(key=lambda b: -b.weight)
    return batches


# -- running ----------------------------------------------------------------------------------


class _Proc:
    """One running `dot -T<fmt>` with its pipes; the graphs of its batch go in, outputs come out."""

    __slots__ = ("batch", "buffer", "deadline", "done", "err", "errors", "garbled", "out", "pending", "pid", "stdin")

    def __init__(self, dot: str, fmt: str) -> None:
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
                sent = os.write(self.stdin, self.pending[:_READ])
            except BlockingIOError:
                return
            except BrokenPipeError:  # `dot` died: its exit status tells why
                break
            self.pending = self.pending[sent:]
        self.pending = b""
        _close(self.stdin)
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
            _close(fd)
        self.out = self.err = self.stdin = -1
        if self.pid > 0:
            try:  # noqa: SIM105 (contextlib costs start-up time)
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = -1


def _pipe() -> tuple[int, int]:
    """Return a pipe (close-on-exec) whose ends are not 0, 1 or 2, which the child's dup2 needs."""
    import fcntl  # noqa: PLC0415 (POSIX only)

    ends = []
    for fd in os.pipe():
        if fd <= 2:
            moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
            os.close(fd)
            fd = moved  # noqa: PLW2901
        ends.append(fd)
    return ends[0], ends[1]


def _close(fd: int) -> None:
    if fd >= 0:
        try:  # noqa: SIM105 (as above)
            os.close(fd)
        except OSError:
            pass


_WARM: list[tuple[str, str, _Proc]] = []


class warm:  # noqa: N801 (used like a function: ``with warm(...):``)
    """Start `dot` processes now, for the next :func:`run_batched` in the ``with`` block.

    A process spends about 5 ms starting before it reads a graph; started while the model
    loads, that time is off the critical path. Processes not used are ended with the
    block (stdin closed: `dot` exits without output).
    """

    def __init__(self, formats: Sequence[str], *, count: int | None = None, dot: str | None = None) -> None:
        self._procs: list[tuple[str, str, _Proc]] = []
        if not hasattr(os, "posix_spawn"):
            return
        try:
            from vmgraph.dotrun.backend import dot_command  # noqa: PLC0415

            binary = dot or dot_command()
        except RenderError:
            return  # reported when the graphs are laid out
        for fmt in dict.fromkeys(f for f in formats if f in _SPLITTABLE):
            for _ in range(count or cores()):
                try:
                    self._procs.append((binary, fmt, _Proc(binary, fmt)))
                except OSError:
                    return

    def __enter__(self) -> warm:  # noqa: PYI034 (typing.Self costs start-up time)
        _WARM.extend(self._procs)
        return self

    def __exit__(self, *exc: object) -> None:
        for entry in self._procs:
            if entry in _WARM:
                _WARM.remove(entry)
                entry[2].kill()


def _take_warm(dot: str, fmt: str) -> _Proc | None:
    for entry in _WARM:
        if entry[0] == dot and entry[1] == fmt:
            _WARM.remove(entry)
            return entry[2]
    return None


Results = list["bytes | RenderError | None"]


def run_batched(
    jobs: Sequence[DotJob], *, dot: str, timeout: float, workers: int | None = None, limit: int = BATCH_LIMIT
) -> list[bytes | RenderError]:
    """Lay out *jobs* in batches on *workers* concurrent `dot` processes; bytes or the error of each.

    Raises:
        RenderError: `dot` cannot be started at all.
    """
    workers = workers or cores()
    if not hasattr(os, "posix_spawn"):
        return _run_singly(jobs, dot=dot, timeout=timeout, workers=workers)
    import select  # noqa: PLC0415 (POSIX only)

    results: Results = [None] * len(jobs)
    queue = plan_batches(jobs, workers=workers, limit=limit)
    running: list[_Proc] = []
    try:
        while queue or running:
            while queue and len(running) < workers:
                running.append(_start(dot, queue.pop(0), jobs, timeout))
            _step(select, running, _Run(jobs, results, queue, timeout))
    finally:
        for proc in running:
            proc.kill()
    missing = RenderError
    return [r if r is not None else missing(f"view {jobs[i].name!r}: not rendered") for i, r in enumerate(results)]


def _start(dot: str, batch: Batch, jobs: Sequence[DotJob], timeout: float) -> _Proc:
    proc = _take_warm(dot, batch.fmt)
    if proc is None:
        try:
            proc = _Proc(dot, batch.fmt)
        except OSError as err:
            raise RenderError(f"cannot run `dot` ({dot}): {err.strerror}") from None
    proc.feed(batch, "".join(jobs[i].source for i in batch.indexes).encode("utf-8"), timeout)
    return proc


class _Run:
    """What the processes of one :func:`run_batched` share: jobs, results, the queue, the limit."""

    __slots__ = ("jobs", "queue", "results", "timeout")

    def __init__(self, jobs: Sequence[DotJob], results: Results, queue: list[Batch], timeout: float) -> None:
        self.jobs, self.results, self.queue, self.timeout = jobs, results, queue, timeout


def _step(select: Any, running: list[_Proc], run: _Run) -> None:
    """Wait for output or a deadline, then handle what happened to each process."""
    poller = select.poll()
    owner: dict[int, _Proc] = {}
    for proc in running:
        for fd in proc.fds():
            owner[fd] = proc
            poller.register(fd, select.POLLOUT if fd == proc.stdin else select.POLLIN)
    ending = any(proc.out < 0 and proc.err < 0 for proc in running)
    nearest = min(proc.deadline for proc in running) - time.monotonic()
    wait_ms = 1 if ending else max(0, min(int(nearest * 1000) + 1, 60_000))
    for fd, _event in poller.poll(wait_ms):
        proc = owner[fd]
        if fd == proc.stdin:
            proc.write()
            continue
        chunk = os.read(fd, _READ)
        if fd == proc.err:
            proc.errors += chunk
            if not chunk:
                _close(fd)
                proc.err = -1
        elif chunk:
            _collect(proc, chunk, run)
        else:
            _close(fd)
            proc.out = -1
    now = time.monotonic()
    for proc in list(running):
        if proc.garbled or now >= proc.deadline:
            proc.kill()
            running.remove(proc)
            _stopped(proc, run)
        elif proc.out < 0 and proc.err < 0 and (status := proc.poll_exit()) is not None:
            _close(proc.stdin)
            running.remove(proc)
            _finish(proc, status, run)


def _collect(proc: _Proc, chunk: bytes, run: _Run) -> None:
    """Cut the finished outputs from *chunk*; each one restarts the time limit."""
    assert proc.batch is not None
    jobs = run.jobs
    if proc.batch.fmt not in _SPLITTABLE:
        proc.buffer += chunk
        return
    try:
        outputs, proc.buffer = split_output(proc.buffer + chunk, proc.batch.fmt)
    except ValueError:
        proc.garbled = proc.buffer + chunk
        return
    for output in outputs:
        position = len(proc.done)
        if position >= len(proc.batch.indexes) or not _matches(jobs[proc.batch.indexes[position]], output):
            proc.garbled = output
            return
        if proc.batch.fmt == "svg":  # the same bytes as from a process of its own
            image = _SVG_GRAPH_ID.sub(b'<g id="graph0" class="graph"', output, count=1)
        else:
            image = output
        proc.done.append(image)
        run.results[proc.batch.indexes[position]] = image
        proc.deadline = time.monotonic() + run.timeout


def _singles(batch: Batch, indexes: list[int], jobs: Sequence[DotJob]) -> list[Batch]:
    return [Batch(batch.fmt, [i], len(jobs[i].source)) for i in indexes]


def _finish(proc: _Proc, status: int, run: _Run) -> None:
    """Record the outcome of a process that ended by itself."""
    assert proc.batch is not None
    batch, jobs, results = proc.batch, run.jobs, run.results
    if batch.fmt not in _SPLITTABLE and status == 0 and proc.buffer:
        proc.done.append(proc.buffer)
        results[batch.indexes[0]] = proc.buffer
    left = batch.indexes[len(proc.done) :]
    if not left:
        return
    if len(batch.indexes) == 1 or len(left) == 1:  # the culprit is certain
        job = jobs[left[0]]
        from vmgraph.dotrun.backend import failure, image_problem  # noqa: PLC0415 (only for this message)

        if status == 0:  # it ended well, but what it wrote of this graph is no image
            problem = image_problem(proc.buffer, job.fmt) or "wrote an image that was cut short"
            results[left[0]] = RenderError(f"view {job.name!r}: `dot -T{job.fmt}` {problem}")
            return
        said = proc.errors.decode("utf-8", "replace").strip().splitlines()
        results[left[0]] = RenderError(f"view {job.name!r}: `dot -T{job.fmt}` failed: {failure(status, said)}")
        return
    run.queue.extend(_singles(batch, left, jobs))  # failed in the middle of a batch: one graph per process


def _stopped(proc: _Proc, run: _Run) -> None:
    """Name the graph that ran out of time; the graphs after it go on in a new process."""
    assert proc.batch is not None
    batch, jobs, results, queue, timeout = proc.batch, run.jobs, run.results, run.queue, run.timeout
    left = batch.indexes[len(proc.done) :]
    if not left:
        return
    if proc.garbled:  # not what `dot` writes for these graphs: retry them one per process
        if len(batch.indexes) == 1:
            from vmgraph.dotrun.backend import image_problem  # noqa: PLC0415 (only for this message)

            job = jobs[left[0]]
            problem = image_problem(proc.garbled, job.fmt) or "wrote an image of another graph"
            results[left[0]] = RenderError(f"view {job.name!r}: `dot -T{job.fmt}` {problem}")
        else:
            queue.extend(_singles(batch, left, jobs))
        return
    job = jobs[left[0]]
    msg = f"view {job.name!r}: `dot` took longer than {timeout:g} s and was stopped (a longer --timeout may help)"
    results[left[0]] = RenderError(msg)
    if rest := left[1:]:
        queue.append(Batch(batch.fmt, rest, sum(len(jobs[i].source) for i in rest)))


def _run_singly(jobs: Sequence[DotJob], *, dot: str, timeout: float, workers: int | None) -> list[bytes | RenderError]:
    """Fallback without posix_spawn: one process per graph, in threads."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    from vmgraph.dotrun.backend import run_dot  # noqa: PLC0415

    def one(job: DotJob) -> bytes | RenderError:
        try:
            return run_dot(job, timeout=timeout, dot=dot)
        except RenderError as err:
            return err

    with ThreadPoolExecutor(max_workers=workers or cores()) as pool:
        return list(pool.map(one, jobs))
