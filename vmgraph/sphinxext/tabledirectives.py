"""The table directives: the shared templates' tables, each row a link target.

The shipped templates' tables are made as nodes directly (:mod:`.listtable`); a template
overridden with ``vmgraph_templates`` is rendered and its reST parsed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from docutils import nodes
from docutils.parsers.rst import directives

from vmgraph.emit import rst as pages
from vmgraph.errors import RenderError
from vmgraph.model import Model
from vmgraph.sphinxext.base import ModelDirective, id_list
from vmgraph.sphinxext.domain import Entry, VmgraphDomain, anchor_id
from vmgraph.sphinxext.listtable import Grid, actions_grid, list_table, matrix_grid, states_grid
from vmgraph.sphinxext.messages import Subtype
from vmgraph.sphinxext.models import ModelSource
from vmgraph.views.tables import YES, StateKind, action_rows, matrix, state_rows

__all__ = ["COMPACT_STATES", "ActionsDirective", "MatrixDirective", "StatesDirective"]

#: From this many state columns on, the precondition matrix is compact in HTML (``vmgraph.css``).
COMPACT_STATES: Final = 8

_DOMAIN_KIND: dict[StateKind, str] = {"vm": "state", "task": "task", "power": "power"}


@dataclass(frozen=True, slots=True)
class _Target:
    """A table row that is the link target of a state or action."""

    kind: str
    id: str
    label: str


def _widths(argument: str | None) -> str | list[int]:
    """Parse ``:widths:``: ``auto``, ``grid`` or one positive integer per column."""
    text = (argument or "").strip()
    if text.lower() in {"auto", "grid"}:
        return text.lower()
    return list(directives.positive_int_list(text))


class _TableDirective(ModelDirective):
    """Base of the table directives: render the shared template, parse it, anchor the rows."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "caption": directives.unchanged,
        "name": directives.unchanged,
        "class": directives.class_option,
        "no-index": directives.flag,
        "noindex": directives.flag,
        "align": lambda arg: directives.choice(arg, ("left", "center", "right")),
        "widths": _widths,
        "width": directives.length_or_percentage_or_unitless,
    }
    template: ClassVar[str] = ""

    def build(self, source: ModelSource, model: Model) -> tuple[Grid | str, list[_Target | None]]:
        """Return the table (its grid, or the overriding template's reST) and, per body row, the target it is.

        Raises:
            RenderError: an option names something the model lacks, or the template fails.
        """
        raise NotImplementedError

    def grid(self, make: Callable[[], Grid]) -> Grid:
        """Return ``make()``, the table of the shipped template.

        Raises:
            RenderError: a cell would span lines (worded as the template's failure).
        """
        try:
            return make()
        except ValueError as err:
            raise RenderError(f"template {self.template!r}: {err}") from None

    def caption(self) -> str | None:
        """Return ``:caption:`` folded to one line."""
        text = self.options.get("caption")
        return " ".join(str(text).split()) if text else None

    def run(self) -> list[nodes.Node]:
        """Return the parsed table, its rows made link targets, or warn."""
        loaded = self.load_model()
        if loaded is None:
            return []
        source, model = loaded
        try:
            made, targets = self.build(source, model)
        except RenderError as err:
            subtype = Subtype.SUBSET if str(err).startswith("unknown ") else Subtype.RENDER
            self.warn(str(err), subtype)
            return []
        if self.templates_dir():
            self.env.note_dependency(str(pages.template_file(self.template, self.templates_dir())))
        parsed = list_table(self, made, self.caption()) if isinstance(made, Grid) else self.parse_rst(made)
        table = next((t for n in parsed for t in n.findall(nodes.table)), None)
        if table is None:
            self.warn(f"template {self.template!r} made no table", Subtype.RENDER)
            return parsed
        self.set_source_info(table)
        table["classes"] += self.options.get("class", [])
        self.size(table)
        self.dress(table)
        self.add_name(table)
        if "no-index" not in self.options and "noindex" not in self.options:
            self.anchor(table, source, targets)
        return parsed

    def dress(self, table: nodes.table) -> None:
        """Add the classes ``vmgraph.css`` lays the table out by (nothing here; the matrix marks its columns)."""

    def size(self, table: nodes.table) -> None:
        """Apply ``:align:``, ``:width:`` and ``:widths:`` as docutils' ``list-table`` does."""
        for option in ("align", "width"):
            if option in self.options:
                table[option] = self.options[option]
        widths = self.options.get("widths")
        if widths is None:
            return
        table["classes"] = [c for c in table["classes"] if not c.startswith("colwidths-")]
        if isinstance(widths, str):  # auto or grid
            table["classes"] += [] if widths == "grid" else ["colwidths-auto"]
            return
        colspecs = list(table.findall(nodes.colspec))
        if len(colspecs) != len(widths):
            self.warn(f":widths: gives {len(widths)} widths for a table of {len(colspecs)} columns", Subtype.RENDER)
            return
        for colspec, width in zip(colspecs, widths, strict=True):
            colspec["colwidth"] = width
        table["classes"] += ["colwidths-given"]

    def anchor(self, table: nodes.table, source: ModelSource, targets: list[_Target | None]) -> None:
        """Make each body row the link target of its state or action."""
        rows = [row for body in table.findall(nodes.tbody) for row in body.children if isinstance(row, nodes.row)]
        if len(rows) != len(targets):
            self.warn(
                f"template {self.template!r} made {len(rows)} rows for {len(targets)} entries; "
                "its rows are not link targets",
                Subtype.RENDER,
            )
            return
        document = self.state.document
        domain = self.env.get_domain(VmgraphDomain.name)
        assert isinstance(domain, VmgraphDomain)
        for row, target in zip(rows, targets, strict=True):
            if target is None or not row.children:
                continue
            anchor = anchor_id(source.name, target.kind, target.id)
            if anchor in document.ids:
                self.warn(
                    f"{target.kind} {target.id!r} of model {source.name!r} is described twice on this page; "
                    "add :no-index: to one of the tables",
                    Subtype.DUPLICATE,
                )
                continue
            node = nodes.target("", "", ids=[anchor], classes=["vmgraph-target"])
            document.ids[anchor] = node
            entry = row.children[0]
            assert isinstance(entry, nodes.Element)
            para = next(iter(entry.findall(nodes.paragraph)), None)
            (para if para is not None else entry).insert(0, node)
            domain.note_object(
                source.name, target.kind, target.id, Entry(self.env.docname, anchor, target.label, self.lineno)
            )


