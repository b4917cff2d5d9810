"""Model -> output files: build every requested view, lay out images, write atomically."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vmgraph.backend import IMAGE_FORMATS, DOT_TIMEOUT, DotJob, run_dot_jobs
from vmgraph.errors import RenderError, VmgraphError
from vmgraph.model import Model
from vmgraph.outputs import write_atomic
from vmgraph.views import build_view, resolve_views

__all__ = ["RenderReport", "render_outputs"]


@dataclass
class RenderReport:
    """What a render wrote, and what failed (each failure names its view)."""

    written: list[Path] = field(default_factory=list)
    errors: list[VmgraphError] = field(default_factory=list)


def render_outputs(
    model: Model,
    outdir: Path,
    *,
    views: Iterable[str],
    formats: Iterable[str],
    timeout: float = DOT_TIMEOUT,
) -> RenderReport:
    """Write ``outdir/<view>.<format>`` for each view and format.

    DOT files need no Graphviz. Images are laid out concurrently; a view that fails is
    reported and the others are still written. Files are only ever replaced whole.

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
    jobs = [DotJob(name, sources[name], fmt) for name in names for fmt in fmts if fmt in IMAGE_FORMATS]
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
                pending[outdir / f"{job.name}.{job.fmt}"] = result
    for path in sorted(pending, key=lambda p: (names.index(p.stem), p.suffix)):
        try:
            write_atomic(path, pending[path])
        except VmgraphError as err:
            report.errors.append(err)
            continue
        report.written.append(path)
    return report
