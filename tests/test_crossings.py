"""The edge-crossing counter of bench/crossings.py, on hand-made ``dot -Tplain`` layouts."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).parent.parent / "bench"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crossings", BENCH / "crossings.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _count(plain: str) -> int:
    bench = _bench()
    return int(bench.count_edge_crossings(bench.edges_from_plain(plain), bench.boxes_from_plain(plain)))


NODES = """graph 1 10 10
node a 0 0 1 1 a solid ellipse black lightgrey
node b 4 4 1 1 b solid ellipse black lightgrey
node c 0 4 1 1 c solid ellipse black lightgrey
node d 4 0 1 1 d solid ellipse black lightgrey
"""


def test_two_disjoint_edges_that_cross_count_once() -> None:
    plain = NODES + "edge a b 2 0 0 4 4 solid black\nedge c d 2 0 4 4 0 solid black\nstop\n"
    assert _count(plain) == 1


def test_parallel_edges_do_not_cross() -> None:
    plain = NODES + "edge a c 2 0 0 0 4 solid black\nedge d b 2 4 0 4 4 solid black\nstop\n"
    assert _count(plain) == 0


def test_edges_sharing_a_node_cross_only_away_from_it() -> None:
    # Both leave a; they cross at (2, 2), far outside a's box: a real crossing.
    away = NODES + "edge a b 2 0 0 4 4 solid black\nedge a d 4 0 0 1 3 3 1 4 0 solid black\nstop\n"
    assert _count(away) == 1
    # They cross at (0.2, 0.2), inside a's box: that is where they meet, not a crossing.
    near = NODES + "edge a b 2 0 0 4 4 solid black\nedge a d 3 0 0.3 0.3 0.1 4 0 solid black\nstop\n"
    assert _count(near) == 0
