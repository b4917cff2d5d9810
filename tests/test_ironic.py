"""The bundled ``ironic`` model: exact against the facts, valid, and every view golden."""

from __future__ import annotations

import subprocess
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from vmgraph.cli import main
from vmgraph.emit.mermaid import has_mermaid, mermaid_view
from vmgraph.emit.views import build_view
from vmgraph.load.loader import bundled_models, load_model
from vmgraph.model import Model
from vmgraph.views.describe import describe_view
from vmgraph.views.names import view_names

FACTS = Path(__file__).parent / "data" / "ironic-facts.txt"
#: The facts' words for a kind, and vmgraph's.
KINDS = {"stable": "stable", "in-progress": "in_progress", "failure": "failed", "waiting-for-operator": "waiting"}


def facts(section: str) -> list[tuple[str, ...]]:
    """Return the rows of one ``[section]`` of tests/data/ironic-facts.txt."""
    rows: list[tuple[str, ...]] = []
    inside = False
    for line in FACTS.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            inside = line.startswith(f"[{section}]")
        elif inside and line.strip():
            rows.append(tuple(cell.strip() for cell in line.split(" | ")))
    return rows


@pytest.fixture(scope="module")
def ironic() -> Model:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the bundled model loads without a single warning
        return load_model("ironic")


def test_ironic_is_bundled_and_checks_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert "ironic" in bundled_models()
    assert main(["check", "ironic"]) == 0
    assert capsys.readouterr().out.startswith("ironic: valid (30 states, 18 ")


def test_the_30_states_with_their_kinds_targets_and_errors(ironic: Model) -> None:
    rows = facts("states")
    assert len(rows) == 30
    by_value = {str(s.value): s for s in ironic.states}
    assert len(by_value) == len(ironic.states) == 30
    for value, kind, target, error in rows:
        state = by_value[value]
        assert state.label == value
        assert state.kind == KINDS[kind], value
        assert (ironic.state(state.target).value if state.target else "-") == target, value
        assert state.error == (error == "yes"), value
        assert not state.terminal
    assert [s.id for s in ironic.states if s.initial] == ["enroll"]


def test_the_93_transitions_are_exactly_the_facts(ironic: Model) -> None:
    value = {s.id: str(s.value) for s in ironic.states}
    rows = facts("transitions")
    assert len(rows) == len(set(rows)) == 93
    drawn = [(value[t.source], t.action, value[t.target]) for t in ironic.transitions()]
    assert len(drawn) == 93  # no creating action, no error edge, no "unchanged"
    assert sorted(drawn) == sorted((a, e, b) for a, e, b, _ in rows)
    assert {a.id for a in ironic.actions} == {e for _, e, _, _ in rows}


def test_the_words_are_ironics(ironic: Model) -> None:
    assert (ironic.terms.resource, ironic.terms.state, ironic.terms.action) == ("node", "provision state", "event")


@pytest.fixture(scope="module")
def names(ironic: Model) -> tuple[str, ...]:
    found = view_names(ironic)
    assert found == ("preconditions", "transitions")
    return found


def test_every_view_renders_and_matches_its_golden(
    ironic: Model, names: tuple[str, ...], assert_golden: Callable[[str, str], None], dot_binary: str
) -> None:
    for name in names:
        source = build_view(ironic, name).source
        assert_golden(source, f"ironic-bundled/{name}.dot")
        proc = subprocess.run([dot_binary, "-Tsvg"], input=source, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == "", proc.stderr
        assert "<svg" in proc.stdout


def test_every_view_has_a_mermaid_golden(
    ironic: Model, names: tuple[str, ...], assert_golden: Callable[[str, str], None]
) -> None:
    for name in names:
        assert has_mermaid(ironic, name)
        assert_golden(mermaid_view(ironic, name), f"ironic-bundled/{name}.mmd")


def test_every_view_has_an_alt_text_golden(
    ironic: Model, names: tuple[str, ...], assert_golden: Callable[[str, str], None]
) -> None:
    for name in names:
        description = describe_view(ironic, name)
        text = description.summary + "\n\n" + "".join(f"{item}\n" for item in description.items)
        assert_golden(text, f"ironic-bundled/{name}.alt.txt")


def test_the_page_matches_its_golden(tmp_path: Path, assert_golden: Callable[[str, str], None]) -> None:
    out = tmp_path / "ironic.rst"
    assert main(["page", "ironic", "-o", str(out)]) == 0
    assert_golden(out.read_text(encoding="utf-8"), "ironic-bundled/page.rst")


def test_show_json_matches_its_golden(
    capsys: pytest.CaptureFixture[str], assert_golden: Callable[[str, str], None]
) -> None:
    assert main(["show", "ironic", "--json"]) == 0
    assert_golden(capsys.readouterr().out, "ironic-bundled/show.json")


def test_who_sends_each_transition_is_the_facts(ironic: Model) -> None:
    value = {s.id: str(s.value) for s in ironic.states}
    sent = {(value[t.source], t.action, value[t.target]): t.trigger for t in ironic.transitions()}
    expected = {(a, e, b): "api" if by == "api" else "system" for a, e, b, by in facts("transitions")}
    assert sent == expected
    assert sent[("deleting", "clean", "cleaning")] == "system"  # an API verb the conductor sends here
    assert sent[("manageable", "clean", "cleaning")] == "api"


def test_the_verbs_and_their_lowest_api_versions_are_the_facts(ironic: Model) -> None:
    found = {}
    for action in ironic.actions:
        api = action.api
        for verb, since in api.verbs if api is not None else ():
            found[verb] = (action.id, since or (api.min_version if api is not None else None) or "-")
    assert found == {verb: (event, since) for verb, event, since in facts("verbs")}
    assert all(a.api is None for a in ironic.actions if a.trigger == "system")
