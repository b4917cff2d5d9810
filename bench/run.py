"""Run every performance target of vmgraph side by side and print a table of ratios.

Usage::

    python bench/run.py [--rounds N] [--quick] [--json PATH] [--only TARGET ...] [--no-docs]

Targets (issues 5 and 10): ``render`` (1), ``startup`` (2), ``sphinx`` (3), ``scale`` (4) and
``pictures`` (5); issue 7 adds ``attacks`` (6), how fast alias bombs, deep nesting and
over-size files are refused (``bench/attacks.py``); issue 12 adds ``readability`` (7), the
crossings and smallest text of the drawings against their targets (``bench/readability.py``). Each compares vmgraph with a baseline measured in the same run, commands
alternated round after round, and reports the ratio of the medians with PASS or FAIL.
``--quick`` skips the slow 1,000-state / 5,000-action render and uses fewer rounds.
The table is printed and written as JSON (default: ``bench/results/latest.json``); a full
run (no ``--quick``, no ``--only``) also writes it, with the machine, into
``docs/performance.rst`` between the ``bench-table`` comments.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from abtest import Row, alternate, machine, run_quiet
from generate import generate_model

TARGETS = ("render", "startup", "sphinx", "scale", "pictures", "attacks", "readability")
DEFAULT_JSON = BENCH / "results" / "latest.json"
DOCS = BENCH.parent / "docs" / "performance.rst"
_START, _END = ".. bench-table-start", ".. bench-table-end"
PYTHON = sys.executable

#: Target 1: `vmgraph render nova --format svg` against Python start-up and `dot` on each view in turn.
RENDER_LIMIT, RENDER_GOAL = 2.0, 1.5
#: Target 2: `vmgraph --help` and `vmgraph check nova` against `python -c "import re, sys"`.
HELP_LIMIT, CHECK_LIMIT = 2.0, 5.0
#: Target 4: the in-process time of the 10,000-action model against yaml.compose of the same file.
SCALE_LIMIT = 6.0


def _vmgraph() -> str:
    """Return the installed ``vmgraph`` console script (what users run)."""
    here = Path(PYTHON).parent / "vmgraph"
    found = str(here) if here.exists() else shutil.which("vmgraph")
    if not found:
        sys.exit("bench: the `vmgraph` console script is not installed (pip install -e .)")
    return found


# -- target 1: render nova ----------------------------------------------------------------


def target_render(work: Path, rounds: int) -> list[Row]:
    """`vmgraph render nova --format svg` against Python start-up plus `dot` on its DOT files."""
    vmgraph, dot = _vmgraph(), shutil.which("dot")
    if dot is None:
        return [Row("1 render", "render nova --format svg / (python + dot x3)", 0, RENDER_LIMIT, skipped="no dot")]
    dots = work / "render-dot"
    run_quiet([vmgraph, "render", "nova", "--format", "dot", "-o", str(dots)])
    files = sorted(dots.glob("*.dot"))

    def ours(r: int) -> None:
        run_quiet([vmgraph, "render", "nova", "--format", "svg", "-o", str(work / f"render-a{r}")])

    def bare(r: int) -> None:
        out = work / f"render-b{r}"
        out.mkdir(exist_ok=True)
        run_quiet([PYTHON, "-c", "import re, sys"])
        for f in files:
            run_quiet([dot, "-Tsvg", str(f), "-o", str(out / f"{f.stem}.svg")])

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


# -- target 2: start-up ---------------------------------------------------------------------


def target_startup(work: Path, rounds: int) -> list[Row]:
    """`vmgraph --help` and `vmgraph check nova` against `python -c "import re, sys"`."""
    vmgraph = _vmgraph()
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


# -- target 3: Sphinx -------------------------------------------------------------------------


def target_sphinx(work: Path, rounds: int) -> list[Row]:
    """A page with every directive against the same page written with ``.. graphviz::``."""
    from sphinx_bench import sphinx_rows

    return sphinx_rows(work, rounds=rounds)


# -- target 4: scale of the Python side ---------------------------------------------------------

PROBE = BENCH / "scale_probe.py"


def _probe(path: Path, *options: str) -> dict[str, float]:
    out = subprocess.run([PYTHON, str(PROBE), *options, str(path)], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        msg = f"scale probe failed on {path}: {out.stderr.strip()[-500:]}"
        raise RuntimeError(msg)
    data: dict[str, float] = json.loads(out.stdout)
    return data


def target_scale(work: Path, rounds: int) -> list[Row]:
    """Load, validate and build the DOT of every view for 100, 1,000 and 10,000 actions."""
    sizes = (100, 1_000, 10_000)
    models = {}
    for actions in sizes:
        path = work / f"scale-{actions}.yaml"
        path.write_text(generate_model(states=max(20, actions // 5), actions=actions, seed=1), encoding="utf-8")
        models[actions] = path
    runs: dict[int, list[dict[str, float]]] = {a: [] for a in sizes}
    composed: list[float] = []
    for _ in range(rounds):
        for actions in sizes:
            runs[actions].append(_probe(models[actions]))
        composed.append(_probe(models[sizes[-1]], "--compose")["compose"])

    def med(actions: int, key: str) -> float:
        values = sorted(r[key] for r in runs[actions])
        return values[len(values) // 2]

    per_action = {a: med(a, "seconds") / a for a in sizes}
    details = {
        "sizes": {
            str(a): {
                "bytes": models[a].stat().st_size,
                "median_s": round(med(a, "seconds"), 4),
                "load_s": round(med(a, "load"), 4),
                "views_s": round(med(a, "views"), 4),
                "focused_s": round(med(a, "focused"), 4),
                "graphs": int(med(a, "graphs")),
                "peak_mb": round(med(a, "peak_mb"), 1),
                "us_per_action": round(1e6 * per_action[a], 1),
            }
            for a in sizes
        }
    }
    big = sizes[-1]
    compose_s = sorted(composed)[len(composed) // 2]
    details["compose_s"] = round(compose_s, 4)
    return [
        Row(
            "4 scale",
            "time per action at 10,000 / at 1,000 actions",
            per_action[big] / per_action[1_000],
            1.5,
            details=details,
        ),
        Row(
            "4 scale",
            f"10,000 actions ({models[big].stat().st_size / 1e6:.1f} MB): in process / yaml.compose (CSafeLoader)",
            med(big, "seconds") / compose_s,
            SCALE_LIMIT,
        ),
        Row("4 scale", "10,000 actions: peak memory", med(big, "peak_mb"), 500, "MB"),
    ]


# -- target 5: scale of the pictures -------------------------------------------------------------


def target_pictures(work: Path, rounds: int, *, quick: bool) -> list[Row]:
    """`vmgraph render --view all` of a 1,000-state / 5,000-action model on every core."""
    del rounds  # one run: it is the slow one
    if quick:
        return [Row("5 pictures", "render --view all, 1,000 states / 5,000 actions", 0, 120, "s", skipped="--quick")]
    if shutil.which("dot") is None:
        return [Row("5 pictures", "render --view all, 1,000 states / 5,000 actions", 0, 120, "s", skipped="no dot")]
    path = work / "pictures.yaml"
    path.write_text(generate_model(states=1_000, actions=5_000, seed=1), encoding="utf-8")
    out = work / "pictures-out"
    argv = [_vmgraph(), "render", str(path), "--view", "all", "--format", "svg", "-o", str(out)]
    start = time.perf_counter()
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
        code, stderr = proc.returncode, proc.stderr
    except subprocess.TimeoutExpired:
        code, stderr = -1, "killed after 300 s"
    elapsed = time.perf_counter() - start
    svgs = list(out.rglob("*.svg")) if out.exists() else []
    details = {"exit": code, "svg_files": len(svgs), "stderr": stderr.strip().splitlines()[:5]}
    measured = elapsed if code == 0 else float("inf")
    return [
        Row(
            "5 pictures",
            f"render --view all, 1,000 states / 5,000 actions ({len(svgs)} SVGs)",
            measured,
            120,
            "s",
            details=details,
        )
    ]


# -- target 6: resource attacks are refused in milliseconds ------------------------------------------


def target_attacks(work: Path, rounds: int) -> list[Row]:
    """The slowest refusal of an attack by the loader (see bench/attacks.py)."""
    from attacks import attack_rows

    return attack_rows(work, rounds)


def target_readability(work: Path, rounds: int) -> list[Row]:
    """Crossings and smallest text of every drawing against issue 12's targets (bench/readability.py)."""
    from readability import readability_rows

    return readability_rows(work, rounds)


