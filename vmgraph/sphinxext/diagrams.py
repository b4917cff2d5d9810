"""The diagram directives: each makes a node of Sphinx's graphviz node, or warns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.ext.graphviz import align_spec, figure_wrapper

from vmgraph.emit import rst as pages
from vmgraph.emit.views import build_view
from vmgraph.errors import RenderError
from vmgraph.model import Model
from vmgraph.sphinxext.base import ModelDirective, id_list, rankdir_spec
from vmgraph.sphinxext.domain import Diagram, VmgraphDomain
from vmgraph.sphinxext.layout import digest
from vmgraph.sphinxext.listtable import list_table, sequence_grid
from vmgraph.sphinxext.messages import Subtype
from vmgraph.sphinxext.models import ModelSource, display_path, style_from_config
from vmgraph.sphinxext.nodes import vmgraph_diagram
from vmgraph.views.describe import describe_view
from vmgraph.views.emphasis import Highlight, describe_highlight, emphasis_for
from vmgraph.views.names import sequence_view_name
from vmgraph.views.sequence import default_sequence
from vmgraph.views.tables import step_rows

__all__ = ["PreconditionsDirective", "SequenceDirective", "TransitionsDirective"]


class _DiagramDirective(ModelDirective):
    """Base of the diagram directives: options of Sphinx's graphviz directive, plus subsets."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "alt": directives.unchanged,
        "align": align_spec,
        "caption": directives.unchanged,
        "name": directives.unchanged,
        "class": directives.class_option,
        "states": id_list,
        "actions": id_list,
        "rankdir": rankdir_spec,
        "no-legend": directives.flag,
        "highlight-states": id_list,
        "highlight-actions": id_list,
    }

    def view(self, model: Model) -> str:
        """Return the name of the view to draw (``preconditions``, ...)."""
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        """Return the diagram node (in a figure when there is a caption), or warn."""
        loaded = self.load_model()
        if loaded is None:
            return []
        source, model = loaded
        try:
            view = self.view(model)
            states = self.subset("states", model.states, "state", source)
            actions = self.subset("actions", model.actions, "action", source)
            lit_states = self.subset("highlight-states", model.states, "state", source)
            lit_actions = self.subset("highlight-actions", model.actions, "action", source)
            style = style_from_config(
                self.config, rankdir=self.options.get("rankdir"), legend=False if "no-legend" in self.options else None
            )
            highlight = Highlight(tuple(lit_states or ()), tuple(lit_actions or ()))
            emphasis = None
            if highlight:
                emphasis = emphasis_for(model, view, highlight, states=states, actions=actions)
        except RenderError as err:
            self.warn(str(err), Subtype.SUBSET)
            return []
        try:
            graph = build_view(model, view, states=states, actions=actions, style=style, emphasis=emphasis)
            description = describe_view(model, view, states=states, actions=actions)
        except RenderError as err:
            self.warn(f"{display_path(source.path, self.env.srcdir)}: {err}", Subtype.RENDER)
            return []
        node = vmgraph_diagram()
        node["code"] = graph.source
        node["options"] = {"docname": self.env.docname}
        summary = f"{description.summary} {describe_highlight(model, highlight)}" if emphasis else description.summary
        node["alt"] = " ".join(self.options.get("alt", summary).split())
        node["classes"] = ["vmgraph", f"vmgraph-{view}", *self.options.get("class", [])]
        if "align" in self.options:
            node["align"] = self.options["align"]
        node["vmgraph_model"] = source.name
        node["vmgraph_view"] = view
        node["vmgraph_items"] = list(description.items)
        node["vmgraph_digest"] = digest(graph.source)
        node["vmgraph_serial"] = self.env.new_serialno("vmgraph")
        self.set_source_info(node)
        domain = self.env.get_domain(VmgraphDomain.name)
        assert isinstance(domain, VmgraphDomain)
        domain.note_diagram(self.env.docname, Diagram(node["vmgraph_digest"], view, graph.source))
        result: list[nodes.Node]
        if "caption" in self.options:
            figure = figure_wrapper(self, node, self.options["caption"])
            self.add_name(figure)
            result = [figure]
        else:
            self.add_name(node)
            result = [node]
        return result + self.extra(source, model)

    def extra(self, source: ModelSource, model: Model) -> list[nodes.Node]:
        """Return nodes to add after the diagram (none by default)."""
        return []


class PreconditionsDirective(_DiagramDirective):
    """``.. vmgraph-preconditions:: [MODEL]``: the states each action accepts and its results."""

    def view(self, model: Model) -> str:
        """Return ``preconditions``."""
        return "preconditions"


class TransitionsDirective(_DiagramDirective):
    """``.. vmgraph-transitions:: [MODEL]``: the state-transition graph."""

    def view(self, model: Model) -> str:
        """Return ``transitions``."""
        return "transitions"


class SequenceDirective(_DiagramDirective):
    """``.. vmgraph-sequence:: [MODEL]``: a sequence diagram (``:sequence:``; default: the model's only one, else ``create``)."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        key: value
        for key, value in _DiagramDirective.option_spec.items()
        if key not in {"states", "actions", "rankdir", "highlight-states", "highlight-actions"}
    } | {"sequence": directives.unchanged_required, "table": directives.flag}

    def sequence_id(self, model: Model) -> str:
        """Return the sequence named by ``:sequence:``, else the model's default one.

        Raises:
            RenderError: none is named and the model has several (or none).
        """
        if "sequence" in self.options:
            return str(self.options["sequence"]).strip()
        try:
            return default_sequence(model)
        except RenderError as err:
            raise RenderError(f"{err}; choose with :sequence:") from None

    def view(self, model: Model) -> str:
        """Return the view of the sequence named by ``:sequence:``.

        Raises:
            RenderError: the model has no such sequence.
        """
        seq_id = self.sequence_id(model)
        known = [s.id for s in model.sequences]
        if seq_id not in known:
            listed = ", ".join(map(repr, known)) or "none"
            raise RenderError(f"model {model.id!r} has no sequence {seq_id!r} (sequences: {listed})")
        return sequence_view_name(seq_id)

    def extra(self, source: ModelSource, model: Model) -> list[nodes.Node]:
        """Return the table of steps when ``:table:`` is given."""
        if "table" not in self.options:
            return []
        try:
            seq_id = self.sequence_id(model)
        except RenderError:
            return []  # reported with the diagram
        if self.templates_dir():
            self.env.note_dependency(str(pages.template_file("sequence.rst.j2", self.templates_dir())))
        try:
            if self.shipped_template("sequence.rst.j2"):  # made as nodes: see .listtable
                try:
                    made = list_table(self, sequence_grid(model, step_rows(model, seq_id)), None)
                except ValueError as err:
                    raise RenderError(f"template 'sequence.rst.j2': {err}") from None
            else:
                made = self.parse_rst(pages.sequence_table(model, seq_id, templates_dir=self.templates_dir()))
        except RenderError as err:
            self.warn(str(err), Subtype.RENDER)
            return []
        for table in (t for n in made for t in n.findall(nodes.table)):
            self.set_source_info(table)
        return made
