"""Time ``vmgraph drift nova`` on the whole Nova 34.0.0 source, against another vmgraph.

Usage: ``.venv/bin/python bench/drift_nova.py [--baseline PYTHON] [--runs N]``. The tree
comes from ``scripts/fetch-sources`` (``.sources/nova-34.0.0``). ``--baseline`` names the
Python of another install (the current release, installed beside in its own virtualenv),
or a directory holding another vmgraph source tree (``git archive v1 | tar -x -C DIR``;
run with this Python), whose ``vmgraph drift`` runs on the same tree in the same run; the target is at most 1.5x
its time. Prints the best of N wall-clock times of each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
NOVA = ROOT / ".sources" / "nova-34.0.0" / "nova"


def best_of(python: str, runs: int) -> float:
    """Return the shortest wall-clock time of *runs* runs of ``drift nova`` with *python*.

    A directory instead of a Python is a vmgraph source tree, put first on the path.
    """
    env = dict(os.environ)
    if Path(python).is_dir():
        env["PYTHONPATH"] = str(Path(python).resolve())
        python = sys.executable
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [python, "-m", "vmgraph", "drift", "nova", "--source", str(NOVA)],
            capture_output=True,
            check=False,
            env=env,
        )
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"drift failed with {python}: {done.stderr.decode(errors='replace')}")
    return min(times)


def main() -> int:
    """Run the benchmark; exit 1 if this tree takes more than 1.5x the baseline."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--baseline", metavar="PYTHON", help="the Python (or source tree) of the vmgraph to compare with"
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not NOVA.is_dir():
        print(f"drift_nova: no {NOVA}; run scripts/fetch-sources", file=sys.stderr)
        return 2
    ours = best_of(sys.executable, args.runs)
    print(f"this tree: {ours:.3f} s")
    if args.baseline:
        theirs = best_of(args.baseline, args.runs)
        print(f"baseline:  {theirs:.3f} s   ratio {ours / theirs:.2f} (target at most 1.50)")
        return 0 if ours <= 1.5 * theirs else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
