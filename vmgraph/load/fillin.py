"""Find the ``# FILL IN: ...`` comments of a model file: what its author still has to write.

``vmgraph import`` writes one above each place the code could not fill (where a decorated
call leads); :func:`warn_fill_in` reports each as a warning with its line until the
comment is deleted. Only whole-line comments count, never text inside a string.
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING, Final

import yaml

from vmgraph.errors import ModelWarning, Problem

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["MARKER", "fill_in_marks", "warn_fill_in"]

#: What starts a comment that marks a place to fill in.
MARKER: Final = "FILL IN:"
_COMMENT: Final = re.compile(r"^[ \t]*#[ \t]*FILL IN:[ \t]*(.*?)[ \t]*\r?$", re.MULTILINE)


def fill_in_marks(text: str, root: yaml.Node | None = None) -> list[tuple[int, str]]:
    """Return the (line, what to fill in) of each ``# FILL IN:`` comment of *text*.

    *root*, the document composed from *text*, lets lines inside multi-line strings be
    skipped: there a ``#`` is text, not a comment.
    """
    if MARKER not in text:
        return []
    inside = _string_lines(root) if root is not None else set()
    found = []
    for match in _COMMENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line not in inside:
            found.append((line, match.group(1) or "(nothing said)"))
    return found


def warn_fill_in(path: str | Path, root: yaml.Node) -> None:
    """Warn (:class:`~vmgraph.errors.ModelWarning`) about each place to fill in of the file *path*."""
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:  # noqa: PTH123 (path may be a str)
            text = stream.read()
    except OSError:
        return  # read a moment ago: a file gone since has nothing to report
    for line, what in fill_in_marks(text, root):
        warnings.warn(str(Problem(f"to fill in: {what}", path, line)), ModelWarning, stacklevel=3)


def _string_lines(root: yaml.Node) -> set[int]:
    """Return the lines (1-based) that continue a scalar begun on an earlier line."""
    lines: set[int] = set()
    todo, seen = [root], set()
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue  # an alias: already walked
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            end = node.end_mark.line - (node.end_mark.column == 0)  # a block scalar ends at the next line
            lines.update(range(node.start_mark.line + 2, end + 2))
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            todo.extend(n for pair in node.value for n in pair)
    return lines
