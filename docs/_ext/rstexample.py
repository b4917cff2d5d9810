"""``.. rst-example::``: show reST source, then what it renders to (one source for both)."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles


class RstExample(SphinxDirective):
    """Show the content as a reST code block, followed by the content itself, rendered."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        source = "\n".join(self.content)
        code = nodes.literal_block(source, source, language="rst", classes=["rst-example-source"])
        self.set_source_info(code)
        rendered = nodes.container(classes=["rst-example-result"])
        nested_parse_with_titles(self.state, self.content, rendered, self.content_offset)
        return [code, rendered]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("rst-example", RstExample)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
