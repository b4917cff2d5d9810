"""Interactive diagrams in headless Chromium: every selection agrees with the static ``--highlight``.

A page of the ``test-interactive`` root (nova and ironic, preconditions and transitions) is
built with Sphinx; each state and action is clicked and the nodes and edges drawn in full are
compared with those `dot` draws bold for ``--highlight`` of the same selection. Keyboard,
Escape, search, deep links and the standalone page (opened from a file, network off) are
tested the same way; screenshots of a focused Nova diagram go to ``docs/_build/screenshots/``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import needs
import pytest

from tests import test_browser
from vmgraph.emit.theme import LIGHT
from vmgraph.emit.views import build_view
from vmgraph.load.loader import load_model
from vmgraph.model import Model
from vmgraph.views.describe import describe_view
from vmgraph.views.emphasis import Highlight, emphasis_for
from vmgraph.views.focusmap import focus_map

browser = test_browser.browser  # the same headless Chromium fixture
ROOT = Path(__file__).parent / "roots" / "test-interactive"
IRONIC = Path(__file__).parent / "data" / "ironic-complete.yaml"
SHOTS = Path(__file__).parents[1] / "docs" / "_build" / "screenshots"
SVG = "{http://www.w3.org/2000/svg}"
#: The diagrams of the page, in order: (model, view).
DIAGRAMS = (("nova", "preconditions"), ("nova", "transitions"), ("ironic", "preconditions"), ("ironic", "transitions"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built ``test-interactive`` root (its ``index.html``)."""
    needs.dot()
    src = tmp_path_factory.mktemp("interactive-src")
    shutil.copytree(ROOT, src, dirs_exist_ok=True)
    (src / "ironic.yaml").write_bytes(IRONIC.read_bytes())
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('vmgraph_models = {"ironic": "ironic.yaml"}\n')
    out = tmp_path_factory.mktemp("interactive-html")
    argv = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(src), str(out)]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return out


def _model(name: str) -> Model:
    return load_model("nova") if name == "nova" else load_model(IRONIC)


def _bold(model: Model, view: str, states: tuple[str, ...], actions: tuple[str, ...]) -> set[str]:
    """Return the SVG ids (``node3``, ``edge7``) that `dot` draws bold for ``--highlight`` of the selection."""
    emphasis = emphasis_for(model, view, Highlight(states, actions))
    source = build_view(model, view, emphasis=emphasis).source
    svg = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True).stdout
    root = ET.fromstring(svg)
    muted = LIGHT["muted"]  # a faded node's text; a bold initial state stays bold when faded
    return {
        g.get("id", "")
        for g in root.iter(f"{SVG}g")
        if g.get("class") in {"node", "edge"}
        and any(e.get("stroke-width") == "2" for e in g.iter())
        and not (g.get("class") == "node" and any(t.get("fill") == muted for t in g.iter(f"{SVG}text")))
    }


#: The ids (without the page's prefix) of one diagram's nodes and edges drawn in full.
SHOWN = """
const svg = document.querySelectorAll('svg.vmgraph-svg')[arguments[0]];
if (!svg.classList.contains('vmgraph-focused')) { return null; }
return Array.from(svg.querySelectorAll('.vmgraph-on')).map(g => g.id.replace(/^vmgraph[0-9]+-/, ''));
"""
CLICK = """
const svg = document.querySelectorAll('svg.vmgraph-svg')[arguments[0]];
const g = svg.querySelector('[data-vmgraph-node="' + arguments[1] + '"]');
g.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
"""


def _scheme(browser: Any, scheme: str) -> None:
    """Emulate the system's colour scheme (what ``prefers-color-scheme`` reports)."""
    feature = {"name": "prefers-color-scheme", "value": scheme}
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [feature]})


def _status(browser: Any, index: int) -> str:
    text: str = browser.execute_script(
        "return document.querySelectorAll('.vmgraph-focus-status')[arguments[0]].textContent;", index
    )
    return text


@pytest.mark.parametrize("index", range(len(DIAGRAMS)))
def test_every_click_draws_what_highlight_draws(browser: Any, site: Path, index: int) -> None:
    name, view = DIAGRAMS[index]
    model = _model(name)
    focus = focus_map(model, view)
    assert focus is not None
    browser.get((site / "index.html").as_uri())
    clickable = {}  # a box shared by several calls selects the first of them
    for item in focus.items:
        clickable.setdefault(item.nodes[0], item)
    for item in clickable.values():
        node = focus.nodes.index(item.nodes[0])
        browser.execute_script(CLICK, index, node)
        lit = ((item.id,), ()) if item.kind == "state" else ((), (item.id,))
        assert set(browser.execute_script(SHOWN, index)) == _bold(model, view, *lit), (name, view, item.id)
        assert item.label in _status(browser, index)
        browser.execute_script(CLICK, index, node)  # again: cleared
        assert browser.execute_script(SHOWN, index) is None


