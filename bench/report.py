"""The result table of bench/run.py: as text, as JSON, and in docs/performance.rst."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from abtest import Row

__all__ = ["json_report", "table", "write_docs"]

_START, _END = ".. bench-table-start", ".. bench-table-end"


def table(rows: Sequence[Row]) -> str:
    """Return the rows as a fixed-width text table."""
    head = ["target", "measured quantity", "measured", "limit", "verdict"]
    cells = [head, *(r.cells() for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_docs(path: Path, text: str, machine_info: dict[str, str | int], when: str) -> bool:
    """Replace the table between the ``bench-table`` comments of *path*; False if they are missing."""
    if not path.exists():
        return False
    page = path.read_text(encoding="utf-8")
    if _START not in page or _END not in page:
        return False
    m = machine_info
    block = [
        _START,
        "   Written by ``python bench/run.py``; do not edit by hand.",
        "",
        f"Run of {when} on {m['nproc']} cores ({m['cpu']}), {m['os']}, {m['python']}, {m['graphviz']}:",
        "",
        ".. code-block:: text",
        "",
        *(f"   {line}".rstrip() for line in text.splitlines()),
        "",
    ]
    head, rest = page.split(_START, 1)
    tail = rest.split(_END, 1)[1]
    path.write_text(head + "\n".join(block) + "\n" + _END + tail, encoding="utf-8")
    return True


def json_report(rows: Sequence[Row], *, text: str, machine_info: dict[str, str | int], when: str, **run: object) -> str:
    """Return the JSON report: the machine, how the run was made (*run*), the table and every row."""
    report = {
        "machine": machine_info,
        **run,
        "when": when,
        "table": text,
        "rows": [
            {
                "target": r.target,
                "what": r.what,
                "measured": r.measured if r.measured != float("inf") else None,
                "limit": r.limit,
                "unit": r.unit,
                "goal": r.goal,
                "verdict": r.cells()[-1],
                "details": r.details,
            }
            for r in rows
        ],
    }
    return json.dumps(report, indent=2) + "\n"
