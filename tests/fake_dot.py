"""A stand-in for Graphviz `dot` in tests: ``fake_dot.py -Tsvg`` reads graphs from stdin.

For each graph it writes a tiny SVG whose title is the graph's name, one after another as
`dot` does, unless the name says otherwise:

- ``..._slow`` (or the name in ``$FAKE_DOT_SLOW``, ``*`` for every graph): sleep for a
  minute first (to be stopped by the time limit, or interrupted);
- ``..._fails`` (or the name in ``$FAKE_DOT_FAILS``): print an error and exit with status 1;
- ``..._silent`` (or the name in ``$FAKE_DOT_SILENT``): write nothing for this graph and go on;
- ``..._garbage`` (or the name in ``$FAKE_DOT_GARBAGE``): write a line that is no image
  and go on (exit status 0);
- ``..._crash`` (or the name in ``$FAKE_DOT_CRASH``): die of SIGSEGV, as a crashing `dot`;
- ``..._malformed`` (or the name in ``$FAKE_DOT_MALFORMED``): write an SVG that is not
  well-formed XML (a bare ``&``) and go on.

Whatever the format asked for (``-Tpng``, ``-Tpdf``), it writes SVG: garbage for those.

Before anything, it appends its PID to the file named by ``$FAKE_DOT_PIDS`` (if set).
"""

from __future__ import annotations

import os
import re
import signal
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
        if name.endswith("_slow") or os.environ.get("FAKE_DOT_SLOW") in (name, "*"):
            time.sleep(60)
        if name.endswith("_crash") or name == os.environ.get("FAKE_DOT_CRASH"):
            out.flush()
            os.kill(os.getpid(), signal.SIGSEGV)
        if name.endswith("_garbage") or name == os.environ.get("FAKE_DOT_GARBAGE"):
            out.write(b"Segmentation fault? No: just garbage\n")
            out.flush()
            continue
        if name.endswith("_fails") or name == os.environ.get("FAKE_DOT_FAILS"):
            sys.stderr.write(f"Error: <stdin>: trouble in graph {name}\n")
            return 1
        if name.endswith("_silent") or name == os.environ.get("FAKE_DOT_SILENT"):
            continue
        if name.endswith("_malformed") or name == os.environ.get("FAKE_DOT_MALFORMED"):
            out.write(
                f'<?xml version="1.0"?>\n<!-- Title: {name} Pages: 1 -->\n<svg><title>{name} & co</title></svg>\n'.encode()
            )
            out.flush()
            continue
        out.write(
            f'<?xml version="1.0"?>\n<!-- Title: {name} Pages: 1 -->\n<svg><title>{name}</title></svg>\n'.encode()
        )
        out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
