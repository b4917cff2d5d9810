"""Model -> output files: build every requested view, lay out images, write atomically."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vmgraph.backend import DOT_TIMEOUT, IMAGE_FORMATS, DotJob, run_dot_jobs
from vmgraph.errors import RenderError, VmgraphError
from vmgraph.model import Model
from vmgraph.outputs import write_atomic
from vmgraph.stamp import image_is_current, stamp_image
from vmgraph.views import build_view, resolve_views

__all__ = ["PAGE_NAME", "RenderReport", "render_outputs"]

#: The file ``--format rst`` writes: the model's standalone reST page.
PAGE_NAME = "page.rst"


@dataclass
class RenderReport:
    """What a render wrote, left as it was (already current), and what failed (each names its view)."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    errors: list[VmgraphError] = field(default_factory=list)


def render_outputs(
    model: Model,
    outdir: Path,
    *,
    views: Iterable[str],
    formats: Iterable[str],
    timeout: float = DOT_TIMEOUT,
    force: bool = False,
) -> RenderReport:
    """Write ``outdir/<view>.<format>`` for each view and format (``rst``: one ``page.rst``).

    DOT and Mermaid (``mermaid``: ``<view>.mmd``) files need no Graphviz. Images are laid
    out concurrently; a view that fails is reported and the others are still written.
    Files are only ever replaced whole.
    Each image records the hash of its DOT (:mod:`vmgraph.stamp`). Unless *force*, a file
    that is already current (same bytes; an image made from the same DOT) is left alone,
    so its mtime does not change and `dot` does not run for it.

    Raises:
        RenderError: a view name is unknown (nothing is written then).
    """
    names = resolve_views(model, views)
    fmts = tuple(dict.fromkeys(formats))
    sources = {name: build_view(model, name).source for name in names}
    report = RenderReport()
    pending: dict[Path, bytes] = {}
    for name in names:
        if "dot" in fmts:
            pending[outdir / f"{name}.dot"] = sources[name].encode("utf-8")
    if "mermaid" in fmts:  # text, like DOT: needs no Graphviz
        from vmgraph.mermaid import SUFFIX, has_mermaid, mermaid_view  # noqa: PLC0415 (only when asked for)

        for name in (n for n in names if has_mermaid(model, n)):
            pending[outdir / f"{name}{SUFFIX}"] = mermaid_view(model, name).encode("utf-8")
    if "rst" in fmts:  # one page of the whole model, whatever the views
        from vmgraph.pages import model_page  # noqa: PLC0415 (Jinja only when asked for)

        pending[outdir / PAGE_NAME] = model_page(model).encode("utf-8")
    images = [DotJob(name, sources[name], fmt) for name in names for fmt in fmts if fmt in IMAGE_FORMATS]
    jobs = [j for j in images if force or not image_is_current(outdir / f"{j.name}.{j.fmt}", j.fmt, j.source)]
    report.unchanged += [outdir / f"{j.name}.{j.fmt}" for j in images if j not in jobs]
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
    for path in sorted(pending, key=lambda p: (names.index(p.stem) if p.stem in names else len(names), p.suffix)):
        if not force and _holds(path, pending[path]):
            report.unchanged.append(path)
            continue
        try:
            write_atomic(path, pending[path])
        except VmgraphError as err:
            report.errors.append(err)
            continue
        report.written.append(path)
    report.unchanged.sort(key=lambda p: (names.index(p.stem) if p.stem in names else len(names), p.suffix))
    return report


def _holds(path: Path, data: bytes) -> bool:
    """Return True if the file at *path* already holds exactly *data*."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
