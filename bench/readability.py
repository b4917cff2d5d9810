"""Measure how readable vmgraph's drawings are and check them against the targets of issue 12.

Usage::

    python bench/readability.py [--model NAME ...] [--shuffled] [--check] [--json]
    python bench/readability.py --rst       # the recorded "before" numbers, for docs/performance.rst
    python bench/readability.py --record    # add missing models to bench/readability-before.json

For every bundled model (``ironic`` once it is bundled), the Cinder-like model
``bench/models/cinder.yaml``, the Ironic fixture ``tests/data/ironic-complete.yaml`` (93
transitions) and three models of ``bench/generate.py`` (30 states, 60 actions, seeds 1-3) it
lays out the whole-model views (preconditions, transitions), the create sequence, the
overview and every other focused view, and reports crossings (``bench/crossings.py``), size
in inches and the smallest text in a 700 px column (``bench/layoutmeasure.py``). The focused
views of a model other than the overview are one row: their crossings summed, the largest
size, the smallest text. The rows ``nova~1`` to ``nova~5`` are nova with the order of its
states and actions shuffled (seeds 1-5); ``--shuffled`` measures only those.

The targets are in ``bench/readtargets.py``; "before" is the recorded baseline in
``bench/readability-before.json`` (measured before the layouts of issue 12 change). Most
targets fail before that work: the table says so, and ``--check`` exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any, Final

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import yaml
from abtest import Row
from generate import generate_model
from layoutmeasure import COLUMN_PX, measure
from readtargets import BEFORE, SHUFFLE_SEEDS, WHOLE, Result, Verdict, check, load_before, record

__all__ = [
    "ALL_VIEWS",
    "AbsentRow",
    "TextRow",
    "main",
    "measure_all",
    "measure_models",
    "model_sources",
    "readability_rows",
    "rst_table",
    "shuffled_sources",
    "table",
    "verdict_table",
]

CINDER: Final = BENCH / "models" / "cinder.yaml"
IRONIC_FIXTURE: Final = BENCH.parent / "tests" / "data" / "ironic-complete.yaml"
ALL_VIEWS: Final = (*WHOLE, "create-sequence", "overview", "focused")


def model_sources(work: Path) -> dict[str, Path | str]:
    """Return name -> model file (or bundled name) of every model measured; generated ones go to *work*."""
    from vmgraph.load.loader import bundled_models

    bundled = bundled_models()
    sources: dict[str, Path | str] = {name: name for name in ("nova", "nova-2014", "ironic") if name in bundled}
    sources |= {"cinder": CINDER, "ironic-complete": IRONIC_FIXTURE}
    for seed in (1, 2, 3):
        path = work / f"gen-{seed}.yaml"
        path.write_text(generate_model(states=30, actions=60, seed=seed), encoding="utf-8")
        sources[f"gen-{seed}"] = path
    return sources


def shuffled_sources(work: Path, seeds: Iterable[int] = SHUFFLE_SEEDS) -> dict[str, Path | str]:
    """Return ``nova~<seed>`` -> nova's model file with its states and actions in a shuffled order."""
    from vmgraph.load.loader import model_path

    data = yaml.safe_load(model_path("nova").read_text(encoding="utf-8"))
    sources: dict[str, Path | str] = {}
    for seed in seeds:
        rng = random.Random(seed)
        copy = dict(data, states=rng.sample(data["states"], len(data["states"])))
        copy["actions"] = rng.sample(data["actions"], len(data["actions"]))
        path = work / f"nova-shuffled-{seed}.yaml"
        path.write_text(yaml.safe_dump(copy, sort_keys=False, allow_unicode=True), encoding="utf-8")
        sources[f"nova~{seed}"] = path
    return sources


def _graphs(name: str, source: Path | str, views: Sequence[str]) -> list[tuple[str, str, str]]:
    """Return (model, row view, DOT source) of every drawing of *views* of one model."""
    from vmgraph.emit.views import build_view, focused_sources
    from vmgraph.load.loader import load_model
    from vmgraph.views.names import sequence_view_name

    model = load_model(source)
    graphs = [(name, v, build_view(model, v).source) for v in WHOLE if v in views]
    create = sequence_view_name("create")
    if "create-sequence" in views and any(s.id == "create" for s in model.sequences):
        graphs.append((name, "create-sequence", build_view(model, create).source))
    if {"overview", "focused"} & set(views):
        for view, dot in focused_sources(model):
            row = "overview" if view == "overview" else "focused"
            if row in views:
                graphs.append((name, row, dot))
    return graphs


