"""One `dot` run: the job, finding the binary, one process per graph, and judging its output.

Processes get an argv list, never a shell.
"""

from __future__ import annotations

import os
import pyexpat
import shutil
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from vmgraph.errors import RenderError
from vmgraph.limits import DOT_TIMEOUT

__all__ = [
    "DOT_TIMEOUT",
    "IMAGE_FORMATS",
    "INSTALL_HINT",
    "DotJob",
    "dot_command",
    "failure",
    "image_problem",
    "run_dot",
]

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
    found = shutil.which(configured or "dot")
    if found is None:
        raise RenderError(INSTALL_HINT if not configured else f"VMGRAPH_DOT={configured!r} is not an executable")
    return found


def run_dot(job: DotJob, *, timeout: float = DOT_TIMEOUT, dot: str | None = None) -> bytes:
    """Return the bytes `dot -T<fmt>` makes of the job's source.

    Raises:
        RenderError: `dot` is missing, fails, is killed by a signal, prints nothing or
            something that is not an image of the format (:func:`image_problem`), or runs
            past *timeout* (it is then killed).
    """
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
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"view {job.name!r}: `dot -T{job.fmt}` failed: {failure(proc.returncode, detail)}")
    problem = image_problem(proc.stdout, job.fmt)
    if problem is not None:
        raise RenderError(f"view {job.name!r}: `dot -T{job.fmt}` {problem}")
    return proc.stdout


def failure(status: int, stderr_lines: Sequence[str]) -> str:
    """Return why `dot` failed: the last line it printed, and the signal that killed it, if one did.

    >>> failure(1, ["Warning: x", "Error: syntax error in line 1"]), failure(-9, [])
    ('Error: syntax error in line 1', 'killed by signal SIGKILL')
    """
    said = stderr_lines[-1] if stderr_lines else ""
    if status >= 0:
        return said or f"exit status {status}"
    try:
        name = signal.Signals(-status).name
    except ValueError:
        name = str(-status)
    return f"killed by signal {name}" + (f" ({said})" if said else "")


#: What the output of each image format starts with, and what it ends with (in its last 1 KiB).
_FRAMES: Final = {
    "svg": (b"<svg", b"</svg>"),
    "png": (b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82"),
    "pdf": (b"%PDF-", b"%%EOF"),
}


def image_problem(data: bytes, fmt: str) -> str | None:
    """Return what is wrong with *data* as the output of ``dot -T<fmt>``, or ``None``.

    The frame is checked: an SVG has an ``<svg`` element and ends with ``</svg>``, a PNG
    starts with its signature and ends with its ``IEND`` chunk, a PDF starts with ``%PDF-``
    and ends with ``%%EOF``; an SVG must also be well-formed XML (expat loads no external
    entity). Other formats are not checked.

    >>> image_problem(b"Segmentation fault", "svg")
    "wrote 18 bytes that are not an SVG image (they start with b'Segmentation fault')"
    """
    if fmt not in _FRAMES:
        return None
    if not data:
        return "wrote nothing"
    head, tail = _FRAMES[fmt]
    starts = (head in data[:4096]) if fmt == "svg" else data.startswith(head)
    if not (starts and tail in data[-1024:].rstrip()[-len(tail) - 8 :]):
        article = "an" if fmt == "svg" else "a"
        return f"wrote {len(data):,} bytes that are not {article} {fmt.upper()} image (they start with {data[:24]!r})"
    if fmt == "svg":  # it is inlined into HTML pages, parsed: it must be XML
        try:
            pyexpat.ParserCreate().Parse(data, True)
        except pyexpat.ExpatError as err:
            return f"wrote an SVG image that is not well-formed XML ({err})"
    return None
