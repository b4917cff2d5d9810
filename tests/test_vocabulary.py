"""A model with its own words (tests/data/volume.yaml): no Nova word and no empty column in any output."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from vmgraph.cli import main
from vmgraph.emit.mermaid import has_mermaid, mermaid_view
from vmgraph.emit.rst import model_page
from vmgraph.emit.views import build_view
from vmgraph.errors import ModelError
from vmgraph.load.loader import load_model
from vmgraph.model import Model
from vmgraph.sphinxext.models import clear_cache
from vmgraph.views.describe import describe_view
from vmgraph.views.focus import focused_view_names
from vmgraph.views.names import view_names
from vmgraph.views.sequence import sequence_view
from vmgraph.views.tables import action_columns, matrix, step_columns

DATA = Path(__file__).parent / "data"
VOLUME = DATA / "volume.yaml"
LATER = Path(__file__).parent / "roots" / "test-volume" / "volume2.yaml"
#: Nova's words: "VM"/"VMs" whole and case-sensitive (not "vmgraph"), the rest in any case.
NOVA_WORDS = re.compile(r"\bVMs?\b|(?i:task[ _-]states?|power[ _-]states?|launch|API calls?)")


def nova_words(text: str) -> list[str]:
    """Return the Nova words in *text* (the volume model's own text has none)."""
    return NOVA_WORDS.findall(text)


@pytest.fixture(scope="module")
def volume() -> Model:
    return load_model(VOLUME)


def test_the_model_itself_has_no_nova_word() -> None:
    assert nova_words(VOLUME.read_text(encoding="utf-8")) == []


def test_terms_are_read_with_plurals(volume: Model) -> None:
    t = volume.terms
    assert (t.resource, t.resources, t.state, t.states) == ("volume", "volumes", "status", "statuses")
    assert (t.action, t.actions, t.short, t.shorts) == ("request", "requests", "request", "requests")
    assert volume.dimensions == ("vm",)
    assert not volume.uses_launched


def test_every_view_dot_svg_mermaid_and_description(volume: Model, dot_binary: str) -> None:
    names = (*view_names(volume), *focused_view_names(volume))
    assert "sequence-attach" in names
    for name in names:
        source = build_view(volume, name).source
        assert nova_words(source) == [], name
        svg = subprocess.run([dot_binary, "-Tsvg"], input=source, capture_output=True, text=True, check=True).stdout
        assert nova_words(svg) == [], name
        if has_mermaid(volume, name):
            assert nova_words(mermaid_view(volume, name)) == [], name
    for name in view_names(volume):
        described = describe_view(volume, name)
        assert nova_words(" ".join((described.summary, *described.items))) == [], name
    legend = build_view(volume, "preconditions").source
    assert "ellipse: status; box: request" in legend
    assert "automatic, not a request" in legend
    assert "creates the volume" in build_view(volume, "transitions").source


def test_no_empty_columns(volume: Model) -> None:
    assert [k for k, _ in sequence_view(volume, "attach").columns] == ["vm", "note"]
    assert [c.header for c in step_columns(volume)] == ["Step", "From", "To", "Request", "Formerly", "Status", "Note"]
    headers = [c.header for c in action_columns(volume)]
    assert headers == ["Action", "Description", "Accepted statuses", "Results", "On failure", "Trigger"]
    assert [c.header for c in matrix(volume).columns][-1] == "deleted"  # the last state, no requirement after it
    page = model_page(volume)
    assert nova_words(page) == []
    assert "Statuses\n~~~~~~~~" in page
    assert 'The statuses each action accepts ("yes").' in page


def test_cli_outputs(volume: Model, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for argv in (
        ["show", str(VOLUME)],
        ["show", "--json", str(VOLUME)],
        ["check", str(VOLUME)],
        ["diff", str(VOLUME), str(LATER)],
        ["diff", "--json", str(VOLUME), str(LATER)],
        ["diff", "--format", "dot", str(VOLUME), str(LATER)],
        ["page", str(VOLUME), "-o", str(tmp_path / "page.rst")],
        ["render", str(VOLUME), "--format", "dot", "mermaid", "-o", str(tmp_path / "out")],
    ):
        assert main(argv) in (0, 1), argv
        out, err = capsys.readouterr()
        assert nova_words(out + err) == [], argv
    assert json.loads((main(["show", "--json", str(VOLUME)]) and "{}") or capsys.readouterr().out)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written
    for path in written:
        assert nova_words(path.read_text(encoding="utf-8")) == [], path


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_sphinx_builds(builder: str, make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clear_cache()
    src = tmp_path / "src"
    src.mkdir()
    root = Path(__file__).parent / "roots" / "test-volume"
    for item in root.iterdir():
        (src / item.name).write_bytes(item.read_bytes())
    app: SphinxTestApp = make_app(builder, srcdir=src, freshenv=True, confoverrides={"nitpicky": True})
    app.build()
    warnings = app.warning.getvalue()
    assert "unknown status 'nowhere'" in warnings
    assert nova_words(warnings) == []
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in Path(app.outdir).rglob("*") if p.is_file()]
    texts = [
        t
        for t, p in zip(texts, Path(app.outdir).rglob("*"), strict=False)
        if p.suffix in {".html", ".tex", ".txt", ".svg"}
    ]
    assert texts
    for text in texts:
        assert nova_words(text) == []
    # `.. vmgraph-sequence::` with no sequence drew the model's only one, with its table
    assert "has no sequence" not in warnings
    assert any("volume service" in text for text in texts)
    clear_cache()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = "vmgraph: 1\nid: m\nstates: [{id: a, initial: true}, {id: b, terminal: true}]\nactions:\n  - {id: go, accepts: [a], results: [b]}\n"


def test_terms_take_a_pair_and_refuse_three(tmp_path: Path) -> None:

    model = load_model(write(tmp_path, BASE + "terms:\n  state: [status, statuses]\n  resource: node\n"))
    assert (model.terms.states, model.terms.resources, model.terms.short) == ("statuses", "nodes", "action")
    with pytest.raises(ModelError, match=r"'state' of 'terms' must be one word or a list of two"):
        load_model(write(tmp_path, BASE + "terms:\n  state: [a, b, c]\n"))
    with pytest.raises(ModelError, match=r"unknown key 'vm' in 'terms'"):
        load_model(write(tmp_path, BASE + "terms:\n  vm: x\n"))


def test_a_step_names_its_state_with_state_or_the_old_vm_state(tmp_path: Path) -> None:

    seq = (
        "sequences:\n  - id: s\n    participants: [{id: x}]\n    steps:\n      - {caller: x, callee: x, call: c, %s}\n"
    )
    for key in ("state", "vm_state"):
        model = load_model(write(tmp_path, BASE + seq % f"{key}: b"))
        assert model.sequences[0].steps[0].vm_state == "b"
    with pytest.raises(ModelError, match="has both 'state' and 'vm_state'"):
        load_model(write(tmp_path, BASE + seq % "state: b, vm_state: b"))


def test_default_sequence_is_the_only_one_else_create(volume: Model) -> None:
    import dataclasses

    from vmgraph.errors import RenderError
    from vmgraph.views.sequence import default_sequence

    assert default_sequence(volume) == "attach"
    assert default_sequence(load_model("nova")) == "create"
    two = dataclasses.replace(volume, sequences=(*volume.sequences, dataclasses.replace(volume.sequences[0], id="x")))
    with pytest.raises(RenderError, match=r"model 'volume' has 2 sequences, name one of 'attach', 'x'"):
        default_sequence(two)
