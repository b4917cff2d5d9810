"""Docs are written for readers: no sentence of the prose of docs/*.rst is over 40 words.

Prose is what a reader reads as running text: paragraphs, list items, definitions, and the
content of directives such as ``rst:directive`` or ``confval``. Tables, code, literal blocks,
commands run on the page and directive options are not prose. An inline literal (````x y````)
and a role with its target count as one word each, as they read as one name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"
LIMIT = 40
#: Directives whose content is not prose: code, tables, examples, navigation, pictures.
NOT_PROSE = frozenset(
    {
        "code-block",
        "code",
        "sourcecode",
        "literalinclude",
        "include",
        "list-table",
        "csv-table",
        "table",
        "run-command",
        "rst-example",
        "toctree",
        "image",
        "figure",
        "raw",
        "graphviz",
        "only",
    }
)
#: A list item's marker: ``-``, ``*``, ``#.`` or ``1.``, and the space after it.
MARKER = re.compile(r"^(?:[-*+]|#\.|\d+\.) +")


def paragraphs(text: str) -> list[str]:
    """Return the prose of a reST page as paragraphs, each on one line."""
    found: list[list[str]] = []
    current: list[str] = []
    skip_deeper_than: int | None = None
    options_deeper_than: int | None = None
    previous_indent = -1

    def close() -> None:
        nonlocal current
        if current:
            found.append(current)
        current = []

    for line in text.splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if skip_deeper_than is not None:
            if not stripped or indent > skip_deeper_than:
                continue
            skip_deeper_than = None
        if options_deeper_than is not None:
            if stripped.startswith(":") and indent > options_deeper_than:
                continue
            options_deeper_than = None
        if not stripped or re.fullmatch(r"([=\-~^\"'`#*+])\1{2,}", stripped):
            close()
            previous_indent = -1
            continue
        directive = re.match(r"\.\. ([\w:-]+)::", stripped)
        if stripped.startswith(".."):  # a directive, comment, target or substitution
            close()
            if directive and directive[1] not in NOT_PROSE:
                options_deeper_than = indent  # its options are not prose; its content is
            else:
                skip_deeper_than = indent
            previous_indent = -1
            continue
        if stripped.startswith(("+-", "+=", "|")):  # a grid table or a line block
            close()
            continue
        marker = MARKER.match(stripped)
        content_indent = indent + (marker.end() if marker else 0)
        if marker or indent != previous_indent:
            close()
        if marker:
            stripped = stripped[marker.end() :]
        if stripped.endswith("::"):  # the paragraph goes on; the literal block after it is code
            stripped = stripped[:-2].rstrip()
            skip_deeper_than = indent
        current.append(stripped)
        previous_indent = content_indent
    close()
    return [" ".join(lines) for lines in found]


def sentences(paragraph: str) -> list[str]:
    """Return the sentences of a paragraph."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=\S)", paragraph) if s]


def words(sentence: str) -> int:
    """Return the number of words of a sentence; a literal or a role with its target is one word."""
    one_word = re.sub(r"``.+?``|(?::[\w:-]+:)?`[^`]+`_{0,2}", "x", sentence)
    return len(one_word.split())


def long_sentences(page: Path) -> list[tuple[int, str]]:
    """Return each sentence of *page* over the limit, with its length in words."""
    return [
        (words(sentence), sentence)
        for paragraph in paragraphs(page.read_text(encoding="utf-8"))
        for sentence in sentences(paragraph)
        if words(sentence) > LIMIT
    ]


def test_the_prose_is_found() -> None:
    text = (
        "Title\n=====\n\nOne two.\nThree four.\n\n.. code-block:: text\n\n   not prose here\n\n- an item\n  goes on\n"
    )
    assert paragraphs(text) == ["Title", "One two. Three four.", "an item goes on"]
    assert words("Run ``vmgraph render nova -o out`` and :doc:`the page <cli>`.") == 4
    assert sentences("One. Two? Three") == ["One.", "Two?", "Three"]


def test_a_long_sentence_is_found() -> None:
    sentence = " ".join(["word"] * 41) + "."
    assert [len(s.split()) for p in paragraphs(f"Title\n=====\n\n{sentence}\n") for s in sentences(p)] == [1, 41]


PAGES = sorted(p.stem for p in DOCS.glob("*.rst"))


@pytest.mark.parametrize("page", PAGES)
def test_no_sentence_is_over_40_words(page: str) -> None:
    assert long_sentences(DOCS / f"{page}.rst") == []
