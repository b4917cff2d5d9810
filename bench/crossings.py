"""Count edge crossings in the layout `dot` gives a DOT file.

Usage: ``python bench/crossings.py FILE.dot [FILE.dot ...]`` prints ``<count>  <file>`` per file.

Method:

1. Lay the graph out with ``dot -Tplain`` (one subprocess per file, argv list, no shell,
   graph text on stdin).
2. From each ``edge tail head n x1 y1 ... xn yn ...`` line, take the *control polygon*: the
   polyline through the edge's n B-spline control points, in inches. Its segments are the
   edge's shape as dot chose it (a spline stays inside its control polygon's hull, so this is
   a close, reproducible stand-in for the drawn curve). Arrowheads and labels are ignored.
3. A pair of edges counts once if any segment of one *properly* intersects any segment of
   the other (the two segments cross at a single point strictly inside both; orientation
   tests with a small tolerance; touching, collinear overlap and end-point contact do not
   count) *away from a shared endpoint node*: when the two edges share an endpoint node,
   a crossing inside that node's bounding box (from the ``node`` lines) is where they meet,
   not a crossing, and is ignored.

The count is pairs of crossing edges, not crossing points, so two edges that weave twice
count once. Edges merged by ``concentrate=true`` are counted as dot reports them.
"""

from __future__ import annotations

import argparse
import itertools
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

__all__ = [
    "boxes_from_plain",
    "count_crossings",
    "count_edge_crossings",
    "edges_from_plain",
    "layout_plain",
    "main",
]

Point = tuple[float, float]
Edge = tuple[str, str, tuple[Point, ...]]
Box = tuple[float, float, float, float]

_TOKEN: Final = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)')
_EPS: Final = 1e-9


def _tokens(line: str) -> list[str]:
    return [quoted if bare == "" else bare for quoted, bare in _TOKEN.findall(line)]


def _joined(plain: str) -> list[str]:
    """Return the lines of ``dot -Tplain`` output, each long line joined again (dot folds them with ``\\``)."""
    return plain.replace("\\\n", "").splitlines()


def edges_from_plain(plain: str) -> list[Edge]:
    """Return ``(tail, head, control_points)`` for every edge of ``dot -Tplain`` output."""
    edges: list[Edge] = []
    for line in _joined(plain):
        tok = _tokens(line)
        if not tok or tok[0] != "edge":
            continue
        n = int(tok[3])
        coords = [float(v) for v in tok[4 : 4 + 2 * n]]
        points = tuple(zip(coords[0::2], coords[1::2], strict=True))
        edges.append((tok[1], tok[2], points))
    return edges


def boxes_from_plain(plain: str) -> dict[str, Box]:
    """Return each node's bounding box ``(x0, y0, x1, y1)`` from ``dot -Tplain`` output."""
    boxes: dict[str, Box] = {}
    for line in _joined(plain):
        tok = _tokens(line)
        if tok and tok[0] == "node":
            x, y, w, h = (float(v) for v in tok[2:6])
            boxes[tok[1]] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    return boxes


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _proper(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    d3, d4 = _orient(p1, p2, q1), _orient(p1, p2, q2)
    return (d1 > _EPS > d2 or d1 < -_EPS < d2) and (d3 > _EPS > d4 or d3 < -_EPS < d4)


def _segments(points: tuple[Point, ...]) -> list[tuple[Point, Point]]:
    return list(itertools.pairwise(points))


def _point(p1: Point, p2: Point, q1: Point, q2: Point) -> Point:
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    t = d1 / (d1 - d2)
    return (p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1]))


def _inside(p: Point, box: Box) -> bool:
    return box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3]


def _cross(a: tuple[Point, ...], b: tuple[Point, ...], shared: Sequence[Box]) -> bool:
    for p1, p2 in _segments(a):
        for q1, q2 in _segments(b):
            if not _proper(p1, p2, q1, q2):
                continue
            if not shared or not any(_inside(_point(p1, p2, q1, q2), box) for box in shared):
                return True
    return False


def count_edge_crossings(edges: Sequence[Edge], boxes: dict[str, Box] | None = None) -> int:
    """Return the number of edge pairs whose control polygons cross away from a shared node."""
    boxes = boxes or {}
    total = 0
    for (t1, h1, a), (t2, h2, b) in itertools.combinations(edges, 2):
        shared = [boxes[n] for n in sorted({t1, h1} & {t2, h2}) if n in boxes]
        total += _cross(a, b, shared)
    return total


def layout_plain(dot_source: str, *, dot: str = "dot") -> str:
    """Return ``dot -Tplain`` output for *dot_source* (the only subprocess here)."""
    proc = subprocess.run(  # fixed argv, no shell
        [dot, "-Tplain"], input=dot_source, capture_output=True, text=True, check=True
    )
    return proc.stdout


def count_crossings(dot_source: str) -> int:
    """Lay out *dot_source* with ``dot`` and return its number of crossing edge pairs."""
    plain = layout_plain(dot_source)
    return count_edge_crossings(edges_from_plain(plain), boxes_from_plain(plain))


def main(argv: Sequence[str] | None = None) -> int:
    """Print the crossing count of each DOT file given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.dot")
    args = parser.parse_args(argv)
    for path in args.files:
        print(f"{count_crossings(path.read_text(encoding='utf-8'))}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
