"""The Sphinx extension on small test roots (tests/roots/test-*): directives, builders, warnings,
cross-references, incremental and parallel builds."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sphinx.ext.graphviz
from docutils import nodes
from sphinx.cmd.build import build_main
from sphinx.testing.util import SphinxTestApp

from vmgraph.dotrun import backend
from vmgraph.emit.views import build_view
from vmgraph.errors import RenderError
from vmgraph.load.loader import MODELS_DIR, load_model
from vmgraph.output.files import write_atomic
from vmgraph.sphinxext.models import clear_cache
from vmgraph.sphinxext.nodes import vmgraph_diagram

DATA = Path(__file__).parent / "data"
ROOTS = Path(__file__).parent / "roots"


#: Layouts asked for: ``("batch", jobs)`` or ``("single", [job])``.
Calls = list[tuple[str, list[backend.DotJob]]]


def laid_out(calls: Calls) -> int:
    """Return how many graphs were laid out, however they were run."""
    return sum(len(jobs) for _, jobs in calls)


@pytest.fixture(autouse=True)
def _fresh_model_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def dot_calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Record every layout the extension asks for, ``("batch", jobs)`` or ``("single", [job])`` (they still run)."""
    calls: Calls = []
    real_single, real_batch = backend.run_dot, backend.run_dot_jobs

    def single(job: backend.DotJob, **kwargs: Any) -> bytes:
        calls.append(("single", [job]))
        return real_single(job, **kwargs)

    def batch(jobs: list[backend.DotJob], **kwargs: Any) -> list[bytes | RenderError]:
        calls.append(("batch", list(jobs)))
        return real_batch(jobs, **kwargs)

    monkeypatch.setattr(backend, "run_dot", single)
    monkeypatch.setattr(backend, "run_dot_jobs", batch)
    return calls


