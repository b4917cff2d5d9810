"""Generated reST: escaping, templates, the standalone page (goldens) and `vmgraph page`."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from sphinx.testing.util import SphinxTestApp

from vmgraph.cli import main
from vmgraph.emit import rst as pages
from vmgraph.emit.rst import Rst, heading, model_page, rst_escape
from vmgraph.errors import ModelWarning, RenderError
from vmgraph.load.loader import load_model

DATA = Path(__file__).parent / "data"
HOSTILE_TEXT = [
    "*emph*",
    "**strong**",
    "`x`_",
    "|sub|",
    ":ref:`y`",
    "<b>x</b>",
    "ends\\",
    'x"];evil',
    ".. raw:: html",
    "  .. comment",
    "1. not a list",
    "a. nor this",
    "iv. nor this",
    "#. nor this",
    "- nor a bullet",
    "http://example.invalid/path",
    "someone@example.invalid",
    "[1]_ footnote",
    "::",
    "----",
    "name_ reference",
    "x\\ y",
]


def _doctree(text: str) -> nodes.document:
    return publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5})


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_escaped_text_is_one_plain_paragraph(text: str) -> None:
    doctree = _doctree(f"{rst_escape(text)}\n")
    (para,) = doctree.children
    assert isinstance(para, nodes.paragraph)
    assert [type(n) for n in para.children] == [nodes.Text]
    assert para.astext() == text.strip()


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_escaped_text_is_plain_in_a_table_cell(text: str) -> None:
    doctree = _doctree(f".. list-table::\n\n   * - {rst_escape(text)}\n     - x\n")
    (entry, _) = doctree.findall(nodes.entry)
    assert entry.astext() == text.strip()
    assert [type(n) for n in entry.findall(nodes.Element)] == [nodes.entry, nodes.paragraph]


@pytest.mark.parametrize("brk", ["\n", "\r", "\v", "\f", "\x1c", "\x85", "\u2028", "\u2029"])
def test_line_breaks_are_refused(brk: str) -> None:
    with pytest.raises(ValueError, match="multi-line"):
        rst_escape(f"x{brk}.. raw:: html")


def test_heading_underline_covers_wide_characters() -> None:
    title = heading("日本語 *x*", "-")
    _text, underline = title.split("\n")
    assert len(underline) >= 2 * 3 + len(" \\*x\\*")
    doctree = publish_doctree(f"{title}\n\nbody\n", settings_overrides={"doctitle_xform": False})
    (section,) = doctree.findall(nodes.section)
    assert section[0].astext() == "日本語 *x*"


def test_rst_opts_out_of_escaping() -> None:
    env = pages.environment()
    template = env.from_string("{{ a }} {{ b }} {{ c }}")
    assert template.render(a="*x*", b=Rst("*y*"), c=None) == "\\*x\\* *y* "


def test_templates_ship_with_the_package() -> None:
    names = pages.environment().list_templates()
    assert {"page.rst.j2", "matrix.rst.j2", "states.rst.j2", "actions.rst.j2", "sequence.rst.j2"} <= set(names)
    assert pages.TEMPLATES_DIR.name == "templates"


def test_strict_templates_report_errors(tmp_path: Path) -> None:
    (tmp_path / "states.rst.j2").write_text("{{ table.no_such_thing }}\n", encoding="utf-8")
    (tmp_path / "actions.rst.j2").write_text("{% for %}\n", encoding="utf-8")
    nova = load_model("nova")
    with pytest.raises(RenderError, match="no_such_thing"):
        pages.states_table(nova, templates_dir=tmp_path)
    with pytest.raises(RenderError, match=r"actions\.rst\.j2:1:"):
        pages.actions_table(nova, templates_dir=tmp_path)
    with pytest.raises(RenderError, match="does not exist"):
        pages.matrix_table(nova, templates_dir=tmp_path / "missing")


def test_a_user_template_overrides_one_table_of_the_page(tmp_path: Path) -> None:
    (tmp_path / "states.rst.j2").write_text(
        ".. list-table::\n\n{% for row in table.rows %}   * - OVERRIDDEN {{ row.label }}\n{% endfor %}\n",
        encoding="utf-8",
    )
    page = model_page(load_model("nova"), templates_dir=tmp_path)
    assert "   * - OVERRIDDEN ACTIVE" in page
    assert "Precondition matrix" in page  # the other templates are still the shipped ones


@pytest.mark.parametrize("name", ["nova", "nova-2014"])
def test_page_golden(name: str, tmp_path: Path, assert_golden: Callable[[str, str], None]) -> None:
    out = tmp_path / f"{name}.rst"
    assert main(["page", name, "-o", str(out)]) == 0
    assert_golden(out.read_text(encoding="utf-8"), f"pages/{name}.rst")


def test_page_to_stdout_and_render_rst_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["page", "nova-2014"]) == 0
    printed = capsys.readouterr().out
    assert main(["render", "nova-2014", "--format", "rst", "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "page.rst")
    assert (tmp_path / "page.rst").read_text(encoding="utf-8") == printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.rst"]


def test_page_of_a_broken_model_fails_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("vmgraph: 1\nid: x\nstates: [a]\nactions:\n  - id: go\n    accepts: [b]\n", encoding="utf-8")
    assert main(["page", str(broken), "-o", str(tmp_path / "out.rst")]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:6:" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.rst").exists()


def test_page_with_missing_templates_dir_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["page", "--templates", str(tmp_path / "nope"), "-o", str(tmp_path / "p.rst")]) == 1
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.parametrize(("model", "builder"), [("nova", "html"), ("nova-2014", "html"), ("hostile", "text")])
def test_page_builds_with_plain_sphinx(
    model: str, builder: str, make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx.ext.graphviz"]\ngraphviz_output_format = "svg"\n')
    source = str(DATA / "hostile.yaml") if model == "hostile" else model
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ModelWarning)  # the hostile model has odd states on purpose
        loaded = load_model(source)
    (src / "index.rst").write_text(model_page(loaded), encoding="utf-8")
    app = make_app(builder, srcdir=src, freshenv=True, confoverrides={"nitpicky": True})
    app.build(force_all=True)
    assert app.warning.getvalue() == ""
    assert "vmgraph" not in app.config.extensions
    doctree = app.env.get_doctree("index")
    markup = (nodes.raw, nodes.emphasis, nodes.strong, nodes.reference, nodes.problematic, nodes.system_message)
    assert list(doctree.findall(lambda n: isinstance(n, markup))) == []
    if builder == "html":
        page = (app.outdir / "index.html").read_text(encoding="utf-8")
        assert page.count('<div class="graphviz">') == 3


def test_wheel_layout_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a wheel the templates sit in vmgraph/templates (hatch force-include)."""
    package = tmp_path / "vmgraph"
    shutil.copytree(pages.TEMPLATES_DIR, package / "templates")
    monkeypatch.setattr(pages, "__file__", str(package / "emit" / "rst.py"))
    assert pages._templates_dir() == (package / "templates").resolve()
