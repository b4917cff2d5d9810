"""The conventional directive options (as ``image``, ``figure`` and ``sphinx.ext.graphviz`` take them), in HTML and LaTeX."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

DATA = Path(__file__).parent / "data"
CONF = (
    'extensions = ["vmgraph.sphinxext"]\n'
    f'vmgraph_models = {{"minimal": {str(DATA / "minimal.yaml")!r}}}\n'
    'vmgraph_default_model = "minimal"\n'
    "show_warning_types = True\n"
)
PAGE = """\
Options
=======

.. vmgraph-transitions::
   :width: 300
   :height: 10em
   :target: https://example.org/lifecycle

.. vmgraph-preconditions::
   :scale: 50
   :min-scale: 0.5
   :layout: neato

.. vmgraph-transitions::
   :figclass: wide-figure
   :figwidth: 80%
   :width: 50%

.. vmgraph-sequence:: nova
   :sequence: create
   :caption: The sequence
   :figclass: seq-figure

.. vmgraph-states::
   :align: center
   :widths: 1 3 2
   :width: 90%

.. vmgraph-actions::
   :widths: auto
"""


def _build(make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str, page: str = PAGE) -> SphinxTestApp:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.rst").write_text(page, encoding="utf-8")
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build(force_all=True)
    return app


def _text(app: SphinxTestApp) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def _warnings(app: SphinxTestApp) -> list[str]:
    return [line for line in _text(app).splitlines() if "WARNING" in line or "ERROR" in line]


@pytest.mark.usefixtures("dot_binary")
def test_options_in_html(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    app = _build(make_app, tmp_path, "html")
    assert _warnings(app) == []
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg [^>]*>", page)
    assert len(svgs) == 4
    first, second, third, _ = svgs
    # :width: (a bare number is pixels) and :height:, winning over the fit to the column
    assert "width: 300px; min-width: 0; max-width: none; height: 10em" in first
    # :target: makes the drawing one link (its states no longer link to rows: no links in a link)
    assert re.search(r'<a class="vmgraph-target-link" href="https://example.org/lifecycle"><svg ', page)
    one = page[page.index("vmgraph-target-link") : page.index("</a></div>", page.index("vmgraph-target-link"))]
    assert "vmgraph-link" not in one
    # :scale: halves the natural width; :min-scale: is set for this diagram only
    natural = re.search(r"--vmgraph-width: (\d+)px", second)
    assert natural is not None
    assert 'style="--vmgraph-min-scale: 0.5"' in page
    assert page.count("--vmgraph-min-scale: 0.5") == 1
    # :figclass: and :figwidth: make a figure, even without a caption
    assert re.search(r'<figure class="wide-figure[^"]*"[^>]*style="width: 80%"', page)
    assert "width: 50%" in third
    assert re.search(r'<figure class="seq-figure[^"]*"', page)
    assert "The sequence" in page
    # the tables: :align:, :widths:, :width:
    assert re.search(r'<table class="vmgraph-table vmgraph-states-vm [^"]*align-center" style="width: 90%">', page)
    assert re.findall(r'<col style="width: ([0-9.]+)%" />', page) == ["16.7", "50.0", "33.3"], "none for :widths: auto"


@pytest.mark.usefixtures("dot_binary")
def test_scale_halves_the_natural_width(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    page = "Scale\n=====\n\n.. vmgraph-preconditions::\n\n.. vmgraph-preconditions::\n   :scale: 50\n"
    app = _build(make_app, tmp_path, "html", page)
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    full, half = (int(w) for w in re.findall(r"<svg [^>]*--vmgraph-width: (\d+)px", html))
    assert abs(full / 2 - half) <= 1


@pytest.mark.usefixtures("dot_binary")
def test_layout_names_the_graphviz_engine(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    page = "Layout\n======\n\n.. vmgraph-transitions::\n   :layout: circo\n\n.. vmgraph-sequence::\n   :layout: neato\n"
    app = _build(make_app, tmp_path, "dummy", page)
    warnings = _warnings(app)
    assert len(warnings) == 1
    assert 'unknown option: "layout"' in app.warning.getvalue(), "a sequence is laid out by dot only"
    (diagram,) = app.env.get_domain("vmgraph").diagrams["index"]  # type: ignore[attr-defined]
    assert '\tlayout="circo"\n' in diagram.code


def test_bad_option_values_are_refused(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    page = (
        "Bad\n===\n\n.. vmgraph-transitions::\n   :min-scale: 2\n\n"
        ".. vmgraph-transitions::\n   :layout: spring\n\n"
        ".. vmgraph-states::\n   :widths: 1 2\n"
    )
    app = _build(make_app, tmp_path, "dummy", page)
    text = _text(app)
    assert "'2' is not a number from 0 to 1" in text
    assert '"spring" unknown; choose from "dot", "neato"' in text
    assert "index.rst:10: WARNING: :widths: gives 2 widths for a table of 3 columns [vmgraph.render]" in text


@pytest.mark.usefixtures("dot_binary")
def test_options_in_latex(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    app = _build(make_app, tmp_path, "latex")
    assert _warnings(app) == []
    (tex,) = (p for p in Path(app.outdir).glob("*.tex") if p.name not in {"sphinxmessages.tex"})
    text = tex.read_text(encoding="utf-8")
    graphics = re.findall(r"\\sphinxincludegraphics\[([^]]*)\]", text)
    assert graphics == [
        r"width=300\sphinxpxdimen,height=10em,keepaspectratio",
        "scale=0.5",
        r"width=0.500\linewidth",
        r"width=\linewidth,height=0.85\textheight,keepaspectratio",  # the default: the text width
    ]
    assert r"\href{https://example.org/lifecycle}{\sphinxincludegraphics" in text
    # :figclass: without a caption still makes a figure; the states table: centred, the given widths
    assert text.count(r"\begin{figure}[htbp]") == 2
    assert "\\centering\n\\begin{tabular}[t]{\\X{1}{6}\\X{3}{6}\\X{2}{6}}" in text


def test_graphviz_settings_vmgraph_does_not_follow_are_named_in_one_warning(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    conf = CONF + 'graphviz_output_format = "svg"\ngraphviz_dot_args = ["-Gdpi=200"]\nvmgraph_html_format = "png"\n'
    (src / "conf.py").write_text(conf, encoding="utf-8")
    (src / "index.rst").write_text("Page\n====\n", encoding="utf-8")
    app = make_app("dummy", srcdir=src, freshenv=True)
    (warning,) = _warnings(app)
    assert warning.startswith("WARNING: vmgraph diagrams do not follow graphviz_output_format = 'svg' ")
    assert "vmgraph_html_format = 'png' sets theirs" in warning
    assert "; nor graphviz_dot_args = ['-Gdpi=200']" in warning
    assert warning.endswith("[vmgraph.config]")