def warnings_of(app: SphinxTestApp) -> list[str]:
    """Return the build's warning lines, paths relative to the source dir."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(str(app.srcdir) + "/", "")
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def words(text: str) -> str:
    """Collapse whitespace (the text builder wraps lines)."""
    return " ".join(text.split())


def diagrams(app: SphinxTestApp, docname: str = "index") -> list[vmgraph_diagram]:
    return list(app.env.get_doctree(docname).findall(vmgraph_diagram))


# -- directives and options (no `dot` needed) ---------------------------------------


@pytest.mark.sphinx("dummy", testroot="basic", freshenv=True)
def test_diagram_directives_make_graphviz_nodes(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == []
    nova, minimal = load_model("nova"), load_model(DATA / "minimal.yaml")
    pre, trans_minimal, trans_subset, seq = diagrams(app)
    assert all(isinstance(n, sphinx.ext.graphviz.graphviz) for n in (pre, trans_minimal, trans_subset, seq))
    assert pre["code"] == build_view(nova, "preconditions").source
    assert pre["alt"].startswith("Preconditions of Nova virtual machine lifecycle: which VM states")
    assert pre.parent["align"] == "center"  # figure_wrapper moves it to the figure
    assert "extra-class" in pre["classes"]
    figure = pre.parent
    assert isinstance(figure, nodes.figure)
    assert "fig-pre" in figure["ids"]
    (caption,) = figure.findall(nodes.caption)
    assert caption.astext() == "Preconditions of Nova"
    assert list(caption.findall(nodes.emphasis)), "a caption is the user's reST"
    assert trans_minimal["alt"] == "A hand-written alt text"
    assert "rankdir=LR" in trans_minimal["code"]
    assert "labelloc" not in trans_minimal["code"], ":no-legend: drops the key"
    assert trans_minimal["vmgraph_model"] == "minimal"
    subset = build_view(nova, "transitions", states=["shelved", "shelved_offloaded"], actions=["shelve", "unshelve"])
    assert trans_subset["code"] == subset.source
    assert "only what concerns SHELVED, SHELVED_OFFLOADED and shelve, unshelve" in trans_subset["alt"]
    assert seq["code"] == build_view(nova, "create-sequence").source
    assert seq["vmgraph_items"][0].startswith("1. compute API to compute API: _populate_instance_for_create")
    assert minimal.id == "minimal"


@pytest.mark.sphinx("dummy", testroot="basic", freshenv=True)
def test_table_directives_make_tables_with_row_targets(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    doctree = app.env.get_doctree("index")
    tables = list(doctree.findall(nodes.table))
    # sequence steps, matrix, VM, task and power states, nova actions, minimal actions
    assert len(tables) == 7
    steps, matrix, vm, task, power, actions, minimal_actions = tables
    assert len(list(steps.findall(nodes.row))) == 1 + 6
    (title,) = matrix.findall(nodes.title)
    assert title.astext() == "Matrix of minimal"
    assert "vmgraph-matrix" in matrix["classes"]
    assert [e.astext() for e in next(matrix.findall(nodes.thead)).findall(nodes.entry)][:4] == [
        "Action",
        "STOPPED",
        "RUNNING",
        "ERROR",
    ]
    targets = {t["ids"][0] for t in doctree.findall(nodes.target) if t["ids"]}
    assert {"vmgraph-nova-state-active", "vmgraph-nova-state-shelved_offloaded"} <= targets
    assert "vmgraph-nova-task-spawning" in targets
    assert {"vmgraph-nova-power-running", "vmgraph-nova-power-shutdown"} <= targets
    assert "vmgraph-nova-power-paused" not in targets, ":states: limits the power table"
    assert len(list(power.findall(nodes.row))) == 1 + 2
    assert "vmgraph-nova-action-reboot" in targets
    assert {"vmgraph-minimal-action-power", "vmgraph-minimal-action-snapshot"} <= targets
    assert "minimal-actions" in minimal_actions["ids"]
    assert "compact" in minimal_actions["classes"]
    # each target sits in the first cell of its row
    row = next(t for t in doctree.findall(nodes.target) if t["ids"] == ["vmgraph-nova-state-active"])
    assert row.parent.astext() == "ACTIVE"
    assert len(list(vm.findall(nodes.row))) == 1 + 12
    assert len(list(task.findall(nodes.row))) > 30
    assert len(list(actions.findall(nodes.row))) == 1 + 40  # 39 actions, reboot has two variants


# -- builders ---------------------------------------------------------------------------


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_html_inlines_linked_svg(app: SphinxTestApp, dot_calls: Calls) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == []
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert page.count("<svg ") == 4
    assert page.count('class="vmgraph-diagram') == 4
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "two inline SVGs must not share ids"
    assert 'aria-label="A hand-written alt text"' in page
    assert '<figure class="align-center" id="fig-pre">' in page
    assert "extra-class" in page
    # states and actions in the drawings link to their table rows
    assert 'xlink:href="#vmgraph-nova-state-shelved"' in page
    assert 'xlink:href="#vmgraph-nova-action-shelve_offload"' in page
    assert 'id="vmgraph-nova-state-shelved"' in page
    assert "<details" in page
    images = sorted(p.name for p in (app.outdir / "_images").iterdir())
    assert len(images) == 4
    assert all(re.fullmatch(r"vmgraph-[0-9a-f]{32}\.svg", name) for name in images)
    assert laid_out(dot_calls) == 4
    refs = (app.outdir / "refs.html").read_text(encoding="utf-8")
    assert 'href="index.html#vmgraph-nova-state-active"' in refs
    assert 'href="index.html#vmgraph-minimal-action-repair"' in refs
    assert 'href="index.html#vmgraph-nova-power-shutdown"' in refs
    assert ">ACTIVE<" in refs
    assert ">SHELVED_OFFLOADED<" in refs, "an id is shown as the state's label"
    assert '<span class="pre">running</span> <span class="pre">VM</span>' in refs, "an explicit title is kept"


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx("html", testroot="basic", freshenv=True, confoverrides={"vmgraph_html_format": "png"})
def test_html_png_format(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == []
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    images = re.findall(r'<img src="(_images/vmgraph-[0-9a-f]{32}\.png)" alt="([^"]*)"', page)
    assert len(images) == 4
    assert ("A hand-written alt text" in alt for _, alt in images)
    assert all((app.outdir / src).stat().st_size > 0 for src, _ in images)


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx("latex", testroot="basic", freshenv=True)
def test_latex_includes_pdf_at_text_width(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == []
    (tex,) = app.outdir.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    includes = re.findall(r"\\sphinxincludegraphics\[([^]]*)\]\{(vmgraph-[0-9a-f]{32}\.pdf)\}", text)
    assert len(includes) == 4
    assert all(opts.startswith(r"width=\linewidth") for opts, _ in includes)
    assert all((app.outdir / name).read_bytes().startswith(b"%PDF") for _, name in includes)
    assert r"\label{\detokenize{index:vmgraph-nova-state-active}}" in text
    assert r"\hyperref[\detokenize{index:vmgraph-nova-state-active}]" in text
    assert r"\caption{Preconditions of \sphinxstyleemphasis{Nova}}\label{\detokenize{index:fig-pre}}" in text


@pytest.mark.sphinx("text", testroot="basic", freshenv=True)
def test_text_describes_each_diagram(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == []
    text = words((app.outdir / "index.txt").read_text(encoding="utf-8"))
    assert "[Diagram: Preconditions of Nova virtual machine lifecycle: which VM states" in text
    assert (
        "* shelve: accepts ACTIVE, STOPPED, PAUSED, SUSPENDED; leads to SHELVED, "
        "or SHELVED_OFFLOADED when the offload time is 0; on failure ERROR." in text
    )
    assert "[Diagram: A hand-written alt text]" in text
    assert "* From STOPPED: to RUNNING by power button; to ERROR on failure of power button." in text
    assert "* 5. compute manager to compute manager: _build_and_run_instance (was _spawn)" in text
    assert "Preconditions of Nova" in text  # the caption
    assert "SHELVED_OFFLOADED" in text


@pytest.mark.sphinx("man", testroot="basic", freshenv=True)
def test_man_describes_each_diagram(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == []
    (page,) = app.outdir.glob("*.1")
    text = page.read_text(encoding="utf-8")
    assert "[Diagram: Preconditions of Nova virtual machine lifecycle" in text
    assert "unshelve: accepts SHELVED, SHELVED_OFFLOADED; leads to ACTIVE" in text


# -- warnings ---------------------------------------------------------------------------


@pytest.mark.sphinx("dummy", testroot="broken", freshenv=True)
def test_problems_warn_with_locations_and_subtypes(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == [
        (
            "index.rst:4: WARNING: broken.yaml:8: 'results' of action 'go' names unknown state 'down' "
            "(known: 'up') [vmgraph.model]"
        ),
        (
            "index.rst:6: WARNING: unknown model 'nosuch' (known: 'broken', 'missing', 'ironic', 'nova', 'nova-2014'; "
            "add it to vmgraph_models in conf.py) [vmgraph.model]"
        ),
        (
            "index.rst:8: WARNING: unknown state 'shelvd' (did you mean 'shelved'?) in :states: of model 'nova' "
            f"({MODELS_DIR / 'nova.yaml'}) [vmgraph.subset]"
        ),
        "index.rst:11: WARNING: no-such-file.yaml: no such file [vmgraph.model]",
        "index.rst:13: WARNING: model 'nova' has no sequence 'migrate' (sequences: 'create') [vmgraph.subset]",
        (
            "index.rst:16: WARNING: unknown task state 'spawnin' (did you mean 'spawning'?) "
            f"in :states: of model 'nova' ({MODELS_DIR / 'nova.yaml'}) [vmgraph.subset]"
        ),
    ]
    assert "Traceback" not in app.status.getvalue() + app.warning.getvalue()
    (drawn,) = diagrams(app)  # the build went on
    assert drawn["vmgraph_view"] == "preconditions"


@pytest.mark.sphinx("dummy", testroot="broken", freshenv=True, confoverrides={"suppress_warnings": ["vmgraph.model"]})
def test_subtypes_can_be_suppressed(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    found = warnings_of(app)
    assert len(found) == 3
    assert all(line.endswith("[vmgraph.subset]") for line in found)


def test_warnings_fail_the_build_with_w(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-broken", src)
    code = build_main(["-q", "-W", "--keep-going", "-b", "dummy", str(src), str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code != 0
    assert "index.rst:4: WARNING: broken.yaml:8:" in err
    assert "Traceback" not in err


@pytest.mark.sphinx(
    "dummy",
    testroot="basic",
    freshenv=True,
    confoverrides={"vmgraph_rankdir": "sideways", "vmgraph_palette": {"inc": "red"}, "vmgraph_html_format": "gif"},
)
def test_bad_settings_warn_and_fall_back(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    found = warnings_of(app)
    assert any("vmgraph_rankdir: 'sideways' is not one of TB, LR, BT, RL [vmgraph.config]" in w for w in found)
    assert any("vmgraph_palette: unknown colour 'inc'" in w for w in found)
    assert any("vmgraph_html_format: 'gif'" in w for w in found)
    # the default direction applies (the preconditions view draws its column of states across, always)
    assert "rankdir=TB" in diagrams(app)[2]["code"]


# -- cross-references -----------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="refs", freshenv=True, confoverrides={"nitpicky": True})
def test_unknown_targets_warn_under_nitpicky(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    refs = [line for line in warnings_of(app) if "[vmgraph.ref]" in line]
    assert refs == [
        "index.rst:11: WARNING: unknown VM state 'ACTVE' in model 'nova' (did you mean 'ACTIVE'?) [vmgraph.ref]",
        (
            "index.rst:13: WARNING: VM state 'nova-2099:active': unknown model 'nova-2099' "
            "(models: 'ironic', 'nova', 'nova-2014') [vmgraph.ref]"
        ),
        (
            "index.rst:15: WARNING: VM state 'active' of model 'nova-2014' is in no table; "
            "add `.. vmgraph-states:: nova-2014` to a page [vmgraph.ref]"
        ),
        "index.rst:17: WARNING: unknown action 'shelf' in model 'nova' (did you mean 'shelve'?) [vmgraph.ref]",
    ]
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="tables.html#vmgraph-nova-state-active"' in page
    assert 'href="tables.html#vmgraph-nova-action-unshelve"' in page


@pytest.mark.sphinx("html", testroot="refs", freshenv=True)
def test_unknown_targets_are_silent_without_nitpicky(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert [line for line in warnings_of(app) if "[vmgraph.ref]" in line] == []


@pytest.mark.sphinx("dummy", testroot="refs", freshenv=True)
def test_a_state_described_twice_warns(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    dupes = [line for line in warnings_of(app) if "[vmgraph.duplicate]" in line]
    assert len(dupes) == 12  # each VM state of the second table; the :no-index: one is silent
    assert dupes[0] == (
        "various.rst:4: WARNING: VM state 'ACTIVE' of model 'nova' is also described in 'tables'; "
        "add :no-index: to one of the tables [vmgraph.duplicate]"
    )


# -- incremental builds, shared images, parallel builds ------------------------------


def _read_docs(app: SphinxTestApp) -> list[list[str]]:
    """Record, per build, the documents Sphinx reads."""
    reads: list[list[str]] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: reads.append(sorted(docnames)))
    return reads


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx("html", testroot="incremental", srcdir="incremental-edit", freshenv=True)
def test_editing_a_model_rebuilds_exactly_its_pages(app: SphinxTestApp, dot_calls: Calls) -> None:
    reads = _read_docs(app)
    app.build()
    assert reads[-1] == ["a", "b", "index", "plain", "uses_a"]
    assert laid_out(dot_calls) == 3
    assert warnings_of(app) == []

    app.build()  # nothing changed: nothing is read, `dot` never runs
    assert reads[-1] == []
    assert laid_out(dot_calls) == 3

    model = app.srcdir / "alpha.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("label: RUNNING", "label: POWERED_ON"), encoding="utf-8")
    app.build()
    assert reads[-1] == ["a", "uses_a"]  # the pages drawing alpha and the one linking to it
    assert laid_out(dot_calls) == 4, "only alpha's changed diagram is laid out again"
    assert ">POWERED_ON<" in (app.outdir / "uses_a.html").read_text(encoding="utf-8")
    images = sorted((app.outdir / "_images").iterdir())
    assert len(images) == 3, "the image alpha no longer uses is removed"


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx("html", testroot="multi", freshenv=True)
def test_a_diagram_on_six_pages_is_laid_out_once(app: SphinxTestApp, dot_calls: Calls) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == []
    # per page: the SHELVED transitions and the create sequence; page 6 adds one more
    assert laid_out(dot_calls) == 3
    assert len(list((app.outdir / "_images").iterdir())) == 3
    for n in range(1, 7):
        page = (app.outdir / f"page{n}.html").read_text(encoding="utf-8")
        assert page.count("<svg ") == (3 if n == 6 else 2)
        assert 'href="page1.html#vmgraph-nova-state-shelved"' in page or n == 1


def _tree(folder: Path) -> dict[str, bytes]:
    skip = {".buildinfo", ".doctrees"}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not skip.intersection(p.relative_to(folder).parts)
    }


@pytest.mark.usefixtures("dot_binary")
def test_parallel_build_equals_serial_build(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    outputs = []
    for jobs in (1, 2):
        src = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-multi", src)
        app = make_app("html", srcdir=src, parallel=jobs, freshenv=True)
        app.build(force_all=True)
        assert warnings_of(app) == []
        status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
        assert ("reading sources... [ 33%] index .. page2" in status) == (jobs == 2), "read in two processes"
        outputs.append(_tree(app.outdir))
        app.cleanup()  # unregister the nodes, so that the next app can add them again
    serial, parallel = outputs
    assert sorted(serial) == sorted(parallel)
    different = [name for name in serial if serial[name] != parallel[name]]
    assert different == []


# -- `dot` failures -----------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="incremental", srcdir="incremental-dot-fails", freshenv=True)
def test_a_failed_layout_warns_and_is_retried(app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []

    def failing(jobs: list[backend.DotJob], *, timeout: float, **kwargs: Any) -> list[bytes | RenderError]:
        calls.append(timeout)
        return [RenderError(f"view {job.name!r}: `dot` took longer than {timeout:g} s and was stopped") for job in jobs]

    def single(job: backend.DotJob, **kwargs: Any) -> bytes:
        pytest.fail(f"{job.name} was laid out again by the writer")

    monkeypatch.setattr(backend, "run_dot_jobs", failing)
    monkeypatch.setattr(backend, "run_dot", single)
    app.config.vmgraph_dot_timeout = 7
    reads = _read_docs(app)
    app.build()
    found = warnings_of(app)
    assert found[0] == (
        "a.rst:4: WARNING: diagram not rendered: view 'transitions': `dot` took longer than 7 s "
        "and was stopped [vmgraph.dot]"
    )
    assert len(found) == 3
    assert calls == [7], "one batch for every diagram"
    page = (app.outdir / "a.html").read_text(encoding="utf-8")
    assert '<p class="vmgraph-failed">State transitions of' in page
    app.warning.truncate(0)
    app.warning.seek(0)
    app.build()  # nothing changed, but the failed pages are read and written again
    assert reads[-1] == ["a", "b"]
    assert len(warnings_of(app)) == 3


@pytest.fixture
def fake_dot(tmp_path: Path) -> Path:
    """A `dot` for ``graphviz_dot`` that writes tiny SVGs, failing or hanging on request (tests/fake_dot.py).

    It is ``<tmp_path>/bin/fake-dot``.
    """
    script = tmp_path / "bin" / "fake-dot"
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{Path(__file__).parent / "fake_dot.py"}" "$@"\n')
    script.chmod(0o755)
    return script


def _dot_warnings(app: SphinxTestApp) -> list[str]:
    return sorted(line for line in warnings_of(app) if line.endswith("[vmgraph.dot]"))


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-one-batch", freshenv=True)
def test_missing_images_are_laid_out_in_one_batch_before_any_page_is_written(
    app: SphinxTestApp, dot_calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []
    app.connect("env-updated", lambda _app, _env: order.append("read"), priority=100)  # before vmgraph's
    app.connect("html-page-context", lambda _app, pagename, *_: order.append(f"page {pagename}"))
    counting = backend.run_dot_jobs  # dot_calls' recorder

    def batch(jobs: list[backend.DotJob], **kwargs: Any) -> list[bytes | RenderError]:
        order.append("layout")
        return counting(jobs, **kwargs)

    monkeypatch.setattr(backend, "run_dot_jobs", batch)
    app.build(force_all=True)
    assert warnings_of(app) == []
    assert [kind for kind, _ in dot_calls] == ["batch"], "one call, and the writers lay out nothing"
    assert sorted(job.name for job in dot_calls[0][1]) == [
        "create-sequence",
        "preconditions",
        "transitions",
        "transitions",
    ]
    assert order[:2] == ["read", "layout"]
    assert order[2].startswith("page ")
    assert (app.outdir / "index.html").read_text(encoding="utf-8").count("<svg ") == 4

    app.build(force_all=True)  # every page written again: the images are there already
    assert len(dot_calls) == 1


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-writer-layout", freshenv=True)
def test_an_image_missing_at_writing_is_laid_out_by_the_writer(
    app: SphinxTestApp, dot_calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vmgraph.sphinxext import layout

    monkeypatch.setattr(layout, "image_format", lambda builder: None)  # no layout when reading ends
    app.build(force_all=True)
    assert warnings_of(app) == []
    assert [kind for kind, _ in dot_calls] == ["single"] * 4
    assert (app.outdir / "index.html").read_text(encoding="utf-8").count("<svg ") == 4


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-no-fsync", freshenv=True)
def test_build_images_are_renamed_into_place_not_synced(app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    app.build(force_all=True)
    assert len(list((app.outdir / "_images").glob("vmgraph-*.svg"))) == 4
    assert synced == [], "an image lost in a crash is laid out again by the next build"
    write_atomic(app.outdir / "durable.txt", b"x")  # what the command line writes is synced
    assert len(synced) == 1
    assert not [p for p in (app.outdir / "_images").iterdir() if p.name.startswith(".")], "no temporary file left"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_diagram_warns_at_its_directive(
    make_app: Callable[..., SphinxTestApp], fake_dot: Path, monkeypatch: pytest.MonkeyPatch, dot_calls: Calls, jobs: int
) -> None:
    monkeypatch.setenv("FAKE_DOT_FAILS", "sequence_create")
    src = fake_dot.parent.parent / "multi"
    shutil.copytree(ROOTS / "test-multi", src)
    page6 = src / "page6.rst"  # without nova-2014, whose quoted graph name fake_dot.py does not take
    page6.write_text(page6.read_text(encoding="utf-8").split(".. vmgraph-preconditions::")[0], encoding="utf-8")
    app = make_app("html", srcdir=src, parallel=jobs, freshenv=True, confoverrides={"graphviz_dot": str(fake_dot)})
    try:
        app.build(force_all=True)
        why = "`dot -Tsvg` failed: Error: <stdin>: trouble in graph sequence_create"
        assert _dot_warnings(app) == [
            f"page{n}.rst:9: WARNING: diagram not rendered: view 'create-sequence': {why} [vmgraph.dot]"
            for n in range(1, 7)
        ]
        assert [kind for kind, _ in dot_calls] == ["batch"], "laid out once, in the main process"
        page = (app.outdir / "page6.html").read_text(encoding="utf-8")
        assert page.count("<svg") == 1, "the other diagram is drawn"
        assert page.count('<p class="vmgraph-failed">') == 1
    finally:
        app.cleanup()


@pytest.mark.sphinx(
    "html",
    testroot="incremental",
    srcdir="incremental-dot-slow",
    freshenv=True,
    confoverrides={"vmgraph_dot_timeout": 5},  # the fake sleeps a minute
)
def test_a_diagram_past_the_time_limit_is_stopped_and_named(
    app: SphinxTestApp, fake_dot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_DOT_SLOW", "beta_transitions")
    app.config.graphviz_dot = str(fake_dot)
    app.build()
    assert _dot_warnings(app) == [
        (
            "b.rst:4: WARNING: diagram not rendered: view 'transitions': `dot` took longer than 5 s and was stopped "
            "(a larger vmgraph_dot_timeout may help) [vmgraph.dot]"
        )
    ]
    assert (app.outdir / "b.html").read_text(encoding="utf-8").count("<svg") == 1, "the next diagram is drawn"


# -- hostile labels and templates ---------------------------------------------------------


def _dump(node: nodes.Node, srcdir: Path) -> list[tuple[object, ...]]:
    """Return every node under *node*: class, attributes, raw source, file and line (text as it is held)."""
    found: list[tuple[object, ...]] = []
    for n in node.findall():
        if isinstance(n, nodes.Text):
            found.append(("#text", str(n)))
        else:
            assert isinstance(n, nodes.Element)
            where = str(n.source or "").replace(str(srcdir), "SRC")
            found.append(
                (type(n).__name__, sorted((k, repr(v)) for k, v in n.attributes.items()), n.rawsource, where, n.line)
            )
    return found


@pytest.mark.parametrize(
    ("root", "overrides"),
    [
        ("basic", {}),
        ("refs", {}),
        ("links", {"vmgraph_models": {"minimal": str(DATA / "minimal.yaml")}}),
        ("hostile", {"vmgraph_models": {"hostile": str(DATA / "hostile.yaml")}}),
        ("injection", {}),
    ],
)
def test_tables_are_the_nodes_their_templates_make(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    root: str,
    overrides: dict[str, Any],
) -> None:
    """The shipped templates' tables are made as nodes (.listtable): the same nodes as rendering and parsing them."""
    from vmgraph.sphinxext.base import ModelDirective

    src = tmp_path / root
    shutil.copytree(ROOTS / f"test-{root}", src)
    doctrees = []
    for shipped in (True, False):
        if not shipped:  # every template taken for an overriding one: rendered, then parsed
            monkeypatch.setattr(ModelDirective, "shipped_template", lambda _self, _name: False)
        app = make_app("dummy", srcdir=src, freshenv=True, confoverrides=overrides)
        app.build(force_all=True)
        doctrees.append({doc: _dump(app.env.get_doctree(doc), src) for doc in sorted(app.env.found_docs)})
        tables = sum(len(list(app.env.get_doctree(doc).findall(nodes.table))) for doc in app.env.found_docs)
        app.cleanup()
        clear_cache()
    made, parsed = doctrees
    assert tables > 0
    assert made.keys() == parsed.keys()
    for doc in made:
        assert made[doc] == parsed[doc], f"{doc}: a shipped template and vmgraph/sphinxext/listtable.py disagree"


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.sphinx(
    "html",
    testroot="hostile",
    freshenv=True,
    confoverrides={"vmgraph_models": {"hostile": str(DATA / "hostile.yaml")}},
)
def test_hostile_labels_stay_text(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == []
    doctree = app.env.get_doctree("index")
    markup = (nodes.raw, nodes.emphasis, nodes.strong, nodes.reference, nodes.literal, nodes.problematic)
    assert list(doctree.findall(lambda n: isinstance(n, markup))) == []
    assert list(doctree.findall(nodes.system_message)) == []
    text = doctree.astext()
    assert "*emph* `x`_ |sub| :ref:`y` **bold**" in text
    assert "<b>x</b>" in text
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<b>x</b>" not in page
    assert "<script>alert" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


@pytest.mark.sphinx("dummy", testroot="templates", freshenv=True)
def test_user_templates_override_the_shipped_ones(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == [
        (
            "index.rst:6: WARNING: template 'actions.rst.j2' made 39 rows for 40 entries; "
            "its rows are not link targets [vmgraph.render]"
        )
    ]
    doctree = app.env.get_doctree("index")
    states, _actions = doctree.findall(nodes.table)
    assert next(states.findall(nodes.entry)).astext() == "Custom state column"
    assert "vmgraph-nova-state-active" in {t["ids"][0] for t in doctree.findall(nodes.target)}
    template = app.srcdir / "_templates" / "vmgraph" / "states.rst.j2"
    assert str(template) in {str(p) for p in app.env.dependencies["index"]}


@pytest.mark.sphinx("dummy", testroot="basic", freshenv=True, confoverrides={"vmgraph_max_bytes": 100})
def test_max_bytes_setting_refuses_larger_models_with_a_located_warning(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    warnings = app.warning.getvalue()
    assert "file is larger than the limit of 100 bytes; refusing to read it" in warnings
    assert "index.rst:" in warnings
    assert "[vmgraph.model]" in warnings
    assert not list(app.env.get_doctree("index").findall(sphinx.ext.graphviz.graphviz))


@pytest.mark.sphinx("dummy", testroot="basic", freshenv=True, confoverrides={"vmgraph_max_bytes": "lots"})
def test_max_bytes_setting_must_be_a_positive_integer(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert "vmgraph_max_bytes: 'lots' is not a positive number of bytes" in app.warning.getvalue()
    assert app.config.vmgraph_max_bytes is None
