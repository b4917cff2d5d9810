"""Run Graphviz `dot`: the only modules that start a process are this one and :mod:`vmgraph.batch`.

Processes get an argv list, never a shell. Many graphs are laid out by
:func:`run_dot_jobs`, which batches them over few processes (see :mod:`vmgraph.batch`).
"""

from __future__ import annotations

import os

from vmgraph._dataclass import dataclass
from vmgraph.errors import RenderError
from vmgraph.limits import DOT_TIMEOUT

TYPE_CHECKING = False  # typing costs 3 ms of start-up; type checkers read this as True
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Final

__all__ = ["DOT_TIMEOUT", "IMAGE_FORMATS", "DotJob", "dot_command", "run_dot", "run_dot_jobs"]

#: Output formats that need the `dot` binary.
IMAGE_FORMATS: Final = ("svg", "png", "pdf")

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
    found = _which(configured or "dot")
    if found is None:
        raise RenderError(INSTALL_HINT if not configured else f"VMGRAPH_DOT={configured!r} is not an executable")
    return found


def _which(name: str) -> str | None:
    """Return :func:`shutil.which` of *name* (POSIX: the first executable file on PATH).

    shutil costs 2 ms of start-up (it imports bz2, lzma and zlib); Windows still uses it.
    """
    if os.name != "posix":
        import shutil  # noqa: PLC0415

        return shutil.which(name)
    if os.sep in name:
        return name if os.path.isfile(name) and os.access(name, os.X_OK) else None
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or os.curdir, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def run_dot(job: DotJob, *, timeout: float = DOT_TIMEOUT, dot: str | None = None) -> bytes:
    """Return the bytes `dot -T<fmt>` makes of the job's source.

    Raises:
        RenderError: `dot` is missing, fails, prints nothing, or runs past *timeout*
            (it is then killed).
    """
    import subprocess  # noqa: PLC0415 (batches run without it: see vmgraph.batch)

    argv = [dot or dot_command(), f"-T{job.fmt}"]
    try:
        proc = subprocess.run(  # argv list of a resolved binary, no shell
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
    """Lay out *jobs*, several per `dot` process, one process per core; bytes or the error of each.

    Each graph may take *timeout* seconds; one that takes longer is stopped and named,
    and the others are still laid out.

    Raises:
        RenderError: `dot` is missing.
    """
    if not jobs:
        return []
    from vmgraph.batch import run_batched  # noqa: PLC0415

    return run_batched(jobs, dot=dot_command(), timeout=timeout, workers=workers)
