"""Interactive diagrams in headless Chromium: every selection agrees with the static ``--highlight``.

A page of the ``test-interactive`` root (the bundled nova and ironic, preconditions and
transitions) is built with Sphinx; each state and action is clicked (its node, or in the
transitions view a line of an edge's label that names it, or the edge) and the nodes and
edges drawn in full are compared with those `dot` draws bold for ``--highlight`` of the same
selection, and the faded ones with the colours it draws them in. Keyboard, Escape, search,
deep links and the standalone page (opened from a file, network off) are tested the same
way; screenshots of a focused Nova diagram go to ``docs/_build/screenshots/``.
"""

from __future__ import annotations

import functools
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
from vmgraph.emit.theme import DARK, LIGHT, normalise
from vmgraph.emit.views import build_view
from vmgraph.load.loader import load_model
from vmgraph.model import Model
from vmgraph.views.describe import describe_view
from vmgraph.views.emphasis import Highlight, emphasis_for
from vmgraph.views.focusmap import FocusItem, FocusMap, focus_map

browser = test_browser.browser  # the same headless Chromium fixture
ROOT = Path(__file__).parent / "roots" / "test-interactive"
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
    out = tmp_path_factory.mktemp("interactive-html")
    argv = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(src), str(out)]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return out


@functools.cache
def _model(name: str) -> Model:
    return load_model(name)  # the bundled models


@functools.cache
def _static(name: str, view: str, states: tuple[str, ...], actions: tuple[str, ...]) -> ET.Element:
    """Return the SVG `dot` draws for ``--highlight`` of the selection."""
    model = _model(name)
    emphasis = emphasis_for(model, view, Highlight(states, actions))
    source = build_view(model, view, emphasis=emphasis).source
    return ET.fromstring(
        subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True).stdout
    )


def _bold(model: Model, view: str, states: tuple[str, ...], actions: tuple[str, ...]) -> set[str]:
    """Return the SVG ids (``node3``, ``edge7``) that `dot` draws bold for ``--highlight`` of the selection."""
    root = _static(model.id, view, states, actions)
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
const g = svg.querySelector('[data-vmgraph-' + (arguments[2] || 'node') + '="' + arguments[1] + '"]');
const line = arguments[3] == null ? g : g.querySelector('[data-vmgraph-line="' + arguments[3] + '"]');
line.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
"""
ESCAPE = """
document.querySelectorAll('svg.vmgraph-svg')[arguments[0]].dispatchEvent(
  new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));
"""
#: Per drawn node and edge (by id), the fill and stroke of each of its shapes and texts, as the page paints them.
PAINTED = """
const svg = document.querySelectorAll('svg.vmgraph-svg')[arguments[0]];
const out = {};
svg.querySelectorAll('[data-vmgraph-node], [data-vmgraph-edge]').forEach(g => {
  out[g.id.replace(/^vmgraph[0-9]+-/, '')] = Array.from(g.querySelectorAll('ellipse, polygon, path, polyline, text'))
    .filter(e => !e.classList.contains('vmgraph-hit'))
    .map(e => { const s = getComputedStyle(e); return [e.tagName, s.fill, s.stroke, s.opacity]; });
});
return out;
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


PRESSED = """
const svg = document.querySelectorAll('svg.vmgraph-svg')[arguments[0]];
return svg.querySelector('[data-vmgraph-' + arguments[2] + '="' + arguments[1] + '"]').getAttribute('aria-pressed');
"""


def _search(browser: Any, index: int, text: str) -> None:
    """Type *text* into the search box of diagram *index*, replacing what it held."""
    from selenium.webdriver.common.by import By

    box = browser.find_elements(By.CSS_SELECTOR, "input.vmgraph-focus-search")[index]
    box.clear()
    box.send_keys(text)


def _pick(browser: Any, index: int, focus: FocusMap, item: FocusItem) -> None:
    """Select *item* as a reader would: its node, or a line of an edge label naming it, or the edge
    (or its name in the search box, for a call the diagram writes only inside its states).

    A node or an edge standing for several calls selects each in turn, so it is clicked until
    *item* is selected (its name said, the element clicked pressed).
    """
    if not item.nodes and not item.edges:  # a call written only as "unchanged" in its states: found by name
        _search(browser, index, item.label)
        assert _status(browser, index).startswith(f"Selected {item.label} ("), (focus.model, focus.view, item.id)
        return
    me = focus.items.index(item)
    lines = [(e, line) for e, owners in enumerate(focus.owners) for line, owner in enumerate(owners) if owner == me]
    part, at = ("node", focus.nodes.index(item.nodes[0])) if item.nodes else ("edge", focus.edges.index(item.edges[0]))
    if lines:
        part, at = "edge", lines[0][0]
        browser.execute_script(CLICK, index, at, part, lines[0][1])
    else:
        for _ in range(len(focus.items)):
            browser.execute_script(CLICK, index, at, part)
            if _status(browser, index).startswith(f"Selected {item.label} ("):
                break
    assert _status(browser, index).startswith(f"Selected {item.label} ("), (focus.model, focus.view, item.id)
    assert browser.execute_script(PRESSED, index, at, part) == "true"


