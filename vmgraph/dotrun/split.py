"""Cut the output of one `dot` process, given several graphs, back into one image per graph.

`dot` reads graph after graph from its standard input and writes their outputs one after
another: SVG is cut after each ``</svg>``, PNG by walking its chunks to ``IEND``. PDF
cannot be cut safely (see :data:`SPLITTABLE`).
"""

from __future__ import annotations

import re
from typing import Final

from vmgraph.dotrun.command import DotJob

__all__ = ["SPLITTABLE", "matches", "split_output", "standalone"]

#: Formats whose concatenated output can be cut into one output per graph.
SPLITTABLE: Final = frozenset({"svg", "png"})

_SVG_END: Final = b"</svg>\n"
_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_SVG_TITLE: Final = re.compile(rb"<!-- Title: (.*?) Pages: \d+ -->")
#: `dot` names the group of every graph after the first of a process ``page0,1_graph0``.
_SVG_GRAPH_ID: Final = re.compile(rb'<g id="page\d+,\d+_graph0" class="graph"')
_GRAPH_NAME: Final = re.compile(r'\s*(?:strict\s+)?(?:di)?graph\s+("(?:[^"\\]|\\.)*"|[^\s{]+)\s*\{')


def split_output(data: bytes, fmt: str) -> tuple[list[bytes], bytes]:
    """Return the complete outputs at the start of *data*, and the incomplete rest.

    >>> split_output(b"<svg>a</svg>\\n<svg>b", "svg")
    ([b'<svg>a</svg>\\n'], b'<svg>b')

    Raises:
        ValueError: *fmt* is ``png`` and *data* holds something that is not a PNG.
    """
    done: list[bytes] = []
    start = 0
    while True:
        end = _svg_end(data, start) if fmt == "svg" else _png_end(data, start)
        if end is None:
            return done, data[start:]
        done.append(data[start:end])
        start = end


def standalone(output: bytes, fmt: str) -> bytes:
    """Return one graph's *output* with the bytes `dot` writes for it in a process of its own."""
    if fmt != "svg":
        return output
    return _SVG_GRAPH_ID.sub(b'<g id="graph0" class="graph"', output, count=1)


def matches(job: DotJob, output: bytes) -> bool:
    """Return False if *output* is an SVG whose title is not the name of *job*'s graph."""
    if job.fmt != "svg":
        return True
    expected = _graph_name(job.source)
    if expected is None:
        return True
    title = _SVG_TITLE.search(output, 0, 4096)
    return title is not None and title.group(1) == expected


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
