"""Where the time of target 1 goes: ``vmgraph render nova --format svg`` taken apart.

Usage: ``python bench/render_floor.py [--rounds N]``.

Target 1 allows twice the baseline (``python -c "import re, sys"``, then `dot -Tsvg` on the
three DOT files one after another). This prints, from one alternated run, what part of the
render no implementation of the design can avoid, next to that limit:

* the render itself, and the same render writing DOT only (no `dot` process runs);
* Python with the modules the design names imported and nothing else: the graphviz package,
  PyYAML, ``dataclasses``, ``argparse``, ``hashlib``, ``pathlib`` and ``typing``;
* how long Python takes to create the ``@dataclass`` classes the render path defines,
  timed in a fresh process by wrapping :func:`dataclasses.dataclass`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from tempfile import TemporaryDirectory

sys.path.insert(0, str(Path(__file__).resolve().parent))

from abtest import alternate, run_quiet
from commands import PYTHON, RENDER_LIMIT, render_baseline, vmgraph_script

#: The modules the design names, as the render imports them.
REQUIRED = "import re, sys, argparse, dataclasses, hashlib, pathlib, typing, yaml, graphviz"

#: Run in a fresh process: import what ``vmgraph render`` imports, timing each dataclass made.
_CLASSES = """
import dataclasses, json, time
made = []
plain = dataclasses._process_class
def timed(cls, *args):
    start = time.perf_counter()
    result = plain(cls, *args)
    made.append(time.perf_counter() - start)
    return result
dataclasses._process_class = timed
import vmgraph.cli, vmgraph.dotrun.process, vmgraph.output.render, vmgraph.views.names
import vmgraph.cli.common
vmgraph.cli.common.load("nova", max_bytes=1 << 24)
print(json.dumps({"classes": len(made), "ms": 1000 * sum(made)}))
"""


def main() -> None:
    """Time the parts and print them against the limit of target 1."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="rounds of each command (default 15)")
    rounds = parser.parse_args().rounds
    vmgraph, dot = vmgraph_script(), shutil.which("dot")
    if dot is None:
        sys.exit("bench: `dot` is not on PATH")
    with TemporaryDirectory(prefix="vmgraph-floor-") as tmp:
        work = Path(tmp)
        run_quiet([vmgraph, "render", "nova", "--format", "dot", "-o", str(work / "dot")])
        files = sorted((work / "dot").glob("*.dot"))

        steps = {
            "baseline": lambda r: render_baseline(dot, files, work / f"b{r}"),
            "render": lambda r: run_quiet([vmgraph, "render", "nova", "--format", "svg", "-o", str(work / f"s{r}")]),
            "render, DOT only": lambda r: run_quiet(
                [vmgraph, "render", "nova", "--format", "dot", "-o", str(work / f"d{r}")]
            ),
            "python + required imports": lambda r: run_quiet([PYTHON, "-c", REQUIRED]),
            "python": lambda r: run_quiet([PYTHON, "-c", "import re, sys"]),
        }
        t = alternate(steps, rounds=rounds)
    classes = sorted(
        (json.loads(subprocess.run([PYTHON, "-c", _CLASSES], capture_output=True, check=True, text=True).stdout)
         for _ in range(5)),
        key=lambda c: c["ms"],
    )[2]  # fmt: skip
    limit = RENDER_LIMIT * t.median("baseline")
    print(f"limit of target 1: {RENDER_LIMIT:g} x baseline = {1000 * limit:.1f} ms")
    for name in steps:
        print(f"  {name:28} {1000 * t.median(name):7.1f} ms  {t.median(name) / limit:5.2f} of the limit")
    print(f"  {'dataclasses made by render':28} {classes['ms']:7.1f} ms  ({classes['classes']} classes)")


if __name__ == "__main__":
    main()
