"""The MyST examples of docs/directives.rst (written by its ``rst-example`` directive) build, with
myst-parser, ``-W -n`` clean in HTML and text, into the same vmgraph nodes as their reST."""

from __future__ import annotations

import importlib.util
import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from vmgraph.sphinxext.mermaid import vmgraph_mermaid
from vmgraph.sphinxext.nodes import vmgraph_diagram

TESTS = Path(__file__).parent
DOCS = TESTS.parent / "docs"
ROOT = TESTS / "roots" / "test-myst"
#: One ``.. rst-example::`` block of the directives page: its indented body.
EXAMPLE = re.compile(r"^\.\. rst-example::\n(?P<body>(?:[ \t]*\n|   .*\n)+)", re.MULTILINE)

pytestmark = pytest.mark.skipif(importlib.util.find_spec("myst_parser") is None, reason="myst-parser is not installed")


def _rstexample() -> ModuleType:
    """Import the docs' own extension, which writes the MyST the page shows."""
    spec = importlib.util.spec_from_file_location("rstexample", DOCS / "_ext" / "rstexample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _examples() -> list[tuple[str, str]]:
    """Return every example of docs/directives.rst as (reST, MyST), as the page shows them."""
    text = (DOCS / "directives.rst").read_text(encoding="utf-8")
    to_myst = _rstexample().rst_to_myst
    sources = [textwrap.dedent(match["body"]).strip("\n") + "\n" for match in EXAMPLE.finditer(text)]
    assert len(sources) == text.count(".. rst-example::")
    return [(source, to_myst(source)) for source in sources]


def _project(tmp_path: Path, syntax: str) -> Path:
    """Write a project of every example in one syntax (``rst`` or ``md``): one page each."""
    src = tmp_path / syntax
    shutil.copytree(ROOT, src)
    conf = (src / "conf.py").read_text(encoding="utf-8").replace("../../data/", str(TESTS / "data") + "/")
    (src / "conf.py").write_text(conf, encoding="utf-8")
    pages = [f"example{number:02}" for number in range(1, len(_examples()) + 1)]
    for page, (rst, myst) in zip(pages, _examples(), strict=True):
        title = f"Example {page[-2:]}"
        body = f"{title}\n{'=' * len(title)}\n\n{rst}" if syntax == "rst" else f"# {title}\n\n{myst}"
        (src / f"{page}.{syntax}").write_text(body, encoding="utf-8")
    if syntax == "rst":
        index = "Examples\n========\n\n.. toctree::\n\n" + "".join(f"   {page}\n" for page in pages)
    else:
        index = "# Examples\n\n```{toctree}\n" + "".join(f"{page}\n" for page in pages) + "```\n"
    (src / f"index.{syntax}").write_text(index, encoding="utf-8")
    return src


def _build(make_app: Callable[..., SphinxTestApp], tmp_path: Path, syntax: str, builder: str) -> dict[str, object]:
    """Build the examples in one syntax, ``-W -n`` clean; return per page what it gave.

    For each page: the vmgraph nodes of its doctree and its output (the body of the HTML page,
    with the drawings and their links; the whole page in text). The app is cleaned up before the
    next one is made (it unregisters the nodes, which the next app registers again).
    """
    src = _project(tmp_path, syntax)
    app = make_app(builder, srcdir=src, builddir=tmp_path / f"build-{syntax}", freshenv=True)
    try:
        app.build(force_all=True)
        warnings = [
            line
            for line in strip_escape_sequences(app.warning.getvalue()).splitlines()
            if "WARNING" in line or "ERROR" in line
        ]
        assert warnings == [], f"{syntax} ({builder}) is not -W -n clean"
        pages = sorted(name for name in app.env.found_docs if name.startswith("example"))
        assert len(pages) == len(_examples())
        given: dict[str, object] = {}
        for page in pages:
            read = _vmgraph_nodes(app.env.get_doctree(page))
            assert read, f"{page} has no vmgraph node"
            output = (Path(app.outdir) / f"{page}{app.builder.out_suffix}").read_text(encoding="utf-8")
            if builder == "html":
                output = output[output.index('<div class="body"') : output.index('<div class="sphinxsidebar"')]
            given[page] = (read, output)
        return given
    finally:
        app.cleanup()


def _vmgraph_nodes(doctree: nodes.Node) -> list[tuple[str, ...]]:
    """Return what vmgraph put in a page: diagrams (their code and options), tables, links, captions."""
    found: list[tuple[str, ...]] = []
    for node in doctree.findall(nodes.Element):
        if isinstance(node, vmgraph_diagram | vmgraph_mermaid):
            attributes = {key: value for key, value in node.attributes.items() if key not in {"source", "line"}}
            found.append((type(node).__name__, node["code"], repr(sorted(attributes.items()))))
        elif isinstance(node, nodes.table):
            colwidths = [spec["colwidth"] for spec in node.findall(nodes.colspec)]
            found.append(("table", node.astext(), repr(node["classes"]), repr(node.get("width")), repr(colwidths)))
        elif isinstance(node, pending_xref) and node.get("refdomain") == "vmgraph":
            found.append(("ref", node["reftype"], node["reftarget"], node.astext()))
        elif isinstance(node, nodes.reference) and "vmgraph" in str(node.get("refid", node.get("refuri", ""))):
            found.append(("link", str(node.get("refid", node.get("refuri"))), node.astext()))
        elif isinstance(node, nodes.figure | nodes.caption | nodes.target):
            found.append((type(node).__name__, node.astext(), repr(node.get("ids")), repr(node.get("classes"))))
    return found


def test_the_page_has_a_myst_example_beside_every_rst_example() -> None:
    examples = _examples()
    assert len(examples) >= 11
    for rst, myst in examples:
        assert ":vmgraph" in rst or ".. vmgraph-" in rst, rst
        assert "{vmgraph" in myst, myst
        assert ".. " not in myst and ":vmgraph:" not in myst.replace("{vmgraph:", "{"), myst


def test_rst_to_myst_writes_fences_and_roles() -> None:
    to_myst = _rstexample().rst_to_myst
    rst = ".. vmgraph-states:: minimal\n   :kind: task\n   :no-index:\n\nSee :vmgraph:state:`minimal:up`.\n"
    assert (
        to_myst(rst)
        == "```{vmgraph-states} minimal\n:kind: task\n:no-index:\n```\n\nSee {vmgraph:state}`minimal:up`.\n"
    )
    nested = ".. note::\n\n   .. vmgraph-matrix::\n\n   Read :vmgraph:action:`go`.\n"
    assert to_myst(nested) == "````{note}\n\n```{vmgraph-matrix}\n```\n\nRead {vmgraph:action}`go`.\n````\n"
    for unknown in ("A ``literal``.\n", "A `link`_.\n", "   indented\n", ".. comment\n"):
        with pytest.raises(ValueError, match=r"cannot write .* in MyST"):
            to_myst(unknown)


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.parametrize("builder", ["html", "text"])
def test_myst_examples_give_what_the_rst_ones_give(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str
) -> None:
    rst = _build(make_app, tmp_path, "rst", builder)
    myst = _build(make_app, tmp_path, "md", builder)
    assert list(myst) == list(rst)
    for page, expected in rst.items():
        assert myst[page] == expected, page
    roles = myst[list(myst)[-1]]
    assert "a repair" in str(roles) and "{vmgraph" not in str(roles)