def test_a_state_and_an_action_narrow_as_highlight_does(browser: Any, site: Path) -> None:
    model = _model("nova")
    focus = focus_map(model, "preconditions")
    assert focus is not None
    browser.get((site / "index.html").as_uri())
    where = {(i.kind, i.id): focus.nodes.index(i.nodes[0]) for i in focus.items}
    # calls that head their box (a click on a shared box selects its first call)
    for state, action in (("stopped", "start"), ("active", "snapshot"), ("shelved", "unshelve"), ("error", "start")):
        browser.execute_script(CLICK, 0, where["state", state])
        browser.execute_script(CLICK, 0, where["action", action])
        shown = set(browser.execute_script(SHOWN, 0))
        assert shown == _bold(model, "preconditions", (state,), (action,)), (state, action)
        browser.execute_script(CLICK, 0, where["action", action])  # the action again: the state alone
        assert set(browser.execute_script(SHOWN, 0)) == _bold(model, "preconditions", (state,), ())
        browser.execute_script(CLICK, 0, where["state", state])


def test_keyboard_selects_and_escape_clears(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get((site / "index.html").as_uri())
    focusable = browser.find_elements(By.CSS_SELECTOR, "svg.vmgraph-svg [data-vmgraph-node][tabindex='0']")
    assert len(focusable) > 40
    first = focusable[0]
    assert first.get_attribute("role") == "button"
    first.send_keys(Keys.ENTER)
    assert browser.execute_script(SHOWN, 0)
    assert first.get_attribute("aria-pressed") == "true"
    assert _status(browser, 0).startswith("Selected ")
    live = browser.execute_script("return document.querySelector('.vmgraph-focus-status').getAttribute('aria-live');")
    assert live == "polite"
    first.send_keys(Keys.ESCAPE)
    assert browser.execute_script(SHOWN, 0) is None
    first.send_keys(Keys.SPACE)
    assert browser.execute_script(SHOWN, 0)
    first.send_keys(Keys.SPACE)
    assert browser.execute_script(SHOWN, 0) is None


def test_the_announcement_is_the_description(browser: Any, site: Path) -> None:
    browser.get((site / "index.html").as_uri())
    model = _model("nova")
    focus = focus_map(model, "transitions")
    assert focus is not None
    stopped = next(i for i in focus.items if i.id == "stopped")
    browser.execute_script(CLICK, 1, focus.nodes.index(stopped.nodes[0]))
    said = describe_view(model, "transitions", states=["stopped"]).items
    assert _status(browser, 1) == f"Selected STOPPED (Escape clears): {' '.join(said)}"
    assert re.search(r"From STOPPED: [^.]*\bto ACTIVE by [^.;]*\bstart\b", _status(browser, 1))


def test_search_selects_by_name(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get((site / "index.html").as_uri())
    boxes = browser.find_elements(By.CSS_SELECTOR, "input.vmgraph-focus-search")
    assert len(boxes) == 3  # the diagrams with more than 15 states and actions: all but nova's transitions
    boxes[0].send_keys("SHELVE")
    assert set(browser.execute_script(SHOWN, 0)) == _bold(_model("nova"), "preconditions", (), ("shelve",))


def test_a_link_to_a_row_focuses_the_diagrams(browser: Any, site: Path) -> None:
    browser.get((site / "index.html").as_uri() + "#vmgraph-nova-state-stopped")
    model = _model("nova")
    assert set(browser.execute_script(SHOWN, 0)) == _bold(model, "preconditions", ("stopped",), ())
    assert set(browser.execute_script(SHOWN, 1)) == _bold(model, "transitions", ("stopped",), ())
    assert browser.execute_script(SHOWN, 2) is None  # ironic's diagrams are not about nova
    browser.execute_script("window.location.hash = '#vmgraph-nova-action-start';")
    browser.execute_script("return 1;")
    assert set(browser.execute_script(SHOWN, 0)) == _bold(model, "preconditions", (), ("start",))


def test_without_script_the_diagram_is_static(browser: Any, site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    assert page.count('class="vmgraph-focus-data"') == 4
    assert "vmgraph-focus.js" in page and "vmgraph-focus.css" in page
    assert "vmgraph-focused" not in page.split("<body", 1)[1].split("vmgraph-focus.js", 1)[0].replace(
        "vmgraph-focus-data", ""
    )


def test_standalone_page_works_from_a_file_offline(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    needs.dot()
    proc = subprocess.run(
        [sys.executable, "-m", "vmgraph", "render", "nova", "--format", "html", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    page = tmp_path / "transitions.html"
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page.read_text(encoding="utf-8"))
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    try:
        browser.get(page.as_uri() + "#vmgraph-nova-state-stopped")
        assert set(browser.execute_script(SHOWN, 0)) == _bold(_model("nova"), "transitions", ("stopped",), ())
        box = browser.find_elements(By.CSS_SELECTOR, "input.vmgraph-focus-search")
        assert len(box) == 1  # a standalone page always has one
    finally:
        browser.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_a_focused_diagram(browser: Any, site: Path, scheme: str, width: int) -> None:
    browser.set_window_size(width, 1000)
    _scheme(browser, scheme)
    try:
        browser.get((site / "index.html").as_uri() + "#vmgraph-nova-state-stopped")
        assert browser.execute_script(SHOWN, 0)
        SHOTS.mkdir(parents=True, exist_ok=True)
        browser.execute_script("document.querySelectorAll('.vmgraph-diagram')[1].scrollIntoView();")
        assert browser.save_screenshot(str(SHOTS / f"nova-focused-{width}-{scheme}.png"))
    finally:
        _scheme(browser, "light")
        browser.set_window_size(1280, 1024)