def _colour(value: str | None) -> str:
    """Return an SVG paint (``#666666``, ``black``, ``none``) or a computed one (``rgb(...)``) as ``rgb(r, g, b)``."""
    if value is None:
        return "rgb(0, 0, 0)"  # Graphviz writes no fill for black text
    if value in {"none", "transparent", "rgba(0, 0, 0, 0)"}:
        return "none"
    hexed = normalise(value)
    if hexed is None:
        return value
    return "rgb({}, {}, {})".format(*(int(hexed[i : i + 2], 16) for i in (1, 3, 5)))


def _painted(browser: Any, index: int) -> dict[str, list[list[str]]]:
    """Return what :data:`PAINTED` finds, the colours written as :func:`_colour` writes them."""
    found = browser.execute_script(PAINTED, index)
    return {g: [[tag, _colour(fill), _colour(stroke), o] for tag, fill, stroke, o in v] for g, v in found.items()}


def _static_paint(
    name: str, view: str, states: tuple[str, ...], actions: tuple[str, ...]
) -> dict[str, list[list[str]]]:
    """Return what :data:`PAINTED` returns, for the SVG `dot` draws for ``--highlight`` of the selection."""
    out = {}
    for g in _static(name, view, states, actions).iter(f"{SVG}g"):
        if g.get("class") in {"node", "edge"}:
            shapes = [
                e for e in g.iter() if e.tag.removeprefix(SVG) in {"ellipse", "polygon", "path", "polyline", "text"}
            ]
            out[g.get("id", "")] = [
                [e.tag.removeprefix(SVG), _colour(e.get("fill")), _colour(e.get("stroke", "none")), "1"] for e in shapes
            ]
    return out


@pytest.mark.parametrize("index", range(len(DIAGRAMS)))
def test_every_click_draws_what_highlight_draws(browser: Any, site: Path, index: int) -> None:
    name, view = DIAGRAMS[index]
    model = _model(name)
    focus = focus_map(model, view)
    assert focus is not None
    assert {i.kind for i in focus.items} == {"state", "action"}
    assert {i.id for i in focus.items if i.kind == "state"} == {s.id for s in model.states}
    browser.get((site / "index.html").as_uri())
    for item in focus.items:
        _pick(browser, index, focus, item)
        lit = ((item.id,), ()) if item.kind == "state" else ((), (item.id,))
        assert set(browser.execute_script(SHOWN, index)) == _bold(model, view, *lit), (name, view, item.id)
        browser.execute_script(ESCAPE, index)
        assert browser.execute_script(SHOWN, index) is None


@pytest.mark.parametrize("index", range(len(DIAGRAMS)))
def test_faded_is_the_muted_colour_highlight_draws(browser: Any, site: Path, index: int) -> None:
    """No transparency: each shape and text has the fill and stroke of the static highlight."""
    name, view = DIAGRAMS[index]
    focus = focus_map(_model(name), view)
    assert focus is not None
    browser.get((site / "index.html").as_uri())
    actions = [i for i in focus.items if i.kind == "action"]
    for item in (focus.items[0], actions[0], actions[-1]):
        _pick(browser, index, focus, item)
        lit = ((item.id,), ()) if item.kind == "state" else ((), (item.id,))
        painted = _painted(browser, index)
        static = _static_paint(name, view, *lit)
        assert painted == {k: v for k, v in static.items() if k in painted}, (name, view, item.id)
        assert any(["text", _colour(LIGHT["muted"]), "none", "1"] in v for v in painted.values())
        browser.execute_script(ESCAPE, index)
    _scheme(browser, "dark")
    try:
        _pick(browser, index, focus, focus.items[0])
        texts = {tuple(p) for v in _painted(browser, index).values() for p in v if p[0] == "text"}
        assert ("text", _colour(DARK["muted"]), "none", "1") in texts
        assert ("text", _colour(DARK["ink"]), "none", "1") in texts
    finally:
        _scheme(browser, "light")


def test_a_shared_box_selects_each_of_its_calls_in_turn(browser: Any, site: Path) -> None:
    model = _model("nova")
    focus = focus_map(model, "preconditions")
    assert focus is not None
    box = focus.nodes.index("action_delete")
    assert [i.id for i in focus.items if "action_delete" in i.nodes] == ["delete", "force_delete"]
    browser.get((site / "index.html").as_uri())
    static = _bold(model, "preconditions", (), ("force_delete",))
    assert static == _bold(model, "preconditions", (), ("delete",))  # the static highlight draws the box too
    for action in ("delete", "force_delete"):
        browser.execute_script(CLICK, 0, box)
        assert _status(browser, 0).startswith(f"Selected {action} (")
        assert set(browser.execute_script(SHOWN, 0)) == static
    browser.execute_script(CLICK, 0, box)
    assert browser.execute_script(SHOWN, 0) is None


