"""The order of a two-sided drawing: states in a column, boxes of calls left and right of it.

The preconditions view draws every state once, in one column, and each box of calls on the
side of that column where its edges cross the fewest others. The order comes from rules on
the model alone (initial states first, failed, error and terminal states last, then the
barycentre heuristic of layered drawing), never from the order of the model file, so a
shuffled file draws the same.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Final

from vmgraph.model import Model, State

__all__ = ["LARGE_ROUNDS", "ROUNDS", "SEARCHED_EDGES", "SWEEPS", "Layout", "state_rank", "two_sided"]

#: Rounds of the barycentre heuristic (each: place boxes, choose sides, reorder states).
ROUNDS: Final = 12
#: Most sweeps of neighbour swaps in a round.
SWEEPS: Final = 12
#: Most edges for which the sides and the swaps are chosen by counting crossings; a larger
#: drawing (read through its focused views) alternates sides and keeps the barycentre order,
#: in fewer rounds.
SEARCHED_EDGES: Final = 600
#: Rounds of the barycentre heuristic for a larger drawing.
LARGE_ROUNDS: Final = 3
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
    """Return how many pairs of *edges* cross: their ends in opposite orders on the two sides.

    Edges sorted by their left end, then their right end: each pair whose right ends come in
    the other order crosses, counted with a Fenwick tree over the right ends (E log E).
    """
    ends = {value: i for i, value in enumerate(sorted({right[b] for _, b in edges}), start=1)}
    tree = [0] * (len(ends) + 1)
    total = 0
    for seen, (_, b) in enumerate(sorted(edges, key=lambda e: (left[e[0]], right[e[1]]))):
        i = at_most = ends[right[b]]
        below = 0
        while at_most:  # edges seen whose right end is at or above this one's
            below += tree[at_most]
            at_most -= at_most & -at_most
        total += seen - below
        while i <= len(ends):
            tree[i] += 1
            i += i & -i
    return total


def _ranked(keys: Mapping[str, float]) -> dict[str, float]:
    return {name: float(i) for i, name in enumerate(sorted(keys, key=lambda n: (keys[n], n)))}


def two_sided(model: Model, states: Sequence[str], feeds: Mapping[str, Sequence[str]]) -> Layout:
    """Return the order of *states* (node names) and of the boxes each side of them.

    *feeds* maps each box to the states whose edges enter it, in any order; a box fed by
    none is placed on the left, first. Each round places the boxes at the barycentre of
    their states, puts each on the side where it crosses fewer edges, swaps neighbours
    while that removes crossings, and moves the states to the barycentre of their boxes.
    """
    order = sorted(
        states, key=lambda n: state_rank(model.state(n.removeprefix("state_"))) if n.startswith("state_") else (1, n)
    )
    fed = {box: sorted(s for s in srcs if s in states) for box, srcs in feeds.items()}
    boxes_of: dict[str, list[str]] = {s: [] for s in order}
    for box in sorted(fed):
        for s in fed[box]:
            boxes_of[s].append(box)
    searched = sum(len(f) for f in fed.values()) <= SEARCHED_EDGES
    best: tuple[int, Layout] | None = None
    started: set[tuple[str, ...]] = set()
    for _ in range(ROUNDS if searched else LARGE_ROUNDS):
        if tuple(order) in started:
            break  # a round is a function of the order it starts from: the rest would repeat
        started.add(tuple(order))
        pos = {name: float(i) for i, name in enumerate(order)}
        bary = _ranked({b: sum(pos[s] for s in f) / len(f) if f else -1.0 for b, f in fed.items()})
        side = _sides(fed, pos, bary) if searched else {b: int(bary[b]) % 2 for b in fed}
        columns = [[b for b in sorted(bary, key=lambda b: (bary[b], b)) if side[b] == c] for c in (0, 1)]
        if searched:
            _transpose(order, columns, fed, boxes_of, side)
            if _flip(order, columns, fed, side):
                _transpose(order, columns, fed, boxes_of, side)
        pos = {name: float(i) for i, name in enumerate(order)}
        place = {b: float(i) for column in columns for i, b in enumerate(column)}
        total = sum(_crossings([(s, b) for b in column for s in fed[b]], pos, place) for column in columns)
        if best is None or total < best[0]:
            best = (total, (tuple(order), tuple(columns[0]), tuple(columns[1])))
        mean = _mean_places(order, columns, boxes_of)
        order = sorted(order, key=lambda s: (mean[s], s))
    assert best is not None
    return best[1]


def _mean_places(
    order: Sequence[str], columns: Sequence[Sequence[str]], boxes_of: Mapping[str, list[str]]
) -> dict[str, int]:
    """Return, for each state, a whole number that orders the states by the mean place of their boxes.

    A box's place is its index over its column's length (0 to 1); a state without boxes keeps
    its own place in *order* (0 to 1). The means are scaled to a common denominator so that
    they compare exactly: a float sum rounds differently from one Python version to the next.
    """
    spans = [max(1, len(column) - 1) for column in columns]
    scale = math.lcm(*spans)
    share = {b: i * (scale // span) for column, span in zip(columns, spans, strict=True) for i, b in enumerate(column)}
    means = {
        s: (sum(share[b] for b in boxes_of[s]), len(boxes_of[s])) if boxes_of[s] else (i * scale, len(order))
        for i, s in enumerate(order)
    }
    common = math.lcm(*(count for _, count in means.values()))
    return {s: total * (common // count) for s, (total, count) in means.items()}


def _sides(fed: Mapping[str, Sequence[str]], pos: Mapping[str, float], bary: Mapping[str, float]) -> dict[str, int]:
    """Return 0 (left) or 1 (right) for each box: the most fed first, each where it crosses fewer edges."""
    side: dict[str, int] = {}
    placed: list[list[tuple[float, float]]] = [[], []]
    for box in sorted(fed, key=lambda b: (-len(fed[b]), b)):
        mine = [(pos[s], bary[box]) for s in fed[box]]
        costs = [sum(1 for a, b in mine for x, y in placed[c] if (a - x) * (b - y) < 0) for c in (0, 1)]
        side[box] = 0 if costs[0] <= costs[1] else 1
        placed[side[box]] += mine
    return side


def _flip(order: list[str], columns: list[list[str]], fed: Mapping[str, Sequence[str]], side: dict[str, int]) -> bool:
    """Move each box to the other side (where its states' barycentre falls) if it crosses fewer edges there."""
    pos = {s: i for i, s in enumerate(order)}
    moved = False
    for box in sorted(fed, key=lambda b: (-len(fed[b]), b)):
        if not fed[box]:
            continue
        here, there = columns[side[box]], columns[1 - side[box]]
        centre = sum(pos[s] for s in fed[box]) / len(fed[box])
        at = sum(1 for b in there if fed[b] and sum(pos[s] for s in fed[b]) / len(fed[b]) < centre)
        now = _against(box, here.index(box), here, fed, pos)
        if _against(box, at - 0.5, there, fed, pos) < now:
            here.remove(box)
            there.insert(at, box)
            side[box] = 1 - side[box]
            moved = True
    return moved


def _against(
    box: str, at: float, column: Sequence[str], fed: Mapping[str, Sequence[str]], pos: Mapping[str, int]
) -> int:
    """Return the crossings of *box*'s edges with the other edges of *column*, *box* at place *at*."""
    return sum(
        1
        for i, other in enumerate(column)
        if other != box
        for s in fed[box]
        for t in fed[other]
        if (pos[s] - pos[t]) * (at - i) < 0
    )


def _transpose(
    order: list[str],
    columns: list[list[str]],
    fed: Mapping[str, Sequence[str]],
    boxes_of: Mapping[str, Sequence[str]],
    side: Mapping[str, int],
) -> None:
    """Swap neighbouring states, and neighbouring boxes of a side, while a swap removes crossings."""
    for _ in range(SWEEPS):
        place = {b: i for column in columns for i, b in enumerate(column)}
        pos = {s: i for i, s in enumerate(order)}
        swapped = False
        for i in range(len(order) - 1):
            u, v = order[i], order[i + 1]
            if _above(u, v, boxes_of, place, side) > _above(v, u, boxes_of, place, side):
                order[i], order[i + 1] = v, u
                pos[u], pos[v] = i + 1, i
                swapped = True
        for column in columns:
            for i in range(len(column) - 1):
                a, b = column[i], column[i + 1]
                if _above(a, b, fed, pos, None) > _above(b, a, fed, pos, None):
                    column[i], column[i + 1] = b, a
                    swapped = True
        if not swapped:
            return


def _above(
    u: str, v: str, ends: Mapping[str, Sequence[str]], place: Mapping[str, float], side: Mapping[str, int] | None
) -> int:
    """Return the crossings between the edges of *u* and of *v* with *u* above *v* (same side only)."""
    return sum(1 for a in ends[u] for b in ends[v] if place[a] > place[b] and (side is None or side[a] == side[b]))
