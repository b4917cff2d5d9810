"""The ``vmgraph`` domain: table rows as link targets, and the roles that link to them.

``:vmgraph:state:`ACTIVE```, ``:vmgraph:action:`shelve```, ``:vmgraph:task:`...``` and
``:vmgraph:power:`...``` take a state's or action's id or label, of the default model
unless qualified (``nova-2014:active``). The domain also remembers which diagrams each page
shows, with their DOT, so that every missing image is laid out at once when reading is done
(:mod:`.layout`) and the output can drop images no page uses any more.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, ClassVar, Final, NamedTuple

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from vmgraph.errors import ModelError
from vmgraph.hints import suggest
from vmgraph.model import Action, State
from vmgraph.sphinxext.messages import Subtype, warn
from vmgraph.sphinxext.models import default_model, load, model_names, resolve
from vmgraph.terms import Terms

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__all__ = ["KINDS", "Diagram", "Entry", "VmgraphDomain", "anchor_id", "kind_word", "split_target"]

#: Object types of the domain (also the role names) and how messages name them when the
#: model is not at hand; :func:`kind_word` gives the model's own word.
KINDS: Final = {"state": "state", "action": "action", "task": Terms().task_state, "power": Terms().power_state}
#: Which table directive describes each kind.
_TABLE_OF: Final = {
    "state": "vmgraph-states",
    "task": "vmgraph-states (:kind: task)",
    "power": "vmgraph-states (:kind: power)",
    "action": "vmgraph-actions",
}


class Entry(NamedTuple):
    """Where a state or action is described: the table row's document and anchor."""

    docname: str
    anchor: str
    label: str
    line: int


class Diagram(NamedTuple):
    """A diagram a page shows: the hash its images are named after, its view and its DOT."""

    digest: str
    view: str
    code: str


def anchor_id(model: str, kind: str, item_id: str) -> str:
    """Return the HTML id of the table row describing *item_id*.

    >>> anchor_id("nova-2014", "state", "shelved_offloaded")
    'vmgraph-nova-2014-state-shelved_offloaded'
    """
    return f"vmgraph-{model}-{kind}-{item_id}"


def split_target(target: str, models: Iterable[str]) -> tuple[str | None, str]:
    """Return ``(model, text)`` of a role target; the model is ``None`` unless qualified.

    >>> split_target("nova-2014:active", ["nova", "nova-2014"])
    ('nova-2014', 'active')
    >>> split_target("label: with colon", ["nova"])
    (None, 'label: with colon')
    """
    head, sep, tail = target.partition(":")
    if sep and head.strip() in set(models):
        return head.strip(), tail.strip()
    return None, target.strip()


class VmgraphRole(XRefRole):
    """A link to a state or action; notes the model file as a dependency of the page."""

    def process_link(
        self, env: BuildEnvironment, refnode: Element, has_explicit_title: bool, title: str, target: str
    ) -> tuple[str, str]:
        model, text = split_target(target, model_names(env.config))
        refnode["vmgraph_model"] = model or default_model(env.config)
        refnode["vmgraph_target"] = text
        with contextlib.suppress(ModelError):  # an unknown model is reported when the link is resolved
            env.note_dependency(str(resolve(env.config, refnode["vmgraph_model"]).path))
        return title, target


