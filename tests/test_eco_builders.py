"""Every HTML-family builder: each link on every page leads to an existing id; EPUB pages are XML."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sphinx.testing.util import SphinxTestApp

DATA = Path(__file__).parent / "data"

MINIMAL = {"vmgraph_models": {"minimal": str(DATA / "minimal.yaml")}}
#: The page each builder writes for a document, and the suffix of its pages.
BUILDERS = {"html": ".html", "dirhtml": ".html", "singlehtml": ".html", "epub": ".xhtml"}


class _Page(HTMLParser):
    """The ids a page defines and the links it holds (``href`` and ``xlink:href``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.diagram_links: list[str] = []
        self._in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "svg":
            self._in_svg += 1
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(str(values[key]))
        for key in ("href", "xlink:href"):
            if (link := values.get(key)) and not link.startswith(("http:", "https:", "mailto:", "data:")):
                self.links.append(link)
                if self._in_svg:
                    self.diagram_links.append(link)

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_svg -= 1


def _pages(outdir: Path, suffix: str) -> dict[Path, _Page]:
    found = {}
    for path in sorted(outdir.rglob(f"*{suffix}")):
        if "_static" in path.parts or path.name in {"genindex.html", "search.html"} or "genindex" in path.parts:
            continue
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        found[path] = page
    return found


def _target(outdir: Path, page: Path, link: str) -> tuple[Path, str]:
    parts = urlsplit(link)
    path = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if path.is_dir():
        path /= "index.html"
    return path, unquote(parts.fragment)


def _make_app(make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path, builder: str) -> SphinxTestApp:
    src = tmp_path / "links"
    shutil.copytree(rootdir / "test-links", src)
    return make_app(builder, srcdir=src, freshenv=True, confoverrides=MINIMAL)


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.parametrize("builder", list(BUILDERS))
def test_every_link_leads_to_an_existing_id(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path, builder: str
) -> None:
    app = _make_app(make_app, rootdir, tmp_path, builder)
    app.build(force_all=True)
    outdir = Path(app.outdir)
    pages = _pages(outdir, BUILDERS[builder])
    assert pages
    dead = []
    diagram_links = 0
    for page, parsed in pages.items():
        diagram_links += len(parsed.diagram_links)
        for link in parsed.links:
            path, fragment = _target(outdir, page, link)
            if path.name in {"genindex.html", "search.html"}:  # Sphinx's own, not in every builder
                continue
            if not path.is_file():
                dead.append(f"{page.relative_to(outdir)}: {link} (no file)")
                continue
            if not fragment:
                continue
            target = pages.get(path)
            if target is None:
                target = _Page()
                target.feed(path.read_text(encoding="utf-8", errors="replace"))
            if fragment not in target.ids:
                dead.append(f"{page.relative_to(outdir)}: {link} (no id {fragment!r})")
    assert dead == []
    assert diagram_links > 20, "the diagrams link their states and actions to the table rows"


@pytest.mark.usefixtures("dot_binary")
def test_epub_pages_are_well_formed_xml(make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path) -> None:
    app = _make_app(make_app, rootdir, tmp_path, "epub")
    app.build(force_all=True)
    pages = sorted(Path(app.outdir).rglob("*.xhtml"))
    with_diagrams = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        ET.fromstring(text.encode("utf-8"))  # raises on anything an XML parser refuses
        with_diagrams += 'class="vmgraph-diagram' in text
        assert not re.search(r"<button[^>]*\shidden[\s>]", text), "a bare attribute is not XML"
    assert with_diagrams >= 3
