"""Emphasis (vmgraph.views.emphasis): a highlighted part drawn bold, the rest faded; goldens, the CLI."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from vmgraph.cli import main
from vmgraph.emit.style import DEFAULT_STYLE, Style
from vmgraph.emit.views import build_view
from vmgraph.errors import RenderError
from vmgraph.load.loader import load_model
from vmgraph.views.emphasis import (
    LEGEND,
    Emphasis,
    Highlight,
    describe_highlight,
    emphasis_for,
    parse_highlight,
    resolve_highlight,
)
from vmgraph.views.preconditions import preconditions_view

#: Emphasised views kept as goldens: name -> (view, --highlight values).
CASES = {
    "transitions-shelved": ("transitions", ["state:shelved"]),
    "preconditions-shelve-family": (
        "preconditions",
        ["action:shelve", "action:shelve_offload", "action:unshelve", "action:offload_shelved"],
    ),
    "transitions-error": ("transitions", ["state:ERROR"]),
}


def _node_lines(source: str) -> dict[str, str]:
    return dict(re.findall(r'^\t("?[a-z][\w.]*"?) (\[.*\])$', source, re.MULTILINE))


@pytest.mark.parametrize("name", sorted(CASES))
def test_emphasised_views_golden(name: str, assert_golden: Callable[[str, str], None]) -> None:
    view, specs = CASES[name]
    nova = load_model("nova")
    graph = build_view(nova, view, emphasis=emphasis_for(nova, view, parse_highlight(specs)))
    assert_golden(graph.source, f"emphasis/nova/{name}.dot")


def test_highlighted_is_bold_and_the_rest_faded_but_drawn() -> None:
    nova = load_model("nova")
    plain = build_view(nova, "transitions").source
    emphasised = build_view(
        nova, "transitions", emphasis=emphasis_for(nova, "transitions", Highlight(states=("shelved",)))
    ).source
    assert _node_lines(plain).keys() == _node_lines(emphasised).keys(), "nothing disappears"
    assert plain.count(" -> ") == emphasised.count(" -> ")
    nodes = _node_lines(emphasised)
    assert "penwidth=2" in nodes["state_shelved"]
    assert 'fillcolor="#fff8dc"' in nodes["state_shelved"]
    assert "penwidth=2" in nodes["state_shelved_offloaded"], "the other end of a highlighted transition"
    faded = nodes["state_building"]
    assert 'color="#666666"' in faded
    assert "fillcolor" not in faded
    assert "style=bold" in faded, "the initial state keeps its bold border, without the fill"
    assert re.search(r'state_active -> state_shelved \[label="to SHELVED:\\nshelve.*penwidth=2', emphasised)
    assert re.search(
        r'state_active -> state_stopped \[label="to STOPPED:[^"]*" color="#666666"[^\]]* fontcolor="#666666"[^\]]*\]',
        emphasised,
    )
    assert LEGEND in emphasised


def test_the_key_explains_emphasis_only_when_there_is_a_key() -> None:
    nova = load_model("nova")
    quiet = Style(legend=False)
    emphasis = emphasis_for(nova, "preconditions", Highlight(actions=("shelve",)))
    source = build_view(nova, "preconditions", style=quiet, emphasis=emphasis).source
    assert LEGEND not in source
    assert "penwidth=2" in source


def test_faded_colour_is_the_palettes_muted() -> None:
    nova = load_model("nova")
    style = Style(palette=DEFAULT_STYLE.palette.__class__(muted="#5a5a5a"))
    emphasis = emphasis_for(nova, "transitions", Highlight(states=("shelved",)))
    assert emphasis is not None
    assert DEFAULT_STYLE.palette.muted != "#5a5a5a"  # the faded colour comes from the style drawing it
    assert 'color="#5a5a5a"' in build_view(nova, "transitions", style=style, emphasis=emphasis).source


def test_sequences_have_no_emphasis() -> None:
    nova = load_model("nova")
    assert emphasis_for(nova, "create-sequence", Highlight(states=("active",))) is None
    assert build_view(nova, "create-sequence", emphasis=Emphasis()).source == build_view(nova, "create-sequence").source


def test_names_are_ids_or_labels() -> None:
    nova = load_model("nova")
    resolved = resolve_highlight(
        nova, Highlight(states=("SHELVED_OFFLOADED", "Shelved", "shelved"), actions=("SHELVE",))
    )
    assert resolved == Highlight(states=("shelved_offloaded", "shelved"), actions=("shelve",))
    assert describe_highlight(nova, resolved) == (
        "Highlighted: what concerns SHELVED, SHELVED_OFFLOADED and shelve; the rest is faded."
    )


def test_unknown_names_suggest_the_closest() -> None:
    nova = load_model("nova")
    with pytest.raises(RenderError, match=r"unknown state 'shelvd' \(did you mean 'shelved'\?\); unknown action 'x'"):
        emphasis_for(nova, "transitions", Highlight(states=("shelvd",), actions=("x",)))
    with pytest.raises(RenderError, match="nothing to highlight"):
        emphasis_for(nova, "transitions", Highlight())


@pytest.mark.parametrize("spec", ["shelved", "stat:shelved", "state:", ":shelved", "state"])
def test_highlight_specs_need_a_kind_and_a_name(spec: str) -> None:
    with pytest.raises(ValueError, match="is not KIND:NAME"):
        parse_highlight([spec])


def test_emphasised_dot_is_accepted_by_graphviz(dot_binary: str) -> None:
    nova = load_model("nova-2014")
    for view in ("preconditions", "transitions"):
        emphasis = emphasis_for(nova, view, Highlight(states=("error",)))
        source = build_view(nova, view, emphasis=emphasis).source
        proc = subprocess.run([dot_binary, "-Tsvg"], input=source.encode(), capture_output=True, check=False)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == b""


# -- vmgraph render --highlight -----------------------------------------------------------------


def test_cli_highlight_writes_the_emphasised_views(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["render", "nova", "--view", "transitions", "create-sequence", "--format", "dot", "-o", str(tmp_path)]
    assert main([*argv, "--highlight", "state:shelved"]) == 0
    written = (tmp_path / "transitions.dot").read_text(encoding="utf-8")
    nova = load_model("nova")
    expected = build_view(nova, "transitions", emphasis=emphasis_for(nova, "transitions", Highlight(("shelved",))))
    assert written == expected.source
    assert (tmp_path / "create-sequence.dot").read_text(encoding="utf-8") == build_view(nova, "create-sequence").source
    assert capsys.readouterr().err == ""


def test_cli_unknown_highlight_is_an_error_without_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "nova", "--format", "dot", "-o", str(tmp_path), "--highlight", "action:shelf"]) == 1
    err = capsys.readouterr().err
    assert err == "vmgraph: error: unknown action 'shelf' (did you mean 'shelve'?)\n"
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_cli_malformed_highlight_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "nova", "--highlight", "shelved"]) == 2
    err = capsys.readouterr().err
    assert "argument --highlight: 'shelved' is not KIND:NAME" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("model", ["nova", "nova-2014", "ironic"])
@pytest.mark.parametrize(
    ("states", "actions"), [(None, None), (("active",), None), (None, ("delete",)), (("active",), ("reboot",))]
)
def test_an_unordered_preconditions_view_draws_the_same_nodes_and_edges(
    model: str, states: tuple[str, ...] | None, actions: tuple[str, ...] | None
) -> None:
    """What emphasis reads of a subset (``ordered=False``) is what the drawn subset holds, in another order."""
    lifecycle = load_model(model)
    known = {s.id for s in lifecycle.states}, {a.id for a in lifecycle.actions}
    states = states if states is None or set(states) <= known[0] else (lifecycle.states[1].id,)
    actions = actions if actions is None or set(actions) <= known[1] else (lifecycle.actions[-1].id,)
    drawn = preconditions_view(lifecycle, states=states, actions=actions)
    read = preconditions_view(lifecycle, states=states, actions=actions, ordered=False)
    assert {(n.name, n.stands_for, n.lines) for n in read.nodes} == {
        (n.name, n.stands_for, n.lines) for n in drawn.nodes
    }
    assert sorted(e.key for e in read.edges) == sorted(e.key for e in drawn.edges)
