"""The kind of a state (stable, in progress, waiting, failed), its target and its error mark."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Final

from vmgraph.load.reader import Reader, suggest

if TYPE_CHECKING:
    import yaml

    from vmgraph.model import State

__all__ = ["KINDS", "KIND_KEYS", "checked_targets", "read_kind"]

#: The kinds a state may have, in the order legends list them.
KINDS: Final = ("stable", "in_progress", "waiting", "failed")
#: The keys of a state these fields come from.
KIND_KEYS: Final = ("kind", "target", "error")


def read_kind(r: Reader, fields: dict[str, yaml.Node], where: str) -> dict[str, object]:
    """Return the ``kind``, ``target`` and ``error`` of one state as :class:`State` fields.

    The target is checked later, by :func:`checked_targets`, when every state is known.
    """
    found: dict[str, object] = {}
    if "kind" in fields:
        kind = r.scalar(fields["kind"], f"'kind' of {where}")
        if kind in KINDS:
            found["kind"] = kind
        else:
            valid = ", ".join(KINDS)
            r.problem(fields["kind"], f"'kind' of {where} must be one of {valid}, got {r.show(fields['kind'])}")
    if "target" in fields:
        found["target"] = r.ident(fields["target"], f"'target' of {where}")
        found["target_node"] = fields["target"]
    if "error" in fields:
        found["error"] = r.boolean(fields["error"], f"'error' of {where}")
    return found


def checked_targets(r: Reader, states: list[State], nodes: dict[str, yaml.Node]) -> list[State]:
    """Return *states* with each target checked: a known state, not itself, on a state that is not stable."""
    known = {s.id: s for s in states}
    checked = []
    for state in states:
        node = nodes.get(state.id)
        target = state.target
        if target is not None and node is not None:
            where = f"'target' of state {state.id!r}"
            if target not in known:
                r.problem(node, f"{where} is {target!r}, which is not a state ({suggest(target, list(known))})")
                target = None
            elif state.kind == "stable":
                r.problem(node, f"{where}: only a state that is not stable heads to another (set 'kind')")
            elif target == state.id:
                r.problem(node, f"{where} is the state itself; name the stable state it heads to")
        checked.append(state if target == state.target else dataclasses.replace(state, target=target))
    return checked
