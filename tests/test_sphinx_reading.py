"""Diagrams people can read in HTML (issue 6): links from every page and builder, tooltips,
accessible names, the theme stylesheet and its settings, emphasis in the directives."""

from __future__ import annotations

import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sphinx.testing.util import SphinxTestApp

from vmgraph.emit.theme import DARK, LIGHT
from vmgraph.load.loader import load_model
from vmgraph.sphinxext.models import clear_cache
from vmgraph.sphinxext.nodes import vmgraph_diagram

DATA = Path(__file__).parent / "data"
MINIMAL = {"vmgraph_models": {"minimal": str(DATA / "minimal.yaml")}}
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: The pages of tests/roots/test-links, by document name.
LINK_PAGES = ("index", "tables", "sub/page", "sub/deeper/page")


@pytest.fixture(autouse=True)
def _fresh_model_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(str(app.srcdir) + "/", "")
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def svgs(page: str) -> list[ET.Element]:
    """Return every inline vmgraph SVG of an HTML page, parsed."""
    return [ET.fromstring(m[0]) for m in re.finditer(r"<svg [^>]*class=\"vmgraph-svg\".*?</svg>", page, re.DOTALL)]


def copied_root(rootdir: Path, tmp_path: Path) -> Path:
    """Return a copy of tests/roots/test-links (a build writes into its source directory)."""
    src = tmp_path / "links"
    shutil.copytree(rootdir / "test-links", src)
    return src


def page_file(app: SphinxTestApp, docname: str) -> Path:
    """Return the HTML file of *docname* for the html or dirhtml builder."""
    if app.builder.name == "dirhtml" and docname != "index":
        return Path(app.outdir, docname, "index.html")
    if app.builder.name == "dirhtml":
        return Path(app.outdir, "index.html")
    return Path(app.outdir, f"{docname}.html")


def resolve(app: SphinxTestApp, page: Path, href: str) -> tuple[Path, str]:
    """Return (file, fragment) that *href*, written in *page*, points at."""
    parts = urlsplit(href)
    assert not parts.scheme, href
    assert not parts.netloc, href
    here = page.relative_to(app.outdir).as_posix()
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(parts.path))) if parts.path else here
    path = Path(app.outdir, target)
    if parts.path.endswith("/") or path.is_dir():
        path /= "index.html"
    return path, parts.fragment


# -- links from every page, html and dirhtml ---------------------------------------------


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_every_diagram_link_reaches_its_table_row(
    make_app: type[SphinxTestApp], rootdir: Path, tmp_path: Path, builder: str
) -> None:
    app = make_app(builder, srcdir=copied_root(rootdir, tmp_path), freshenv=True, confoverrides=MINIMAL)
    app.build(force_all=True)
    assert warnings_of(app) == []
    model = load_model(DATA / "minimal.yaml")
    expected_targets = {f"vmgraph-minimal-state-{s.id}" for s in model.states} | {
        f"vmgraph-minimal-action-{a.id}" for a in model.actions
    }
    checked = 0
    reached: set[str] = set()
    for docname in LINK_PAGES:
        page = page_file(app, docname)
        html = page.read_text(encoding="utf-8")
        drawings = svgs(html)
        assert drawings, f"{docname} shows no diagram"
        for svg in drawings:
            anchors = [a for a in svg.iter(f"{SVG}a") if a.get(XLINK_HREF)]
            assert anchors, f"a diagram on {docname} links nowhere"
            for anchor in anchors:
                path, fragment = resolve(app, page, anchor.get(XLINK_HREF, ""))
                assert path.is_file(), (docname, anchor.get(XLINK_HREF), path)
                assert f'id="{fragment}"' in path.read_text(encoding="utf-8"), (docname, fragment)
                assert path == page_file(app, "tables")
                reached.add(fragment)
                checked += 1
    assert checked >= 20
    assert reached == expected_targets, "every state and action is a link somewhere"


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx("html", testroot="links", freshenv=True, confoverrides=MINIMAL)
def test_hover_shows_descriptions_not_dot_names(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    (svg, *_) = svgs((app.outdir / "index.html").read_text(encoding="utf-8"))
    titles = {}
    for group in svg.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        if title is not None and group.get("class") in {"node", "edge"}:
            titles[group.get("class"), title.text] = group
    texts = {text for _, text in titles}
    assert "The server is powered off." in texts  # the state STOPPED
    assert "Fixes a broken server and brings it back as it was before the fault." in texts  # repair
    assert "STOPPED \N{RIGHTWARDS ARROW} power button" in texts  # an edge without a tooltip of its own
    assert not any(t and re.fullmatch(r"(state|action)_\w+(\.\w+)?(->.*)?", t) for t in texts), texts
    assert svg.find(f"{SVG}g/{SVG}title") is None, "the graph's own name is no tooltip"
    assert not [a for a in svg.iter(f"{SVG}a") if "{http://www.w3.org/1999/xlink}title" in a.attrib]


# -- accessible names and the text builder -------------------------------------------------


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx("html", testroot="links", freshenv=True, confoverrides=MINIMAL)
def test_each_drawing_is_named_and_described(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    html = (app.outdir / "sub" / "page.html").read_text(encoding="utf-8")
    nodes = list(app.env.get_doctree("sub/page").findall(vmgraph_diagram))
    for node, svg in zip(nodes, svgs(html), strict=True):
        assert svg.get("aria-label") == node["alt"]
        assert svg.get("role") == "group", "a drawing with links is a group, so the links stay reachable"
        described = svg.get("aria-describedby")
        assert described
        assert f'<details class="vmgraph-text" id="{described}">' in html
    highlighted = nodes[1]["alt"]
    assert highlighted.endswith("Highlighted: what concerns RUNNING; the rest is faded.")


# -- the theme stylesheet -------------------------------------------------------------------


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx(
    "html",
    testroot="links",
    freshenv=True,
    confoverrides={
        **MINIMAL,
        "vmgraph_palette": {"light": {"state_fill": "#FFEEDD"}, "dark": {"ink": "#fff"}},
        "vmgraph_html_min_scale": 0.5,
    },
)
def test_the_palette_setting_reaches_drawing_and_stylesheet(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == []
    css = (app.outdir / "_static" / "vmgraph-theme.css").read_text(encoding="utf-8")
    assert "--vmgraph-state-fill: #ffeedd;" in css
    assert "--vmgraph-ink: #ffffff;" in css
    assert f"--vmgraph-background: {DARK['background']};" in css
    assert "--vmgraph-min-scale: 0.5;" in css
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="_static/vmgraph-theme\.css(\?v=[0-9a-f]+)?"', html)
    assert re.search(r'src="_static/vmgraph\.js(\?v=[0-9a-f]+)?"', html)
    node = next(app.env.get_doctree("index").findall(vmgraph_diagram))
    assert 'fillcolor="#ffeedd"' in node["code"], "Graphviz draws with the light palette"
    (svg, *_) = svgs(html)
    states = [e for e in svg.iter(f"{SVG}ellipse") if "vmgraph-fill-state_fill" in e.get("class", "")]
    assert states, "the state fill is themed"
    assert re.fullmatch(r"--vmgraph-width: \d+px", svg.get("style", ""))
    assert 'class="vmgraph-zoom" hidden' in html


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"inc": "#ffffff"}, "vmgraph_palette: unknown colour 'inc'"),
        ({"dark": {"ink": "grey45"}}, "vmgraph_palette['dark']: 'ink' is 'grey45', not a colour of the form '#rrggbb'"),
        ({"dark": "black"}, "vmgraph_palette['dark']: expected a dict of colours, not str"),
        ({"dark": {"muted": "#333333"}}, "vmgraph_palette: dark 'muted' #333333 on 'background' #1c1d21: contrast"),
        ({"light": {"action_fill": "#fff8dc"}}, "light 'action_fill' and 'state_fill' are both #fff8dc"),
    ],
)
def test_bad_palettes_warn(
    make_app: type[SphinxTestApp], rootdir: Path, tmp_path: Path, setting: object, message: str
) -> None:
    overrides = {**MINIMAL, "vmgraph_palette": setting, "vmgraph_html_min_scale": 3}
    app = make_app("dummy", srcdir=copied_root(rootdir, tmp_path), freshenv=True, confoverrides=overrides)
    app.build(force_all=True)
    found = warnings_of(app)
    assert any(message in line and line.endswith("[vmgraph.config]") for line in found), found
    assert any("vmgraph_html_min_scale: 3 is not a number from 0.1 to 1" in line for line in found)


