"""Graphviz SVG made ready for inlining in HTML: unique ids, links, tooltips, theme classes, size.

:func:`inline_svg` takes the SVG file of a diagram, as `dot` wrote it, and returns the
markup a page embeds: ids prefixed (two diagrams on one page must not share ``node1``),
each state and action a link to the table row describing it, each node's and edge's
``<title>`` (the tooltip) its description instead of its DOT name, every colour a class of
its palette role (:func:`vmgraph.emit.theme.theme_svg`), and its natural width as the CSS
variable ``--vmgraph-width`` (``vmgraph.css`` shrinks it to the column, down to
``--vmgraph-min-scale``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Final, NamedTuple

from vmgraph.emit.theme import theme_svg
from vmgraph.views.graph import link_of

__all__ = ["InlineSvg", "inline_svg", "natural_width"]

_SVG_NS: Final = "http://www.w3.org/2000/svg"
_XLINK_NS: Final = "http://www.w3.org/1999/xlink"
_XLINK_HREF: Final = f"{{{_XLINK_NS}}}href"
_XLINK_TITLE: Final = f"{{{_XLINK_NS}}}title"
_G: Final = f"{{{_SVG_NS}}}g"
_A: Final = f"{{{_SVG_NS}}}a"
_TITLE: Final = f"{{{_SVG_NS}}}title"
_TEXT: Final = f"{{{_SVG_NS}}}text"
#: The DOT names of states and actions (``vmgraph.dot``): the nodes that link to their rows.
_LENGTH: Final = re.compile(r"([0-9]+(?:\.[0-9]*)?)(pt|px)?\Z")
#: CSS pixels per unit of an SVG length.
_PX: Final = {"pt": 4 / 3, "px": 1.0, None: 1.0}

ET.register_namespace("", _SVG_NS)
ET.register_namespace("xlink", _XLINK_NS)


class InlineSvg(NamedTuple):
    """The markup to embed, and the colours that follow no palette role (normally none)."""

    markup: str
    unthemed: list[str]


def natural_width(length: str | None) -> float | None:
    """Return an SVG length (``"1820pt"``) in CSS pixels, or ``None`` if it is not one.

    >>> natural_width("1820pt"), natural_width("200"), natural_width("50%")
    (2426.6666666666665, 200.0, None)
    """
    match = _LENGTH.match((length or "").strip())
    return float(match[1]) * _PX[match[2]] if match else None


def inline_svg(
    data: bytes,
    *,
    prefix: str,
    alt: str,
    links: Mapping[str, str],
    light: Mapping[str, str],
    described_by: str | None = None,
    scale: float = 1.0,
    style: str = "",
) -> InlineSvg:
    """Return the SVG of a diagram made ready for inlining in HTML.

    Args:
        data: The SVG file, as `dot` wrote it.
        prefix: Prepended to every id (and every reference to one).
        alt: The accessible name of the whole drawing.
        links: DOT node name (``state_active``) -> URI of its description.
        light: The palette the diagram was laid out with (:func:`vmgraph.emit.theme.theme_svg`).
        described_by: The id of the element that describes the drawing in words.
        scale: The natural width is the drawing's times this (``:scale:``).
        style: More CSS declarations for the ``<svg>`` element (``:width:``, ``:height:``).
    """
    root = ET.fromstring(data)
    root.set("role", "img")  # one image named by its alt text; a "group" when it has links (below)
    root.set("aria-label", alt)
    if described_by:
        root.set("aria-describedby", described_by)
    root.set("class", "vmgraph-svg")
    width = natural_width(root.get("width"))
    declarations = [f"--vmgraph-width: {width * scale:.0f}px"] if width is not None else []
    if declarations or style:
        root.set("style", "; ".join([*declarations, style] if style else declarations))
    for element in root.iter():
        if "id" in element.attrib:
            element.set("id", prefix + element.attrib["id"])
        for key, value in list(element.attrib.items()):
            if value.startswith("#") and key in {"href", _XLINK_HREF}:
                element.set(key, "#" + prefix + value[1:])
            elif "url(#" in value:
                element.set(key, value.replace("url(#", f"url(#{prefix}"))
    labels = _node_labels(root)
    for group in list(root.iter(_G)):
        title = group.find(_TITLE)
        kind = group.get("class")
        if title is None or kind not in {"graph", "node", "edge"}:
            continue
        name = title.text or ""
        if kind == "graph":  # the graph's name would be the tooltip of the whole drawing
            group.remove(title)
            continue
        if kind == "node" and (link := link_of(name)) and (uri := links.get(link.item)):
            _link(group, title, uri)
            root.set("role", "group")  # an "img" would hide its links from assistive technology
        _retitle(group, title, name, labels)
    unthemed = theme_svg(root, light)
    return InlineSvg(ET.tostring(root, encoding="unicode"), unthemed)


def _text(element: ET.Element) -> str:
    """Return the visible text of *element*: its ``<text>`` lines, joined by blanks."""
    return " ".join(" ".join(t.itertext()).strip() for t in element.iter(_TEXT) if "".join(t.itertext()).strip())


def _node_labels(root: ET.Element) -> dict[str, str]:
    """Return DOT node name -> the first line of text drawn in it (a state's or action's name)."""
    found = {}
    for group in root.iter(_G):
        title = group.find(_TITLE)
        first = group.find(f".//{_TEXT}")
        if group.get("class") == "node" and title is not None and title.text and first is not None:
            found[title.text] = "".join(first.itertext()).strip()
    return found


def _retitle(group: ET.Element, title: ET.Element, name: str, labels: Mapping[str, str]) -> None:
    """Make the tooltip of a node or edge its description (or its text), never its DOT name.

    Graphviz writes a ``tooltip`` as ``xlink:title`` on an ``<a>``; it moves to the group's
    ``<title>``, which every browser shows on hover. Without one, a node shows its label
    and an edge its label, else ``TAIL → HEAD``; a shape without text (a lifeline) shows none.
    """
    tips = [a.attrib.pop(_XLINK_TITLE) for a in group.iter(_A) if _XLINK_TITLE in a.attrib]
    tooltip = tips[0] if tips else _text(group)
    if not tooltip and group.get("class") == "edge" and "->" in name:
        tail, head = (labels.get(end.partition(":")[0], "") for end in name.split("->", 1))
        tooltip = f"{tail} \N{RIGHTWARDS ARROW} {head}" if tail and head else ""
    if tooltip:
        title.text = tooltip
    else:
        group.remove(title)


def _link(group: ET.Element, title: ET.Element, uri: str) -> None:
    """Make the shapes of a node *group* a link to *uri* (reusing a tooltip's ``<a>``)."""
    anchor = group.find(f".//{_A}")
    if anchor is None:
        anchor = ET.Element(_A)
        for child in [c for c in group if c is not title]:
            group.remove(child)
            anchor.append(child)
        group.append(anchor)
    anchor.set(_XLINK_HREF, uri)
    anchor.set("class", "vmgraph-link")
