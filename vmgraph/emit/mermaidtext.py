r"""Free text -> Mermaid label text that mermaid.js shows literally (shared by the Mermaid builders).

Mermaid has no quoting that covers every diagram type, so labels use its entity codes:
mermaid.js turns ``#<number>;`` into the character with that code point after parsing.
:func:`escape` keeps letters, digits (any script), single spaces between words, and ``_``,
``.`` or ``-`` between two of those, and writes every other character as ``#<code>;``.
What is left can close no string, start no comment (``%%``) or directive (``%%{``), form no
arrow (``-->``), no shape bracket, no HTML tag or entity, no Markdown (state diagrams render
labels as Markdown) and no ``:`` that ends a message.

Some of mermaid.js's processing runs on text whose entities it has already decoded (labels
that contain a tag go through DOMPurify first), so a few sequences are broken up with an
invisible U+2060 WORD JOINER as well: ``fa:fa-`` (Font Awesome icons), ``$$`` (KaTeX),
``\n`` (a backslash and ``n``, read as a line break), ``#br#`` (its line-break placeholder),
and ``ﬂ°`` / ``¶ß`` (its own entity markers). They look the same; only a copy of the text
has the extra character.

Verified against mermaid.js 11.17 in headless Chromium by ``tests/test_mermaid.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from vmgraph.errors import RenderError
from vmgraph.load.reader import IDENT

__all__ = ["BREAK", "INDENT", "JOINER", "document", "escape", "ident", "label"]

#: The line break of state-transition labels and sequence messages and notes.
BREAK: Final = "<br>"
#: Indent of the lines under a diagram's header.
INDENT: Final = "    "
#: Invisible, zero-width; breaks up sequences mermaid.js would act on after decoding.
JOINER: Final = "\u2060"
#: Sequences that get a :data:`JOINER` after their first part (see the module docstring).
_BREAK_UP: Final = re.compile(r"(ﬂ(?=°)|¶(?=ß)|\\(?=n)|\$(?=\$)|#(?=br#)|fa[bklrs]?:(?=fa-))")
#: Kept between two letters or digits: ``SHELVED_OFFLOADED``, ``soft-delete``, ``v2.1``.
_INNER: Final = frozenset("_.-")


def escape(text: str) -> str:
    """Return one line of free text in a form mermaid.js shows literally.

    Line breaks are not kept: they become ``#10;`` like any other control character (use
    :func:`label` for text of several lines). An empty text becomes ``#32;``, because
    Mermaid rejects an empty quoted label.

    >>> escape('say "hi" <b>#1</b>; a --> b')
    'say #34;hi#34; #60;b#62;#35;1#60;#47;b#62;#59; a #45;#45;#62; b'
    >>> escape("SHELVED_OFFLOADED soft-delete  _x_")
    'SHELVED_OFFLOADED soft-delete #32;#95;x#95;'
    """
    text = _BREAK_UP.sub(lambda m: m.group(1) + JOINER, text)
    if not text:
        return "#32;"
    last = len(text) - 1
    out = []
    for i, char in enumerate(text):
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i < last else ""
        if char.isalnum():
            keep = True
        elif char == " ":
            keep = 0 < i < last and before != " "
        else:
            keep = char in _INNER and before.isalnum() and after.isalnum()
        out.append(char if keep else f"#{ord(char)};")
    return "".join(out)


def label(*lines: str, sep: str = BREAK) -> str:
    r"""Return free text of one or more *lines* escaped and joined by *sep*.

    Line breaks inside a line start a new line too.

    >>> label("on failure", "x\ny")
    'on failure<br>x<br>y'
    >>> label("a", "b", sep="\n")
    'a\nb'
    """
    return sep.join(escape(part) for line in lines for part in (line.splitlines() or [""]))


def ident(kind: str, value: str) -> str:
    """Return *value* if it is a validated identifier, else raise (the loader checked it)."""
    if not IDENT.match(value):
        msg = f"{kind} {value!r} is not an identifier, so it cannot be a Mermaid id"
        raise RenderError(msg)
    return value


def document(header: str, title: str, body: Iterator[str]) -> str:
    """Return the diagram: *header*, an accessible title, then the indented *body* lines."""
    lines = [header, f"accTitle: {escape(title)}", *body]
    return "\n".join(lines[:1] + [INDENT + line for line in lines[1:]]) + "\n"
