"""Which graphs go to which `dot` process: batches balanced by weight, one process per core."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from vmgraph.dotrun.command import DotJob
from vmgraph.dotrun.split import SPLITTABLE

__all__ = ["BATCH_LIMIT", "Batch", "cores", "plan_batches", "singles"]

#: Most graphs given to one `dot` process (bounds what a crash or a time-out costs).
BATCH_LIMIT: Final = 64
#: A graph that names its layout engine (``layout=circo``) in a `dot` process changes the
#: engine of every graph after it (Graphviz keeps the last engine chosen), so it goes alone.
_ENGINE: Final = re.compile(r"\blayout\s*=")


@dataclass(slots=True, repr=False)
class Batch:
    """Graphs for one `dot` process: indexes into the job list, all of one format.

    ``weight`` is the length of their DOT, which the planner balances; it grows as graphs
    are added.
    """

    fmt: str
    indexes: list[int] = field(default_factory=list)
    weight: int = 0

    def __repr__(self) -> str:
        return f"Batch({self.fmt!r}, {self.indexes!r})"


def cores() -> int:
    """Return how many cores this process may use (its CPU affinity, else the CPU count)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return max(os.cpu_count() or 1, 1)


def plan_batches(jobs: Sequence[DotJob], *, workers: int, limit: int = BATCH_LIMIT) -> list[Batch]:
    """Return the batches to run, heaviest first, so that *workers* processes end together.

    Graphs are weighed by the length of their DOT. There are at least *workers* batches
    (one `dot` per core: Nova's three views take 24 ms as two batches on two cores, 28 ms
    as three processes) and at most *limit* graphs in each; the batches are balanced by
    weight and the workers take them in turn as they finish, the heaviest first (LPT
    scheduling). PDF outputs cannot be cut apart, so each PDF is a batch of its own; so is
    a graph that names its layout engine.
    """
    batches: list[Batch] = []
    by_format: dict[str, list[int]] = {}
    for index, job in enumerate(jobs):
        if job.fmt not in SPLITTABLE or _ENGINE.search(job.source):
            batches += singles(job.fmt, [index], jobs)
        else:
            by_format.setdefault(job.fmt, []).append(index)
    for fmt, indexes in by_format.items():
        count = max(min(workers, len(indexes)), -(-len(indexes) // limit))
        bins = [Batch(fmt) for _ in range(count)]
        for i in sorted(indexes, key=lambda i: -len(jobs[i].source)):  # heaviest into the lightest bin
            lightest = min(bins, key=lambda b: (b.weight, len(b.indexes)))
            lightest.indexes.append(i)
            lightest.weight += len(jobs[i].source)
        batches += [b for b in bins if b.indexes]
    for batch in batches:
        batch.indexes.sort()  # in the order given: outputs come back in that order
    batches.sort(key=lambda b: -b.weight)
    return batches


def singles(fmt: str, indexes: Sequence[int], jobs: Sequence[DotJob]) -> list[Batch]:
    """Return one batch per graph of *indexes*: each in a process of its own."""
    return [Batch(fmt, [i], len(jobs[i].source)) for i in indexes]
