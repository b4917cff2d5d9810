"""Run every performance target of vmgraph side by side and print a table of ratios.

Usage::

    python bench/run.py [--rounds N] [--quick] [--json PATH] [--only TARGET ...] [--no-docs]

Targets (issues 5 and 10): ``render`` (1), ``startup`` (2), ``sphinx`` (3), ``scale`` (4) and
``pictures`` (5); issue 7 adds ``attacks`` (6), how fast alias bombs, deep nesting and
over-size files are refused (``bench/attacks.py``); issue 12 adds ``readability`` (7), the
crossings and smallest text of the drawings against their targets (``bench/readability.py``).
Each compares vmgraph with a baseline measured in the same run, commands alternated round
after round, and reports the ratio of the medians with PASS or FAIL. The targets live in
``bench/commands.py`` (1, 2), ``bench/sphinx_bench.py`` (3), ``bench/scale.py`` (4, 5),
``bench/attacks.py`` (6) and ``bench/readability.py`` (7); the table in ``bench/report.py``.
``--quick`` skips the slow 1,000-state / 5,000-action render and uses fewer rounds.
The table is printed and written as JSON (default: ``bench/results/latest.json``); a full
run (no ``--quick``, no ``--only``) also writes it, with the machine, into
``docs/performance.rst`` between the ``bench-table`` comments.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from abtest import Row, machine
from commands import target_render, target_startup
from report import json_report, table, write_docs
from scale import target_pictures, target_scale

TARGETS = ("render", "startup", "sphinx", "scale", "pictures", "attacks", "readability")
DEFAULT_JSON = BENCH / "results" / "latest.json"
DOCS = BENCH.parent / "docs" / "performance.rst"


def target_sphinx(work: Path, rounds: int) -> list[Row]:
    """Target 3: a page with every directive against the same page written with ``.. graphviz::``."""
    from sphinx_bench import sphinx_rows

    return sphinx_rows(work, rounds=rounds)


def target_attacks(work: Path, rounds: int) -> list[Row]:
    """Target 6: the slowest refusal of an attack by the loader (see bench/attacks.py)."""
    from attacks import attack_rows

    return attack_rows(work, rounds)


def target_readability(work: Path, rounds: int) -> list[Row]:
    """Target 7: crossings and smallest text of every drawing against issue 12's targets (bench/readability.py)."""
    from readability import readability_rows

    return readability_rows(work, rounds)


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
    args.json.parent.mkdir(parents=True, exist_ok=True)
    report = json_report(rows, text=text, machine_info=info, when=when, rounds=rounds, quick=args.quick)
    args.json.write_text(report, encoding="utf-8")
    print(f"bench: wrote {args.json}", file=sys.stderr)
    documented = table([r for r in rows if r.target != "7 readability"])  # not on the page yet
    if not (args.quick or args.only or args.no_docs) and write_docs(DOCS, documented, info, when):
        print(f"bench: wrote the table into {DOCS}", file=sys.stderr)
    return 0 if all(r.passed or r.skipped for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
