"""The diagram node (a Sphinx graphviz node) and its description for builders without images."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.ext.graphviz import graphviz
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["DescribeDiagrams", "description_nodes", "vmgraph_diagram"]


class vmgraph_diagram(graphviz):  # noqa: N801 (docutils names node classes in lower case)
    """A vmgraph diagram: ``code`` is its DOT, plus what is needed to describe it in words.

    Attributes beyond the graphviz ones: ``vmgraph_model``, ``vmgraph_view``,
    ``vmgraph_summary`` (the generated alt text), ``vmgraph_items`` (one line per action,
    state or step), ``vmgraph_digest`` (the hash images are named after) and
    ``vmgraph_serial`` (numbers the diagram within its page).
    """


def description_nodes(node: nodes.Element) -> nodes.container:
    """Return the diagram in words: its alt text, then a bullet list of its items."""
    box = nodes.container(classes=["vmgraph-description"])
    box += nodes.paragraph("", "", nodes.Text(f"[Diagram: {node['alt']}]"))
    items: list[str] = node.get("vmgraph_items", [])
    if items:
        box += nodes.bullet_list(
            "", *(nodes.list_item("", nodes.paragraph("", "", nodes.Text(item))) for item in items), bullet="*"
        )
    return box


class DescribeDiagrams(SphinxPostTransform):
    """Put the description in place of each diagram for the text and man builders."""

    default_priority = 100
    builders = ("text", "man")

    def run(self, **kwargs: Any) -> None:
        """Replace every :class:`vmgraph_diagram` of the document."""
        for node in list(self.document.findall(vmgraph_diagram)):
            node.replace_self(description_nodes(node))
