"""The precondition matrix marks what vmgraph.css lays it out by: its state columns, the accepted
states, and compactness when there are many states (headers upwards, check marks in HTML)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from vmgraph.load.loader import load_model
from vmgraph.sphinxext.tabledirectives import COMPACT_STATES
from vmgraph.views.tables import matrix_requirements

TESTS = Path(__file__).parent
MODELS = {
    "ironic": str(TESTS / "data" / "ironic-complete.yaml"),
    "cinder": str(TESTS.parent / "bench" / "models" / "cinder.yaml"),
}


def _matrices(app: SphinxTestApp, doc: str) -> list[nodes.table]:
    return [t for t in app.env.get_doctree(doc).findall(nodes.table) if "vmgraph-matrix" in t["classes"]]


def _rows(table: nodes.table) -> list[tuple[bool, list[nodes.entry]]]:
    """Return (in the body, entries) of each row."""
    return [(isinstance(r.parent, nodes.tbody), list(r.findall(nodes.entry))) for r in table.findall(nodes.row)]


@pytest.fixture
def page_app(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> SphinxTestApp:
    src = tmp_path / "page"
    shutil.copytree(TESTS / "roots" / "test-page", src)
    app = make_app("dummy", srcdir=src, freshenv=True, confoverrides={"vmgraph_models": MODELS})
    app.build(force_all=True)
    return app


@pytest.mark.parametrize(
    ("doc", "model"), [("nova", "nova"), ("ironic", MODELS["ironic"]), ("cinder", MODELS["cinder"])]
)
def test_a_matrix_of_many_states_is_compact_with_its_columns_marked(
    page_app: SphinxTestApp, doc: str, model: str
) -> None:
    loaded = load_model(model)
    states = [s.label for s in loaded.states]
    requirements = len(matrix_requirements(loaded))  # task state, launched: only where the model uses them
    assert len(states) >= COMPACT_STATES
    (table,) = _matrices(page_app, doc)
    assert "vmgraph-matrix-compact" in table["classes"]
    rows = _rows(table)
    header = rows[0][1]
    assert [e.astext() for e in header[1 : 1 + len(states)]] == states
    for in_body, entries in rows:
        assert len(entries) == 1 + len(states) + requirements
        assert "vmgraph-state" not in entries[0]["classes"], "the action column"
        assert all("vmgraph-state" in e["classes"] for e in entries[1 : 1 + len(states)])
        assert not any("vmgraph-state" in e["classes"] for e in entries[1 + len(states) :]), "task, launched"
        for index, entry in enumerate(entries):
            accepted = in_body and 1 <= index <= len(states) and entry.astext() == "yes"
            assert ("vmgraph-yes" in entry["classes"]) == accepted, (index, entry)
    assert any("vmgraph-yes" in e["classes"] for _, entries in rows for e in entries)


@pytest.mark.sphinx("dummy", testroot="basic", freshenv=True)
def test_a_matrix_of_few_states_keeps_its_headers(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    (table,) = _matrices(app, "index")
    assert "vmgraph-matrix-compact" not in table["classes"]
    header = _rows(table)[0][1]
    assert [e.astext() for e in header if "vmgraph-state" in e["classes"]] == [
        s.label for s in load_model(TESTS / "roots" / "test-basic" / "models" / "minimal.yaml").states
    ]
    yes = [e for _, entries in _rows(table) for e in entries if "vmgraph-yes" in e["classes"]]
    assert yes, "the accepted states are marked, compact or not"
    assert all(e.astext() == "yes" for e in yes)
