"""The diagram directives: each makes a node of Sphinx's graphviz node, or warns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Final, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.ext.graphviz import align_spec, figure_wrapper, graphviz

from vmgraph.emit import rst as pages
from vmgraph.emit.views import build_view
from vmgraph.errors import RenderError
from vmgraph.model import Model
from vmgraph.sphinxext.base import ModelDirective, id_list, rankdir_spec
from vmgraph.sphinxext.domain import Diagram, VmgraphDomain
from vmgraph.sphinxext.interactive import note_focus
from vmgraph.sphinxext.layout import digest
from vmgraph.sphinxext.listtable import list_table, sequence_grid
from vmgraph.sphinxext.mermaid import (
    format_spec,
    mermaid_loaded,
    mermaid_text,
    missing_extension_warning,
    vmgraph_mermaid,
)
from vmgraph.sphinxext.messages import Subtype
from vmgraph.sphinxext.models import ModelSource, display_path, style_from_config
from vmgraph.sphinxext.nodes import vmgraph_diagram
from vmgraph.views.describe import describe_view
from vmgraph.views.emphasis import Highlight, describe_highlight, emphasis_for
from vmgraph.views.names import sequence_view_name
from vmgraph.views.sequence import default_sequence
from vmgraph.views.tables import step_rows

__all__ = ["LAYOUTS", "PreconditionsDirective", "SequenceDirective", "TransitionsDirective"]

#: The Graphviz engines ``:layout:`` may name (``dot``, the default, ranks the states).
LAYOUTS: Final = ("dot", "neato", "fdp", "sfdp", "circo", "twopi", "osage", "patchwork")


def _layout(argument: str | None) -> str:
    """Parse ``:layout:``: one of :data:`LAYOUTS`."""
    return str(directives.choice((argument or "").strip().lower(), LAYOUTS))


def _min_scale(argument: str | None) -> float:
    """Parse ``:min-scale:``: a number above 0, at most 1."""
    try:
        value = float((argument or "").strip())
    except ValueError:
        raise ValueError(f"{argument!r} is not a number from 0 to 1") from None
    if not 0 < value <= 1:
        raise ValueError(f"{argument!r} is not a number from 0 to 1")
    return value


def _with_layout(code: str, engine: str | None) -> str:
    """Return DOT *code* laid out by *engine* (the ``layout`` graph attribute), or unchanged."""
    if engine is None or engine == "dot":
        return code
    head, _, rest = code.partition("{\n")
    return f'{head}{{\n\tlayout="{engine}"\n{rest}'


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
        # as the image and figure directives (and sphinx.ext.graphviz) take them
        "width": directives.length_or_percentage_or_unitless,
        "height": directives.length_or_unitless,
        "scale": directives.percentage,
        "target": directives.uri,
        "figclass": directives.class_option,
        "figwidth": directives.length_or_percentage_or_unitless,
        "min-scale": _min_scale,
        "layout": _layout,
        "format": format_spec,
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
        mermaid = self.options.get("format", self.config.vmgraph_format) == "mermaid"
        try:
            description = describe_view(model, view, states=states, actions=actions)
            if mermaid:
                code = mermaid_text(model, view, states=states, actions=actions, style=style)
            else:
                code = build_view(model, view, states=states, actions=actions, style=style, emphasis=emphasis).source
        except RenderError as err:
            self.warn(f"{display_path(source.path, self.env.srcdir)}: {err}", Subtype.RENDER)
            return []
        node: nodes.Element = vmgraph_mermaid() if mermaid else vmgraph_diagram()
        summary = description.summary
        if emphasis and not mermaid:
            summary = f"{summary} {describe_highlight(model, highlight)}"
        node["alt"] = " ".join(self.options.get("alt", summary).split())
        node["classes"] = ["vmgraph", f"vmgraph-{view}", *self.options.get("class", [])]
        if "align" in self.options:
            node["align"] = self.options["align"]
        node["vmgraph_items"] = list(description.items)
        self.set_source_info(node)
        if mermaid:
            node["code"] = code
            ignored = sorted({"layout", "highlight-states", "highlight-actions"} & set(self.options))
            if ignored:
                listed = ", ".join(f"':{o}:'" for o in ignored)
                self.warn(
                    f"{listed}: only the graphviz format draws this; the Mermaid diagram ignores it",
                    Subtype.RENDER,
                )
            if "format" in self.options and not mermaid_loaded(self.config):
                missing_extension_warning(node)
            return self.wrapped(node) + self.extra(source, model)
        node["code"] = _with_layout(code, self.options.get("layout"))
        node["options"] = {"docname": self.env.docname}
        for option in ("width", "height", "scale", "target"):
            if option in self.options:
                node[f"vmgraph_{option}"] = self.options[option]
        if "min-scale" in self.options:
            node["vmgraph_min_scale"] = self.options["min-scale"]
        node["vmgraph_model"] = source.name
        node["vmgraph_view"] = view
        node["vmgraph_digest"] = digest(node["code"])
        node["vmgraph_serial"] = self.env.new_serialno("vmgraph")
        if emphasis is None:  # a fixed highlight stays fixed
            note_focus(node, self.config, model, view, states=states, actions=actions)
        domain = self.env.get_domain(VmgraphDomain.name)
        assert isinstance(domain, VmgraphDomain)
        domain.note_diagram(self.env.docname, Diagram(node["vmgraph_digest"], view, node["code"]))
        return self.wrapped(node) + self.extra(source, model)

    def wrapped(self, node: nodes.Element) -> list[nodes.Node]:
        """Return *node*, in a figure when the options ask for one (a caption, a figure class or width)."""
        result: list[nodes.Node]
        if {"caption", "figclass", "figwidth"} & set(self.options):
            # Sphinx's wrapper uses only what every node has (its typing names the graphviz node)
            figure = figure_wrapper(self, cast("graphviz", node), self.options.get("caption", ""))
            if "caption" not in self.options:  # a figure for its class or width, without a caption
                figure.remove(next(iter(figure.findall(nodes.caption))))
            figure["classes"] += self.options.get("figclass", [])
            if "figwidth" in self.options:
                figure["width"] = self.options["figwidth"]
            self.add_name(figure)
            result = [figure]
        else:
            self.add_name(node)
            result = [node]
        return result

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
        if key not in {"states", "actions", "rankdir", "highlight-states", "highlight-actions", "layout"}
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
