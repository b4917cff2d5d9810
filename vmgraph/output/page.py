"""The standalone reST page of a model, written to a file."""

from __future__ import annotations

from pathlib import Path

from vmgraph.emit.rst import model_page
from vmgraph.model import Model
from vmgraph.output.files import write_atomic

__all__ = ["write_page"]


def write_page(model: Model, path: Path, *, templates_dir: Path | str | None = None) -> Path:
    """Write :func:`~vmgraph.emit.rst.model_page` to *path* atomically and return *path*.

    Raises:
        RenderError: a template is missing or broken.
        ~vmgraph.output.files.OutputError: *path* cannot be written.
    """
    write_atomic(path, model_page(model, templates_dir=templates_dir).encode("utf-8"))
    return path
