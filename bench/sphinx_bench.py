"""Target 3: the Sphinx extension against the same page written with ``.. graphviz::`` blocks.

Four measurements, each in fresh ``sphinx-build -b html`` processes of small projects made
in a temporary directory, with a `dot` on PATH that counts its runs and then runs Graphviz:

1. cold builds, alternated: a page with every vmgraph directive on ``nova`` against the
   same page as ``vmgraph page`` writes it (the diagrams as ``.. graphviz::`` blocks with
   the same DOT, the tables as ``list-table``), both with SVG output; ratio of medians;
2. a rebuild with no change: how many times `dot` runs (target: none);
3. the same diagram on five pages: how many times `dot` runs (target: once per format;
   Sphinx's own extension puts the page name in its image names and runs it five times);
4. an edit that changes a diagram, then a rebuild: images left that no page shows.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from abtest import Row, alternate

__all__ = ["sphinx_rows"]

PAGE_A = """\
Nova
====

.. vmgraph-preconditions:: nova

.. vmgraph-transitions:: nova

.. vmgraph-matrix:: nova

.. vmgraph-states:: nova

.. vmgraph-states:: nova
   :kind: task

.. vmgraph-states:: nova
   :kind: power

.. vmgraph-actions:: nova

.. vmgraph-sequence:: nova
   :table:
"""
CONF_A = 'extensions = ["vmgraph.sphinxext"]\nexclude_patterns = ["_build"]\n'
CONF_B = 'extensions = ["sphinx.ext.graphviz"]\ngraphviz_output_format = "svg"\nexclude_patterns = ["_build"]\n'
DIAGRAM_A = ".. vmgraph-transitions:: nova\n"


def _counting_dot(work: Path) -> tuple[Path, Path]:
    """Return (bin directory with a `dot` that logs each run, the log file)."""
    real = shutil.which("dot")
    if real is None:
        msg = "no dot"
        raise FileNotFoundError(msg)
    folder = work / "sphinx-bin"
    folder.mkdir(exist_ok=True)
    log = work / "dot-runs.log"
    script = folder / "dot"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder, log


def _project(root: Path, conf: str, pages: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in pages.items():
        (root / f"{name}.rst").write_text(text, encoding="utf-8")
    return root


def _build(src: Path, out: Path, env: dict[str, str]) -> None:
    argv = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out), "-d", str(out / ".doctrees")]
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0 or proc.stderr.strip():
        msg = f"sphinx-build {src.name} failed ({proc.returncode}): {proc.stderr.strip()[-800:]}"
        raise RuntimeError(msg)


def _runs(log: Path) -> int:
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def _toc(pages: list[str]) -> str:
    return "Pages\n=====\n\n.. toctree::\n\n" + "".join(f"   {p}\n" for p in pages)


def sphinx_rows(work: Path, *, rounds: int) -> list[Row]:
    """Return the rows of target 3."""
    if importlib.util.find_spec("vmgraph.sphinxext") is None:
        return [
            Row("3 sphinx", "cold build, every directive / graphviz blocks", 0, 1.1, skipped="no vmgraph.sphinxext")
        ]
    try:
        folder, log = _counting_dot(work)
    except FileNotFoundError:
        return [Row("3 sphinx", "cold build, every directive / graphviz blocks", 0, 1.1, skipped="no dot")]
    from vmgraph.emit.rst import model_page
    from vmgraph.load.loader import load_model

    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}
    env.pop("VMGRAPH_DOT", None)
    page_b = model_page(load_model("nova"))
    src_a = _project(work / "sphinx-a", CONF_A, {"index": PAGE_A})
    src_b = _project(work / "sphinx-b", CONF_B, {"index": page_b})
    counts: dict[str, list[int]] = {"vmgraph": [], "graphviz": []}

    def cold(name: str, src: Path) -> Callable[[int], None]:
        def step(r: int) -> None:
            out = work / f"out-{name}-{r}"
            shutil.rmtree(out, ignore_errors=True)
            before = _runs(log)
            _build(src, out, env)
            counts[name].append(_runs(log) - before)

        return step

    steps = {"vmgraph": cold("vmgraph", src_a), "graphviz": cold("graphviz", src_b)}
    t = alternate(steps, rounds=rounds)
    rows = [
        Row(
            "3 sphinx",
            "cold build: every vmgraph directive / the same page with graphviz blocks",
            t.ratio("vmgraph", "graphviz"),
            1.10,
            details={
                "timings": t.as_json(),
                "dot_runs_per_cold_build": {k: v[-1] for k, v in counts.items()},
            },
        )
    ]

    # 2. A rebuild without change runs no `dot`.
    out = work / "out-vmgraph-0"
    before = _runs(log)
    _build(src_a, out, env)
    rows.append(Row("3 sphinx", "rebuild with no change: dot runs", _runs(log) - before, 0, "runs"))

    # 3. The same diagram on five pages.
    pages = {f"page{i}": f"Page {i}\n======\n\n{DIAGRAM_A}" for i in range(5)}
    five_a = _project(work / "five-a", CONF_A, {"index": _toc(list(pages)), **pages})
    dot_b = _graphviz_block(load_model("nova"))
    five_b = _project(
        work / "five-b", CONF_B, {"index": _toc(list(pages)), **{p: f"{p}\n=====\n\n{dot_b}" for p in pages}}
    )
    before = _runs(log)
    _build(five_a, work / "out-five-a", env)
    runs_a = _runs(log) - before
    before = _runs(log)
    _build(five_b, work / "out-five-b", env)
    runs_b = _runs(log) - before
    rows.append(
        Row(
            "3 sphinx",
            f"same diagram on 5 pages: dot runs (Sphinx's graphviz: {runs_b})",
            runs_a,
            1,
            "runs",
            details={"vmgraph": runs_a, "sphinx.ext.graphviz": runs_b},
        )
    )

    # 4. After an edit, no image is left that no page shows.
    edit = _project(work / "edit-a", CONF_A, {"index": PAGE_A})
    out = work / "out-edit"
    _build(edit, out, env)
    before_images = sorted(p.name for p in (out / "_images").glob("vmgraph-*"))
    (edit / "index.rst").write_text(
        PAGE_A.replace(".. vmgraph-transitions:: nova\n", ".. vmgraph-transitions:: nova\n   :rankdir: LR\n"),
        encoding="utf-8",
    )
    _build(edit, out, env)
    images = sorted(p.name for p in (out / "_images").glob("vmgraph-*"))
    html = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.html"))
    unused = [name for name in images if not re.search(re.escape(name), html)]
    rows.append(
        Row(
            "3 sphinx",
            "images no page shows after an edit",
            len(unused),
            0,
            "files",
            details={"before": before_images, "after": images, "unused": unused},
        )
    )
    return rows


def _graphviz_block(model: object) -> str:
    from vmgraph.emit.views import build_view

    source = build_view(model, "transitions").source  # type: ignore[arg-type]
    return ".. graphviz::\n\n" + "".join(f"   {line}\n" if line.strip() else "\n" for line in source.splitlines())