# -- report ---------------------------------------------------------------------------------------


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected targets; exit 1 if any fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="rounds of the fast comparisons (default: %(default)s)")
    parser.add_argument("--quick", action="store_true", help="fewer rounds; skip the 5,000-action render")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, metavar="PATH", help="JSON report (default: %(default)s)"
    )
    parser.add_argument(
        "--only", action="extend", nargs="+", choices=TARGETS, metavar="TARGET", help="run only these: %(choices)s"
    )
    parser.add_argument("--no-docs", action="store_true", help="do not write the table into docs/performance.rst")
    args = parser.parse_args(argv)
    rounds = max(3, args.rounds // 3) if args.quick else args.rounds
    slow_rounds = 1 if args.quick else 3
    chosen = args.only or list(TARGETS)
    rows: list[Row] = []
    os.environ.pop("VMGRAPH_DOT", None)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # installed packages run from bytecode
    with tempfile.TemporaryDirectory(prefix="vmgraph-bench-") as tmp:
        work = Path(tmp)
        runners: dict[str, Callable[[], list[Row]]] = {
            "render": lambda: target_render(work, rounds),
            "startup": lambda: target_startup(work, rounds),
            "sphinx": lambda: target_sphinx(work, 3 if args.quick else 7),
            "scale": lambda: target_scale(work, slow_rounds),
            "pictures": lambda: target_pictures(work, 1, quick=args.quick),
            "attacks": lambda: target_attacks(work, rounds),
            "readability": lambda: target_readability(work, rounds),
        }
        for name in TARGETS:
            if name in chosen:
                print(f"bench: {name} ...", file=sys.stderr, flush=True)
                rows.extend(runners[name]())
    text = table(rows)
    print(text)
    when = time.strftime("%Y-%m-%d %H:%M %Z")
    info = machine()
    report = {
        "machine": info,
        "rounds": rounds,
        "quick": args.quick,
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
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"bench: wrote {args.json}", file=sys.stderr)
    documented = table([r for r in rows if r.target != "7 readability"])  # not on the page yet
    if not (args.quick or args.only or args.no_docs) and write_docs(DOCS, documented, info, when):
        print(f"bench: wrote the table into {DOCS}", file=sys.stderr)
    return 0 if all(r.passed or r.skipped for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
