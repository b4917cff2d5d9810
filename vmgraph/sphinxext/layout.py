"""Laying out every missing diagram at once, when reading is done.

While reading, each diagram directive notes its DOT in the domain (:class:`.domain.Diagram`).
When reading is done (``env-updated``: in the main process, after parallel readers merged
their data), :func:`start_layout` takes every diagram whose image is missing in the
builder's format, once per DOT, and lays them out with :func:`vmgraph.dotrun.backend.run_dot_jobs`
(several graphs per `dot` process, one process per core, each graph within
``vmgraph_dot_timeout``) in a background thread: `dot` works while Sphinx pickles the
environment, copies the theme's files and resolves the first page. The images are written
to the image folder (only the errors are kept in memory); the writers (:mod:`.output`) ask
:func:`failure` whether a diagram failed, and warn at the diagram's own page and line.

The layout is over before any page is written in parallel (``doctree-resolved`` waits for
it when Sphinx is about to fork writers) and before the build finishes. An image that is
missing all the same (deleted during the build) is laid out on its own by the writer.
"""

from __future__ import annotations

import shutil
import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Final

from vmgraph.dotrun import backend
from vmgraph.errors import RenderError, VmgraphError
from vmgraph.output.files import write_atomic
from vmgraph.output.stamp import dot_digest
from vmgraph.sphinxext.domain import Diagram, VmgraphDomain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__all__ = [
    "PREFIX",
    "Layout",
    "digest",
    "dot_binary",
    "failure",
    "finish_layout",
    "image_format",
    "image_name",
    "start_layout",
    "wait_before_writing",
]

#: Every image this extension writes is named ``vmgraph-<digest>.<format>``.
PREFIX: Final = "vmgraph-"
_CLI_HINT: Final = "a longer --timeout may help"
_CONF_HINT: Final = "a larger vmgraph_dot_timeout may help"


def digest(code: str) -> str:
    """Return the name part of a diagram's images: the first 32 hex digits of the digest of its DOT."""
    return dot_digest(code)[:32]


def image_name(key: str, fmt: str) -> str:
    """Return the file name of the image of the diagram *key* (its digest) as *fmt*."""
    return f"{PREFIX}{key}.{fmt}"


def image_format(builder: Builder) -> str | None:
    """Return the format *builder*'s writer includes diagrams as, or ``None`` (in words, or not at all)."""
    if builder.format == "html":
        return "svg" if builder.config.vmgraph_html_format == "svg" else "png"
    return {"latex": "pdf", "texinfo": "png"}.get(builder.format)


def dot_binary(config: Config) -> str | None:
    """Return Sphinx's ``graphviz_dot`` as a path, or ``None`` for vmgraph's own choice."""
    dot = config.graphviz_dot
    return None if dot in {"", "dot"} else (shutil.which(dot) or dot)


class Layout:
    """The missing images of one build, laid out by one :func:`vmgraph.dotrun.backend.run_dot_jobs` call."""

    def __init__(self, folder: Path, fmt: str, diagrams: list[Diagram], *, timeout: float, dot: str | None) -> None:
        self.folder, self.fmt, self.diagrams = folder, fmt, diagrams
        self._timeout, self._dot = timeout, dot
        self._failures: dict[str, VmgraphError] = {}
        self._crash: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="vmgraph-layout", daemon=True)

    def start(self) -> None:
        """Lay the diagrams out in the background."""
        self._thread.start()

    def wait(self) -> None:
        """Return when every diagram is laid out and written (or has failed).

        Raises:
            Exception: what went wrong in the background, if it was no `dot` failure (a bug).
        """
        if self._thread.ident is not None:  # started
            self._thread.join()
        if self._crash is not None:
            crash, self._crash = self._crash, None
            raise crash

    def failure(self, key: str) -> VmgraphError | None:
        """Return why diagram *key* has no image, once the layout is over (``None``: it has one, or was not asked for)."""
        self.wait()
        return self._failures.get(key)

    def _run(self) -> None:
        try:
            jobs = [backend.DotJob(d.view, d.code, self.fmt) for d in self.diagrams]
            try:
                results: list[bytes | RenderError] = backend.run_dot_jobs(jobs, timeout=self._timeout, dot=self._dot)
            except RenderError as err:  # `dot` missing, or it cannot be started at all
                results = [err] * len(jobs)
            for diagram, result in zip(self.diagrams, results, strict=True):
                if (error := self._keep(diagram, result)) is not None:
                    self._failures[diagram.digest] = error
        except BaseException as err:  # noqa: BLE001 (raised again in the main thread by wait())
            self._crash = err

    def _keep(self, diagram: Diagram, result: bytes | RenderError) -> VmgraphError | None:
        """Write an image; return ``None``, or the error (worded for Sphinx users)."""
        if isinstance(result, RenderError):
            return RenderError(str(result).replace(_CLI_HINT, _CONF_HINT)) if _CLI_HINT in str(result) else result
        try:
            write_atomic(self.folder / image_name(diagram.digest, self.fmt), result, durable=False)
        except VmgraphError as err:
            return err
        return None


#: The layout of each builder's current build.
_LAYOUTS: weakref.WeakKeyDictionary[Builder, Layout] = weakref.WeakKeyDictionary()


def start_layout(app: Sphinx, env: BuildEnvironment) -> None:
    """Start laying out every diagram whose image the builder needs and does not have (``env-updated``)."""
    builder = app.builder
    previous = _LAYOUTS.pop(builder, None)
    if previous is not None:
        previous.wait()
    fmt = image_format(builder)
    if fmt is None:
        return
    domain = env.get_domain(VmgraphDomain.name)
    assert isinstance(domain, VmgraphDomain)
    folder = Path(builder.outdir, builder.imagedir)
    missing: dict[str, Diagram] = {}
    for docname in sorted(domain.diagrams):
        for diagram in domain.diagrams[docname]:
            if diagram.digest not in missing and not (folder / image_name(diagram.digest, fmt)).is_file():
                missing[diagram.digest] = diagram
    if not missing:
        return
    timeout = float(app.config.vmgraph_dot_timeout)
    layout = Layout(folder, fmt, list(missing.values()), timeout=timeout, dot=dot_binary(app.config))
    _LAYOUTS[builder] = layout
    layout.start()


def wait_before_writing(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Finish the layout before Sphinx forks writers (``doctree-resolved``): they could not see it."""
    del doctree, docname
    layout = _LAYOUTS.get(app.builder)
    if layout is not None and getattr(app.builder, "parallel_ok", False):
        layout.wait()


def failure(builder: Builder, key: str, fmt: str) -> VmgraphError | None:
    """Return why diagram *key* could not be laid out as *fmt* in this build, or ``None``.

    Waits for the layout first: afterwards the image is in the image folder unless this
    returns an error (or the diagram was not laid out here).
    """
    layout = _LAYOUTS.get(builder)
    if layout is None or layout.fmt != fmt:
        return None
    return layout.failure(key)


def finish_layout(app: Sphinx, exception: Exception | None) -> None:
    """Wait for the layout to end, and forget it (``build-finished``)."""
    layout = _LAYOUTS.pop(app.builder, None) if app.builder is not None else None
    if layout is None:
        return
    try:
        layout.wait()
    except Exception:
        if exception is None:
            raise
        # else the build failed already: that error is the one to report
