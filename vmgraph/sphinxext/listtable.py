"""The shipped table templates' tables as nodes, made without parsing reST.

Each shipped table template (``templates/states.rst.j2``, ``actions``, ``matrix``,
``sequence``) writes a ``list-table`` of one-line cells, every cell model text escaped by
:func:`vmgraph.emit.rst.rst_escape`: docutils parses each cell into a paragraph holding one
text node (its backslash escapes kept as null bytes, as docutils keeps them), and nothing
else. :func:`list_table` makes those nodes directly, as docutils' ``list-table`` directive
would, at a fraction of the cost of rendering the template and parsing the reST (the six
Nova tables: 50 ms or more saved on every cold build). Only the shipped templates are made
this way: a template overridden with ``vmgraph_templates`` is rendered and parsed. A test
builds every table of the test projects both ways and compares the nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import docutils
from docutils import nodes
from docutils.utils import escape2null

from vmgraph.emit.rst import Rst, rst_escape
from vmgraph.views.tables import Column, action_columns, state_columns, step_columns

if TYPE_CHECKING:
    from sphinx.util.docutils import SphinxDirective

    from vmgraph.model import Model
    from vmgraph.views.tables import ActionRow, Matrix, StateKind, StateRow, StepRow

__all__ = ["Grid", "actions_grid", "list_table", "matrix_grid", "sequence_grid", "states_grid"]

#: A stub column's ``stub`` value, as docutils' own ``list-table`` sets it (``1`` before 0.22).
_STUB: Final = True if docutils.__version_info__ >= (0, 22) else 1


@dataclass(frozen=True, slots=True)
class Grid:
    """A table as the template lays it out: the reST of each cell, one line each.

    ``header`` is the header row; ``rows`` the body rows; ``classes`` those of the table;
    ``auto_widths`` is ``:widths: auto``, ``stub_columns`` is ``:stub-columns:``.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    classes: tuple[str, ...]
    auto_widths: bool = True
    stub_columns: int = 0


def list_table(directive: SphinxDirective, grid: Grid, caption: str | None) -> list[nodes.Node]:
    """Return the nodes docutils makes of the grid's ``list-table`` (the table, then any messages).

    *caption* is the table's title, reST the user wrote (parsed as inline markup).
    """
    source, _ = directive.get_source_info()
    line = directive.lineno
    columns = len(grid.header)
    table = nodes.table()
    if grid.auto_widths:
        table["classes"] += ["colwidths-auto"]
    tgroup = nodes.tgroup(cols=columns)
    table += tgroup
    stubs = grid.stub_columns
    for _ in range(columns):
        colspec = nodes.colspec()
        colspec.attributes["colwidth"] = 100 // columns
        if stubs:
            colspec.attributes["stub"] = _STUB
            stubs -= 1
        tgroup += colspec
    thead = nodes.thead()
    thead += _row(grid.header, source, line)
    tgroup += thead
    tbody = nodes.tbody()
    tbody.extend(_row(cells, source, line) for cells in grid.rows)
    tgroup += tbody
    table["classes"] += list(grid.classes)
    result: list[nodes.Node] = [table]
    if caption:
        text_nodes, messages = directive.state.inline_text(caption, line)
        title = nodes.title(caption, "", *text_nodes)
        title.source, title.line = source, line
        table.insert(0, title)
        result += messages
    return result


def _row(cells: tuple[str, ...], source: str, line: int) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        text = cell.strip()
        if text:
            paragraph = nodes.paragraph(text, "", nodes.Text(escape2null(text)))
            paragraph.source, paragraph.line = source, line
            entry += paragraph
        row += entry
    return row


# -- the shipped templates, cell for cell: the columns of vmgraph.views.tables -----------


def _cell(value: object) -> str:
    """Return *value* as a template prints it: escaped unless it is reST already."""
    if value is None:
        return ""
    return value if isinstance(value, Rst) else rst_escape(str(value))


def _grid(columns: tuple[Column, ...], rows: tuple[object, ...], classes: tuple[str, ...], **layout: Any) -> Grid:
    """Return the header and body cells the shipped templates print for *columns* (a remark in parentheses).

    Raises:
        ValueError: a cell would span lines.
    """
    header = tuple(_cell(c.header) for c in columns)
    body = tuple(
        tuple(_cell(c.value(row)) + (f" ({_cell(c.note(row))})" if c.note(row) else "") for c in columns)
        for row in rows
    )
    return Grid(header, body, ("vmgraph-table", *classes), **layout)


def states_grid(model: Model, kind: StateKind, rows: tuple[StateRow, ...]) -> Grid:
    """Return the table ``states.rst.j2`` lays out.

    Raises:
        ValueError: a cell would span lines.
    """
    return _grid(state_columns(model, kind), rows, (f"vmgraph-states-{kind}",))


def actions_grid(model: Model, rows: tuple[ActionRow, ...]) -> Grid:
    """Return the table ``actions.rst.j2`` lays out.

    Raises:
        ValueError: a cell would span lines.
    """
    return _grid(action_columns(model), rows, ("vmgraph-actions",))


def matrix_grid(table: Matrix) -> Grid:
    """Return the table ``matrix.rst.j2`` lays out (no ``:widths:``, one stub column).

    Raises:
        ValueError: a cell would span lines.
    """
    return _grid(table.columns, table.rows, ("vmgraph-matrix",), auto_widths=False, stub_columns=1)


def sequence_grid(model: Model, rows: tuple[StepRow, ...]) -> Grid:
    """Return the table ``sequence.rst.j2`` lays out.

    Raises:
        ValueError: a cell would span lines.
    """
    return _grid(step_columns(model), rows, ("vmgraph-sequence",))
