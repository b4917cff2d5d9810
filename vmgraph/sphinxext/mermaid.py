"""Diagrams in the Mermaid format (``:format: mermaid``, ``vmgraph_format``): drawn by sphinxcontrib-mermaid.

A docs build that draws with Mermaid needs no Graphviz. The directive puts a
:class:`vmgraph_mermaid` node holding the Mermaid text (:func:`vmgraph.emit.mermaid.mermaid_view`)
and the diagram in words; before writing, :class:`MermaidDiagrams` turns it into the
``mermaid`` node of sphinxcontrib-mermaid for HTML builders (mermaid.js draws it in the
reader's browser) and into the words everywhere else (LaTeX and the other builders: drawing
Mermaid there would take mermaid-cli, which downloads a browser of its own). Without
sphinxcontrib-mermaid loaded, every builder gets the words, after one warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from vmgraph.emit.mermaid import mermaid_view, preconditions_mermaid, transitions_mermaid
from vmgraph.emit.style import Style
from vmgraph.model import Model
from vmgraph.sphinxext.messages import Subtype, warn
from vmgraph.sphinxext.nodes import description_nodes

if TYPE_CHECKING:
    from sphinx.config import Config

__all__ = [
    "EXTENSION",
    "FORMATS",
    "DescribeMermaid",
    "MermaidDiagrams",
    "check_format_setting",
    "format_spec",
    "mermaid_loaded",
    "mermaid_text",
    "missing_extension_warning",
    "vmgraph_mermaid",
]

#: The values of ``:format:`` and ``vmgraph_format``.
FORMATS: Final = ("graphviz", "mermaid")
#: The extension that draws Mermaid in HTML.
EXTENSION: Final = "sphinxcontrib.mermaid"
#: What the warnings say to do about a missing sphinxcontrib-mermaid.
_HINT: Final = f"add {EXTENSION!r} to extensions (pip install sphinxcontrib-mermaid); the diagrams are shown as text"


class vmgraph_mermaid(nodes.General, nodes.Element):  # noqa: N801 (docutils names node classes in lower case)
    """A vmgraph diagram in Mermaid: ``code`` is its Mermaid text; ``alt``, ``vmgraph_items`` describe it."""


def format_spec(argument: str | None) -> str:
    """Parse ``:format:``: one of :data:`FORMATS`."""
    value = (argument or "").strip().lower()
    if value not in FORMATS:
        raise ValueError(f"{argument!r} is not one of {', '.join(map(repr, FORMATS))}")
    return value


def mermaid_loaded(config: Config) -> bool:
    """Return whether sphinxcontrib-mermaid is one of the build's ``extensions``."""
    return EXTENSION in config.extensions


def check_format_setting(config: Config) -> None:
    """Validate ``vmgraph_format``; warn once when it is ``mermaid`` and sphinxcontrib-mermaid is not loaded."""
    if config.vmgraph_format not in FORMATS:
        valid = ", ".join(map(repr, FORMATS))
        warn(f"vmgraph_format: {config.vmgraph_format!r} is not one of {valid}", subtype=Subtype.CONFIG)
        config.vmgraph_format = "graphviz"
    if config.vmgraph_format == "mermaid" and not mermaid_loaded(config):
        warn(f"vmgraph_format is 'mermaid' but sphinxcontrib-mermaid is not loaded: {_HINT}", subtype=Subtype.CONFIG)


def mermaid_text(model: Model, view: str, *, states: list[str] | None, actions: list[str] | None, style: Style) -> str:
    """Return the Mermaid text of *view*, limited to *states* and *actions* where given.

    Raises:
        RenderError: the view has no Mermaid equivalent.
    """
    if states is None and actions is None:
        return mermaid_view(model, view, style=style)
    subset = {"states": states, "actions": actions, "style": style}
    if view == "preconditions":
        return preconditions_mermaid(model, **subset)  # type: ignore[arg-type]
    if view == "transitions":
        return transitions_mermaid(model, **subset)  # type: ignore[arg-type]
    return mermaid_view(model, view, style=style)  # a sequence takes no subset


def missing_extension_warning(node: nodes.Element) -> None:
    """Warn at *node* that ``:format: mermaid`` needs sphinxcontrib-mermaid."""
    warn(f"':format: mermaid' needs sphinxcontrib-mermaid: {_HINT}", subtype=Subtype.CONFIG, location=node)


class MermaidDiagrams(SphinxPostTransform):
    """Hand each :class:`vmgraph_mermaid` to sphinxcontrib-mermaid, in HTML when it is loaded."""

    default_priority = 100
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Replace every :class:`vmgraph_mermaid` of the document by a ``mermaid`` node."""
        if mermaid_loaded(self.config):
            for node in list(self.document.findall(vmgraph_mermaid)):
                node.replace_self(_drawn(node))


class DescribeMermaid(SphinxPostTransform):
    """Put the description in place of each :class:`vmgraph_mermaid` left (after :class:`MermaidDiagrams`)."""

    default_priority = 101

    def run(self, **kwargs: Any) -> None:
        """Replace every :class:`vmgraph_mermaid` of the document by its description."""
        for node in list(self.document.findall(vmgraph_mermaid)):
            node.replace_self(description_nodes(node))


def _drawn(node: vmgraph_mermaid) -> nodes.Element:
    from sphinxcontrib.mermaid import mermaid  # noqa: PLC0415 (loaded: checked by the caller)

    made: nodes.Element = mermaid()
    made["code"] = node["code"]
    made["options"] = {}
    made["alt"] = node["alt"]
    for key in ("align", "ids", "classes"):
        if key in node:
            made[key] = node[key]
    return made
