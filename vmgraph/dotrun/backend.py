"""Run Graphviz `dot`: the only package that starts a process is :mod:`vmgraph.dotrun`.

:func:`run_dot` lays out one graph in a process of its own; :func:`run_dot_jobs` lays out
many, several per `dot` process and one process per core (:mod:`vmgraph.dotrun.batch`).
"""

from __future__ import annotations

from collections.abc import Sequence

from vmgraph.dotrun.batch import run_batched
from vmgraph.dotrun.command import (
    DOT_TIMEOUT,
    IMAGE_FORMATS,
    DotJob,
    dot_command,
    failure,
    image_problem,
    run_dot,
)
from vmgraph.errors import RenderError

__all__ = [
    "DOT_TIMEOUT",
    "IMAGE_FORMATS",
    "DotJob",
    "dot_command",
    "failure",
    "image_problem",
    "run_dot",
    "run_dot_jobs",
]


def run_dot_jobs(
    jobs: Sequence[DotJob], *, timeout: float = DOT_TIMEOUT, workers: int | None = None, dot: str | None = None
) -> list[bytes | RenderError]:
    """Lay out *jobs*, several per `dot` process, one process per core; bytes or the error of each.

    Each graph may take *timeout* seconds; one that takes longer is stopped and named,
    and the others are still laid out. *dot* is the binary (default: :func:`dot_command`).

    Raises:
        RenderError: `dot` is missing or cannot be started.
    """
    if not jobs:
        return []
    results = run_batched(jobs, dot=dot or dot_command(), timeout=timeout, workers=workers)
    for index, (job, result) in enumerate(zip(jobs, results, strict=True)):
        if isinstance(result, bytes) and (problem := image_problem(result, job.fmt)) is not None:
            results[index] = RenderError(f"view {job.name!r}: `dot -T{job.fmt}` {problem}")
    return results