class StatesDirective(_TableDirective):
    """``.. vmgraph-states:: [MODEL]``: the model's states (or ``:kind: task``/``power``) as a table."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = _TableDirective.option_spec | {
        "kind": lambda arg: directives.choice(arg or "", ("vm", "task", "power")),
        "states": id_list,
    }
    template = "states.rst.j2"

    def build(self, source: ModelSource, model: Model) -> tuple[Grid | str, list[_Target | None]]:
        """Return the states table and a target per state."""
        kind: StateKind = self.options.get("kind", "vm")
        items = {"vm": model.states, "task": model.task_states, "power": model.power_states}[kind]
        wanted = self.subset("states", items, model.terms.dimension(kind), source)
        rows = state_rows(model, kind, states=wanted)
        targets: list[_Target | None] = [_Target(_DOMAIN_KIND[kind], row.id, row.label) for row in rows]
        if self.shipped_template(self.template):
            return self.grid(lambda: states_grid(model, kind, rows)), targets
        text = pages.states_table(
            model, kind, states=wanted, caption=self.caption(), templates_dir=self.templates_dir()
        )
        return text, targets


class ActionsDirective(_TableDirective):
    """``.. vmgraph-actions:: [MODEL]``: the actions as a table, one row per variant."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = _TableDirective.option_spec | {
        "states": id_list,
        "actions": id_list,
    }
    template = "actions.rst.j2"

    def build(self, source: ModelSource, model: Model) -> tuple[Grid | str, list[_Target | None]]:
        """Return the actions table and a target per action (on its first row)."""
        states = self.subset("states", model.states, "state", source)
        actions = self.subset("actions", model.actions, "action", source)
        rows = action_rows(model, states=states, actions=actions)
        targets = [_Target("action", row.id, model.action(row.id).label) if row.first else None for row in rows]
        if self.shipped_template(self.template):
            return self.grid(lambda: actions_grid(model, rows)), targets
        text = pages.actions_table(
            model, states=states, actions=actions, caption=self.caption(), templates_dir=self.templates_dir()
        )
        return text, targets


class MatrixDirective(_TableDirective):
    """``.. vmgraph-matrix:: [MODEL]``: actions x states, with the other requirements the model uses."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = _TableDirective.option_spec | {
        "states": id_list,
        "actions": id_list,
    }
    template = "matrix.rst.j2"
    #: The number of columns of the shipped template's matrix, and of its state columns (set by :meth:`build`).
    columns: int = 0
    state_columns: int = 0

    def build(self, source: ModelSource, model: Model) -> tuple[Grid | str, list[_Target | None]]:
        """Return the matrix; its rows are no link targets (the actions table's are)."""
        states = self.subset("states", model.states, "state", source)
        actions = self.subset("actions", model.actions, "action", source)
        table = matrix(model, states=states, actions=actions)
        self.columns = len(table.columns)
        self.state_columns = len(table.states)
        targets: list[_Target | None] = [None] * len(table.rows)
        if self.shipped_template(self.template):
            return self.grid(lambda: matrix_grid(table)), targets
        text = pages.matrix_table(
            model, states=states, actions=actions, caption=self.caption(), templates_dir=self.templates_dir()
        )
        return text, targets

    def dress(self, table: nodes.table) -> None:
        """Mark the state columns (``vmgraph-state``), the accepted states (``vmgraph-yes``), and a
        matrix of many states compact (``vmgraph-matrix-compact``: headers upwards, check marks).

        A row of another shape than the shipped template's (an overriding template) is left alone.
        """
        if self.state_columns >= COMPACT_STATES:
            table["classes"] += ["vmgraph-matrix-compact"]
        for row in table.findall(nodes.row):
            entries = [e for e in row.children if isinstance(e, nodes.entry)]
            if len(entries) != self.columns:
                continue
            for entry in entries[1 : 1 + self.state_columns]:
                entry["classes"] += ["vmgraph-state"]
                if isinstance(row.parent, nodes.tbody) and entry.astext().strip() == YES:
                    entry["classes"] += ["vmgraph-yes"]


#: Directive name -> class, as ``setup()`` registers them.
