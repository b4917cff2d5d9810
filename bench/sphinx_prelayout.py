"""A local Sphinx extension for bench/sphinx_bench.py: what laying out diagrams at once would gain.

An experiment, not part of vmgraph: during reading it collects the DOT of every vmgraph
diagram; when reading is done (``env-updated``) it lays out those whose image is missing
with :func:`vmgraph.backend.run_dot_jobs` (several per `dot`, one process per core), so
that the writers find every image already there instead of running `dot` one diagram at
a time. A real version would keep the DOT in the domain's data (parallel reads).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vmgraph.backend import DotJob, run_dot_jobs
from vmgraph.outputs import write_atomic
from vmgraph.sphinxext.nodes import vmgraph_diagram

_CODES: dict[str, tuple[str, str]] = {}


def collect(app: Any, doctree: Any) -> None:
    """Remember the DOT of each diagram of a page just read, by digest."""
    del app
    for node in doctree.findall(vmgraph_diagram):
        _CODES[node["vmgraph_digest"]] = (node.get("vmgraph_view", "diagram"), node["code"])


def layout(app: Any, env: Any) -> None:
    """Lay out every diagram whose image is missing, all at once."""
    del env
    if app.builder.format != "html":
        return
    fmt = app.config.vmgraph_html_format
    folder = Path(app.builder.outdir, app.builder.imagedir)
    todo = [(d, v, c) for d, (v, c) in _CODES.items() if not (folder / f"vmgraph-{d}.{fmt}").is_file()]
    results = run_dot_jobs([DotJob(v, c, fmt) for _, v, c in todo], timeout=float(app.config.vmgraph_dot_timeout))
    for (d, _, _), data in zip(todo, results, strict=True):
        if isinstance(data, bytes):
            write_atomic(folder / f"vmgraph-{d}.{fmt}", data)


def setup(app: Any) -> dict[str, Any]:
    """Register the two event handlers."""
    app.connect("doctree-read", collect)
    app.connect("env-updated", layout)
    return {"parallel_read_safe": False, "parallel_write_safe": True}