def test_an_action_is_selected_on_the_edges_it_labels(browser: Any, site: Path) -> None:
    """A line of a merged label selects the call it names; the edge itself, each of its calls in turn."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    model = _model("nova")
    focus = focus_map(model, "transitions")
    assert focus is not None
    # the two-way edge: "to STOPPED:", stop, evacuate (3 lines), "to ACTIVE:", start, "reboot (hard)"
    edge = next(e for e, key in enumerate(focus.edges) if key[:2] == ("state_active", "state_stopped"))
    browser.get((site / "index.html").as_uri())
    browser.execute_script(CLICK, 1, edge, "edge", 7)  # the line "reboot (hard)"
    assert _status(browser, 1).startswith("Selected reboot (")
    assert set(browser.execute_script(SHOWN, 1)) == _bold(model, "transitions", (), ("reboot",))
    browser.execute_script(ESCAPE, 1)
    # a real click on the middle of the edge's line, which is thin: its wider copy takes it
    point = browser.execute_script(
        """const g = document.querySelectorAll('svg.vmgraph-svg')[1].querySelector('[data-vmgraph-edge="' + arguments[0] + '"]');
        g.scrollIntoView({block: 'center'});
        const path = g.querySelector('path:not(.vmgraph-hit)');
        const p = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(path.getScreenCTM());
        return [p.x, p.y];""",
        edge,
    )
    for expected in ("start", "stop", "reboot", "evacuate"):  # in the model's order
        chain = ActionChains(browser)
        chain.w3c_actions.pointer_action.move_to_location(int(point[0]), int(point[1]))
        chain.w3c_actions.pointer_action.click()
        chain.perform()
        assert _status(browser, 1).startswith(f"Selected {expected} (")
        assert set(browser.execute_script(SHOWN, 1)) == _bold(model, "transitions", (), (expected,))
    g = browser.find_elements(By.CSS_SELECTOR, "svg.vmgraph-svg")[1].find_element(
        By.CSS_SELECTOR, f'[data-vmgraph-edge="{edge}"]'
    )
    assert g.get_attribute("role") == "button"
    assert g.get_attribute("aria-label") == "actions start, stop, reboot, evacuate"
    g.send_keys(Keys.ENTER)  # after evacuate, the last of the edge: none
    assert browser.execute_script(SHOWN, 1) is None
    g.send_keys(Keys.ENTER)
    assert _status(browser, 1).startswith("Selected start (")
    assert g.get_attribute("aria-pressed") == "true"


def test_a_state_and_an_action_narrow_as_highlight_does(browser: Any, site: Path) -> None:
    model = _model("nova")
    focus = focus_map(model, "preconditions")
    assert focus is not None
    browser.get((site / "index.html").as_uri())
    where = {(i.kind, i.id): focus.nodes.index(i.nodes[0]) for i in focus.items if i.nodes}
    # boxes of one call: a second click clears it (a box shared by several calls selects the next one)
    for state, action in (("stopped", "start"), ("active", "resize"), ("shelved", "unshelve"), ("error", "start")):
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
    assert len(boxes) == 4  # the diagrams with more than 15 states and actions: all of them
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


#: Whether the selected node of a diagram is within its scrolled view (then centred in the window).
REVEALED = """
const g = document.querySelectorAll('svg.vmgraph-svg')[arguments[0]].querySelector('.vmgraph-selected');
const box = g.getBoundingClientRect();
const area = g.closest('.vmgraph-scroll').getBoundingClientRect();
g.scrollIntoView({block: 'center', inline: 'nearest'});
return box.left >= area.left && box.right <= area.right;
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_a_focused_diagram(browser: Any, site: Path, scheme: str, width: int) -> None:
    browser.set_window_size(width, 1000)
    _scheme(browser, scheme)
    try:
        browser.get("about:blank")  # the same address again would only move to the fragment, not reload
        browser.get((site / "index.html").as_uri() + "#vmgraph-nova-state-stopped")
        assert browser.execute_script(SHOWN, 0)
        SHOTS.mkdir(parents=True, exist_ok=True)
        # the selected state is scrolled into the diagram's view, however narrow; the page then centres it
        inside = browser.execute_script(REVEALED, 1)
        assert inside, f"STOPPED is outside the view of the diagram at {width} px"
        assert browser.save_screenshot(str(SHOTS / f"nova-focused-{width}-{scheme}.png"))
    finally:
        _scheme(browser, "light")
        browser.set_window_size(1280, 1024)
