"""Find the lines of a model file that give each action's and variant's code names.

Used only to place ``code-not-found`` findings; the model itself is read by
:mod:`vmgraph.load.loader`. A file that cannot be read gives no lines, never an error.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from vmgraph.errors import ModelError
from vmgraph.load.yamlsource import compose_file, value_of

__all__ = ["code_lines"]


def code_lines(path: Path) -> dict[tuple[str, str | None], int]:
    """Return, per ``(action, variant)``, the line of its ``code`` key or else of its ``id``.

    A variant without a ``code`` key of its own gets its action's line.
    """
    try:
        root = compose_file(path)
    except ModelError:
        return {}
    lines: dict[tuple[str, str | None], int] = {}
    for action in _items(value_of(root, "actions")):
        action_id = _scalar(value_of(action, "id"))
        if action_id is None:
            continue
        own = _line(action)
        lines[(action_id, None)] = own
        for variant in _items(value_of(action, "variants")):
            variant_id = _scalar(value_of(variant, "id"))
            if variant_id is not None:
                lines[(action_id, variant_id)] = _line(variant) if value_of(variant, "code") else own
    return lines


def _line(node: yaml.Node) -> int:
    """Return the line of the node's ``code`` key, or of its ``id`` key, or of the node."""
    for key in ("code", "id"):
        found = _key(node, key)
        if found is not None:
            return int(found.start_mark.line) + 1
    return int(node.start_mark.line) + 1


def _key(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node
    return None


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _scalar(node: yaml.Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None