# -- emphasis -----------------------------------------------------------------------------------


@pytest.mark.sphinx("dummy", testroot="links", freshenv=True, confoverrides=MINIMAL)
def test_highlight_options_draw_part_bold(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == []
    (plain, highlighted) = app.env.get_doctree("sub/page").findall(vmgraph_diagram)
    assert "penwidth" not in plain["code"]
    code = highlighted["code"]
    assert re.search(r"state_running \[[^]]*penwidth=2", code)
    assert re.search(r'state_stopped \[[^]]*color="#666666"', code)
    assert "bold: highlighted; faded: the rest" in code
    (actions,) = app.env.get_doctree("sub/deeper/page").findall(vmgraph_diagram)
    assert actions["alt"].endswith("Highlighted: what concerns power button; the rest is faded.")


def test_unknown_highlight_warns_with_location(make_app: type[SphinxTestApp], tmp_path: Path) -> None:
    conf = 'extensions = ["vmgraph.sphinxext"]\nshow_warning_types = True\n'  # as Sphinx 8 does, also on 7.4
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    (tmp_path / "index.rst").write_text(
        "Page\n====\n\n.. vmgraph-transitions::\n   :highlight-states: shelvd\n\n"
        ".. vmgraph-preconditions::\n   :actions: create\n   :highlight-actions: shelve_offload\n\n"
        ".. vmgraph-sequence::\n   :highlight-states: active\n",
        encoding="utf-8",
    )
    app = make_app("dummy", srcdir=tmp_path, freshenv=True)
    app.build(force_all=True)
    found = warnings_of(app)
    assert found[0].startswith("index.rst:4: WARNING: unknown state 'shelvd' (did you mean 'shelved'?)")
    assert found[0].endswith("[vmgraph.subset]")
    assert found[1] == (
        "index.rst:7: WARNING: nothing highlighted is drawn: the highlighted part of view 'preconditions' "
        "lies outside the subset it draws [vmgraph.subset]"
    )
    assert found[2] == 'index.rst:11: ERROR: Error in "vmgraph-sequence" directive:'
    assert 'unknown option: "highlight-states"' in app.warning.getvalue(), "sequences cannot be emphasised"
    assert "Traceback" not in app.warning.getvalue()


# -- builders without images ---------------------------------------------------------------


@pytest.mark.sphinx("text", testroot="links", freshenv=True, confoverrides=MINIMAL)
def test_text_builder_prints_the_generated_alternative(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    text = " ".join((app.outdir / "sub" / "page.txt").read_text(encoding="utf-8").split())
    assert "[Diagram: State transitions of Minimal example" in text
    assert "* From STOPPED: to RUNNING by power button" in text
    assert "Highlighted: what concerns RUNNING; the rest is faded.]" in text


def test_light_and_dark_palettes_differ_in_every_role() -> None:
    assert set(LIGHT) == set(DARK)
    assert all(LIGHT[role] != DARK[role] for role in LIGHT)
