"""Hostile text stays text: in the SVG `vmgraph render` writes and in the HTML, LaTeX and plain
text Sphinx builds, never markup or code.

The model of tests/roots/test-injection/ gives every label, description, condition, call,
note and title text made of DOT syntax (``"``, ``]``, ``->``, ``{``), HTML (``<b>``,
``<script>``, entities), reST (``*``, backquotes, ``.. raw::``, ``|sub|``, ``_``), DOT
escapes (``\\N``, ``\\l``, a trailing ``\\``) and LaTeX (``\\textbf``, ``$``, ``%``). The
root uses every directive and role, and its page.rst is what ``vmgraph page`` writes for the
model. Each output is parsed (xml.etree for SVG, html.parser for HTML, the doctree) and must
hold no element the text could have made, and every hostile text literally (LaTeX: escaped).
A line break in a one-line text is refused by the loader (tests/data/bad/multiline_label.yaml
and its siblings); one in a description is folded into a space, as checked here.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docutils import nodes
from sphinx import addnodes
from sphinx.cmd.build import build_main
from sphinx.util import texescape

from vmgraph.cli import main
from vmgraph.emit.rst import model_page
from vmgraph.load.loader import load_model
from vmgraph.sphinxext.models import clear_cache
from vmgraph.views.graph import action_node, start_node, state_node
from vmgraph.views.preconditions import preconditions_view
from vmgraph.views.transitions import transitions_view

pytestmark = pytest.mark.injection

ROOT = Path(__file__).parent / "roots" / "test-injection"
MODEL = ROOT / "injection.yaml"
SVG = "{http://www.w3.org/2000/svg}"
#: Every element Graphviz writes in an SVG; anything else came from a label.
SVG_TAGS = {"svg", "g", "title", "text", "a", "path", "polygon", "polyline", "ellipse", "desc", "defs", "style"}


def hostile_texts() -> dict[str, str]:
    """Return state id -> its label: the hostile texts, one per kind of markup."""
    model = load_model(MODEL)
    return {s.id: s.label for s in model.states if s.id.startswith("s_")}


HOSTILE = hostile_texts()
IDS = [key.removeprefix("s_") for key in HOSTILE]


def words(text: str) -> str:
    return " ".join(text.split())


# -- `vmgraph render`: SVG from the real `dot` ----------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, dot_binary: str) -> dict[str, ET.Element]:
    """The views of the model as `vmgraph render` writes them, parsed: view -> SVG root."""
    out = tmp_path_factory.mktemp("rendered")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("VMGRAPH_DOT", raising=False)
        assert main(["render", str(MODEL), "--format", "svg", "dot", "-o", str(out)]) == 0
    return {path.stem: ET.parse(path).getroot() for path in sorted(out.glob("*.svg"))}


def svg_texts(root: ET.Element) -> list[str]:
    """Return the text of each ``<text>`` element: one line of a label each."""
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def test_svg_holds_only_graphviz_elements_and_the_graphs_own_nodes(rendered: dict[str, ET.Element]) -> None:
    model = load_model(MODEL)
    assert sorted(rendered) == ["create-sequence", "preconditions", "transitions"]
    for view, root in rendered.items():
        tags = {el.tag.removeprefix(SVG) for el in root.iter()}
        assert tags <= SVG_TAGS, (view, tags - SVG_TAGS)
        for el in root.iter():
            assert not [k for k in el.attrib if k.lower().startswith("on")], "no event handler"
    states = {state_node(s.id) for s in model.states}
    boxes = {action_node(a.id, v.id) for a in model.actions for v in a.variants}
    starts = {start_node(a.id) for a in model.actions if a.creates}
    drawn = {n.name for n in preconditions_view(model).nodes}  # boxes drawn alike share one; "any state"
    assert states <= drawn and {n for n in drawn if n.startswith("action_")} <= boxes
    assert _node_names(rendered["preconditions"]) == drawn, "a label broke out of its string"
    anys = {n.name for n in transitions_view(model).nodes if "any" in n.roles}
    assert _node_names(rendered["transitions"]) == states | starts | anys
    edges = sum(1 for _ in model.transitions())
    assert 0 < len(_edges(rendered["transitions"])) <= edges


def _node_names(root: ET.Element) -> set[str]:
    return {g.findtext(f"{SVG}title") or "" for g in root.iter(f"{SVG}g") if g.get("class") == "node"}


def _edges(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]


@pytest.mark.parametrize("state_id", HOSTILE, ids=IDS)
def test_svg_draws_the_label_literally(state_id: str, rendered: dict[str, ET.Element]) -> None:
    label = HOSTILE[state_id]
    for view in ("preconditions", "transitions"):
        assert label in svg_texts(rendered[view]), f"{label!r} is not drawn as it is in {view}"
    calls = svg_texts(rendered["create-sequence"])
    assert any(label in line for line in calls), f"the call {label!r} is not drawn in the sequence"


# -- Sphinx: HTML, LaTeX and text builds of the root ------------------------------------------------------


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory, dot_binary: str) -> Callable[[str], Path]:
    """Return a function building the root with a builder (once each); it returns the output folder."""
    src = tmp_path_factory.mktemp("injection") / "src"
    shutil.copytree(ROOT, src)
    (src / "page.rst").write_text(model_page(load_model(src / "injection.yaml")), encoding="utf-8")
    done: dict[str, Path] = {}

    def run(builder: str) -> Path:
        if builder not in done:
            out = src.parent / builder
            clear_cache()
            warnings = src.parent / f"{builder}-warnings.txt"
            with pytest.MonkeyPatch.context() as patch:
                patch.delenv("VMGRAPH_DOT", raising=False)
                code = build_main(["-q", "-E", "-b", builder, "-w", str(warnings), str(src), str(out)])
            assert code == 0
            assert warnings.read_text(encoding="utf-8") == "", "the hostile model builds without a warning"
            done[builder] = out
        return done[builder]

    return run


class Elements(HTMLParser):
    """Every element of a page as (tag, attributes, text directly inside), and all the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.open: list[int] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), []))
        self.open.append(len(self.elements) - 1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.elements[self.open.pop()][0] == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for index in self.open:
            self.elements[index][2].append(data)


def parse_html(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def html_pages(build: Callable[[str], Path]) -> dict[str, Elements]:
    out = build("html")
    return {name: parse_html(out / f"{name}.html") for name in ("index", "page")}


def test_html_has_no_element_made_by_a_label(html_pages: dict[str, Elements]) -> None:
    for name, page in html_pages.items():
        for tag, attrs, inside in page.elements:
            assert tag not in {"b", "i", "strong", "em"} or "BOLD" not in "".join(inside), (name, tag)
            if tag == "script":
                assert "alert" not in "".join(inside), f"{name}: a label became a script"
            assert not [k for k in attrs if k.startswith("on")], (name, tag, attrs)
        svg_inside = {tag for tag, _, _ in page.elements} - HTML_TAGS
        assert svg_inside <= SVG_TAGS | {"svg"}, (name, svg_inside - SVG_TAGS)
    index = html_pages["index"]
    assert sum(1 for tag, _, _ in index.elements if tag == "svg") == 3, "the three diagrams are inline SVG"


#: The HTML elements Sphinx and its theme write (anything else in a page is SVG, or came from a label).
HTML_TAGS = {
    "html", "head", "meta", "title", "link", "script", "style", "body", "div", "section", "h1", "h2", "h3", "p",
    "a", "span", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "figure",
    "figcaption", "details", "summary", "button", "form", "input", "search", "code", "pre", "img", "object", "nav",
    "hr", "label", "caption", "dl", "dt", "dd", "blockquote", "cite", "br",
}  # fmt: skip


@pytest.mark.parametrize("state_id", HOSTILE, ids=IDS)
def test_html_shows_the_text_literally(state_id: str, html_pages: dict[str, Elements]) -> None:
    label = HOSTILE[state_id]
    for name, page in html_pages.items():
        text = words(" ".join(page.text))
        assert label in text, f"{label!r} is not in {name}.html as text"
        assert f"Description of {label}" in text
    index = html_pages["index"]
    drawn = ["".join(inside) for tag, _, inside in index.elements if tag == "text"]
    assert label in drawn, f"{label!r} is not drawn in the inline SVG"


def test_descriptions_fold_line_breaks_into_spaces(html_pages: dict[str, Elements]) -> None:
    text = words(" ".join(html_pages["index"].text))
    assert "Does <b>BOLD</b> and a second paragraph <b>BOLD</b>" in text


def test_images_of_the_generated_page_hold_only_graphviz_elements(build: Callable[[str], Path]) -> None:
    images = sorted((build("html") / "_images").glob("*.svg"))
    assert len(images) >= 6, "vmgraph's diagrams and the graphviz directives of page.rst"
    for path in images:
        tags = {el.tag.removeprefix(SVG) for el in ET.parse(path).getroot().iter()}
        assert tags <= SVG_TAGS, (path.name, tags - SVG_TAGS)
    drawn = {line for path in images for line in svg_texts(ET.parse(path).getroot())}
    assert set(HOSTILE.values()) <= drawn


#: Inline markup docutils makes of reST (the templates' own, such as the model id in ``literal``, is fine).
MARKUP = (nodes.emphasis, nodes.strong, nodes.literal, nodes.reference, nodes.problematic, nodes.target)


def test_doctree_has_no_markup_made_by_a_label(build: Callable[[str], Path]) -> None:
    doctrees = build("html") / ".doctrees"
    for name, roles in (("index", 5), ("page", 0)):
        doctree = pickle.loads((doctrees / f"{name}.doctree").read_bytes())
        assert list(doctree.findall(nodes.raw)) == []
        assert list(doctree.findall(nodes.system_message)) == []
        made = [
            n.astext()
            for n in doctree.findall(lambda n: isinstance(n, MARKUP))
            if not isinstance(n.parent, addnodes.pending_xref)  # the roles' own ``id``
            and n.astext()
            and any(n.astext() in text for text in HOSTILE.values())
        ]
        assert made == [], (name, made)
        assert list(doctree.findall(nodes.substitution_reference)) == []
        assert len(list(doctree.findall(addnodes.pending_xref))) == roles


def test_roles_show_the_labels_as_link_text(html_pages: dict[str, Elements]) -> None:
    links = ["".join(inside) for tag, attrs, inside in html_pages["index"].elements if tag == "a" and "href" in attrs]
    model = load_model(MODEL)
    for label in (HOSTILE["s_html_b"], HOSTILE["s_script"], model.action("a_emphasis").label):
        assert label in links
    assert HOSTILE["s_backtick"] in links  # the task state t_backtick has the same label
    assert HOSTILE["s_raw"] in links


@pytest.fixture(scope="module")
def latex(build: Callable[[str], Path]) -> str:
    (tex,) = build("latex").glob("*.tex")
    return tex.read_text(encoding="utf-8")


@pytest.mark.parametrize("state_id", HOSTILE, ids=IDS)
def test_latex_has_the_text_escaped(state_id: str, latex: str) -> None:
    texescape.init()
    label = HOSTILE[state_id]
    assert texescape.escape(label) in latex, f"{label!r} is not in the LaTeX, escaped"


def test_latex_has_no_command_made_by_a_label(latex: str) -> None:
    assert r"\textbf{LX}" not in latex
    assert "$x^2$" not in latex
    assert re.search(r"(?<!\\)%\s*#1", latex) is None, "a % from a label would comment out the rest of the line"
    body = latex.split(r"\begin{document}", 1)[1]
    assert "<b>" not in body
    assert "<script>" not in body


@pytest.fixture(scope="module")
def text_output(build: Callable[[str], Path]) -> str:
    out = build("text")
    return words((out / "index.txt").read_text(encoding="utf-8") + (out / "page.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("state_id", HOSTILE, ids=IDS)
def test_text_output_shows_the_text_literally(state_id: str, text_output: str) -> None:
    assert HOSTILE[state_id] in text_output  # descriptions are wrapped in table cells: not checked whole


# -- `vmgraph drift` parses source, never runs it ------------------------------------------------------------------

EVIL = '''"""Importing this module writes a file, runs a shell command and never returns."""

import os
import pathlib

pathlib.Path(os.environ["VMGRAPH_MARKER"]).write_text("imported\\n")
os.system("touch " + os.environ["VMGRAPH_MARKER"] + ".shell")
while True:
    pass


def check_instance_state(**kwargs):
    return lambda function: function


class API:
    @check_instance_state(vm_state=["stopped"])
    def start(self, context, instance):
        pass
'''


def test_drift_only_parses_a_source_file_whose_import_has_side_effects(tmp_path: Path) -> None:
    source = tmp_path / "evil.py"
    source.write_text(EVIL, encoding="utf-8")
    marker = tmp_path / "marker"
    env = {**os.environ, "VMGRAPH_MARKER": str(marker)}
    model = Path(__file__).parent / "data" / "minimal.yaml"
    argv = [sys.executable, "-m", "vmgraph", "drift", str(model), "--source", str(source), "--json"]
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, check=False, cwd=tmp_path)
    assert proc.returncode in {0, 1}, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "API.start" in proc.stdout, "the decorated method was found by parsing"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.py"], "nothing was written: nothing ran"
