"""The standalone HTML page of one view (``vmgraph render --format html``), stamped with its DOT."""

from __future__ import annotations

from vmgraph.emit.html import html_page
from vmgraph.errors import RenderError
from vmgraph.model import Model
from vmgraph.output.stamp import STAMP_KEY, dot_digest
from vmgraph.views.describe import describe_view
from vmgraph.views.focusmap import focus_map

__all__ = ["standalone_page"]


def standalone_page(model: Model, view: str, svg: bytes, source: str, *, interactive: bool = True) -> bytes:
    """Return the page of view *view* of *model*: the SVG `dot` made of DOT *source*, its words, its script.

    The page is interactive (:mod:`vmgraph.emit.html`) if *interactive* and the view can be
    emphasised; a view drawn with ``--highlight`` keeps its fixed emphasis. The page records the
    digest of *source* as an SVG image does, so ``vmgraph check --outputs`` can tell it is current.
    """
    try:
        words = describe_view(model, view)
        alt, items = words.summary, words.items
    except RenderError:  # the focused views (overview, states/<id>, ...) have no description
        alt, items = f"{view} of {model.title}", ()
    focus = focus_map(model, view) if interactive else None
    stamp = f"<!-- {STAMP_KEY}: {dot_digest(source)} -->\n"
    title = f"{model.title}: {view}"
    return html_page(svg, focus, title=title, alt=alt, items=items, stamp=stamp).encode("utf-8")
