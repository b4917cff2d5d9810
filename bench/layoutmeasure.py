"""Measure one laid-out drawing: its edge crossings, its size and its smallest text in a 700 px column.

Usage: ``python bench/layoutmeasure.py FILE.dot [FILE.dot ...]`` prints one line per file.

- **crossings**: ``bench/crossings.py``'s counter, unchanged (``dot -Tplain``).
- **size**: the size of the SVG ``dot`` writes, in inches: the layout's bounding box (``bb``
  of ``dot -Tjson``) plus the graph's ``pad`` on each side (Graphviz's default: 4 pt).
- **smallest text at 700 px**: the smallest font size of any text the drawing holds (node,
  edge, head, tail, cluster and graph labels: every ``F`` operation before a ``T`` in the
  xdot drawing operations of ``dot -Tjson``), in points, shown at 96/72 CSS px per point,
  times the scale that fits the SVG's width into a 700 CSS px column (1 in = 96 px), never
  scaled up. This is the height a reader sees in a documentation column of that width.

Views that set ``size`` or ``dpi`` would be scaled by ``dot`` itself; vmgraph sets neither.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crossings import count_crossings

__all__ = [
    "COLUMN_PX",
    "Measure",
    "drawing_size",
    "font_sizes",
    "layout_json",
    "main",
    "measure",
    "text_at",
]

#: The documentation column the smallest text is measured in, in CSS px.
COLUMN_PX: Final = 700
#: CSS px per inch and per point in SVG.
PX_PER_IN: Final = 96.0
PX_PER_PT: Final = 96.0 / 72.0
#: Graphviz's default ``pad``, in points on each side.
DEFAULT_PAD_PT: Final = 4.0
_TEXT_DRAWINGS: Final = ("_ldraw_", "_hldraw_", "_tldraw_")


@dataclass(frozen=True, slots=True)
class Measure:
    """What a reader gets from one drawing: crossings, size in inches, smallest text in px."""

    crossings: int
    width_in: float
    height_in: float
    smallest_pt: float
    text_px: float


def layout_json(dot_source: str, *, dot: str = "dot") -> dict[str, Any]:
    """Return the ``dot -Tjson`` layout of *dot_source* (fixed argv, no shell)."""
    proc = subprocess.run([dot, "-Tjson"], input=dot_source, capture_output=True, text=True, check=True)
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def _pad_pt(layout: Mapping[str, Any]) -> tuple[float, float]:
    pad = str(layout.get("pad", "")).strip()
    if not pad:
        return DEFAULT_PAD_PT, DEFAULT_PAD_PT
    parts = [72.0 * float(v) for v in pad.split(",")]
    return parts[0], parts[-1]


def drawing_size(layout: Mapping[str, Any]) -> tuple[float, float]:
    """Return the (width, height) of the SVG of *layout* in inches: ``bb`` plus ``pad`` on each side."""
    x0, y0, x1, y1 = (float(v) for v in str(layout["bb"]).split(","))
    pad_x, pad_y = _pad_pt(layout)
    return (x1 - x0 + 2 * pad_x) / 72.0, (y1 - y0 + 2 * pad_y) / 72.0


def _sizes_drawn(ops: Iterable[Mapping[str, Any]]) -> list[float]:
    sizes, current = [], None
    for op in ops:
        if op.get("op") == "F":
            current = float(op["size"])
        elif op.get("op") == "T" and current is not None and str(op.get("text", "")).strip():
            sizes.append(current)
    return sizes


def font_sizes(layout: Mapping[str, Any]) -> list[float]:
    """Return the font size, in points, of every piece of text the layout draws."""
    sizes: list[float] = []
    for item in [layout, *layout.get("objects", []), *layout.get("edges", [])]:
        for key in _TEXT_DRAWINGS:
            sizes.extend(_sizes_drawn(item.get(key, [])))
    return sizes


def text_at(smallest_pt: float, width_in: float, column_px: float = COLUMN_PX) -> float:
    """Return the height in CSS px of *smallest_pt* text when the drawing fits *column_px* (never scaled up).

    >>> text_at(8.0, 5.0)
    10.666666666666666
    >>> round(text_at(8.0, 25.0), 2)
    3.11
    """
    scale = min(1.0, column_px / (width_in * PX_PER_IN)) if width_in > 0 else 1.0
    return smallest_pt * PX_PER_PT * scale


def measure(dot_source: str) -> Measure:
    """Lay *dot_source* out and return its crossings, size and smallest text at :data:`COLUMN_PX`."""
    layout = layout_json(dot_source)
    width, height = drawing_size(layout)
    sizes = font_sizes(layout)
    smallest = min(sizes) if sizes else 0.0
    return Measure(count_crossings(dot_source), width, height, smallest, text_at(smallest, width))


def main(argv: Sequence[str] | None = None) -> int:
    """Print the measures of each DOT file given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.dot")
    args = parser.parse_args(argv)
    for path in args.files:
        m = measure(path.read_text(encoding="utf-8"))
        print(
            f"{m.crossings:5d} crossings  {m.width_in:5.1f} x {m.height_in:4.1f} in  "
            f"{m.smallest_pt:g} pt -> {m.text_px:.1f} px at {COLUMN_PX} px  {path}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
