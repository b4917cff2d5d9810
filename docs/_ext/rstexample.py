"""``.. rst-example::``: show reST and MyST source, then what it renders to (one source for all three)."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from docutils import nodes
from sphinx.directives.code import container_wrapper
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

__all__ = ["RstExample", "rst_to_myst", "setup"]

#: The start of a directive block: ``.. name:: argument``.
DIRECTIVE = re.compile(r"^\.\. (?P<name>[\w:-]+)::(?: (?P<argument>.*))?$")
#: A directive option: ``:name: value`` or the flag ``:name:``.
OPTION = re.compile(r"^:(?P<name>[\w-]+):(?: (?P<value>.*))?$")
#: An interpreted text role: ``:domain:name:`text```.
ROLE = re.compile(r"(?<![\w`]):(?P<name>[\w-]+(?::[\w-]+)*):`(?P<text>[^`]+)`")
#: Inline markup that reads differently in MyST; the examples only use roles.
UNSUPPORTED = re.compile(r"``|`[^`]+`_|\|\w[^|]*\||\[#?\w*\]_")


def rst_to_myst(source: str) -> str:
    """Return the MyST Markdown equivalent of a reST example: directive blocks and paragraphs with roles.

    A directive becomes a ```` ```{name} argument ```` fence with its ``:option: value``
    lines, then its content (converted too) after a blank line; a role ``:name:`text``` becomes
    ``{name}`text```. Other reST markup raises :class:`ValueError`, so that an example
    the conversion does not know fails the docs build instead of showing wrong MyST.
    """
    lines = source.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = DIRECTIVE.match(line)
        if not match:
            if line.startswith((" ", "\t", "..")):
                raise ValueError(f"cannot write {line!r} in MyST: only directives and paragraphs with roles")
            out.append(_inline(line))
            index += 1
            continue
        body: list[str] = []
        index += 1
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith((" ", "\t"))):
            body.append(lines[index])
            index += 1
        while body and not body[-1].strip():  # the blank lines after the block separate it from the next
            body.pop()
            index -= 1
        out.extend(_fence(match["name"], match["argument"], textwrap.dedent("\n".join(body)).strip("\n")))
    return "\n".join(out).strip("\n") + "\n"


def _fence(name: str, argument: str | None, body: str) -> list[str]:
    """Return a directive as a MyST fence: options first, then the content after a blank line."""
    body_lines = body.splitlines() if body else []
    options: list[str] = []
    while body_lines and OPTION.match(body_lines[0]):
        options.append(body_lines.pop(0))
    content = "\n".join(body_lines).strip("\n")
    if content:  # the content is reST too: its directives and roles become MyST
        content = rst_to_myst(content).rstrip("\n")
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`{3,}", content))])
    head = f"{fence}{{{name}}}" + (f" {argument}" if argument else "")
    return [head, *options, *(["", content] if content else []), fence]


def _inline(line: str) -> str:
    """Return one line of a paragraph with its roles in MyST syntax."""
    converted = ROLE.sub(lambda match: f"{{{match['name']}}}`{match['text']}`", line)
    rest = ROLE.sub("", line)
    if UNSUPPORTED.search(rest):
        raise ValueError(f"cannot write {line!r} in MyST: only roles are converted in a paragraph")
    return converted


class RstExample(SphinxDirective):
    """Show the content as reST and MyST code blocks, followed by the content itself, rendered."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        source = "\n".join(self.content)
        try:
            myst = rst_to_myst(source)
        except ValueError as error:
            raise self.error(f"rst-example: {error}") from error
        blocks: list[nodes.Node] = []
        for text, language, caption, css in (
            (source, "rst", "reStructuredText", "rst-example-source"),
            (myst.rstrip("\n"), "markdown", "MyST Markdown", "rst-example-myst"),
        ):
            code = nodes.literal_block(text, text, language=language, classes=[css])
            self.set_source_info(code)
            blocks.append(container_wrapper(self, code, caption))
        rendered = nodes.container(classes=["rst-example-result"])
        nested_parse_with_titles(self.state, self.content, rendered, self.content_offset)
        return [*blocks, rendered]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("rst-example", RstExample)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
