"""The built documentation in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by selenium; nothing downloads a browser) opens the Nova page,
every diagram must be drawn with a size, in the colours of the light and the dark scheme
with enough contrast, linked, and fitted to the column; screenshots of both schemes are
kept as CI artifacts (``docs/_build/screenshots/nova-light.png``, ``nova-dark.png``, at
390 px ``nova-light-390.png``, ``nova-dark-390.png``, and ``ironic-light.png``, ``ironic-dark.png``
of the Ironic page).

Skips only where Chromium is missing and ``VMGRAPH_REQUIRE_BROWSER`` is unset (scripts/test
and scripts/docs set it). ``VMGRAPH_DOCS_BUILD=docs/_build`` checks an existing build (its
``html/``) and writes the screenshots to ``docs/_build/screenshots/``; otherwise the docs are
built into a temporary directory first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import needs
import pytest
from chromium import chromium

DOCS = Path(__file__).parents[1] / "docs"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as started:
        yield started


@pytest.fixture(scope="module")
def docs_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build directory whose ``html/`` holds the built docs."""
    given = os.environ.get("VMGRAPH_DOCS_BUILD")
    if given:
        build = Path(given).resolve()
        assert (build / "html" / "nova.html").is_file(), f"no docs built in {build}/html"
        return build
    needs.dot()
    build = tmp_path_factory.mktemp("docs-build")
    argv = [sys.executable, "-m", "sphinx", "-q", "-W", "-n", "-b", "html", str(DOCS), str(build / "html")]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return build


DIAGRAM_SIZES = """
return Array.from(document.querySelectorAll('div.vmgraph-diagram')).map(div => {
  const image = div.querySelector('svg.vmgraph-svg, img.vmgraph-img');
  if (!image) { return {missing: true}; }
  const box = image.getBoundingClientRect();
  return {
    tag: image.tagName.toLowerCase(),
    width: box.width,
    height: box.height,
    loaded: image.tagName.toLowerCase() === 'img' ? image.complete && image.naturalWidth > 0 : true,
    label: image.getAttribute('aria-label') || image.getAttribute('alt'),
  };
});
"""


def test_nova_page_draws_every_diagram(browser: Any, docs_build: Path) -> None:
    browser.get((docs_build / "html" / "nova.html").as_uri())
    diagrams = browser.execute_script(DIAGRAM_SIZES)
    assert len(diagrams) == 3
    for diagram in diagrams:
        assert not diagram.get("missing"), diagram
        assert diagram["loaded"], diagram
        assert diagram["width"] > 100, diagram
        assert diagram["height"] > 100, diagram
        assert diagram["label"], diagram
    # a state in the drawing links to its row, which exists on the page
    href = browser.execute_script(
        "const a = document.querySelector('svg.vmgraph-svg a.vmgraph-link');"
        "return a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href');"
    )
    assert href.startswith("#vmgraph-nova-")
    assert browser.execute_script(f"return document.getElementById({href[1:]!r}) !== null;")


# -- light and dark ---------------------------------------------------------------------------

#: For one inline SVG: the background, each text's colour with the colour it is drawn on, and
#: every stroke, as the browser computes them.
COMPUTED_COLOURS = """
const svg = document.querySelectorAll('svg.vmgraph-svg')[arguments[0]];
const backdrop = svg.querySelector('.vmgraph-fill-background');
const background = getComputedStyle(backdrop).fill;
const texts = Array.from(svg.querySelectorAll('text')).map(text => {
  const shape = text.closest('g.node') && text.closest('g.node').querySelector('ellipse, polygon, path');
  const under = shape ? getComputedStyle(shape).fill : 'none';
  return [getComputedStyle(text).fill, under === 'none' ? background : under];
});
const strokes = Array.from(svg.querySelectorAll('path, polygon, ellipse, polyline'))
  .filter(shape => shape !== backdrop)
  .map(shape => getComputedStyle(shape).stroke)
  .filter(stroke => stroke !== 'none' && !stroke.startsWith('rgba'));
const fills = Array.from(svg.querySelectorAll('path, polygon, ellipse, polyline, text'))
  .map(shape => getComputedStyle(shape).fill)
  .filter(fill => fill !== 'none');
return {background: background, texts: texts, strokes: strokes, fills: fills};
"""


def _scheme(browser: Any, scheme: str) -> None:
    """Emulate the system's colour scheme (what ``prefers-color-scheme`` reports)."""
    feature = {"name": "prefers-color-scheme", "value": scheme}
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [feature]})


