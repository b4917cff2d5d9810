"""The ``code.table`` section: which transition-table adapter ``vmgraph drift`` reads.

``table: automaton`` names a preset; the mapping form ``table: {preset: transitions,
call: add_transition}`` also renames the call the adapter looks for. The model itself
does not keep the section: the loader checks it and ``vmgraph drift`` reads it from the
model's file with :func:`table_spec`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml

from vmgraph.errors import ModelError
from vmgraph.load import reader as n
from vmgraph.load.yamlsource import compose_file, value_of

__all__ = ["PRESETS", "TableSpec", "read_table", "table_spec"]

#: Each preset and the call it looks for by default.
PRESETS: Final = {
    "automaton": "add_transition",  # fsm.add_transition(start, end, event), as Ironic's machine
    "transitions": "add_transition",  # Machine(transitions=[...]) and add_transition(trigger, source, dest)
    "statemachine": "to",  # python-statemachine: State attributes joined by a.to(b) | c.to(d)
}
_KEYS: Final = ("preset", "call")


@dataclass(frozen=True, slots=True)
class TableSpec:
    """How a machine's transitions are written in the code."""

    preset: str
    call: str


def read_table(r: n.Reader, node: yaml.Node) -> TableSpec | None:
    """Return the ``code.table`` section at *node*, recording its problems with *r*."""
    call = None
    where = "'code.table'"
    if isinstance(node, yaml.MappingNode):
        fields = r.mapping(node, where, _KEYS, required=("preset",))
        if fields is None or "preset" not in fields:
            return None
        preset_node = fields["preset"]
        if "call" in fields:
            call = r.python_name(fields["call"], f"'call' of {where}") or None
    else:
        preset_node = node
    preset = r.scalar(preset_node, f"the preset of {where}")
    if preset is None:
        return None
    if preset not in PRESETS:
        valid = ", ".join(PRESETS)
        r.problem(preset_node, f"unknown table preset {preset!r} in {where} (valid presets: {valid})")
        return None
    return TableSpec(str(preset), call or PRESETS[str(preset)])


def table_spec(path: Path) -> TableSpec | None:
    """Return the ``code.table`` of the model file at *path* (already checked), or ``None``."""
    try:
        root = compose_file(path)
    except ModelError:
        return None
    code = value_of(root, "code")
    node = value_of(code, "table")
    if node is None:
        return None
    r = n.Reader(str(path))
    spec = read_table(r, node)
    return None if r.problems else spec
