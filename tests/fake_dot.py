"""A stand-in for Graphviz `dot` in tests: ``fake_dot.py -Tsvg`` reads graphs from stdin.

For each graph it writes a tiny SVG whose title is the graph's name, one after another as
`dot` does, unless the name says otherwise:

- ``..._slow`` (or the name in ``$FAKE_DOT_SLOW``): sleep for a minute first (to be
  stopped by the time limit);
- ``..._fails`` (or the name in ``$FAKE_DOT_FAILS``): print an error and exit with status 1;
- ``..._silent``: write nothing for this graph and go on.

Before anything, it appends its PID to the file named by ``$FAKE_DOT_PIDS`` (if set).
"""

from __future__ import annotations

import os
import re
import sys
import time

GRAPH = re.compile(r"digraph\s+(\S+)\s*\{")


def main() -> int:
    """Lay out nothing; write one fake SVG per graph on stdin."""
    pids = os.environ.get("FAKE_DOT_PIDS")
    if pids:
        with open(pids, "a", encoding="utf-8") as stream:  # noqa: PTH123 (a script: keep it plain)
            stream.write(f"{os.getpid()}\n")
    out = sys.stdout.buffer
    for name in GRAPH.findall(sys.stdin.read()):
        if name.endswith("_slow") or name == os.environ.get("FAKE_DOT_SLOW"):
            time.sleep(60)
        if name.endswith("_fails") or name == os.environ.get("FAKE_DOT_FAILS"):
            sys.stderr.write(f"Error: <stdin>: trouble in graph {name}\n")
            return 1
        if name.endswith("_silent"):
            continue
        out.write(
            f'<?xml version="1.0"?>\n<!-- Title: {name} Pages: 1 -->\n<svg><title>{name}</title></svg>\n'.encode()
        )
        out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
