"""Free text -> safe DOT label and tooltip strings (shared by every DOT builder)."""

from __future__ import annotations

from graphviz import escape, nohtml

TYPE_CHECKING = False  # typing costs 3 ms of start-up; type checkers read this as True
if TYPE_CHECKING:
    from typing import Final

__all__ = ["BREAK", "label", "left_lines", "tooltip"]

#: DOT's centred line break; model text never supplies one itself.
BREAK: Final = "\\n"


def _piece(text: str) -> str:
    # escape() doubles backslashes (no trailing "\" closes the string, "\N" is not
    # expanded); `dot` expands entities such as "&#60;" even in plain labels, hence "&amp;".
    escaped: str = escape(text)
    return escaped.replace("&", "&amp;")


def label(*lines: str) -> str:
    r"""Return free text as a safe DOT label, *lines* joined by DOT line breaks.

    Line breaks inside a piece become DOT line breaks too; the result is never an HTML
    label.

    >>> print(label('say "hi"', "<b>x</b>\\N", "&lt;"))
    say "hi"\n<b>x</b>\\N\n&amp;lt;
    """
    pieces = [_piece(part) for line in lines for part in (line.splitlines() or [""])]
    text: str = nohtml(BREAK.join(pieces))
    return text


def left_lines(lines: list[str]) -> str:
    r"""Return *lines* as one label of left-aligned lines (``\l`` after each)."""
    text: str = nohtml("".join(f"{_piece(line)}\\l" for line in lines))
    return text


def tooltip(text: str) -> str:
    r"""Return *text* as a tooltip: escaped twice.

    Graphviz 2.43 unescapes a tooltip once more than a label (measured: ``\\N`` in a
    tooltip still becomes the node name), so a tooltip needs a second escape to stay literal.
    """
    escaped: str = nohtml(escape(_piece(text)))
    return escaped
