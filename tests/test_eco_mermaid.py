"""Mermaid in Sphinx: ``vmgraph_format = "mermaid"`` and ``:format: mermaid`` hand the diagrams to
sphinxcontrib-mermaid in HTML (drawn by the local mermaid.js in headless Chromium, never a
CDN), describe them in words in LaTeX, and need no Graphviz; without sphinxcontrib-mermaid one
clear warning, and words."""

from __future__ import annotations

import functools
import html
import http.server
import importlib.util
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from test_eco_themes import browser  # noqa: F401 (the headless Chromium fixture)

from vmgraph.emit.mermaid import mermaid_view
from vmgraph.load.loader import load_model

TESTS = Path(__file__).parent
ROOT = TESTS / "roots" / "test-mermaid"
MERMAID_JS = TESTS / "js" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
#: sphinxcontrib-mermaid imports mermaid as an ES module; mermaid.min.js is a classic script
#: (loaded first, through html_js_files) that sets ``globalThis.mermaid``.
SHIM = "export default globalThis.mermaid;\n"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("sphinxcontrib.mermaid") is None, reason="sphinxcontrib-mermaid is not installed"
)


@pytest.fixture
def app_of(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> Callable[..., SphinxTestApp]:
    """Return a function making a Sphinx app of a copy of the root: ``(builder, **confoverrides)``."""
    return functools.partial(_app, make_app, tmp_path)


def _app(make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str, **overrides: Any) -> SphinxTestApp:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "index.rst").write_text((ROOT / "index.rst").read_text(encoding="utf-8"), encoding="utf-8")
    conf = (src / "conf.py").read_text(encoding="utf-8").replace("../../data/", str(TESTS / "data") + "/")
    (src / "conf.py").write_text(conf, encoding="utf-8")
    return make_app(builder, srcdir=src, builddir=tmp_path / "build", freshenv=True, confoverrides=overrides)


def _warnings(app: SphinxTestApp) -> list[str]:
    return [
        line
        for line in strip_escape_sequences(app.warning.getvalue()).splitlines()
        if "WARNING" in line or "ERROR" in line
    ]


