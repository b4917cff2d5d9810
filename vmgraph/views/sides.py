"""The order of a two-sided drawing: states in a column, boxes of calls left and right of it.

The preconditions view draws every state once, in one column, and each box of calls on the
side of that column where its edges cross the fewest others. The order comes from rules on
the model alone (initial states first, failed, error and terminal states last, then the
barycentre heuristic of layered drawing), never from the order of the model file, so a
shuffled file draws the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Final

from vmgraph.model import Model, State

__all__ = ["ROUNDS", "Layout", "state_rank", "two_sided"]

#: Rounds of the barycentre heuristic (each: place boxes, choose sides, reorder states).
ROUNDS: Final = 6
#: (states in order, boxes on the left in order, boxes on the right in order).
Layout = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def state_rank(state: State) -> tuple[int, str]:
    """Return the key that orders states before the heuristic: initial first, failures and terminal last."""
    if state.initial:
        band = 0
    elif state.terminal:
        band = 3
    elif state.kind == "failed" or state.error:
        band = 2
    else:
        band = 1
    return band, state.id


def _crossings(edges: Sequence[tuple[str, str]], left: Mapping[str, float], right: Mapping[str, float]) -> int:
    total = 0
    for (a, b), (x, y) in itertools.combinations(edges, 2):
        if a != x and b != y and (left[a] - left[x]) * (right[b] - right[y]) < 0:
            total += 1
    return total


def _ranked(keys: Mapping[str, float]) -> dict[str, float]:
    return {name: float(i) for i, name in enumerate(sorted(keys, key=lambda n: (keys[n], n)))}


def two_sided(model: Model, states: Sequence[str], feeds: Mapping[str, Sequence[str]]) -> Layout:
    """Return the order of *states* (node names) and of the boxes each side of them.

    *feeds* maps each box to the states whose edges enter it, in any order; a box fed by
    none is placed on the left, first.
    """
    order = sorted(
        states, key=lambda n: state_rank(model.state(n.removeprefix("state_"))) if n.startswith("state_") else (1, n)
    )
    pos = {name: float(i) for i, name in enumerate(order)}
    fed = {box: sorted(s for s in srcs if s in pos) for box, srcs in feeds.items()}
    edges = [(s, box) for box in sorted(fed) for s in fed[box]]
    best: tuple[int, Layout] | None = None
    for _ in range(ROUNDS):
        bary = _ranked({b: sum(pos[s] for s in f) / len(f) if f else -1.0 for b, f in fed.items()})
        side: dict[str, int] = {}
        for box in sorted(fed, key=lambda b: (-len(fed[b]), b)):
            costs = []
            for choice in (0, 1):
                side[box] = choice
                costs.append(_crossings([e for e in edges if side.get(e[1]) == choice], pos, bary))
            side[box] = 0 if costs[0] <= costs[1] else 1
        total = sum(_crossings([e for e in edges if side[e[1]] == c], pos, bary) for c in (0, 1))
        layout = (
            tuple(sorted(pos, key=lambda n: (pos[n], n))),
            tuple(b for b in sorted(bary, key=lambda b: (bary[b], b)) if side[b] == 0),
            tuple(b for b in sorted(bary, key=lambda b: (bary[b], b)) if side[b] == 1),
        )
        if best is None or total < best[0]:
            best = (total, layout)
        sums: dict[str, list[float]] = {s: [] for s in pos}
        for s, box in edges:
            sums[s].append(bary[box])
        pos = _ranked({s: sum(v) / len(v) if v else pos[s] for s, v in sums.items()})
    assert best is not None
    return best[1]
