"""Targets 1 and 2 of bench/run.py: the ``vmgraph`` command against Python start-up (and `dot`)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from abtest import Row, alternate, run_quiet

__all__ = [
    "CHECK_LIMIT",
    "HELP_LIMIT",
    "PYTHON",
    "RENDER_GOAL",
    "RENDER_LIMIT",
    "render_baseline",
    "target_render",
    "target_startup",
    "vmgraph_script",
]

PYTHON = sys.executable

#: Target 1: `vmgraph render nova --format svg` against Python start-up and `dot` on each view in turn.
RENDER_LIMIT, RENDER_GOAL = 2.0, 1.5
#: Target 2: `vmgraph --help` and `vmgraph check nova` against `python -c "import re, sys"`.
HELP_LIMIT, CHECK_LIMIT = 2.0, 5.0


def vmgraph_script() -> str:
    """Return the installed ``vmgraph`` console script (what users run)."""
    here = Path(PYTHON).parent / "vmgraph"
    found = str(here) if here.exists() else shutil.which("vmgraph")
    if not found:
        sys.exit("bench: the `vmgraph` console script is not installed (pip install -e .)")
    return found


def render_baseline(dot: str, files: Sequence[Path], out: Path) -> None:
    """Run the baseline of target 1: Python start-up, then `dot -Tsvg` on each of *files* into *out*."""
    out.mkdir(exist_ok=True)
    run_quiet([PYTHON, "-c", "import re, sys"])
    for f in files:
        run_quiet([dot, "-Tsvg", str(f), "-o", str(out / f"{f.stem}.svg")])


def target_render(work: Path, rounds: int) -> list[Row]:
    """`vmgraph render nova --format svg` against Python start-up plus `dot` on its DOT files."""
    vmgraph, dot = vmgraph_script(), shutil.which("dot")
    if dot is None:
        return [Row("1 render", "render nova --format svg / (python + dot x3)", 0, RENDER_LIMIT, skipped="no dot")]
    dots = work / "render-dot"
    run_quiet([vmgraph, "render", "nova", "--format", "dot", "-o", str(dots)])
    files = sorted(dots.glob("*.dot"))

    def ours(r: int) -> None:
        run_quiet([vmgraph, "render", "nova", "--format", "svg", "-o", str(work / f"render-a{r}")])

    def bare(r: int) -> None:
        render_baseline(dot, files, work / f"render-b{r}")

    t = alternate({"vmgraph": ours, "python+dot": bare}, rounds=rounds)
    written = sorted(p.name for p in (work / "render-a0").iterdir())
    details = {"timings": t.as_json(), "views": [f.stem for f in files], "written": written}
    return [
        Row(
            "1 render",
            f"render nova --format svg ({len(files)} views) / (python + dot x{len(files)})",
            t.ratio("vmgraph", "python+dot"),
            RENDER_LIMIT,
            goal=RENDER_GOAL,
            details=details,
        )
    ]


def target_startup(work: Path, rounds: int) -> list[Row]:
    """`vmgraph --help` and `vmgraph check nova` against `python -c "import re, sys"`."""
    vmgraph = vmgraph_script()
    steps: dict[str, Callable[[int], None]] = {
        "python": lambda r: run_quiet([PYTHON, "-c", "import re, sys"]),
        "help": lambda r: run_quiet([vmgraph, "--help"]),
        "check": lambda r: run_quiet([vmgraph, "check", "nova"]),
    }
    t = alternate(steps, rounds=rounds, warmup=2)
    details = {"timings": t.as_json()}
    return [
        Row(
            "2 start-up",
            "vmgraph --help / python -c 'import re, sys'",
            t.ratio("help", "python"),
            HELP_LIMIT,
            details=details,
        ),
        Row("2 start-up", "vmgraph check nova / python -c 'import re, sys'", t.ratio("check", "python"), CHECK_LIMIT),
    ]
