"""Diagrams follow the theme, not the operating system: built under several HTML themes and
opened in headless Chromium with the system in dark mode.

A theme without a dark mode (alabaster, sphinx_rtd_theme, openstackdocstheme) keeps a white
page on a dark system, so its diagrams stay light; Furo turns dark with the system, and so do
they; ``vmgraph_dark_mode`` overrides the choice. Skips only where Chromium or a theme is
missing and ``VMGRAPH_REQUIRE_BROWSER`` is unset.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import needs
import pytest
from chromium import chromium, missing

from vmgraph.emit.theme import DARK, LIGHT

ROOT = Path(__file__).parent / "roots" / "test-themes"
#: html_theme -> the package that provides it
THEMES = {
    "alabaster": "alabaster",
    "sphinx_rtd_theme": "sphinx_rtd_theme",
    "openstackdocs": "openstackdocstheme",
    "furo": "furo",
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium on a system in dark mode."""
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as started:
        started.execute_cdp_cmd(
            "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
        )
        yield started


def _sphinx(tmp_path: Path, theme: str, *settings: str) -> subprocess.CompletedProcess[str]:
    """Build the root with -W under *theme* into ``tmp_path/theme``."""
    if importlib.util.find_spec(THEMES[theme]) is None:
        missing(f"the theme {THEMES[theme]!r} is not installed (pip install -e '.[test]')")
    needs.dot()
    argv = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", "-d", str(tmp_path / "doctrees")]
    argv += [arg for setting in settings for arg in ("-D", setting)]
    env = {**os.environ, "VMGRAPH_TEST_THEME": theme}
    return subprocess.run(
        [*argv, str(ROOT), str(tmp_path / theme)], capture_output=True, text=True, env=env, check=False
    )


def _build(tmp_path: Path, theme: str, *settings: str) -> Path:
    proc = _sphinx(tmp_path, theme, *settings)
    assert proc.returncode == 0, proc.stderr
    return tmp_path / theme / "index.html"


COLOURS = """
const svg = document.querySelector('svg.vmgraph-svg');
const text = svg.querySelector('text');
return [getComputedStyle(svg.querySelector('.vmgraph-fill-background')).fill, getComputedStyle(text).fill];
"""


def _colours(browser: Any, page: Path) -> tuple[str, str]:
    """Return the diagram's background and first text colour as ``#rrggbb``."""
    browser.get(page.as_uri())
    found = browser.execute_script(COLOURS)

    def hexed(css: str) -> str:
        return "#" + "".join(f"{int(c):02x}" for c in css.removeprefix("rgb(").removesuffix(")").split(","))

    return hexed(found[0]), hexed(found[1])


@pytest.mark.parametrize("theme", ["alabaster", "sphinx_rtd_theme", "openstackdocs"])
def test_light_themes_keep_light_diagrams_on_a_dark_system(browser: Any, tmp_path: Path, theme: str) -> None:
    page = _build(tmp_path, theme)
    assert _colours(browser, page) == (LIGHT["background"], LIGHT["ink"]), "no dark panel on a white page"
    # the page itself says it is dark (as a theme with a dark mode does): the diagram follows
    browser.execute_script("document.documentElement.dataset.theme = 'dark';")
    background = browser.execute_script(COLOURS)[0]
    assert background == "rgb({}, {}, {})".format(*bytes.fromhex(DARK["background"][1:])), background


def test_a_theme_with_a_dark_mode_turns_diagrams_dark_with_the_system(browser: Any, tmp_path: Path) -> None:
    page = _build(tmp_path, "furo")
    assert _colours(browser, page) == (DARK["background"], DARK["ink"])


@pytest.mark.parametrize(
    ("theme", "setting", "expected"),
    [("furo", "never", LIGHT), ("alabaster", "media", DARK), ("furo", "theme", DARK)],
)
def test_the_setting_overrides_the_detection(
    browser: Any, tmp_path: Path, theme: str, setting: str, expected: dict[str, str]
) -> None:
    page = _build(tmp_path, theme, f"vmgraph_dark_mode={setting}")
    assert _colours(browser, page) == (expected["background"], expected["ink"])


def test_an_unknown_dark_mode_warns_and_is_auto(tmp_path: Path) -> None:
    proc = _sphinx(tmp_path, "alabaster", "vmgraph_dark_mode=dim")
    assert "vmgraph_dark_mode: 'dim' is not one of 'auto', 'theme', 'media', 'never'" in proc.stderr
    css = (tmp_path / "alabaster" / "_static" / "vmgraph-theme.css").read_text(encoding="utf-8")
    assert 'body[data-theme="auto"]' in css, "alabaster: auto is theme"
