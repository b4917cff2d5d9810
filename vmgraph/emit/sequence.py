"""Sequence diagrams (such as Nova's ``create``) as Graphviz DOT, plus rows for tables.

Builds DOT only; never starts a subprocess. The drawing is a grid of ranks: row 0 holds a
header box per participant, rows 1..n a lifeline node per participant and step, the last
row repeats the participants. Each row is a ``rank=same`` subgraph chained left to right
with invisible edges, so ``dot`` keeps the model's order; a message is a flat edge on its
row (split at each lifeline it crosses, and always written left to right, with
``dir=back`` for a leftward call). Columns on the right show the VM, task and power state
in force after each step, and its note."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from graphviz import Digraph

from vmgraph.emit.dottext import label as _text
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.errors import RenderError
from vmgraph.load.reader import IDENT
from vmgraph.model import Model, Sequence, State, Step

__all__ = ["NO_VALUE", "SequenceRow", "sequence_graph", "sequence_rows"]

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
#: Key to the state cells, shown when ``Style.legend`` is true.
LEGEND: Final = "highlighted: changed by the step; grey: carried forward; -: not set or no task"

#: DOT's centred line break; never taken from model text.
#: Keeps a self-call's label clear of its loop.
_LOOP_PAD: Final = "   "
#: Cell text for "not set yet" and "no task".
NO_VALUE: Final = "-"
#: The state columns: node-name prefix and header text.
_COLUMNS: Final = (("vm", "VM state"), ("task", "task state"), ("power", "power state"))
_NOTE_COLUMN: Final = ("note", "note")

_Look = dict[str, dict[str, str]]


@dataclass(frozen=True, slots=True)
class SequenceRow:
    """One step of a sequence with the state labels in force after it.

    States not set by any step so far are ``None``; so is the task state when no task runs.
    """

    number: int
    caller: str
    callee: str
    call: str
    historic: str | None
    vm_state: str | None
    task_state: str | None
    power_state: str | None
    note: str | None

    @property
    def states(self) -> tuple[str | None, str | None, str | None]:
        """Return ``(vm_state, task_state, power_state)``."""
        return (self.vm_state, self.task_state, self.power_state)


def sequence_rows(model: Model, sequence_id: str = "create") -> tuple[SequenceRow, ...]:
    """Return one row per step of *sequence_id*, states carried forward, as labels.

    Raises:
        RenderError: the sequence, a participant or a state is unknown.
    """
    seq = _sequence(model, sequence_id)
    names = {p.id: p.label for p in seq.participants}
    kinds = (("VM", model.states), ("task", model.task_states), ("power", model.power_states))
    rows = []
    for number, (step, ids) in enumerate(zip(seq.steps, seq.timeline(), strict=True), 1):
        for who in (step.caller, step.callee):
            if who not in names:
                msg = f"sequence {seq.id!r} step {number} names unknown participant {who!r}"
                raise RenderError(msg)
        vm, task, power = (
            _label(states, sid, f"sequence {seq.id!r} step {number}: unknown {kind} state")
            for (kind, states), sid in zip(kinds, ids, strict=True)
        )
        caller, callee = names[step.caller], names[step.callee]
        rows.append(SequenceRow(number, caller, callee, step.call, step.historic, vm, task, power, step.note))
    return tuple(rows)


def sequence_graph(model: Model, sequence_id: str = "create", *, style: Style = DEFAULT_STYLE) -> Digraph:
    """Return a top-down sequence diagram of *sequence_id* with columns of states.

    Uses the font and palette of *style*: calls are the main text, so they get ``fontsize``;
    notes and the legend get ``edge_fontsize``. Its ``rankdir`` does not apply.

    Raises:
        RenderError: the sequence, a participant or a state is unknown.
    """
    seq = _sequence(model, sequence_id)
    rows = sequence_rows(model, sequence_id)
    ids = tuple(p.id for p in seq.participants)
    for pid in (seq.id, *ids):
        if not IDENT.match(pid):  # the loader checked; node names rely on it
            msg = f"sequence {seq.id!r}: {pid!r} is not an identifier"
            raise RenderError(msg)
    look = _look(style)
    g = Digraph(
        f"sequence_{seq.id}",
        graph_attr=look["graph"],
        node_attr=look["node"],
        edge_attr=look["edge"],
    )
    last = len(rows) + 1
    columns = (*_COLUMNS, _NOTE_COLUMN) if any(row.note for row in rows) else _COLUMNS
    _box_row(g, look, seq, columns, 0, titles=True)
    for step, row, previous in zip(seq.steps, rows, (None, *rows), strict=False):
        _step_row(g, look, ids, step, row, previous=previous, notes=len(columns) > len(_COLUMNS))
    _box_row(g, look, seq, columns, last, titles=False)
    for col in (*(f"p_{pid}" for pid in ids), *(key for key, _ in columns)):
        attrs = look["lifeline"] if col.startswith("p_") else PIN_EDGE_ATTR
        for r in range(last):
            g.edge(f"{col}_{r}", f"{col}_{r + 1}", **attrs)
    if style.legend:
        g.attr(label=_text(LEGEND), **LEGEND_ATTR)
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


def _box_row(
    g: Digraph,
    look: _Look,
    seq: Sequence,
    columns: tuple[tuple[str, str], ...],
    r: int,
    *,
    titles: bool,
) -> None:
    """Add row *r*: participant boxes, then column titles or invisible cells."""
    with g.subgraph(name=f"row_{r}", graph_attr=RANK_SAME) as sub:
        chain = [f"p_{p.id}_{r}" for p in seq.participants]
        for p, name in zip(seq.participants, chain, strict=True):
            sub.node(name, label=_text(p.label), group=p.id, **look["header"])
        for key, title in columns:
            chain.append(f"{key}_{r}")
            if titles:
                sub.node(f"{key}_{r}", label=_text(title), group=key, **look["title"])
            else:
                sub.node(f"{key}_{r}", label="", group=key, **EMPTY_CELL_ATTR)
        for left, right in itertools.pairwise(chain):
            sub.edge(left, right, **PIN_EDGE_ATTR)


def _step_row(
    g: Digraph,
    look: _Look,
    ids: tuple[str, ...],
    step: Step,
    row: SequenceRow,
    *,
    previous: SequenceRow | None,
    notes: bool,
) -> None:
    """Add the row of one step: lifeline nodes, the message, states and the note cell."""
    r = row.number
    with g.subgraph(name=f"row_{r}", graph_attr=RANK_SAME) as sub:
        chain = [f"p_{pid}_{r}" for pid in ids]
        for pid, name in zip(ids, chain, strict=True):
            active = step.caller == step.callee == pid
            sub.node(name, label="", group=pid, **look["active" if active else "point"])
        before = previous.states if previous else (None, None, None)
        for (key, _), value, old in zip(_COLUMNS, row.states, before, strict=True):
            chain.append(f"{key}_{r}")
            attrs = look["changed" if value != old else "kept"]
            sub.node(f"{key}_{r}", label=_text(value or NO_VALUE), group=key, **attrs)
        if notes:
            chain.append(f"note_{r}")
            if row.note:
                sub.node(f"note_{r}", label=_text(row.note), group="note", **look["note"])
            else:
                sub.node(f"note_{r}", label="", group="note", **EMPTY_CELL_ATTR)
        covered = _message(sub, ids, step.caller, step.callee, row)
        for i, (left, right) in enumerate(itertools.pairwise(chain)):
            if i not in covered:  # a second flat edge beside a message would bend it
                sub.edge(left, right, **PIN_EDGE_ATTR)


def _message(g: Digraph, ids: tuple[str, ...], caller: str, callee: str, row: SequenceRow) -> range:
    """Draw one step: a loop, or straight segments between neighbouring lifelines.

    Segments are written left to right like the pins (a leftward call gets
    ``dir=back``), so they never fight the order; only the middle one is labelled.

    Returns:
        The indexes ``i`` of the lifeline pairs ``(i, i + 1)`` the message joins.
    """
    lines = _message_lines(row)
    if caller == callee:  # dot puts the label too close to a loop with ports: pad it
        node = f"p_{caller}_{row.number}"
        g.edge(node, node, label=_text(*(_LOOP_PAD + line for line in lines)), **SELF_EDGE_ATTR)
        return range(0)
    label = _text(*lines)
    lo, hi = sorted((ids.index(caller), ids.index(callee)))
    rightward = ids.index(caller) < ids.index(callee)
    middle = lo + (hi - lo - 1) // 2
    for i in range(lo, hi):
        if rightward:
            attrs = MESSAGE_EDGE_ATTR if i == hi - 1 else SEGMENT_EDGE_ATTR
        else:
            attrs = REVERSE_EDGE_ATTR if i == lo else SEGMENT_EDGE_ATTR
        text = label if i == middle else None
        g.edge(f"p_{ids[i]}_{row.number}", f"p_{ids[i + 1]}_{row.number}", label=text, **attrs)
    return range(lo, hi)


def _message_lines(row: SequenceRow) -> tuple[str, ...]:
    """Return the arrow label's lines: step number and call, then the historic name."""
    if row.historic:
        return (f"{row.number}. {row.call}", f"(was {row.historic})")
    return (f"{row.number}. {row.call}",)


def _sequence(model: Model, sequence_id: str) -> Sequence:
    """Return the sequence, or raise a :class:`RenderError` naming the known ones."""
    known = [s.id for s in model.sequences]
    if not known:
        msg = f"model {model.id!r} has no sequences"
        raise RenderError(msg)
    try:
        return model.sequence(sequence_id)
    except KeyError:
        pass
    msg = f"model {model.id!r} has no sequence {sequence_id!r} (known: {', '.join(map(repr, known))})"
    import difflib  # noqa: PLC0415 (1 ms, only for this message)

    close = difflib.get_close_matches(sequence_id, known, n=1)
    if close:
        msg += f"; did you mean {close[0]!r}?"
    raise RenderError(msg)


def _label(states: tuple[State, ...], state_id: str | None, problem: str) -> str | None:
    """Return the label of *state_id* (``None`` stays ``None``); raise if it is unknown."""
    if state_id is None:
        return None
    for state in states:
        if state.id == state_id:
            return state.label
    msg = f"{problem} {state_id!r}"
    raise RenderError(msg)
