"""Sequence view -> Graphviz DOT (:mod:`vmgraph.views.sequence` decides what is drawn and its words).

Builds DOT only; never starts a subprocess. The drawing is a grid of ranks: row 0 holds a
header box per participant, rows 1..n a lifeline node per participant and step, the last
row repeats the participants. Each row is a ``rank=same`` subgraph chained left to right
with invisible edges, so ``dot`` keeps the model's order; a message is a flat edge on its
row (split at each lifeline it crosses, and always written left to right, with
``dir=back`` for a leftward call). Columns on the right show the state of each dimension
in force after each step, and its note."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Final

from graphviz import Digraph

from vmgraph.emit.dottext import label as _text
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.errors import RenderError
from vmgraph.load.reader import IDENT
from vmgraph.model import Model
from vmgraph.views.sequence import SequenceStep, SequenceView, sequence_view

__all__ = ["sequence_graph"]

Attrs = Mapping[str, str]

#: Always top-down: ``Style.rankdir`` does not apply to sequences.
GRAPH_ATTR: Final[Attrs] = {"rankdir": "TB", "newrank": "true", "ordering": "out", "nodesep": "0.5", "ranksep": "0.25"}
RANK_SAME: Final[Attrs] = {"rank": "same"}
HEADER_NODE_ATTR: Final[Attrs] = {"shape": "box", "style": "rounded,filled"}
LIFELINE_NODE_ATTR: Final[Attrs] = {"shape": "point", "width": "0.04"}
#: A self-call's lifeline node: a small activation bar the loop hangs on.
ACTIVATION_NODE_ATTR: Final[Attrs] = {"shape": "box", "style": "filled", "width": "0.12", "height": "0.4"}
LIFELINE_EDGE_ATTR: Final[Attrs] = {"style": "dashed", "arrowhead": "none", "weight": "100"}
MESSAGE_EDGE_ATTR: Final[Attrs] = {}
REVERSE_EDGE_ATTR: Final[Attrs] = {"dir": "back"}
SEGMENT_EDGE_ATTR: Final[Attrs] = {"dir": "none"}
SELF_EDGE_ATTR: Final[Attrs] = {"tailport": "ne", "headport": "se"}
PIN_EDGE_ATTR: Final[Attrs] = {"style": "invis"}
COLUMN_HEADER_ATTR: Final[Attrs] = {"shape": "plaintext"}
CELL_ATTR: Final[Attrs] = {"shape": "box", "style": "filled"}
NOTE_CELL_ATTR: Final[Attrs] = {"shape": "note"}
EMPTY_CELL_ATTR: Final[Attrs] = {"shape": "point", "style": "invis", "width": "0"}
LEGEND_ATTR: Final[Attrs] = {"labelloc": "b", "labeljust": "l"}

#: Keeps a self-call's label clear of its loop.
_LOOP_PAD: Final = "   "

_Look = dict[str, dict[str, str]]


def sequence_graph(model: Model, sequence_id: str = "create", *, style: Style = DEFAULT_STYLE) -> Digraph:
    """Return a top-down sequence diagram of *sequence_id* with columns of states.

    Uses the font and palette of *style*: calls are the main text, so they get ``fontsize``;
    notes and the legend get ``edge_fontsize``. Its ``rankdir`` does not apply; the legend
    is shown when ``style.legend`` is true.

    Raises:
        RenderError: the sequence, a participant or a state is unknown.
    """
    view = sequence_view(model, sequence_id)
    ids = tuple(p.id for p in view.participants)
    for pid in (view.id, *ids):
        if not IDENT.match(pid):  # the loader checked; node names rely on it
            msg = f"sequence {view.id!r}: {pid!r} is not an identifier"
            raise RenderError(msg)
    look = _look(style)
    g = Digraph(
        f"sequence_{view.id}",
        graph_attr=look["graph"],
        node_attr=look["node"],
        edge_attr=look["edge"],
    )
    last = len(view.steps) + 1
    _box_row(g, look, view, 0, titles=True)
    for step in view.steps:
        _step_row(g, look, ids, step, view.state_keys, notes=view.notes)
    _box_row(g, look, view, last, titles=False)
    for col in (*(f"p_{pid}" for pid in ids), *(key for key, _ in view.columns)):
        attrs = look["lifeline"] if col.startswith("p_") else PIN_EDGE_ATTR
        for r in range(last):
            g.edge(f"{col}_{r}", f"{col}_{r + 1}", **attrs)
    if style.legend:
        g.attr(label=_text(view.legend), **LEGEND_ATTR)
    return g


def _look(style: Style) -> _Look:
    """Return the attributes of each kind of element: the Final dicts plus *style*."""
    pal = style.palette
    font = {"fontname": style.fontname, "fontcolor": pal.ink}
    size, small = str(style.fontsize), str(style.edge_fontsize)
    muted = {"color": pal.muted, "fontcolor": pal.muted}
    return {
        "graph": {**GRAPH_ATTR, **font, "fontsize": small},
        "node": {**font, "fontsize": size, "color": pal.ink},
        "edge": {**font, "fontsize": size, "color": pal.ink},
        "header": {**HEADER_NODE_ATTR, "fillcolor": pal.action_fill},
        "point": {**LIFELINE_NODE_ATTR, "color": pal.muted},
        "active": {**ACTIVATION_NODE_ATTR, "fillcolor": pal.action_fill},
        "lifeline": {**LIFELINE_EDGE_ATTR, "color": pal.muted},
        "title": {**COLUMN_HEADER_ATTR, "fontcolor": pal.muted},
        "changed": {**CELL_ATTR, "fillcolor": pal.state_fill},
        "kept": {**CELL_ATTR, **muted, "fillcolor": pal.system_fill},
        "note": {**NOTE_CELL_ATTR, "color": pal.muted, "fontsize": small},
    }


def _box_row(g: Digraph, look: _Look, view: SequenceView, r: int, *, titles: bool) -> None:
    """Add row *r*: participant boxes, then column titles or invisible cells."""
    with g.subgraph(name=f"row_{r}", graph_attr=RANK_SAME) as sub:
        chain = [f"p_{p.id}_{r}" for p in view.participants]
        for p, name in zip(view.participants, chain, strict=True):
            sub.node(name, label=_text(p.label), group=p.id, **look["header"])
        for key, title in view.columns:
            chain.append(f"{key}_{r}")
            if titles:
                sub.node(f"{key}_{r}", label=_text(title), group=key, **look["title"])
            else:
                sub.node(f"{key}_{r}", label="", group=key, **EMPTY_CELL_ATTR)
        for left, right in itertools.pairwise(chain):
            sub.edge(left, right, **PIN_EDGE_ATTR)


def _step_row(
    g: Digraph, look: _Look, ids: tuple[str, ...], step: SequenceStep, view_keys: tuple[str, ...], *, notes: bool
) -> None:
    """Add the row of one step: lifeline nodes, the message, states and the note cell."""
    r = step.number
    with g.subgraph(name=f"row_{r}", graph_attr=RANK_SAME) as sub:
        chain = [f"p_{pid}_{r}" for pid in ids]
        for pid, name in zip(ids, chain, strict=True):
            active = step.self_call and step.caller == pid
            sub.node(name, label="", group=pid, **look["active" if active else "point"])
        for key, cell, changed in zip(view_keys, step.cells, step.changed, strict=True):
            chain.append(f"{key}_{r}")
            sub.node(f"{key}_{r}", label=_text(cell), group=key, **look["changed" if changed else "kept"])
        if notes:
            chain.append(f"note_{r}")
            if step.row.note:
                sub.node(f"note_{r}", label=_text(step.row.note), group="note", **look["note"])
            else:
                sub.node(f"note_{r}", label="", group="note", **EMPTY_CELL_ATTR)
        covered = _message(sub, ids, step)
        for i, (left, right) in enumerate(itertools.pairwise(chain)):
            if i not in covered:  # a second flat edge beside a message would bend it
                sub.edge(left, right, **PIN_EDGE_ATTR)


def _message(g: Digraph, ids: tuple[str, ...], step: SequenceStep) -> range:
    """Draw one step: a loop, or straight segments between neighbouring lifelines.

    Segments are written left to right like the pins (a leftward call gets
    ``dir=back``), so they never fight the order; only the middle one is labelled.

    Returns:
        The indexes ``i`` of the lifeline pairs ``(i, i + 1)`` the message joins.
    """
    if step.self_call:  # dot puts the label too close to a loop with ports: pad it
        node = f"p_{step.caller}_{step.number}"
        g.edge(node, node, label=_text(*(_LOOP_PAD + line for line in step.message)), **SELF_EDGE_ATTR)
        return range(0)
    label = _text(*step.message)
    lo, hi = sorted((ids.index(step.caller), ids.index(step.callee)))
    rightward = ids.index(step.caller) < ids.index(step.callee)
    middle = lo + (hi - lo - 1) // 2
    for i in range(lo, hi):
        if rightward:
            attrs = MESSAGE_EDGE_ATTR if i == hi - 1 else SEGMENT_EDGE_ATTR
        else:
            attrs = REVERSE_EDGE_ATTR if i == lo else SEGMENT_EDGE_ATTR
        text = label if i == middle else None
        g.edge(f"p_{ids[i]}_{step.number}", f"p_{ids[i + 1]}_{step.number}", label=text, **attrs)
    return range(lo, hi)
