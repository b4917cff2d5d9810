"""Interactive diagrams in HTML: the focus map as JSON for the page, marked SVG, the standalone page.

The page's script (``vmgraph-focus.js``) computes no emphasis: it reads the
:class:`~vmgraph.views.focusmap.FocusMap` written here as JSON data, never as code: an
HTML-escaped attribute of a hidden element, the JSON itself escaped for a ``<script>``
context too (every ``<``, ``>``, ``&`` and line separator) and finds the drawn nodes and edges by the ``data-vmgraph-node`` and
``data-vmgraph-edge`` attributes :func:`mark_svg` gives them. :func:`html_page` writes one
self-contained page per view (``vmgraph render --format html``): inline SVG, CSS and script,
light and dark, nothing loaded from the network.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Final

from vmgraph.emit.theme import DARK, LIGHT, theme_css, theme_svg
from vmgraph.views.focusmap import FocusMap

__all__ = ["FOCUS_CSS", "FOCUS_JS", "focus_json", "focus_script", "html_page", "mark_svg", "static_text"]

#: The script and the stylesheet of interactive diagrams (shipped with the Sphinx extension).
FOCUS_JS: Final = "vmgraph-focus.js"
FOCUS_CSS: Final = "vmgraph-focus.css"
_STATIC: Final = Path(__file__).parents[1] / "sphinxext" / "static"

_SVG_NS: Final = "http://www.w3.org/2000/svg"
_G: Final = f"{{{_SVG_NS}}}g"
_TITLE: Final = f"{{{_SVG_NS}}}title"
_TEXT: Final = f"{{{_SVG_NS}}}text"
_EDGE_ID: Final = re.compile(r"edge([0-9]+)\Z")
#: What JSON leaves as is but a ``<script>`` element (or a JavaScript parser) must not see.
_SCRIPT_UNSAFE: Final = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)

ET.register_namespace("", _SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


def static_text(name: str) -> str:
    """Return the text of the shipped static file *name* (:data:`FOCUS_JS`, :data:`FOCUS_CSS`)."""
    return (_STATIC / name).read_text(encoding="utf-8")


def focus_json(focus: FocusMap, *, model: str, search: bool) -> str:
    """Return the JSON of *focus*, safe inside a ``<script>`` element.

    *model* is the name anchors use (``#vmgraph-<model>-state-<id>``); *search* asks for the
    search box.

    >>> focus_json(FocusMap("m", "transitions", (), (), (), (), ("</script>",), ((0,),), ()), model="m", search=False)
    '{"model":"m","view":"transitions","search":false,"items":[],"emphases":[],"lines":["\\\\u003c/script\\\\u003e"],"texts":[[0]],"selections":[],"owners":{}}'
    """
    data = {
        "model": model,
        "view": focus.view,
        "search": search,
        "items": [
            [
                i.kind,
                i.id,
                i.label,
                [focus.nodes.index(n) for n in i.nodes],
                [e for e, key in enumerate(focus.edges) if key in i.edges],
            ]
            for i in focus.items
        ],
        "emphases": [[list(nodes), list(edges)] for nodes, edges in focus.emphases],
        "lines": list(focus.lines),
        "texts": [list(text) for text in focus.texts],
        "selections": [[s.state, s.action, s.emphasis, s.text] for s in focus.selections],
        "owners": {str(e): list(lines) for e, lines in enumerate(focus.owners) if lines},
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_UNSAFE)


def focus_script(focus: FocusMap, *, model: str, search: bool) -> str:
    """Return the hidden element holding *focus* as JSON (an attribute: no ``<script>`` holds model text)."""
    data = html.escape(focus_json(focus, model=model, search=search), quote=True)
    return f'<div class="vmgraph-focus-data" hidden="hidden" data-vmgraph-focus="{data}"></div>'


def mark_svg(data: bytes, focus: FocusMap) -> bytes:
    """Return the SVG *data* `dot` wrote with each node and edge of *focus* marked by its index.

    Nodes are found by their ``<title>`` (the DOT name); edges by their number (``edgeN``,
    the N-th edge of the DOT, which lists the view's edges in order), checked against their
    title (``tail->head``, or ``head->tail`` for an edge drawn right to left; ports left out); the
    lines of an edge's label by their order (``data-vmgraph-line``).
    """
    root = ET.fromstring(data)
    nodes = {name: i for i, name in enumerate(focus.nodes)}
    for group in root.iter(_G):
        title = group.find(_TITLE)
        name = title.text if title is not None and title.text else ""
        if group.get("class") == "node" and name in nodes:
            group.set("data-vmgraph-node", str(nodes[name]))
        elif group.get("class") == "edge" and (number := _EDGE_ID.match(group.get("id", ""))):
            index = int(number[1]) - 1
            ends = focus.edges[index][:2] if 0 <= index < len(focus.edges) else ()
            drawn = "->".join(end.partition(":")[0] for end in name.split("->"))  # without ports (``:e``)
            if ends and drawn in {"->".join(ends), "->".join(reversed(ends))}:
                group.set("data-vmgraph-edge", str(index))
                for line, text in enumerate(group.findall(_TEXT)):
                    text.set("data-vmgraph-line", str(line))
    return ET.tostring(root, encoding="unicode").encode("utf-8")


def _retitle(root: ET.Element) -> None:
    """Make each node's tooltip its text and each edge's its label (a DOT name means nothing to a reader)."""
    for group in root.iter(_G):
        title = group.find(_TITLE)
        if title is None:
            continue
        text = " ".join("".join(t.itertext()).strip() for t in group.iter(_TEXT)).strip()
        if group.get("class") in {"node", "edge"} and text:
            title.text = text
        else:
            group.remove(title)


_PAGE_CSS: Final = """
body { margin: 0; padding: 1rem; font-family: sans-serif; background: var(--vmgraph-background, #fff);
  color: var(--vmgraph-ink, #000); }
h1 { font-size: 1.25rem; margin: 0 0 .5rem; }
.vmgraph-scroll { overflow-x: auto; }
svg.vmgraph-svg { max-width: 100%; height: auto; }
details.vmgraph-text { margin-top: 1rem; }
"""


def html_page(
    svg: bytes, focus: FocusMap | None, *, title: str, alt: str, items: tuple[str, ...], stamp: str = ""
) -> str:
    """Return one self-contained HTML page showing the SVG *svg* (as `dot` wrote it), interactive if *focus*.

    *alt* names the drawing, *items* describe it in words (offered below it); *stamp* is a
    comment put before the document (the digest of the DOT, see :mod:`vmgraph.output.stamp`).
    Colours follow the reader's light or dark scheme; nothing is loaded from elsewhere.
    """
    root = ET.fromstring(mark_svg(svg, focus) if focus is not None else svg)
    root.set("class", "vmgraph-svg")
    root.set("role", "group" if focus is not None else "img")
    root.set("aria-label", alt)
    root.set("aria-describedby", "vmgraph-text")
    _retitle(root)
    theme_svg(root, LIGHT)
    markup = ET.tostring(root, encoding="unicode")
    css = theme_css(LIGHT, DARK, min_scale=1, dark_mode="media") + _PAGE_CSS
    data, script = "", ""
    if focus is not None:
        css += static_text(FOCUS_CSS)
        data = focus_script(focus, model=focus.model, search=True)
        code = static_text(FOCUS_JS).replace("</", "<\\/")  # the script holds no "</script"
        script = f"<script>{code}</script>"
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in items)
    return (
        f'{stamp}<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{html.escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f'<h1>{html.escape(title)}</h1>\n<div class="vmgraph-diagram">\n<div class="vmgraph-scroll">{markup}</div>\n'
        f'{data}\n<details class="vmgraph-text" id="vmgraph-text"><summary>The diagram as text</summary>'
        f"<p>{html.escape(alt)}</p><ul>{lines}</ul></details>\n</div>\n{script}\n</body>\n</html>\n"
    )
