"""Interactive diagrams in Sphinx's HTML: the focus map on the node, marked SVG and its JSON in the page.

A diagram directive gives its node the :class:`~vmgraph.views.focusmap.FocusMap` of what it
draws (:func:`note_focus`); the HTML writer marks the SVG's nodes and edges and writes the map
as JSON after it (:func:`focus_markup`), for ``vmgraph-focus.js``. Diagrams drawn with
``:highlight-states:`` or ``:highlight-actions:`` keep their fixed emphasis, and PNG
diagrams stay pictures: both are left as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from vmgraph.emit.html import FOCUS_CSS, FOCUS_JS, focus_script, mark_svg
from vmgraph.views.focusmap import FocusMap, focus_map
from vmgraph.views.select import Ids

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from vmgraph.model import Model

__all__ = ["CONFIG", "focus_markup", "marked", "note_focus", "setup_interactive"]

#: The settings of interactive diagrams: name -> (default, rebuild, types, meaning).
CONFIG: Final[dict[str, tuple[Any, str, tuple[type, ...], str]]] = {
    "vmgraph_html_interactive": (True, "env", (bool,), "select states and actions in HTML diagrams to focus them"),
    "vmgraph_html_search_nodes": (
        15,
        "env",
        (int,),
        "a search box above each interactive diagram with more than this many states and actions",
    ),
}


def note_focus(node: nodes.Element, config: Config, model: Model, view: str, *, states: Ids, actions: Ids) -> None:
    """Give diagram *node* its focus map, if interactive diagrams are on and *view* has one."""
    if not config.vmgraph_html_interactive or config.vmgraph_html_format != "svg" or "vmgraph_target" in node:
        return
    found = focus_map(model, view, states=states, actions=actions)
    if found is not None and found.items:
        node["vmgraph_focus"] = found
        node["vmgraph_focus_search"] = len(found.items) > int(config.vmgraph_html_search_nodes)


def marked(data: bytes, node: nodes.Element) -> bytes:
    """Return the SVG *data* of *node* with its nodes and edges marked (unchanged if not interactive)."""
    focus = node.get("vmgraph_focus")
    return mark_svg(data, focus) if isinstance(focus, FocusMap) else data


def focus_markup(node: nodes.Element) -> str:
    """Return the element holding the JSON data of *node*'s interactive diagram (``""`` if it is not interactive)."""
    focus = node.get("vmgraph_focus")
    if not isinstance(focus, FocusMap):
        return ""
    return focus_script(
        focus, model=str(node.get("vmgraph_model", focus.model)), search=bool(node.get("vmgraph_focus_search"))
    )


def setup_interactive(app: Sphinx) -> None:
    """Add the script and the stylesheet of interactive diagrams to every HTML page."""
    app.add_css_file(FOCUS_CSS)
    app.add_js_file(FOCUS_JS, loading_method="defer")