def measure_models(sources: dict[str, Path | str], views: Sequence[str] = ALL_VIEWS) -> list[Result]:
    """Lay out every drawing of *sources* (in parallel) and return one row per model and view."""
    graphs = [g for name, source in sources.items() for g in _graphs(name, source, views)]
    with ThreadPoolExecutor() as pool:
        measures = list(pool.map(lambda g: measure(g[2]), graphs))
    rows: dict[tuple[str, str], Result] = {}
    for (name, view, _), m in zip(graphs, measures, strict=True):
        old = rows.get((name, view))
        rows[(name, view)] = (
            Result(name, view, m.crossings, round(m.width_in, 2), round(m.height_in, 2), round(m.text_px, 2))
            if old is None
            else Result(
                name,
                view,
                old.crossings + m.crossings,
                max(old.width_in, round(m.width_in, 2)),
                max(old.height_in, round(m.height_in, 2)),
                min(old.text_px, round(m.text_px, 2)),
                old.views + 1,
            )
        )
    return list(rows.values())


def _grid(head: Sequence[str], body: Iterable[Sequence[str]]) -> str:
    cells = [list(head), *(list(r) for r in body)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def table(rows: Sequence[Result]) -> str:
    """Return the measures as a fixed-width text table."""
    head = ["model", "view", "crossings", "size (in)", f"text at {COLUMN_PX} px"]
    return _grid(
        head,
        (
            [
                r.model,
                r.view if r.views == 1 else f"{r.view} ({r.views} views)",
                str(r.crossings),
                f"{r.width_in:.1f} x {r.height_in:.1f}",
                f"{r.text_px:.1f} px",
            ]
            for r in rows
        ),
    )


def verdict_table(verdicts: Sequence[Verdict]) -> str:
    """Return the targets and their verdicts as a fixed-width text table."""

    def fmt(metric: str, value: float | None) -> str:
        if value is None:
            return "-"
        return f"{value:g}" if metric == "crossings" else f"{value:.1f} px"

    def row(v: Verdict) -> list[str]:
        t = v.target
        sign = "<=" if t.metric == "crossings" else ">="
        rule = f"{sign} {fmt(t.metric, v.limit)}"
        if t.bound is None:
            rule = f"{sign} {t.of_before:g} x before" + (f" = {fmt(t.metric, v.limit)}" if v.limit is not None else "")
        return [t.model, t.view, t.metric, fmt(t.metric, v.measured), rule, v.verdict]

    return _grid(["model", "view", "metric", "measured", "target", "verdict"], (row(v) for v in verdicts))


def rst_table(date: str, rows: Sequence[Result]) -> str:
    """Return the reST code block of the recorded "before" numbers (the section of docs/performance.rst)."""
    lines = [f"Measured on {date} with ``python bench/readability.py --record``:", "", ".. code-block:: text", ""]
    return "\n".join([*lines, *(f"   {line}".rstrip() for line in table(rows).splitlines())]) + "\n"


def _graphviz() -> str:
    from abtest import machine  # runs `dot -V`: only when recording

    return str(machine()["graphviz"])


def measure_all(
    models: Sequence[str] = (), views: Sequence[str] = ALL_VIEWS, *, shuffled_only: bool = False
) -> tuple[list[Result], list[Verdict]]:
    """Measure *models* (default: all; nova's shuffled orders only whole-model views) and check the targets.

    Raises:
        ValueError: a name in *models* is not one measured here.
    """
    views = [v for v in ALL_VIEWS if v in views]
    with tempfile.TemporaryDirectory(prefix="vmgraph-readability-") as tmp:
        work = Path(tmp)
        groups = [(shuffled_sources(work), [v for v in views if v in WHOLE])]
        if not shuffled_only:
            groups.insert(0, (model_sources(work), views))
        known = sorted(name for sources, _ in groups for name in sources)
        unknown = sorted(set(models) - set(known))
        if unknown:
            raise ValueError(f"unknown model {unknown[0]!r}; known: {', '.join(known)}")
        rows = [
            row
            for sources, chosen in groups
            for row in measure_models({k: v for k, v in sources.items() if k in (models or known)}, chosen)
        ]
    # ironic is not bundled yet: its targets show as SKIP unless the models were chosen
    wanted = {r.model for r in rows} | (set() if models or shuffled_only else {"ironic"})
    _, before = load_before()
    verdicts = [v for v in check(rows, before) if v.target.model in wanted and v.target.view in views]
    return rows, verdicts


def readability_rows(work: Path, rounds: int) -> list[Row]:
    """The targets as rows of ``bench/run.py``'s table (target group "7 readability")."""
    del work, rounds  # layouts are deterministic: one run, in a directory of its own
    rows: list[Row] = []
    skipped: dict[str, str] = {}
    for v in measure_all()[1]:
        t = v.target
        if v.limit is None or v.measured is None:  # one row per model not measured; views a model lacks: none
            if v.verdict == "SKIP (not measured)":
                skipped.setdefault(t.model, "not measured")
            continue
        what = f"{t.model}, {t.view}: " + ("crossings" if t.metric == "crossings" else f"text at {COLUMN_PX} px")
        if t.metric == "crossings":
            rows.append(Row("7 readability", what, v.measured, v.limit, "crossings"))
        else:
            rows.append(TextRow("7 readability", what, v.measured, v.limit, "px"))
    rows += [AbsentRow("7 readability", f"{m}: every target", 0, 0, skipped=why) for m, why in skipped.items()]
    return rows


class AbsentRow(Row):
    """A row for a model that is not there to measure (ironic, until it is bundled)."""

    def cells(self) -> list[str]:
        """Return the cells without a measure or limit."""
        return [self.target, self.what, "-", "-", f"SKIP ({self.skipped})"]


class TextRow(Row):
    """A row whose measure must be at least its limit (text size, in px)."""

    @property
    def passed(self) -> bool:
        """True when the text is at least the limit."""
        return not self.skipped and self.measured >= self.limit

    def cells(self) -> list[str]:
        """Return the cells, with the limit as a lower bound."""
        cells = super().cells()
        cells[3] = ">= " + cells[3].removeprefix("<= ")
        return cells

    def _fmt(self, value: float | None) -> str:
        return "-" if value is None else f"{value:.1f} px"


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the tables; exit 1 with ``--check`` when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="extend", nargs="+", metavar="NAME", help="measure only these models")
    parser.add_argument("--view", action="extend", nargs="+", choices=ALL_VIEWS, help="measure only these views")
    parser.add_argument("--shuffled", action="store_true", help="measure only nova with shuffled orders")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", action="store_true", help="print the measures and verdicts as JSON")
    parser.add_argument("--rst", action="store_true", help='print the recorded "before" numbers as reST and exit')
    parser.add_argument("--record", action="store_true", help="add models not recorded yet to " + BEFORE.name)
    args = parser.parse_args(argv)
    if args.rst:
        print(rst_table(*load_before()), end="")
        return 0
    try:
        rows, verdicts = measure_all(args.model or (), args.view or ALL_VIEWS, shuffled_only=args.shuffled)
    except ValueError as err:
        parser.error(str(err))
    if args.record:
        added = record(rows, BEFORE, datetime.date.today().isoformat(), _graphviz())
        print(f"readability: recorded {len(added)} new rows in {BEFORE}", file=sys.stderr)
    if args.json:
        report: dict[str, Any] = {
            "rows": [asdict(r) for r in rows],
            "verdicts": [
                {**asdict(v.target), "measured": v.measured, "limit": v.limit, "verdict": v.verdict} for v in verdicts
            ],
        }
        print(json.dumps(report, indent=2))
    else:
        print(table(rows), verdict_table(verdicts), sep="\n\n")
    failed = sum(v.verdict == "FAIL" for v in verdicts)
    print(f"readability: {failed} of {len(verdicts)} targets missed", file=sys.stderr)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