def _rgb(css: str) -> str:
    """Return ``rgb(r, g, b)`` (a computed colour) as ``#rrggbb``."""
    r, g, b = (int(part) for part in css.removeprefix("rgb(").removesuffix(")").split(","))
    return f"#{r:02x}{g:02x}{b:02x}"


def _open(browser: Any, page: Path, scheme: str, *, marked: bool = False) -> None:
    """Open *page* on a system in *scheme*; *marked*: the page says it is in *scheme* too.

    The docs use alabaster, which has no dark mode: its diagrams follow only such a mark
    (``vmgraph_dark_mode = "auto"``), which a theme with a dark mode sets on ``<html>``.
    """
    _scheme(browser, scheme)
    browser.get(page.as_uri())
    if marked:
        browser.execute_script("document.documentElement.dataset.theme = arguments[0];", scheme)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagrams_follow_the_scheme_with_enough_contrast(browser: Any, docs_build: Path, scheme: str) -> None:
    from vmgraph.emit.theme import DARK, LIGHT, STROKE_MIN, TEXT_MIN, contrast

    palette = {"light": LIGHT, "dark": DARK}[scheme]
    _open(browser, docs_build / "html" / "nova.html", scheme, marked=True)
    count = browser.execute_script("return document.querySelectorAll('svg.vmgraph-svg').length;")
    assert count == 3
    for index in range(count):
        found = browser.execute_script(COMPUTED_COLOURS, index)
        background = _rgb(found["background"])
        assert background == palette["background"]
        assert len(found["texts"]) > 10
        for text, under in found["texts"]:
            ratio = contrast(_rgb(text), _rgb(under))
            assert ratio >= TEXT_MIN, (scheme, index, text, under, ratio)
        assert found["strokes"]
        for stroke in found["strokes"]:
            assert contrast(_rgb(stroke), background) >= STROKE_MIN, (scheme, index, stroke)
        painted = {_rgb(c) for c in found["strokes"] + found["fills"]}
        assert painted <= set(palette.values()), (
            f"{scheme}: colours outside the palette: {painted - set(palette.values())}"
        )
        if scheme == "dark":
            assert "#000000" not in painted, "no black on black"


#: Themes mark a chosen scheme on <html> (pydata-sphinx-theme) or <body> (Furo).
THEME_MARKS = [
    ("light", "body", "dark", "dark"),  # Furo, dark chosen on a light system
    ("dark", "body", "light", "light"),  # Furo, light chosen on a dark system
    ("dark", "body", "auto", "dark"),  # Furo "auto" follows the system
    ("light", "html", "dark", "dark"),  # pydata-sphinx-theme
    ("dark", "html", "light", "light"),
    ("dark", None, None, "light"),  # alabaster, Read the Docs: no dark mode, the page stays white
    ("light", None, None, "light"),
]


@pytest.mark.parametrize("case", THEME_MARKS)
def test_theme_marks_win_over_the_system(
    browser: Any, docs_build: Path, case: tuple[str, str | None, str | None, str]
) -> None:
    from vmgraph.emit.theme import DARK, LIGHT

    system, element, mark, expected = case

    _open(browser, docs_build / "html" / "nova.html", system)
    if element:
        target = "document.body" if element == "body" else "document.documentElement"
        browser.execute_script(f"{target}.dataset.theme = arguments[0];", mark)
    found = browser.execute_script(COMPUTED_COLOURS, 0)
    palette = {"light": LIGHT, "dark": DARK}[expected]
    assert _rgb(found["background"]) == palette["background"]
    assert _rgb(found["texts"][0][0]) == palette["ink"]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_both_schemes(browser: Any, docs_build: Path, scheme: str, width: int) -> None:
    """Keep what a reader sees (the three diagrams of the Nova page) as a CI artifact, wide and on a phone."""
    browser.set_window_size(width, 1024)
    _open(browser, docs_build / "html" / "nova.html", scheme, marked=True)
    bottom = browser.execute_script(
        "const all = document.querySelectorAll('div.vmgraph-diagram');"
        "return all[all.length - 1].getBoundingClientRect().bottom + window.scrollY;"
    )
    browser.set_window_size(width, min(int(bottom) + 80, 6000))
    try:
        name = f"nova-{scheme}.png" if width == 1280 else f"nova-{scheme}-{width}.png"
        shot = docs_build / "screenshots" / name
        shot.parent.mkdir(parents=True, exist_ok=True)
        assert browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        browser.set_window_size(1280, 1024)


# -- fit, links, tooltips ----------------------------------------------------------------------