@pytest.fixture
def local_mermaid(tmp_path: Path) -> dict[str, Any]:
    """Settings that load mermaid.js from the built site's ``_static`` (tests/js, scripts/setup-mermaid)."""
    if not MERMAID_JS.exists():
        pytest.skip("mermaid.js is not installed (scripts/setup-mermaid)")
    static = tmp_path / "static"
    static.mkdir()
    shutil.copy(MERMAID_JS, static / "mermaid.min.js")
    (static / "mermaid-shim.mjs").write_text(SHIM, encoding="utf-8")
    return {
        "html_static_path": [str(static)],
        "html_js_files": ["mermaid.min.js"],
        "mermaid_use_local": "mermaid-shim.mjs",
    }


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """Serve ``tmp_path/build/html`` on a loopback port (ES modules do not load from file://)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map: ClassVar[dict[str, str]] = {
            **http.server.SimpleHTTPRequestHandler.extensions_map,
            ".mjs": "text/javascript",
        }

        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Handler, directory=str(tmp_path / "build" / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_html_hands_the_diagrams_to_sphinxcontrib_mermaid(
    app_of: Callable[..., SphinxTestApp], local_mermaid: dict[str, Any]
) -> None:
    app = app_of("html", **local_mermaid)
    app.build(force_all=True)
    assert _warnings(app) == [], "no `dot` was run (graphviz_dot does not exist)"
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert page.count('<pre  class="mermaid">') == 3
    assert "cdn.jsdelivr" not in page and "https://" not in page.split("<body")[0], "mermaid.js is local"
    assert "mermaid-shim.mjs" in page
    assert "stateDiagram" in page or "flowchart" in page
    assert "<svg" not in page and not list(app.outdir.glob("_images/vmgraph-*")), "no Graphviz image"


def test_mermaid_js_draws_the_page_in_chromium(
    app_of: Callable[..., SphinxTestApp],
    local_mermaid: dict[str, Any],
    served: str,
    browser: Any,  # noqa: F811 (the fixture imported above)
) -> None:
    app = app_of("html", **local_mermaid)
    app.build(force_all=True)
    browser.get(served + "index.html")
    drawn: list[dict[str, Any]] = []
    for _ in range(100):
        drawn = browser.execute_script(
            "return Array.from(document.querySelectorAll('.mermaid')).map(box => {"
            "  const svg = box.querySelector('svg');"
            "  return svg ? {width: svg.getBoundingClientRect().width, text: svg.textContent} : null; });"
        )
        if drawn and all(drawn):
            break
        browser.implicitly_wait(0)
        threading.Event().wait(0.1)
    assert len(drawn) == 3 and all(drawn), drawn
    minimal = load_model(str(TESTS / "data" / "minimal.yaml"))
    for box in drawn:
        assert box["width"] > 50, box
    assert all(state.label in drawn[0]["text"] for state in minimal.states), drawn[0]["text"]
    assert "Syntax error" not in " ".join(box["text"] for box in drawn)


def test_the_mermaid_text_is_vmgraphs(app_of: Callable[..., SphinxTestApp]) -> None:
    app = app_of("html")
    app.build(force_all=True)
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    codes = [html.unescape(code) for code in re.findall(r'<pre  class="mermaid">(.*?)</pre>', page, re.DOTALL)]
    minimal = load_model(str(TESTS / "data" / "minimal.yaml"))
    expected = [
        mermaid_view(minimal, "transitions"),
        mermaid_view(minimal, "preconditions"),
        mermaid_view(load_model("nova"), "create-sequence"),
    ]
    assert [code.split() for code in codes] == [text.split() for text in expected]


def test_latex_describes_the_diagrams_in_words(app_of: Callable[..., SphinxTestApp]) -> None:
    app = app_of("latex")
    app.build(force_all=True)
    assert _warnings(app) == [], "neither `dot` nor mermaid-cli was run"
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert tex.count("{[}Diagram: ") == 3
    assert "mermaid" not in tex.lower().replace("\\sphinxhref", "")
    assert not list(app.outdir.glob("*.pdf")) and not list(app.outdir.glob("mermaid-*"))


def test_without_sphinxcontrib_mermaid_one_warning_and_words(app_of: Callable[..., SphinxTestApp]) -> None:
    app = app_of("html", extensions=["vmgraph.sphinxext"])
    app.build(force_all=True)
    found = _warnings(app)
    config = [line for line in found if "vmgraph_format is 'mermaid' but sphinxcontrib-mermaid is not loaded" in line]
    assert len(config) == 1, found
    assert "add 'sphinxcontrib.mermaid' to extensions" in config[0]
    assert config[0].endswith("[vmgraph.config]")
    option = [line for line in found if "':format: mermaid' needs sphinxcontrib-mermaid" in line]
    assert len(option) == 1 and "index.rst:" in option[0], found  # the preconditions, which ask for it
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert page.count("[Diagram: ") == 3
    assert 'class="mermaid' not in page


def test_format_option_values(app_of: Callable[..., SphinxTestApp]) -> None:
    app = app_of("html", vmgraph_format="png")
    (app.srcdir / "index.rst").write_text(
        "Bad\n===\n\n.. vmgraph-transitions::\n   :format: svg\n\n.. vmgraph-transitions::\n   :format: Mermaid\n"
        "   :layout: neato\n",
        encoding="utf-8",
    )
    app.build(force_all=True)
    found = "\n".join(_warnings(app))
    assert "vmgraph_format: 'png' is not one of 'graphviz', 'mermaid'" in found
    assert "'svg' is not one of 'graphviz', 'mermaid'" in strip_escape_sequences(app.warning.getvalue())
    assert "':layout:': only the graphviz format draws this; the Mermaid diagram ignores it" in found
