"""The one plan of which files a render writes, and what each holds.

``vmgraph render`` writes the files of :func:`plan_render`; ``vmgraph check --outputs``
compares a directory with the same plan, so what a render writes is exactly what a check
expects. A file is ``<view>.<format>`` under the output directory (Mermaid:
``<view>.mmd``; focused views in ``states/`` and ``actions/``), and ``page.rst`` for the
model's reST page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from vmgraph.dotrun.backend import IMAGE_FORMATS
from vmgraph.emit.views import build_view
from vmgraph.errors import RenderError
from vmgraph.limits import MAX_EDGES, MAX_STATES
from vmgraph.model import Model
from vmgraph.views.emphasis import Emphasis, Highlight, emphasis_for, resolve_highlight
from vmgraph.views.focus import is_large, model_size
from vmgraph.views.names import ALL, FOCUSED, resolve_views, sequence_view_name

__all__ = ["OUTPUT_FORMATS", "PAGE_NAME", "SUFFIXES", "Output", "RenderPlan", "file_name", "plan_render"]

#: The formats ``vmgraph render`` writes, text first.
OUTPUT_FORMATS: Final = ("dot", "rst", "mermaid", *IMAGE_FORMATS, "html")
#: The file ``--format rst`` writes: the model's standalone reST page.
PAGE_NAME: Final = "page.rst"
#: The suffix of each format's files (``rst`` is the one page, :data:`PAGE_NAME`).
SUFFIXES: Final = {"dot": ".dot", "mermaid": ".mmd", "html": ".html", **{fmt: f".{fmt}" for fmt in IMAGE_FORMATS}}


@dataclass(frozen=True, slots=True)
class Output:
    """A file a render writes: its name under the output directory and what it holds.

    Text formats (DOT, Mermaid, reST) have their exact ``data``; an image has the ``dot``
    it is laid out from (images are compared by the hash of that DOT, not by their bytes).
    ``view`` is the view drawn, ``None`` for the page.
    """

    name: str
    fmt: str
    view: str | None
    data: bytes | None = None
    dot: str | None = None


@dataclass(frozen=True, slots=True)
class RenderPlan:
    """What a render writes (``outputs``, in the order of the views, then of the formats).

    ``views`` are the views drawn; ``notes`` say what the plan chose for the user (the focused
    views of a large model); ``errors`` name the views that cannot be drawn (not in ``views``).
    """

    views: tuple[str, ...]
    outputs: tuple[Output, ...]
    notes: tuple[str, ...] = ()
    errors: tuple[RenderError, ...] = ()


def file_name(view: str, fmt: str) -> str:
    """Return the name of the file of *view* in *fmt*, relative to the output directory.

    >>> file_name("states/active", "svg"), file_name("transitions", "mermaid"), file_name("x", "rst")
    ('states/active.svg', 'transitions.mmd', 'page.rst')
    """
    return PAGE_NAME if fmt == "rst" else f"{view}{SUFFIXES[fmt]}"


def plan_render(
    model: Model,
    *,
    views: Iterable[str] = (ALL,),
    formats: Iterable[str] = OUTPUT_FORMATS,
    max_states: int = MAX_STATES,
    max_edges: int = MAX_EDGES,
    highlight: Highlight | None = None,
) -> RenderPlan:
    """Return the files ``vmgraph render`` writes of *model* for *views* and *formats*.

    A model with more than *max_states* states or *max_edges* edges (see
    :func:`vmgraph.views.focus.model_size`) is too large for the whole-model graphs: for
    ``all`` it gets the overview and one view per state and per action instead
    (``states/<id>``, ``actions/<id>``), and a note says so.

    *highlight* draws what it names bold and fades the rest, in the ``preconditions`` and
    ``transitions`` views (:mod:`vmgraph.views.emphasis`); the other views are drawn as usual.

    Raises:
        RenderError: a view name or a name in *highlight* is unknown.
    """
    requested = list(views)
    notes: list[str] = []
    if ALL in requested and is_large(model, max_states=max_states, max_edges=max_edges):
        states, edges = model_size(model)
        sequences = [sequence_view_name(s.id) for s in model.sequences]
        requested = [v for r in requested for v in ([FOCUSED, *sequences] if r == ALL else [r])]
        notes.append(
            f"model {model.id!r} has {states} states and {edges} edges, more than the whole-model views draw "
            f"(--max-states {max_states}, --max-edges {max_edges}): writing the overview and one view per state "
            "and per action (states/<id>, actions/<id>) instead of 'preconditions' and 'transitions'"
        )
    names = resolve_views(model, requested)
    emphases: dict[str, Emphasis | None] = {}
    if highlight is not None:
        lit = resolve_highlight(model, highlight)
        emphases = {name: emphasis_for(model, name, lit) for name in names}
    sources: dict[str, str] = {}
    errors: list[RenderError] = []
    for name in names:
        try:
            sources[name] = build_view(model, name, emphasis=emphases.get(name)).source
        except RenderError as err:  # one view that cannot be drawn does not stop the others
            errors.append(RenderError(f"view {name!r}: {err}"))
    fmts = tuple(dict.fromkeys(formats))
    outputs = [output for name, source in sources.items() for output in _view_outputs(model, name, source, fmts)]
    if "rst" in fmts:  # one page of the whole model, whatever the views
        from vmgraph.emit.rst import model_page  # noqa: PLC0415 (Jinja2: only for the page)

        outputs.append(Output(PAGE_NAME, "rst", None, data=model_page(model).encode("utf-8")))
    return RenderPlan(tuple(sources), tuple(outputs), tuple(notes), tuple(errors))


def _view_outputs(model: Model, name: str, source: str, formats: tuple[str, ...]) -> list[Output]:
    """Return the files of one view in *formats* (Mermaid only for views that have it)."""
    outputs = []
    if "mermaid" in formats:
        from vmgraph.emit.mermaid import has_mermaid, mermaid_view  # noqa: PLC0415 (only for --format mermaid)
    for fmt in formats:
        if fmt == "dot":
            outputs.append(Output(file_name(name, fmt), fmt, name, data=source.encode("utf-8")))
        elif fmt == "mermaid" and has_mermaid(model, name):
            outputs.append(Output(file_name(name, fmt), fmt, name, data=mermaid_view(model, name).encode("utf-8")))
        elif fmt in IMAGE_FORMATS or fmt == "html":  # html: a page around the SVG (vmgraph.emit.html)
            outputs.append(Output(file_name(name, fmt), fmt, name, dot=source))
    return outputs
