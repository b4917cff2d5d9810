"""Check rendered outputs in a directory against what the model renders now.

The files checked are those ``vmgraph render`` writes (:func:`vmgraph.output.plan.plan_render`):
``<view>.<format>`` and ``page.rst`` (Mermaid: ``<view>.mmd``; focused views in ``states/``
and ``actions/``). DOT, Mermaid and reST must be identical byte for byte; an image must
carry the hash of the DOT it would be made from now (see :mod:`vmgraph.output.stamp`), so
another Graphviz build does not make it stale. A file of the default render is *missing*
when other files of its format are there; a file of another view the model has (a focused
view of a small model, a whole-model view of a large one) is checked when it is there; a
view file of a view the model no longer has is stale.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from vmgraph.limits import MAX_OUTPUT
from vmgraph.model import Model
from vmgraph.output.files import read_existing
from vmgraph.output.plan import OUTPUT_FORMATS, Output, plan_render
from vmgraph.output.stamp import dot_digest, read_stamp
from vmgraph.views.focus import focused_view_names
from vmgraph.views.names import view_names

__all__ = ["StaleFile", "check_outputs", "expected_outputs", "render_command"]

#: The files named like a view: a sequence, the overview, a focused view, a whole-model view.
_VIEW_FILE: Final = re.compile(
    r"(?P<view>create-sequence|sequence-[a-z][a-z0-9_]*|overview|preconditions|transitions"
    r"|(?:states|actions)/[^/]+)\.(?P<suffix>dot|mmd|svg|png|pdf)\Z"
)


@dataclass(frozen=True, slots=True)
class StaleFile:
    """A rendered file that does not match the model, and why (``missing``, ``stale``)."""

    path: Path
    status: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.status}: {self.reason}"


def expected_outputs(model: Model, formats: tuple[str, ...] = OUTPUT_FORMATS) -> list[Output]:
    """Return every file ``vmgraph render`` writes of *model* by default in *formats*, format by format."""
    outputs = plan_render(model, formats=formats).outputs
    return sorted(outputs, key=lambda o: formats.index(o.fmt))


def render_command(source: str, outdir: Path, fmt: str) -> str:
    """Return the command that rewrites the *fmt* files of model *source* in *outdir*.

    >>> render_command("models/volume.yaml", Path("docs/diagrams"), "svg")
    'vmgraph render models/volume.yaml -o docs/diagrams --format svg'
    """
    return f"vmgraph render {shlex.quote(source)} -o {shlex.quote(str(outdir))} --format {fmt}"


def check_outputs(
    model: Model, outdir: Path, *, expected: list[Output] | None = None, source: str | None = None
) -> list[StaleFile]:
    """Return each stale, missing or orphaned rendered file in *outdir*, in a fixed order.

    Only formats with at least one file in *outdir* are checked, so a directory that
    keeps only SVG is not asked for DOT. An empty list means everything is current.
    *expected* is :func:`expected_outputs` of *model*, when the caller has it already.
    *source* is the model as the user named it (a file or a bundled name; default: the
    model's id), for the command each reason suggests.
    """
    source = model.id if source is None else source
    if expected is None:
        expected = expected_outputs(model)
    present = {e.fmt for e in expected if (outdir / e.name).is_file()}
    problems: list[StaleFile] = []
    for item in expected:
        if item.fmt not in present:
            continue
        path = outdir / item.name
        if not path.is_file():
            problems.append(
                StaleFile(path, "missing", f"the model has this view; run `{render_command(source, outdir, item.fmt)}`")
            )
            continue
        problems += _stale(path, item, render_command(source, outdir, item.fmt))
    names = {e.name for e in expected}
    others = {name: match for name in _view_files(outdir) if name not in names and (match := _VIEW_FILE.match(name))}
    views = {match["view"] for match in others.values()}
    known = views & {*view_names(model), *focused_view_names(model)}
    plan = plan_render(model, views=sorted(known), formats=OUTPUT_FORMATS)
    extra = {o.name: o for o in plan.outputs}
    for name in sorted(n for n in others if n in extra):
        problems += _stale(outdir / name, extra[name], render_command(source, outdir, extra[name].fmt))
    gone = f"model {model.id!r} has no such view any more; delete the file"
    return problems + [StaleFile(outdir / name, "stale", gone) for name in sorted(others) if name not in extra]


def _stale(path: Path, item: Output, command: str) -> list[StaleFile]:
    """Return the problem of the file at *path*, which should hold *item*, if it has one."""
    reason = _difference(read_existing(path, MAX_OUTPUT) or b"", item, command)
    return [] if reason is None else [StaleFile(path, "stale", reason)]


def _view_files(outdir: Path) -> list[str]:
    """Return the files in *outdir* and its ``states`` and ``actions`` folders, relative to it."""
    files = [p for p in outdir.iterdir() if p.is_file()]
    for folder in ("states", "actions"):
        if (outdir / folder).is_dir():
            files += [p for p in (outdir / folder).iterdir() if p.is_file()]
    return [p.relative_to(outdir).as_posix() for p in files]


def _difference(actual: bytes, item: Output, command: str) -> str | None:
    """Return why *actual* is not what *item* expects, or ``None`` if it is; *command* rewrites it."""
    if item.data is not None:
        if actual == item.data:
            return None
        return f"differs from what the model renders now ({_first_difference(actual, item.data)})"
    stamp = read_stamp(actual, item.fmt)
    if stamp is None:
        return f"has no vmgraph DOT hash, so it was not written by `vmgraph render`; run `{command}`"
    if item.dot is not None and stamp != dot_digest(item.dot):
        return f"was rendered from other DOT than the model gives now; run `{command}`"
    return None


def _first_difference(actual: bytes, expected: bytes) -> str:
    """Return ``first difference at line N`` (1-based) between two texts that differ."""
    got, want = actual.splitlines(keepends=True), expected.splitlines(keepends=True)
    for number, (a, b) in enumerate(zip(got, want, strict=False), 1):
        if a != b:
            return f"first difference at line {number}"
    return f"first difference at line {min(len(got), len(want)) + 1}"