class VmgraphDomain(Domain):
    """States and actions of vmgraph models, described by the table directives."""

    name = "vmgraph"
    label = "vmgraph"
    object_types: ClassVar[dict[str, ObjType]] = {kind: ObjType(word, kind) for kind, word in KINDS.items()}
    roles: ClassVar[dict[str, Any]] = {kind: VmgraphRole() for kind in KINDS}
    initial_data: ClassVar[dict[str, Any]] = {"objects": {}, "diagrams": {}}
    data_version = 2

    # -- data ------------------------------------------------------------------------
    @property
    def objects(self) -> dict[tuple[str, str, str], list[Entry]]:
        """``(model, kind, id)`` -> every place it is described."""
        data: dict[tuple[str, str, str], list[Entry]] = self.data.setdefault("objects", {})
        return data

    @property
    def diagrams(self) -> dict[str, list[Diagram]]:
        """Document name -> the diagrams it shows, in order."""
        data: dict[str, list[Diagram]] = self.data.setdefault("diagrams", {})
        return data

    def note_object(self, model: str, kind: str, item_id: str, entry: Entry) -> None:
        """Record that *entry* describes *item_id*."""
        self.objects.setdefault((model, kind, item_id), []).append(entry)

    def note_diagram(self, docname: str, diagram: Diagram) -> None:
        """Record that *docname* shows *diagram*."""
        self.diagrams.setdefault(docname, []).append(diagram)

    def clear_doc(self, docname: str) -> None:
        """Forget what *docname* described and showed."""
        for key, entries in list(self.objects.items()):
            kept = [e for e in entries if e.docname != docname]
            if kept:
                self.objects[key] = kept
            else:
                del self.objects[key]
        self.diagrams.pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        """Take over what a parallel reader found in *docnames*."""
        for key, entries in otherdata.get("objects", {}).items():
            for entry in entries:
                if entry.docname in docnames:
                    self.objects.setdefault(key, []).append(entry)
        for docname, shown in otherdata.get("diagrams", {}).items():
            if docname in docnames:
                self.diagrams[docname] = list(shown)

    def find(self, model: str, kind: str, text: str, ambiguous: list[str] | None = None) -> tuple[str, Entry] | None:
        """Return ``(id, entry)`` of the item of *model* whose id or label is *text*.

        Exact ids win over exact labels, which win over matches after Unicode NFKC
        normalisation and case folding; of two descriptions the one in the first document
        (by name) is the target. When *text* is the label of several items, the first (by
        id) is returned and all their ids are added to *ambiguous*.
        """
        import unicodedata  # noqa: PLC0415 (only when a role is resolved)

        def fold(value: str) -> str:
            return unicodedata.normalize("NFKC", value).casefold()

        candidates = [(key[2], entries) for key, entries in self.objects.items() if key[:2] == (model, kind)]
        folded = fold(text)
        tests = (
            lambda i, e: i == text,
            lambda i, e: e.label == text,
            lambda i, e: folded in {fold(i), fold(e.label)},
        )
        for test in tests:
            found = [(item_id, min(entries)) for item_id, entries in sorted(candidates) if test(item_id, min(entries))]
            if found:
                if len(found) > 1 and ambiguous is not None:
                    ambiguous.extend(item_id for item_id, _ in found)
                return found[0]
        return None

    # -- references ------------------------------------------------------------------
    def resolve_xref(  # noqa: PLR0917 (Sphinx's signature)
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        """Return a link to the table row *target* names, or ``None``."""
        model = node.get("vmgraph_model") or default_model(env.config)
        text = node.get("vmgraph_target", target)
        ambiguous: list[str] = []
        found = self.find(model, typ, text, ambiguous)
        if found is None:
            return None
        if ambiguous:
            ids = ", ".join(map(repr, ambiguous))
            msg = f"{KINDS[typ]} {text!r} of model {model!r} is ambiguous: it is the label of {ids}; write the id"
            warn(f"{msg} (the link goes to {found[0]!r})", subtype=Subtype.REF, location=node)
        _, entry = found
        if not node.get("refexplicit"):
            shown = contnode.deepcopy()
            shown.children = []
            shown += nodes.Text(entry.label)
            contnode = shown
        title = f"{kind_word(env.config, model, typ)} {entry.label} ({model})"
        return make_refnode(builder, fromdocname, entry.docname, entry.anchor, contnode, title)

    def resolve_any_xref(  # noqa: PLR0917 (Sphinx's signature)
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Return a link for each kind that has *target* (for the ``any`` role)."""
        model, text = split_target(target, model_names(env.config))
        node["vmgraph_model"] = model or default_model(env.config)
        node["vmgraph_target"] = text
        results = []
        for kind in KINDS:
            ref = self.resolve_xref(env, fromdocname, builder, kind, target, node, contnode)
            if ref is not None:
                results.append((f"vmgraph:{kind}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Yield every described state and action, for the search index and inventory."""
        for (model, kind, item_id), entries in sorted(self.objects.items()):
            entry = min(entries)
            yield f"{model}:{item_id}", entry.label, kind, entry.docname, entry.anchor, 1

    def get_full_qualified_name(self, node: Element) -> str | None:
        """Return ``model:target`` of a reference node."""
        model, target = node.get("vmgraph_model"), node.get("vmgraph_target")
        return f"{model}:{target}" if model and target else None


def warn_missing_reference(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """Give an unresolved vmgraph link a useful warning (``vmgraph.ref``, only under ``-n``)."""
    if domain is None or domain.name != VmgraphDomain.name:
        return None
    kind = node["reftype"]
    model = node.get("vmgraph_model") or default_model(app.config)
    text = node.get("vmgraph_target", node["reftarget"])
    word = kind_word(app.config, model, kind)
    head, sep, _ = text.partition(":")
    if sep and head and not head.isspace() and " " not in head:  # qualified, by a model nobody knows
        listed = ", ".join(map(repr, model_names(app.config)))
        warn(f"{word} {text!r}: unknown model {head!r} (models: {listed})", subtype=Subtype.REF, location=node)
        return True
    try:
        loaded, _ = load(resolve(app.config, model))
    except ModelError:
        warn(f"{word} {text!r}: unknown model {model!r}", subtype=Subtype.REF, location=node)
        return True
    items: tuple[State, ...] | tuple[Action, ...] = {
        "state": loaded.states,
        "task": loaded.task_states,
        "power": loaded.power_states,
    }.get(kind, loaded.actions)
    folded = text.casefold()
    if any(folded in {i.id.casefold(), i.label.casefold()} for i in items):
        msg = f"{word} {text!r} of model {model!r} is in no table; add `.. {_TABLE_OF[kind]}:: {model}` to a page"
    else:
        names = [i.label for i in items] + [i.id for i in items]
        msg = f"unknown {word} {text!r} in model {model!r} ({suggest(text, names)})"
    warn(msg, subtype=Subtype.REF, location=node)
    return True


def check_duplicates(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every state or action that two tables describe (after all reading)."""
    domain = env.get_domain(VmgraphDomain.name)
    assert isinstance(domain, VmgraphDomain)
    for (model, kind, _), entries in sorted(domain.objects.items()):
        if len(entries) < 2:
            continue
        first, *others = sorted(entries)
        for other in others:
            msg = (
                f"{kind_word(app.config, model, kind)} {other.label!r} of model {model!r} is also described in {first.docname!r}; "
                "add :no-index: to one of the tables"
            )
            warn(msg, subtype=Subtype.DUPLICATE, location=(other.docname, other.line))


def kind_word(config: Config, model: str, kind: str) -> str:
    """Return what model *model* calls a *kind* (``state``: its state word), or the neutral word."""
    if kind not in ("state", "task", "power"):
        return KINDS.get(kind, kind)
    try:
        loaded, _ = load(resolve(config, model))
    except ModelError:
        return KINDS[kind]
    return loaded.terms.dimension({"state": "vm"}.get(kind, kind))
