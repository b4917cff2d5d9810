"""Check rendered outputs in a directory against what the model renders now.

The files checked are those ``vmgraph render`` writes: ``<view>.<format>`` and
``page.rst`` (Mermaid: ``<view>.mmd``). DOT, Mermaid and reST must be identical byte for
byte; an image must carry the hash
of the DOT it would be made from now (see :mod:`vmgraph.output.stamp`), so another Graphviz
build does not make it stale. A view the model has is *missing* when other files of its
format are there; a ``sequence-*`` file of a sequence the model no longer has is stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from vmgraph.dotrun.backend import IMAGE_FORMATS
from vmgraph.limits import MAX_OUTPUT
from vmgraph.model import Model
from vmgraph.output.files import read_existing
from vmgraph.output.render import PAGE_NAME
from vmgraph.output.stamp import dot_digest, read_stamp
from vmgraph.views.names import build_view, view_names

__all__ = ["OUTPUT_FORMATS", "Expected", "StaleFile", "check_outputs", "expected_outputs"]

#: The formats ``vmgraph render`` writes, text first.
OUTPUT_FORMATS: Final = ("dot", "rst", "mermaid", *IMAGE_FORMATS)
_SEQUENCE_FILE: Final = re.compile(r"(?:create-sequence|sequence-[a-z][a-z0-9_]*)\.(?:dot|mmd|svg|png|pdf)\Z")


@dataclass(frozen=True, slots=True)
class Expected:
    """A file ``vmgraph render`` would write: exact ``data`` (DOT, reST) or the ``dot`` of an image."""

    name: str
    fmt: str
    data: bytes | None = None
    dot: str | None = None


@dataclass(frozen=True, slots=True)
class StaleFile:
    """A rendered file that does not match the model, and why (``missing``, ``stale``)."""

    path: Path
    status: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.status}: {self.reason}"


def expected_outputs(model: Model, formats: tuple[str, ...] = OUTPUT_FORMATS) -> list[Expected]:
    """Return every file ``vmgraph render --view all`` writes in *formats*, in a fixed order."""
    out: list[Expected] = []
    sources = {name: build_view(model, name).source for name in view_names(model)}
    for fmt in formats:
        if fmt == "rst":
            from vmgraph.emit.rst import model_page  # noqa: PLC0415 (Jinja only when asked for)

            out.append(Expected(PAGE_NAME, fmt, data=model_page(model).encode("utf-8")))
            continue
        if fmt == "mermaid":
            from vmgraph.emit.mermaid import SUFFIX, has_mermaid, mermaid_view  # noqa: PLC0415 (only when asked for)

            out += [
                Expected(f"{name}{SUFFIX}", fmt, data=mermaid_view(model, name).encode("utf-8"))
                for name in sources
                if has_mermaid(model, name)
            ]
            continue
        for name, source in sources.items():
            if fmt == "dot":
                out.append(Expected(f"{name}.dot", fmt, data=source.encode("utf-8")))
            else:
                out.append(Expected(f"{name}.{fmt}", fmt, dot=source))
    return out


def check_outputs(model: Model, outdir: Path, *, expected: list[Expected] | None = None) -> list[StaleFile]:
    """Return each stale, missing or orphaned rendered file in *outdir*, in a fixed order.

    Only formats with at least one file in *outdir* are checked, so a directory that
    keeps only SVG is not asked for DOT. An empty list means everything is current.
    *expected* is :func:`expected_outputs` of *model*, when the caller has it already.
    """
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
                StaleFile(path, "missing", f"the model has this view; run `vmgraph render --format {item.fmt}`")
            )
            continue
        reason = _difference(read_existing(path, MAX_OUTPUT) or b"", item)
        if reason is not None:
            problems.append(StaleFile(path, "stale", reason))
    names = {e.name for e in expected}
    orphans = [p for p in sorted(outdir.iterdir()) if _SEQUENCE_FILE.match(p.name) and p.name not in names]
    gone = f"model {model.id!r} has no such view any more; delete the file"
    return problems + [StaleFile(path, "stale", gone) for path in orphans]


def _difference(actual: bytes, item: Expected) -> str | None:
    """Return why *actual* is not what *item* expects, or ``None`` if it is."""
    if item.data is not None:
        if actual == item.data:
            return None
        return f"differs from what the model renders now ({_first_difference(actual, item.data)})"
    stamp = read_stamp(actual, item.fmt)
    if stamp is None:
        return "has no vmgraph DOT hash, so it was not written by `vmgraph render`; render it again"
    if item.dot is not None and stamp != dot_digest(item.dot):
        return "was rendered from other DOT than the model gives now; render it again"
    return None


def _first_difference(actual: bytes, expected: bytes) -> str:
    """Return ``first difference at line N`` (1-based) between two texts that differ."""
    got, want = actual.splitlines(keepends=True), expected.splitlines(keepends=True)
    for number, (a, b) in enumerate(zip(got, want, strict=False), 1):
        if a != b:
            return f"first difference at line {number}"
    return f"first difference at line {min(len(got), len(want)) + 1}"
