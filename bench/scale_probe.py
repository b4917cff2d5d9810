"""Load one model, validate it, build the DOT of every view; print seconds and peak memory as JSON.

Usage: ``python bench/scale_probe.py MODEL.yaml``. Run in a fresh process per measurement so
that the peak (``ru_maxrss``) belongs to this model alone. The views are the three
whole-model views and the focused views (one per state and one per action, plus the
overview) that ``vmgraph render --view focused`` writes.

``python bench/scale_probe.py --compose MODEL.yaml`` times the baseline of target 4 instead:
``yaml.compose`` of the same file with libyaml's ``CSafeLoader``, in a fresh process too
(after the model's work its time would include collecting that work's objects).
"""

from __future__ import annotations

import json
import resource
import sys
import time
import warnings
from pathlib import Path

import yaml


def main(path: str) -> None:
    """Measure *path* and print the JSON result."""
    from vmgraph.emit.views import build_view
    from vmgraph.load.loader import load_model
    from vmgraph.views.names import view_names

    try:
        from vmgraph.emit.views import focused_sources
    except ImportError:  # before issue 5's focused views
        focused_sources = None
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = load_model(path)
    loaded = time.perf_counter()
    size = 0
    for name in view_names(model):
        size += len(build_view(model, name).source)
    viewed = time.perf_counter()
    graphs = 0
    if focused_sources is not None:
        for _name, source in focused_sources(model):
            size += len(source)
            graphs += 1
    done = time.perf_counter()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "seconds": done - start,
        "load": loaded - start,
        "views": viewed - loaded,
        "focused": done - viewed,
        "graphs": graphs,
        "dot_bytes": size,
        "peak_mb": peak_kb / 1024,
    }
    print(json.dumps(result))


def compose(path: str) -> None:
    """Time ``yaml.compose`` of *path* with libyaml and print ``{"compose": seconds}``."""
    start = time.perf_counter()
    with Path(path).open("rb") as stream:
        yaml.compose(stream, Loader=yaml.CSafeLoader)
    print(json.dumps({"compose": time.perf_counter() - start}))


if __name__ == "__main__":
    if sys.argv[1] == "--compose":
        compose(sys.argv[2])
    else:
        main(sys.argv[1])
