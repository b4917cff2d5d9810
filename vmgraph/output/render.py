"""Model -> output files: build every requested view, lay out images, write atomically."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vmgraph.dotrun.backend import DOT_TIMEOUT, IMAGE_FORMATS, DotJob, run_dot_jobs
from vmgraph.errors import RenderError, VmgraphError
from vmgraph.model import Model
from vmgraph.output.files import OutputError, read_existing, write_atomic
from vmgraph.output.stamp import image_is_current, stamp_image
from vmgraph.views.focus import MAX_EDGES, MAX_STATES, is_large, model_size
from vmgraph.views.names import ALL, FOCUSED, build_view, resolve_views, sequence_view_name

if TYPE_CHECKING:
    from pathlib import Path

    from vmgraph.views.emphasis import Emphasis, Highlight

__all__ = ["PAGE_NAME", "RenderReport", "render_outputs"]

#: The file ``--format rst`` writes: the model's standalone reST page.
PAGE_NAME = "page.rst"


@dataclass
class RenderReport:
    """What a render wrote, left as it was (already current), and what failed (each names its view).

    ``notes`` says what the render chose for the user: the focused views of a large model.
    """

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    errors: list[VmgraphError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def render_outputs(
    model: Model,
    outdir: Path,
    *,
    views: Iterable[str],
    formats: Iterable[str],
    timeout: float = DOT_TIMEOUT,
    force: bool = False,
    max_states: int = MAX_STATES,
    max_edges: int = MAX_EDGES,
    highlight: Highlight | None = None,
) -> RenderReport:
    """Write ``outdir/<view>.<format>`` for each view and format (``rst``: one ``page.rst``).

    DOT and Mermaid (``mermaid``: ``<view>.mmd``) files need no Graphviz. Images are laid
    out concurrently; a view that fails is reported and the others are still written.
    Files are only ever replaced whole.
    Each image records the hash of its DOT (:mod:`vmgraph.output.stamp`). Unless *force*, a file
    that is already current (same bytes; an image made from the same DOT) is left alone,
    so its mtime does not change and `dot` does not run for it.

    A model with more than *max_states* states or *max_edges* edges (see
    :func:`vmgraph.views.focus.model_size`) is too large for the whole-model graphs: for ``all``
    it gets the overview and one view per state and per action instead (``states/<id>``,
    ``actions/<id>``, in subdirectories), and a note in the report says so. Each `dot`
    run may take *timeout* seconds per graph.

    *highlight* draws what it names bold and fades the rest, in the ``preconditions`` and
    ``transitions`` views (:mod:`vmgraph.views.emphasis`); the other views are drawn as usual.

    Raises:
        RenderError: a view name or a name in *highlight* is unknown (nothing is written then).
    """
    report = RenderReport()
    requested = list(views)
    if ALL in requested and is_large(model, max_states=max_states, max_edges=max_edges):
        states, edges = model_size(model)
        sequences = [sequence_view_name(s.id) for s in model.sequences]
        requested = [v for r in requested for v in ([FOCUSED, *sequences] if r == ALL else [r])]
        report.notes.append(
            f"model {model.id!r} has {states} states and {edges} edges, more than the whole-model views draw "
            f"(--max-states {max_states}, --max-edges {max_edges}): writing the overview and one view per state "
            "and per action (states/<id>, actions/<id>) instead of 'preconditions' and 'transitions'"
        )
    names = resolve_views(model, requested)
    emphases: dict[str, Emphasis | None] = {}
    if highlight is not None:
        from vmgraph.views.emphasis import emphasis_for, resolve_highlight  # noqa: PLC0415 (only when asked for)

        lit = resolve_highlight(model, highlight)
        emphases = {name: emphasis_for(model, name, lit) for name in names}
    rank = {name: index for index, name in enumerate(names)}
    fmts = tuple(dict.fromkeys(formats))
    sources: dict[str, str] = {}
    for name in names:
        try:
            sources[name] = build_view(model, name, emphasis=emphases.get(name)).source
        except RenderError as err:  # one view that cannot be drawn does not stop the others
            report.errors.append(RenderError(f"view {name!r}: {err}"))
    names = tuple(name for name in names if name in sources)
    pending: dict[Path, bytes] = {}
    for name in names:
        if "dot" in fmts:
            pending[outdir / f"{name}.dot"] = sources[name].encode("utf-8")
    if "mermaid" in fmts:  # text, like DOT: needs no Graphviz
        from vmgraph.emit.mermaid import SUFFIX, has_mermaid, mermaid_view  # noqa: PLC0415 (only when asked for)

        for name in (n for n in names if has_mermaid(model, n)):
            pending[outdir / f"{name}{SUFFIX}"] = mermaid_view(model, name).encode("utf-8")
    if "rst" in fmts:  # one page of the whole model, whatever the views
        from vmgraph.emit.rst import model_page  # noqa: PLC0415 (Jinja only when asked for)

        pending[outdir / PAGE_NAME] = model_page(model).encode("utf-8")
    images = [DotJob(name, sources[name], fmt) for name in names for fmt in fmts if fmt in IMAGE_FORMATS]
    jobs = [j for j in images if force or not image_is_current(outdir / f"{j.name}.{j.fmt}", j.fmt, j.source)]
    laid_out = {id(j) for j in jobs}
    report.unchanged += [outdir / f"{j.name}.{j.fmt}" for j in images if id(j) not in laid_out]
    if jobs:
        try:
            results = run_dot_jobs(jobs, timeout=timeout)
        except RenderError as err:  # `dot` is missing: DOT files are still written
            report.errors.append(err)
            results = []
        for job, result in zip(jobs, results, strict=False):
            if isinstance(result, RenderError):
                report.errors.append(result)
            else:
                pending[outdir / f"{job.name}.{job.fmt}"] = stamp_image(result, job.fmt, job.source)

    def order(path: Path) -> tuple[int, str]:  # in the order of the views, then by format
        view = path.relative_to(outdir).with_suffix("").as_posix()
        return rank.get(view, len(rank)), path.suffix

    unmade = _make_dirs({path.parent for path in pending}, report)
    for path in sorted(pending, key=order):
        if path.parent in unmade:
            continue
        if not force and _holds(path, pending[path]):
            report.unchanged.append(path)
            continue
        try:  # the directories exist now: one that disappears during the run is an error, not made again
            write_atomic(path, pending[path], make_dirs=False)
        except VmgraphError as err:
            report.errors.append(err)
            continue
        report.written.append(path)
    report.unchanged.sort(key=order)
    return report


def _make_dirs(folders: set[Path], report: RenderReport) -> set[Path]:
    """Create the output directories; return those that cannot be, each reported once."""
    unmade = set()
    for folder in sorted(folders):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            report.errors.append(OutputError(f"cannot create the directory {str(folder)!r}: {err.strerror}"))
            unmade.add(folder)
    return unmade


def _holds(path: Path, data: bytes) -> bool:
    """Return True if the file at *path* already holds exactly *data*."""
    try:
        return read_existing(path, len(data)) == data
    except OSError:
        return False
