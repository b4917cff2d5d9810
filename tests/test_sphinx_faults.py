"""`dot` faults inside a Sphinx build: a warning at the diagram's page and line, never a dead build.

The project's own build must go on when `dot` is missing, fails, crashes, prints garbage or
hangs: each diagram it could not draw gets a ``[vmgraph.dot]`` warning located at its
directive, the page is written (with the diagram's text in its place) and the other diagrams
are drawn. A fake `dot` (tests/fake_dot.py) is put on PATH, as in tests/test_faults.py.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from vmgraph.sphinxext.models import clear_cache

pytestmark = pytest.mark.fault

FAKE_DOT = Path(__file__).parent / "fake_dot.py"
#: Said once for the whole build, at its first diagram, not once per diagram (issue 15).
NOT_FOUND = "Graphviz `dot` was not found on PATH, so every diagram is shown as text; install Graphviz"
SVG_AS = "b'<?xml version=\"1.0\"?>\\n<!'"

#: (case, fake `dot` settings or None for no `dot` at all, {line of the directive: what its warning says}).
SPHINX_FAULTS = [
    ("dot-missing", None, {4: NOT_FOUND}),
    ("exits-non-zero", {"FAKE_DOT_FAILS": "nova_transitions"},
     {6: "view 'transitions': `dot -Tsvg` failed: Error: <stdin>: trouble in graph nova_transitions"}),
    ("killed-by-a-signal", {"FAKE_DOT_CRASH": "nova_transitions"},
     {6: "view 'transitions': `dot -Tsvg` failed: killed by signal SIGSEGV"}),
    ("prints-garbage", {"FAKE_DOT_GARBAGE": "nova_transitions"},
     {6: "view 'transitions': `dot -Tsvg` wrote 37 bytes that are not an SVG image"}),
    ("prints-nothing", {"FAKE_DOT_SILENT": "nova_transitions"}, {6: "view 'transitions': `dot -Tsvg` wrote nothing"}),
    ("prints-broken-xml", {"FAKE_DOT_MALFORMED": "nova_transitions"},
     {6: "view 'transitions': `dot -Tsvg` wrote an SVG image that is not well-formed XML"}),
    ("times-out", {"FAKE_DOT_SLOW": "nova_transitions"},
     {6: "view 'transitions': `dot` took longer than 8 s and was stopped"}),
]  # fmt: skip


def warnings_of(app: SphinxTestApp) -> list[str]:
    """Return the build's warning lines, paths relative to the source dir."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(str(app.srcdir) + "/", "")
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


@pytest.fixture(params=SPHINX_FAULTS, ids=[f[0] for f in SPHINX_FAULTS])
def fault(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[int, str]:
    """Set up one fault of :data:`SPHINX_FAULTS`; return what each failing directive's warning says."""
    _case, env, expected = request.param
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.delenv("VMGRAPH_DOT", raising=False)
    if env is None:
        monkeypatch.setenv("PATH", str(folder))  # nothing in it
        return dict(expected)
    script = folder / "dot"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_DOT}" "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("FAKE_DOT_PIDS", str(tmp_path / "pids"))
    return dict(expected)


@pytest.mark.sphinx("html", testroot="faults", freshenv=True)
def test_dot_fault_in_a_build_is_a_located_warning(app: SphinxTestApp, fault: dict[int, str], tmp_path: Path) -> None:
    clear_cache()
    app.config.vmgraph_dot_timeout = 8  # far above a real layout under load, far below the fake's minute
    app.build(force_all=True)  # must not raise
    found = warnings_of(app)
    assert len(found) == len(fault), found
    for line, (lineno, reason) in zip(found, sorted(fault.items()), strict=True):
        assert line.startswith(f"index.rst:{lineno}: WARNING: diagram not rendered: "), line
        assert reason in line, line
        assert line.endswith("[vmgraph.dot]"), line
    status = app.status.getvalue() + app.warning.getvalue()
    assert "Traceback" not in status
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "After the diagrams." in page, "the page is written"
    drawn = 0 if NOT_FOUND in fault.values() else 2 - len(fault)
    assert page.count('class="vmgraph-failed"') == 2 - drawn
    assert page.count("<svg ") == drawn, "the diagrams `dot` could draw are there"
    pids = tmp_path / "pids"
    for pid in map(int, pids.read_text(encoding="utf-8").split() if pids.exists() else []):
        with pytest.raises(ProcessLookupError):  # every `dot` ended and reaped, the one that hung too
            os.kill(pid, 0)


@pytest.mark.sphinx("latex", testroot="faults", freshenv=True)
def test_garbage_instead_of_pdf_in_a_latex_build_is_a_located_warning(
    app: SphinxTestApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear_cache()
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "dot"  # writes SVG whatever it is asked for: no PDF
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_DOT}" "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("VMGRAPH_DOT", raising=False)
    app.build(force_all=True)
    found = warnings_of(app)
    assert len(found) == 2, found
    for line, (lineno, view) in zip(found, [(4, "preconditions"), (6, "transitions")], strict=True):
        assert line.startswith(f"index.rst:{lineno}: WARNING: diagram not rendered: view {view!r}: `dot -Tpdf` wrote ")
        assert f"bytes that are not a PDF image (they start with {SVG_AS})" in line
        assert line.endswith("[vmgraph.dot]")
    (tex,) = app.outdir.glob("*.tex")
    assert "sphinxincludegraphics" not in tex.read_text(encoding="utf-8"), "no broken image is included"
    assert not list(app.outdir.glob("vmgraph-*.pdf"))
