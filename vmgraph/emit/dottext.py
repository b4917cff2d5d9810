"""Free text -> safe DOT label and tooltip strings (shared by every DOT builder)."""

from __future__ import annotations

from typing import Final

from graphviz import escape, nohtml

__all__ = ["BREAK", "STRING_BYTES", "TOOLTIP_CHARS", "label", "left_lines", "tooltip"]

#: DOT's centred line break; model text never supplies one itself.
BREAK: Final = "\\n"
#: Bytes one DOT string may take: `dot` refuses a quoted string of more than 16 KiB.
STRING_BYTES: Final = 15_000
#: Characters of a tooltip: hover text, the whole description is in the tables.
TOOLTIP_CHARS: Final = 1_000


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
    text: str = nohtml(BREAK.join(_fit(pieces, BREAK)))
    return text


def _size(text: str) -> int:
    """Return the bytes *text* takes in DOT: UTF-8, and a backslash before each quote."""
    return len(text.encode("utf-8")) + text.count('"')


def _fit(pieces: list[str], sep: str) -> list[str]:
    """Return as many of *pieces* as fit in one DOT string, and a last one saying how many are left out."""
    if _size(sep.join(pieces)) <= STRING_BYTES:
        return pieces
    kept: list[str] = []
    used = 0
    for piece in pieces:
        if used + _size(piece) + len(sep) > STRING_BYTES - 100:
            break
        kept.append(piece)
        used += _size(piece) + len(sep)
    left = len(pieces) - len(kept)
    return [*kept, f"... ({left} more line{'s' * (left != 1)})"]


def left_lines(lines: list[str]) -> str:
    r"""Return *lines* as one label of left-aligned lines (``\l`` after each)."""
    text: str = nohtml("".join(f"{piece}\\l" for piece in _fit([_piece(line) for line in lines], "\\l")))
    return text


def tooltip(text: str) -> str:
    r"""Return *text* as a tooltip: escaped twice.

    Graphviz 2.43 unescapes a tooltip once more than a label (measured: ``\\N`` in a
    tooltip still becomes the node name), so a tooltip needs a second escape to stay literal.
    """
    if len(text) > TOOLTIP_CHARS:  # at most 5 bytes a character once escaped: well within a DOT string
        text = text[: TOOLTIP_CHARS - 3] + "..."
    escaped: str = nohtml(escape(_piece(text)))
    return escaped
