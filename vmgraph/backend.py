"""Run Graphviz `dot`: the only module that starts a process (an argv list, never a shell)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final

from vmgraph.errors import RenderError

__all__ = ["DOT_TIMEOUT", "IMAGE_FORMATS", "DotJob", "dot_command", "run_dot", "run_dot_jobs"]

#: Output formats that need the `dot` binary.
IMAGE_FORMATS: Final = ("svg", "png", "pdf")
#: Seconds one `dot` run may take before it is killed.
DOT_TIMEOUT: Final = 60.0

INSTALL_HINT: Final = (
    "Graphviz `dot` was not found on PATH; install Graphviz "
    "(Debian/Ubuntu: apt-get install graphviz; Fedora: dnf install graphviz; "
    "macOS: brew install graphviz) or render with --format dot"
)


@dataclass(frozen=True, slots=True)
class DotJob:
    """One layout: DOT *source* rendered to *fmt*, named *name* in messages."""

    name: str
    source: str
    fmt: str


def dot_command() -> str:
    """Return the path of `dot` (``$VMGRAPH_DOT`` or PATH), or raise with an install hint."""
    configured = os.environ.get("VMGRAPH_DOT")
    found = shutil.which(configured or "dot")
    if found is None:
        raise RenderError(INSTALL_HINT if not configured else f"VMGRAPH_DOT={configured!r} is not an executable")
    return found


def run_dot(job: DotJob, *, timeout: float = DOT_TIMEOUT, dot: str | None = None) -> bytes:
    """Return the bytes `dot -T<fmt>` makes of the job's source.

    Raises:
        RenderError: `dot` is missing, fails, prints nothing, or runs past *timeout*
            (it is then killed).
    """
    argv = [dot or dot_command(), f"-T{job.fmt}"]
    try:
        proc = subprocess.run(  # noqa: S603 (argv list of a resolved binary, no shell)
            argv,
            input=job.source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        msg = f"view {job.name!r}: `dot` took longer than {timeout:g} s and was stopped"
        raise RenderError(msg) from None
    except OSError as err:
        raise RenderError(f"view {job.name!r}: cannot run `dot`: {err.strerror}") from None
    if proc.returncode != 0 or not proc.stdout:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        why = detail[-1] if detail else f"exit status {proc.returncode}"
        raise RenderError(f"view {job.name!r}: `dot -T{job.fmt}` failed: {why}")
    return proc.stdout


def run_dot_jobs(
    jobs: Sequence[DotJob], *, timeout: float = DOT_TIMEOUT, workers: int | None = None
) -> list[bytes | RenderError]:
    """Run *jobs* concurrently (one `dot` process per core); return bytes or the error of each."""
    if not jobs:
        return []
    dot = dot_command()
    workers = workers or min(len(jobs), max(os.cpu_count() or 1, 1) + 1)

    def one(job: DotJob) -> bytes | RenderError:
        try:
            return run_dot(job, timeout=timeout, dot=dot)
        except RenderError as err:
            return err

    if workers == 1 or len(jobs) == 1:
        return [one(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, jobs))
