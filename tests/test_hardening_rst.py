"""Class 3 of the second hardening round: model text never becomes reST structure.

Every text below starts with (or is) something docutils reads as markup at the start of a
line: bullets (ASCII and Unicode), enumerators, field and option lists, line blocks,
doctest blocks, comments and explicit markup, transitions and section underlines, tables,
a lone backslash, a tab. Each is escaped by :func:`vmgraph.emit.rst.rst_escape` and parsed
by docutils as a paragraph, a section title and a table cell, with any warning an error;
then pages of hostile models are built by Sphinx with ``-W``.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.utils import SystemMessage
from sphinx.cmd.build import build_main

from vmgraph.emit.rst import heading, model_page, rst_escape
from vmgraph.load.loader import load_model

#: Text -> what it would have made, unescaped.
HOSTILE = {
    "\u2022 bullet": "bullet list (U+2022)",
    "\u2023 triangular bullet": "bullet list (U+2023)",
    "\u2043 hyphen bullet": "bullet list (U+2043)",
    "\u2022": "empty bullet list item",
    "- dash": "bullet list",
    "* star": "bullet list",
    "+ plus": "bullet list",
    "1. one": "enumerated list",
    "1) one": "enumerated list",
    "(1) one": "enumerated list",
    "a. alpha": "enumerated list",
    "iv. roman": "enumerated list",
    "IV) roman": "enumerated list",
    "#. auto": "auto-enumerated list",
    "\\": "a lone backslash",
    "\\\\": "four backslashes after escaping: a transition",
    "\\\\\\\\\\": "a transition",
    "x \\": "a trailing backslash",
    "a\tb": "a tab (8 columns to docutils)",
    "\ttab first": "a leading tab",
    ":field: body": "field list",
    ":field:": "field list",
    ".. comment": "comment",
    "..": "empty comment",
    ".. raw:: html": "directive",
    ".. _target: http://example.com": "hyperlink target",
    ".. [1] note": "footnote",
    "__ anonymous": "anonymous target",
    "----": "transition",
    "====": "transition or underline",
    "-o option": "option list",
    "--option value": "option list",
    "/V DOS option": "option list",
    "| line": "line block",
    ">>> 1 + 1": "doctest block",
    "::": "literal block marker",
    "text::": "literal block",
    "+---+---+": "grid table",
    "=== ===": "simple table",
    "|sub|": "substitution",
    "`": "interpreted text",
    "\u00a0\u2022 after a no-break space": "bullet after blank",
    "\u2003- after an em space": "bullet after blank",
}
IDS = list(HOSTILE.values())
IDS = [f"{i:02d}-{what}" for i, what in enumerate(IDS)]
SETTINGS = {"report_level": 2, "halt_level": 2, "doctitle_xform": False, "warning_stream": False}
#: Elements made by block markup; none of them may come from model text.
STRUCTURE = (
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.field_list,
    nodes.option_list,
    nodes.line_block,
    nodes.doctest_block,
    nodes.literal_block,
    nodes.comment,
    nodes.transition,
    nodes.target,
    nodes.footnote,
    nodes.definition_list,
    nodes.block_quote,
    nodes.system_message,
    nodes.substitution_reference,
    nodes.raw,
)


def shown(text: str) -> str:
    """Return *text* as a reader sees it: tabs as spaces, no blanks around."""
    return text.replace("\t", " ").strip()


def parse(source: str) -> nodes.document:
    try:
        return publish_doctree(source, settings_overrides=SETTINGS)
    except SystemMessage as err:  # halt_level 2: any warning or error stops the parse
        pytest.fail(f"docutils complained: {err}\n{source}")


def structure(doctree: nodes.document) -> list[str]:
    """Return the block markup in *doctree* (infos, such as a title given twice, aside)."""
    return [
        type(n).__name__
        for n in doctree.findall(lambda n: isinstance(n, STRUCTURE))
        if not (isinstance(n, nodes.system_message) and n["level"] < 2)
    ]


@pytest.mark.hardening(3)
@pytest.mark.parametrize("text", list(HOSTILE), ids=IDS)
def test_escaped_text_stays_text_in_a_paragraph_a_title_and_a_cell(text: str) -> None:
    escaped = rst_escape(text)
    paragraph = parse(f"Before.\n\n{escaped}\n\nAfter.\n")
    assert structure(paragraph) == []
    assert [p.astext() for p in paragraph.findall(nodes.paragraph)] == ["Before.", shown(text), "After."]

    titled = parse(f"{heading(text, '=')}\n\nBody.\n\n{heading(text, '-')}\n\nMore.\n")
    assert structure(titled) == []
    assert [t.astext() for t in titled.findall(nodes.title)] == [shown(text), shown(text)]

    table = parse(f".. list-table::\n\n   * - {escaped}\n     - {escaped} (initial)\n")
    assert structure(table) == []
    cells = [e.astext() for e in table.findall(nodes.entry)]
    assert cells == [shown(text), f"{shown(text)} (initial)"]


def _hostile_model(title: str, texts: list[str]) -> str:
    """Return a model whose title, labels, descriptions and sequence labels are *texts*."""
    q = json.dumps
    lines = ["vmgraph: 1", "id: hostile", f"title: {q(title)}", f"description: {q(texts[0])}", "states:"]
    lines += [
        f"  - {{id: s{i}, label: {q(t)}, description: {q(t)}, value: {q(t)}, initial: {str(i == 0).lower()}}}"
        for i, t in enumerate(texts)
    ]
    lines.append("actions:")
    lines += [
        f"  - {{id: a{i}, label: {q(t)}, description: {q(t)}, accepts: [s{i}], results: [s{(i + 1) % len(texts)}]}}"
        for i, t in enumerate(texts)
    ]
    lines.append("sequences:")
    lines += [
        f"  - {{id: q{i}, label: {q(t)}, description: {q(t)}, participants: [{{id: p, label: {q(t)}}}], "
        f"steps: [{{caller: p, callee: p, call: {q(t)}, note: {q(t)}}}]}}"
        for i, t in enumerate(texts[:12])
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.hardening(3)
def test_sphinx_builds_pages_of_hostile_models_with_warnings_as_errors(tmp_path: Path) -> None:
    """Four pages, each titled with hostile text; the text builder (the doctrees are the same for HTML)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinx.ext.graphviz"]\ngraphviz_output_format = "svg"\n', encoding="utf-8"
    )
    texts = [t for t in HOSTILE if shown(t)]
    titles = {"bullet": "\u2022 bullet title", "backslash": "\\", "tab": "tab\tin\ttitle", "field": ":field: title"}
    pages = []
    for name, title in titles.items():
        model = tmp_path / f"{name}.yaml"
        model.write_text(_hostile_model(title, texts), encoding="utf-8")
        (src / f"{name}.rst").write_text(model_page(load_model(model)), encoding="utf-8")
        pages.append(name)
    toctree = "\n".join(f"   {p}" for p in pages)
    (src / "index.rst").write_text(f"Models\n======\n\n.. toctree::\n\n{toctree}\n", encoding="utf-8")
    out = tmp_path / "out"
    warnings = tmp_path / "warnings.txt"
    code = build_main(["-q", "-W", "-E", "-b", "text", "-w", str(warnings), str(src), str(out)])
    assert (code, warnings.read_text(encoding="utf-8")) == (0, "")
    for name, title in titles.items():
        doctree = pickle.loads((out / ".doctrees" / f"{name}.doctree").read_bytes())
        assert structure(doctree) == []
        section_titles = [t.astext() for t in doctree.findall(nodes.title)]
        assert section_titles[0] == shown(title)
        sequences = [t for t in section_titles[1:] if t in {shown(x) for x in texts}]
        assert sequences == [shown(t) for t in texts[:12]]
        cells = {e.astext() for e in doctree.findall(nodes.entry)}
        assert {shown(t) for t in texts} <= cells