SIZES = """
return Array.from(document.querySelectorAll('div.vmgraph-diagram')).map(div => {
  const svg = div.querySelector('svg.vmgraph-svg');
  const button = div.querySelector('button.vmgraph-zoom');
  const scroller = div.querySelector('div.vmgraph-scroll');
  return {
    natural: parseFloat(svg.style.getPropertyValue('--vmgraph-width')),
    width: svg.getBoundingClientRect().width,
    column: scroller.clientWidth,
    scrolls: scroller.scrollWidth > scroller.clientWidth,
    button: button.hidden ? null : button.textContent,
  };
});
"""


def test_wide_diagrams_fit_the_column_down_to_the_minimum_scale(browser: Any, docs_build: Path) -> None:
    """At 1280 px a wide diagram is shrunk to the column, all of it in view; on a phone no
    further than the minimum scale, and then it scrolls inside its own box."""
    _open(browser, docs_build / "html" / "nova.html", "light")
    sizes = browser.execute_script(SIZES)
    for size in sizes:
        assert size["natural"] > size["column"], "the Nova diagrams are wider than the column"
        scale = size["width"] / size["natural"]
        assert scale == pytest.approx(size["column"] / size["natural"], abs=0.01), size
        assert size["button"] == "Show at full size"
        assert not size["scrolls"]
    browser.set_window_size(390, 1024)
    try:
        for size in browser.execute_script(SIZES):
            scale = size["width"] / size["natural"]
            assert scale == pytest.approx(max(0.75, size["column"] / size["natural"]), abs=0.01), size
            assert size["button"] == "Show at full size"
            assert size["scrolls"] == (scale > size["column"] / size["natural"] + 0.01)
    finally:
        browser.set_window_size(1280, 1024)
    buttons = browser.find_elements("css selector", "button.vmgraph-zoom")
    browser.execute_script("arguments[0].scrollIntoView();", buttons[0])
    buttons[0].click()
    full = browser.execute_script(SIZES)[0]
    assert full["width"] == pytest.approx(full["natural"], abs=1)
    assert full["button"] == "Fit to the column"
    assert full["scrolls"]
    buttons[0].click()
    assert browser.execute_script(SIZES)[0]["width"] == pytest.approx(sizes[0]["width"], abs=1)


def test_narrow_diagrams_keep_their_natural_size(browser: Any, docs_build: Path) -> None:
    _open(browser, docs_build / "html" / "index.html", "light")
    (size,) = browser.execute_script(SIZES)
    assert size["natural"] < size["column"]
    assert size["width"] == pytest.approx(size["natural"], abs=1)
    assert size["button"] is None, "nothing to zoom"
    assert not size["scrolls"]


def test_clicking_a_state_opens_its_description(browser: Any, docs_build: Path) -> None:
    from vmgraph.load.loader import load_model

    _open(browser, docs_build / "html" / "nova.html", "light")
    title = browser.execute_script(
        "const a = document.querySelector('svg.vmgraph-svg a.vmgraph-link[*|href=\"#vmgraph-nova-state-shelved\"]');"
        "return a.closest('g.node').querySelector('title').textContent;"
    )
    assert title == load_model("nova").state("shelved").description, "the tooltip is the description"
    link = browser.find_element(
        "css selector", 'svg.vmgraph-svg a.vmgraph-link[*|href="#vmgraph-nova-state-shelved"] text'
    )
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", link)
    link.click()  # selects SHELVED in the diagram (docs/reading.rst, "Interactive diagrams")
    more = browser.find_element("css selector", ".vmgraph-focus-rows a.vmgraph-focus-more")
    assert more.text == "About SHELVED"
    more.click()
    assert browser.current_url.endswith("nova.html#vmgraph-nova-state-shelved")
    row_top = browser.execute_script(
        "return document.getElementById('vmgraph-nova-state-shelved').getBoundingClientRect().top;"
    )
    assert -2 <= row_top < 200, "the page scrolled to the row describing SHELVED"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_ironic_page(browser: Any, docs_build: Path, scheme: str) -> None:
    """Keep the diagrams of the Ironic page (every kind of state, automatic results) as a CI artifact."""
    _open(browser, docs_build / "html" / "ironic.html", scheme, marked=True)
    diagrams = browser.execute_script(DIAGRAM_SIZES)
    assert len(diagrams) == 2
    assert all(not d.get("missing") and d["loaded"] for d in diagrams), diagrams
    bottom = browser.execute_script(
        "const all = document.querySelectorAll('div.vmgraph-diagram');"
        "return all[all.length - 1].getBoundingClientRect().bottom + window.scrollY;"
    )
    browser.set_window_size(1280, min(int(bottom) + 80, 8000))
    try:
        shot = docs_build / "screenshots" / f"ironic-{scheme}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        assert browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        browser.set_window_size(1280, 1024)
