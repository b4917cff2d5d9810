"""Lay out many graphs with few `dot` processes: batches on stdin, one process per core.

Starting `dot` costs a few milliseconds before any layout, so thousands of small graphs
must not pay one process each. A batch of graphs goes to one process (:mod:`.plan`) and its
output is cut back into one image per graph (:mod:`.split`). Batches run concurrently, one
process per available core.

Every graph has its own time limit, counted from when the graph before it was finished:
when it runs out, the process is killed, the graph is reported by name, and the graphs
after it go on in a new process. If a process fails or its output does not match (an SVG
whose title is not the graph's name), the graphs it did not finish are run again one per
process, so each failure is pinned on the graph that caused it.

Processes are watched with :func:`select.poll`; on systems without it or without
:func:`os.posix_spawn`, each graph runs through :func:`.command.run_dot` in its own process.
"""

from __future__ import annotations

import os
import select
import time
from collections.abc import Sequence
from dataclasses import dataclass

from vmgraph.dotrun.command import DotJob, failure, image_problem, run_dot
from vmgraph.dotrun.plan import BATCH_LIMIT, Batch, cores, plan_batches, singles
from vmgraph.dotrun.process import READ_SIZE, DotProcess, close_fd, take_warm
from vmgraph.dotrun.split import SPLITTABLE, matches, split_output, standalone
from vmgraph.errors import RenderError

__all__ = ["run_batched"]


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
    run = _Run(jobs, [None] * len(jobs), plan_batches(jobs, workers=workers, limit=limit), timeout)
    running: list[DotProcess] = []
    try:
        while run.queue or running:
            while run.queue and len(running) < workers:
                running.append(_start(dot, run.queue.pop(0), jobs, timeout))
            _step(running, run)
    finally:
        for proc in running:
            proc.kill()
    return [
        r if r is not None else RenderError(f"view {jobs[i].name!r}: not rendered") for i, r in enumerate(run.results)
    ]


@dataclass(slots=True)
class _Run:
    """What the processes of one :func:`run_batched` share: jobs, results, the queue, the limit."""

    jobs: Sequence[DotJob]
    results: list[bytes | RenderError | None]
    queue: list[Batch]
    timeout: float


def _start(dot: str, batch: Batch, jobs: Sequence[DotJob], timeout: float) -> DotProcess:
    proc = take_warm(dot, batch.fmt)
    if proc is None:
        try:
            proc = DotProcess(dot, batch.fmt)
        except OSError as err:
            raise RenderError(f"cannot run `dot` ({dot}): {err.strerror}") from None
    proc.feed(batch, "".join(jobs[i].source for i in batch.indexes).encode("utf-8"), timeout)
    return proc


def _step(running: list[DotProcess], run: _Run) -> None:
    """Wait for output or a deadline, then handle what happened to each process."""
    poller = select.poll()
    owner: dict[int, DotProcess] = {}
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
        chunk = os.read(fd, READ_SIZE)
        if fd == proc.err:
            proc.errors += chunk
            if not chunk:
                close_fd(fd)
                proc.err = -1
        elif chunk:
            _collect(proc, chunk, run)
        else:
            close_fd(fd)
            proc.out = -1
    now = time.monotonic()
    for proc in list(running):
        if proc.garbled or now >= proc.deadline:
            proc.kill()
            running.remove(proc)
            _stopped(proc, run)
        elif proc.out < 0 and proc.err < 0 and (status := proc.poll_exit()) is not None:
            close_fd(proc.stdin)
            running.remove(proc)
            _finish(proc, status, run)


def _collect(proc: DotProcess, chunk: bytes, run: _Run) -> None:
    """Cut the finished outputs from *chunk*; each one restarts the time limit."""
    assert proc.batch is not None
    if proc.batch.fmt not in SPLITTABLE:
        proc.buffer += chunk
        return
    try:
        outputs, proc.buffer = split_output(proc.buffer + chunk, proc.batch.fmt)
    except ValueError:
        proc.garbled = proc.buffer + chunk
        return
    for output in outputs:
        position = len(proc.done)
        if position >= len(proc.batch.indexes) or not matches(run.jobs[proc.batch.indexes[position]], output):
            proc.garbled = output
            return
        image = standalone(output, proc.batch.fmt)  # the same bytes as from a process of its own
        proc.done.append(image)
        run.results[proc.batch.indexes[position]] = image
        proc.deadline = time.monotonic() + run.timeout


def _finish(proc: DotProcess, status: int, run: _Run) -> None:
    """Record the outcome of a process that ended by itself."""
    assert proc.batch is not None
    batch, jobs, results = proc.batch, run.jobs, run.results
    if batch.fmt not in SPLITTABLE and status == 0 and proc.buffer:
        proc.done.append(proc.buffer)
        results[batch.indexes[0]] = proc.buffer
    left = batch.indexes[len(proc.done) :]
    if not left:
        return
    if len(batch.indexes) == 1 or len(left) == 1:  # the culprit is certain
        job = jobs[left[0]]
        if status == 0:  # it ended well, but what it wrote of this graph is no image
            problem = image_problem(proc.buffer, job.fmt) or "wrote an image that was cut short"
            results[left[0]] = RenderError(f"view {job.name!r}: `dot -T{job.fmt}` {problem}")
            return
        said = proc.errors.decode("utf-8", "replace").strip().splitlines()
        results[left[0]] = RenderError(f"view {job.name!r}: `dot -T{job.fmt}` failed: {failure(status, said)}")
        return
    run.queue.extend(singles(batch.fmt, left, jobs))  # failed in the middle of a batch: one graph per process


def _stopped(proc: DotProcess, run: _Run) -> None:
    """Name the graph that ran out of time; the graphs after it go on in a new process."""
    assert proc.batch is not None
    batch, jobs, results = proc.batch, run.jobs, run.results
    left = batch.indexes[len(proc.done) :]
    if not left:
        return
    if proc.garbled:  # not what `dot` writes for these graphs: retry them one per process
        if len(batch.indexes) == 1:
            job = jobs[left[0]]
            problem = image_problem(proc.garbled, job.fmt) or "wrote an image of another graph"
            results[left[0]] = RenderError(f"view {job.name!r}: `dot -T{job.fmt}` {problem}")
        else:
            run.queue.extend(singles(batch.fmt, left, jobs))
        return
    job = jobs[left[0]]
    msg = f"view {job.name!r}: `dot` took longer than {run.timeout:g} s and was stopped (a longer --timeout may help)"
    results[left[0]] = RenderError(msg)
    if rest := left[1:]:
        run.queue.append(Batch(batch.fmt, rest, sum(len(jobs[i].source) for i in rest)))


def _run_singly(jobs: Sequence[DotJob], *, dot: str, timeout: float, workers: int) -> list[bytes | RenderError]:
    """Fallback without posix_spawn: one process per graph, in threads."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 (only on systems without posix_spawn)

    def one(job: DotJob) -> bytes | RenderError:
        try:
            return run_dot(job, timeout=timeout, dot=dot)
        except RenderError as err:
            return err

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, jobs))
