"""What every vmgraph directive shares: the model argument, loading, warnings, option parsers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from vmgraph.errors import ModelError, RenderError
from vmgraph.model import Action, Model, State
from vmgraph.sphinxext.messages import Subtype, warn
from vmgraph.sphinxext.models import RANKDIRS, ModelSource, display_path, load, problems, resolve
from vmgraph.views.select import checked_ids

__all__ = ["ModelDirective", "id_list", "rankdir_spec"]


def id_list(argument: str | None) -> list[str]:
    """Parse ``:states:``/``:actions:``: ids or labels, separated by commas (or else blanks)."""
    text = (argument or "").strip()
    if not text:
        raise ValueError("expected one or more state or action ids or labels")
    parts = text.split(",") if "," in text else text.split()
    return [p.strip() for p in parts if p.strip()]


def rankdir_spec(argument: str | None) -> str:
    """Parse ``:rankdir:``: one of TB, LR, BT, RL (any case)."""
    value = (argument or "").strip().upper()
    if value not in RANKDIRS:
        raise ValueError(f"{argument!r} is not one of {', '.join(RANKDIRS)}")
    return value


def _match(items: Sequence[State | Action], token: str) -> str | None:
    """Return the id of the item whose id or label is *token* (exactly, then in any case)."""
    for item in items:
        if token in {item.id, item.label}:
            return item.id
    folded = token.casefold()
    for item in items:
        if folded in {item.id, item.label.casefold()}:
            return item.id
    return None


class ModelDirective(SphinxDirective):
    """Base: the optional model argument, loading, and warnings with locations."""

    optional_arguments = 1
    final_argument_whitespace = False
    has_content = False

    def load_model(self) -> tuple[ModelSource, Model] | None:
        """Return the model the directive names, or warn and return ``None``."""
        try:
            source = resolve(self.config, self.arguments[0] if self.arguments else None)
        except ModelError as err:
            self.warn(str(err), Subtype.MODEL)
            return None
        self.env.note_dependency(str(source.path))
        try:
            model, oddities = load(source)
        except ModelError as err:
            for problem in problems(err, self.env.srcdir):
                self.warn(problem, Subtype.MODEL)
            return None
        # Once per page and model: temp_data is emptied for each page. The stored set itself is
        # kept (an empty set is falsy, so `or set()` would start a new one at every directive).
        seen: set[str] = self.env.temp_data.setdefault("vmgraph_oddities", set())  # type: ignore[assignment]
        if source.name not in seen:
            seen.add(source.name)
            for oddity in oddities:
                self.warn(oddity, Subtype.ODDITY)
        return source, model

    def warn(self, message: str, subtype: Subtype) -> None:
        """Warn at this directive's page and line."""
        warn(message, subtype=subtype, location=(self.env.docname, self.lineno))

    def subset(self, option: str, items: Sequence[State | Action], word: str, source: ModelSource) -> list[str] | None:
        """Return the ids an option names (ids or labels), or ``None`` when it is absent.

        Raises:
            RenderError: a name matches nothing; the message names the model file.
        """
        if option not in self.options:
            return None
        ids: list[str] = []
        unknown: list[str] = []
        for token in self.options[option]:
            found = _match(items, token)
            (ids if found else unknown).append(found or token)
        if unknown:
            known = tuple(i.id for i in items) + tuple(i.label for i in items)
            try:
                checked_ids(word, unknown, known)
            except RenderError as err:
                where = display_path(source.path, self.env.srcdir)
                raise RenderError(f"{err} in :{option}: of model {source.name!r} ({where})") from None
        return ids

    def templates_dir(self) -> str | None:
        """Return ``vmgraph_templates`` (absolute), noting the overriding templates as dependencies."""
        folder = self.config.vmgraph_templates
        return str(folder) if folder else None

    def shipped_template(self, name: str) -> bool:
        """Return whether template *name* is vmgraph's own, not one of ``vmgraph_templates``."""
        folder = self.templates_dir()
        return folder is None or not Path(folder, name).is_file()

    def parse_rst(self, text: str) -> list[nodes.Node]:
        """Parse generated reST; messages about it point at this directive's line."""
        source, _ = self.get_source_info()
        lines = StringList(text.splitlines(), items=[(source, self.lineno - 1)] * len(text.splitlines()))
        box = nodes.Element()
        self.state.nested_parse(lines, 0, box)
        return list(box.children)
