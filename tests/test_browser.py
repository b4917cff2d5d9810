"""The built documentation in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by selenium; nothing downloads a browser) opens the Nova page,
every diagram must be drawn with a size, and a screenshot is kept as a CI artifact.

Skips only where Chromium is missing and ``VMGRAPH_REQUIRE_BROWSER`` is unset (scripts/test
and scripts/docs set it). ``VMGRAPH_DOCS_BUILD=docs/_build`` checks an existing build (its
``html/``) and writes the screenshot to ``docs/_build/screenshots/``; otherwise the docs are
built into a temporary directory first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).parents[1] / "docs"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,1024",
)


def _binaries() -> tuple[str, str] | None:
    browser = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
    driver = shutil.which("chromedriver") or (
        "/usr/lib/chromium/chromedriver" if Path("/usr/lib/chromium/chromedriver").exists() else None
    )
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    found = _binaries()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        found = None
    if found is None:
        if os.environ.get("VMGRAPH_REQUIRE_BROWSER"):
            pytest.fail("chromium, chromium-driver and selenium are required (VMGRAPH_REQUIRE_BROWSER is set)")
        pytest.skip("chromium, chromium-driver or selenium is not installed")

    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=found[1]))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def docs_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build directory whose ``html/`` holds the built docs."""
    given = os.environ.get("VMGRAPH_DOCS_BUILD")
    if given:
        build = Path(given).resolve()
        assert (build / "html" / "nova.html").is_file(), f"no docs built in {build}/html"
        return build
    shutil.which("dot") or pytest.skip("Graphviz `dot` is not installed")
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
    shot = docs_build / "screenshots" / "nova.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    height = min(int(browser.execute_script("return document.documentElement.scrollHeight;")), 12000)
    browser.set_window_size(1280, height)
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
