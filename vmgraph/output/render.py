"""Model -> output files: build every requested view, lay out images, write atomically."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vmgraph.dotrun.backend import DOT_TIMEOUT, DotJob, run_dot_jobs
from vmgraph.errors import RenderError, VmgraphError
from vmgraph.model import Model
from vmgraph.output.files import OutputError, read_existing, write_atomic
from vmgraph.output.plan import plan_render
from vmgraph.output.stamp import image_is_current, stamp_image
from vmgraph.views.emphasis import Highlight
from vmgraph.views.focus import MAX_EDGES, MAX_STATES

__all__ = ["RenderReport", "render_outputs"]


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
    plan = plan_render(
        model, views=views, formats=formats, max_states=max_states, max_edges=max_edges, highlight=highlight
    )
    report.notes += plan.notes
    report.errors += plan.errors
    rank = {name: index for index, name in enumerate(plan.views)}
    pending = {outdir / o.name: o.data for o in plan.outputs if o.data is not None}
    images = [
        (outdir / o.name, o.fmt, DotJob(o.view or o.name, o.dot, _laid_out(o.fmt))) for o in plan.outputs if o.dot
    ]
    jobs = [(path, fmt, job) for path, fmt, job in images if force or not image_is_current(path, fmt, job.source)]
    laid_out = {path for path, _, _ in jobs}
    report.unchanged += [path for path, _, _ in images if path not in laid_out]
    if jobs:
        try:
            results = run_dot_jobs([job for _, _, job in jobs], timeout=timeout)
        except RenderError as err:  # `dot` is missing: DOT files are still written
            report.errors.append(err)
            results = []
        for (path, fmt, job), result in zip(jobs, results, strict=False):
            if isinstance(result, RenderError):
                report.errors.append(result)
            elif fmt == "html":
                from vmgraph.output.htmlpage import standalone_page  # noqa: PLC0415 (only for --format html)

                pending[path] = standalone_page(model, job.name, result, job.source, interactive=highlight is None)
            else:
                pending[path] = stamp_image(result, job.fmt, job.source)

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


def _laid_out(fmt: str) -> str:
    """Return the format `dot` writes for an output in *fmt* (an HTML page holds an SVG)."""
    return "svg" if fmt == "html" else fmt


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
