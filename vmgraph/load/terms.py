"""The ``terms`` section: what the model calls its resource, states and actions."""

from __future__ import annotations

from typing import Final

import yaml

from vmgraph.load.reader import Reader
from vmgraph.terms import Terms

__all__ = ["TERM_KEYS", "read_terms"]

#: The keys of ``terms``, each the singular field of :class:`~vmgraph.terms.Terms`.
TERM_KEYS: Final = ("resource", "state", "action", "short", "task_state", "power_state")
_PLURALS: Final = {"resource": "resources", "state": "states", "action": "actions", "short": "shorts"}


def read_terms(r: Reader, node: yaml.Node | None) -> Terms:
    """Return the words of ``terms`` (``word`` or ``[singular, plural]``); neutral words for the rest.

    ``short`` defaults to ``action``: the model's word for an action in running text.
    """
    if node is None:
        return Terms()
    fields = r.mapping(node, "'terms'", TERM_KEYS)
    if fields is None:
        return Terms()
    words: dict[str, str] = {}
    for key, value in fields.items():
        pair = _pair(r, value, f"'{key}' of 'terms'")
        if pair is not None:
            words[key], words[_PLURALS.get(key, key + "s")] = pair
    if "short" not in fields and "action" in words:
        words["short"], words["shorts"] = words["action"], words["actions"]
    return Terms(**words)


def _pair(r: Reader, node: yaml.Node, what: str) -> tuple[str, str] | None:
    """Return (singular, plural) of one term: ``node`` gives ``nodes``, a list gives both."""
    if isinstance(node, yaml.SequenceNode):
        items = r.sequence(node, what)
        if len(items) != 2:
            r.problem(node, f"{what} must be one word or a list of two, [singular, plural], got {len(items)} items")
            return None
        one, many = (r.text(item, what) for item in items)
        return (one, many) if one and many else None
    word = r.text(node, what)
    return (word, word + "s") if word else None
