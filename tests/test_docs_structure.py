"""The docs' navigation: captioned sections the way readers look for things, every page in one."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

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
    assert trees["Examples"] == ["nova", "nova-2014", "ironic"]
    assert trees["Project"] == ["changelog"]


def test_every_page_is_in_a_section() -> None:
    listed = [page for pages in _toctrees((DOCS / "index.rst").read_text(encoding="utf-8")).values() for page in pages]
    assert sorted(listed) == sorted(p.stem for p in DOCS.glob("*.rst") if p.stem != "index")
    assert len(listed) == len(set(listed))


def test_changelog_page_renders_the_markdown() -> None:
    text = (DOCS / "changelog.rst").read_text(encoding="utf-8")
    assert ".. include:: ../CHANGELOG.md\n   :parser: myst_parser.sphinx_\n" in text
    assert "myst_parser" in _conf().extensions
