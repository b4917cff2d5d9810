"""The docs' navigation: captioned sections the way readers look for things, every page in one."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

DOCS = Path(__file__).parents[1] / "docs"
SECTIONS = ("Tutorial", "How-to guides", "Reference", "Explanation", "Examples", "Project")


def _conf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_conf", DOCS / "conf.py")
    assert spec is not None
    assert spec.loader is not None
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


def _toctrees(index: str) -> dict[str, list[str]]:
    """Return each captioned toctree's pages, by caption, in order."""
    pattern = re.compile(
        r"^\.\. toctree::\n(?:   :(?!caption).*\n)*   :caption: (.+)\n(?:   :.*\n)*\n((?:   \S.*\n)+)", re.MULTILINE
    )
    return {m[1]: m[2].split() for m in pattern.finditer(index)}


def test_index_has_the_captioned_sections_in_order() -> None:
    trees = _toctrees((DOCS / "index.rst").read_text(encoding="utf-8"))
    assert tuple(trees) == SECTIONS
    assert trees["Tutorial"] == ["quickstart", "tutorial"]
    assert trees["Examples"][:2] == ["nova", "nova-2014"]
    assert trees["Project"] == ["changelog"]


def test_every_page_is_in_a_section() -> None:
    conf = _conf()
    source = [(DOCS / "index.rst").read_text(encoding="utf-8")]
    conf._list_other_pages(None, "index", source)
    listed = [page for pages in _toctrees(source[0]).values() for page in pages]
    assert sorted(listed) == sorted(p.stem for p in DOCS.glob("*.rst") if p.stem != "index")
    assert len(listed) == len(set(listed))


def test_ironic_joins_the_examples_when_its_page_exists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = _conf()
    index = (DOCS / "index.rst").read_text(encoding="utf-8")
    for name in ("ironic", "interactive"):
        (tmp_path / f"{name}.rst").write_text(f"{name}\n", encoding="utf-8")
    monkeypatch.setattr(conf, "DOCS", tmp_path)
    source = [index]
    conf._list_other_pages(None, "index", source)
    trees = _toctrees(source[0])
    assert trees["Examples"] == [*_toctrees(index)["Examples"], "ironic"]
    assert trees["Project"] == ["interactive", "changelog"]  # a page no section names yet


def test_changelog_page_renders_the_markdown() -> None:
    text = (DOCS / "changelog.rst").read_text(encoding="utf-8")
    assert ".. include:: ../CHANGELOG.md\n   :parser: myst_parser.sphinx_\n" in text
    assert "myst_parser" in _conf().extensions
