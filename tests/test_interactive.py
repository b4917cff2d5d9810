"""Interactive diagrams without a browser: the focus map is the static highlight, its JSON is data only."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import needs
import pytest

from vmgraph.cli import main
from vmgraph.emit.html import FOCUS_JS, focus_json, html_page, mark_svg, static_text
from vmgraph.emit.views import build_view
from vmgraph.load.loader import load_model
from vmgraph.views.emphasis import Highlight, emphasis_for, emphasise, emphasised_in
from vmgraph.views.focusmap import NOTHING_SHARED, focus_map
from vmgraph.views.names import graph_view

DATA = Path(__file__).parent / "data"
MODELS = {
    "nova": "nova",
    "ironic": "ironic",
    "ironic-complete": str(DATA / "ironic-complete.yaml"),
    "hostile": str(DATA / "hostile.yaml"),
}


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("view", ["preconditions", "transitions"])
def test_every_selection_is_what_highlight_emphasises(name: str, view: str) -> None:
    model = load_model(MODELS[name])
    focus = focus_map(model, view)
    assert focus is not None
    assert focus.items
    assert {i.kind for i in focus.items} == {"state", "action"}
    drawn = graph_view(model, view)
    for chosen in focus.selections:
        states = (focus.items[chosen.state].id,) if chosen.state >= 0 else ()
        actions = (focus.items[chosen.action].id,) if chosen.action >= 0 else ()
        emphasis = emphasis_for(model, view, Highlight(states, actions))
        assert emphasis is not None
        nodes, edges = focus.emphases[chosen.emphasis]
        lit_nodes, lit_edges = emphasised_in(drawn, emphasis)
        assert {focus.nodes[n] for n in nodes} == lit_nodes
        # by index: two edges may share a key (ironic's manage: a result the system makes, one the caller does);
        # a two-way edge is drawn in full when either way is
        shown = emphasise(drawn, emphasis)
        assert set(edges) == {i for i, e in enumerate(shown.edges) if "emphasised" in e.roles}
        assert {shown.edges[i].key for i in edges} == lit_edges
    singles = sum(1 for s in focus.selections if (s.state < 0) != (s.action < 0))
    assert singles == len(focus.items)  # each state and action alone


def test_a_pair_with_nothing_between_says_so() -> None:
    focus = focus_map(load_model("nova"), "preconditions")
    assert focus is not None
    said = {focus.lines[i] for s in focus.selections if s.state >= 0 and s.action >= 0 for i in focus.texts[s.text]}
    assert NOTHING_SHARED in said


def test_sequences_have_no_focus_map() -> None:
    assert focus_map(load_model("nova"), "create-sequence") is None


def test_a_subset_keeps_only_what_it_draws() -> None:
    model = load_model("nova")
    focus = focus_map(model, "transitions", states=["stopped"])
    assert focus is not None
    drawn = set(focus.nodes)
    assert all(set(item.nodes) <= drawn for item in focus.items)
    assert "stopped" in {i.id for i in focus.items}


def test_json_is_data_for_a_script_element() -> None:
    focus = focus_map(load_model(MODELS["hostile"]), "preconditions")
    assert focus is not None
    text = focus_json(focus, model="</script><script>alert(1)</script>", search=True)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    data = json.loads(text)
    assert data["model"] == "</script><script>alert(1)</script>"
    labels = {item[2] for item in data["items"]}
    assert "<b>x</b>" in labels
    assert 'x"];evil' in labels


def test_script_reads_text_only() -> None:
    code = static_text(FOCUS_JS)
    assert len(code.encode("utf-8")) < 10 * 1024
    assert "innerHTML" not in code and "eval(" not in code and "Function(" not in code
    assert "fetch(" not in code and "XMLHttpRequest" not in code


def _svg(model_name: str, view: str) -> bytes:
    needs.dot()
    source = build_view(load_model(MODELS[model_name]), view).source
    return subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True).stdout


@pytest.mark.parametrize("view", ["preconditions", "transitions"])
def test_every_node_and_edge_is_marked(view: str) -> None:
    focus = focus_map(load_model("nova"), view)
    assert focus is not None
    svg = _svg("nova", view)
    marked = mark_svg(svg, focus).decode()
    assert sorted(int(i) for i in re.findall(r'data-vmgraph-node="([0-9]+)"', marked)) == list(range(len(focus.nodes)))
    # every edge `dot` draws (it may draw two opposite edges as one, see `concentrate`)
    drawn = sorted(int(i) - 1 for i in re.findall(rb'<g id="edge([0-9]+)" class="edge"', svg))
    assert sorted(int(i) for i in re.findall(r'data-vmgraph-edge="([0-9]+)"', marked)) == drawn


def test_hostile_page_holds_no_markup_from_labels() -> None:
    model = load_model(MODELS["hostile"])
    focus = focus_map(model, "preconditions")
    page = html_page(
        _svg("hostile", "preconditions"), focus, title="<b>t</b>", alt="<script>x</script>", items=("<i>",)
    )
    assert "<script>alert(1)</script>" not in page
    assert "<b>x</b>" not in page
    assert "<script>x</script>" not in page and "<i>" not in page
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 1  # the code; the data is an attribute
    assert "alert" not in scripts[0]
    assert page.count("<script") == 1


def test_render_html_writes_one_page_per_view(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    needs.dot()
    assert main(["render", "nova", "--format", "html", "-o", str(tmp_path)]) == 0
    pages = sorted(p.name for p in tmp_path.glob("*.html"))
    assert pages == ["create-sequence.html", "preconditions.html", "transitions.html"]
    page = (tmp_path / "preconditions.html").read_text(encoding="utf-8")
    assert page.count('class="vmgraph-focus-data"') == 1
    assert "prefers-color-scheme: dark" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "vmgraph-focus-data" not in (tmp_path / "create-sequence.html").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["render", "nova", "--format", "html", "-o", str(tmp_path)]) == 0
    assert "3 files already current" in capsys.readouterr().err
    assert main(["check", "nova", "--outputs", str(tmp_path)]) == 0


def test_render_html_with_highlight_keeps_it_fixed(tmp_path: Path) -> None:
    needs.dot()
    argv = ["render", "nova", "--format", "html", "--view", "transitions", "--highlight", "state:stopped"]
    assert main([*argv, "-o", str(tmp_path)]) == 0
    assert "vmgraph-focus-data" not in (tmp_path / "transitions.html").read_text(encoding="utf-8")


def test_a_call_in_a_shared_box_emphasises_the_box() -> None:
    model = load_model("nova")
    alone = emphasis_for(model, "preconditions", Highlight((), ("force_delete",)))
    together = emphasis_for(model, "preconditions", Highlight((), ("delete",)))
    assert alone is not None and together is not None
    assert "action_force_delete" in alone.nodes  # the emphasis names the call, whichever box draws it
    drawn = graph_view(model, "preconditions")
    lit_nodes, lit_edges = emphasised_in(drawn, alone)
    assert "action_delete" in lit_nodes  # the box of "delete, force_delete", named after delete
    assert ("any_state", "action_delete", False) in lit_edges
    assert (lit_nodes, lit_edges) == emphasised_in(drawn, together)
    focus = focus_map(model, "preconditions")
    assert focus is not None
    assert [i.id for i in focus.items if "action_delete" in i.nodes] == ["delete", "force_delete"]


def test_transitions_actions_are_selected_by_the_edges_they_label() -> None:
    model = load_model("nova")
    focus = focus_map(model, "transitions")
    assert focus is not None
    actions = [i for i in focus.items if i.kind == "action"]
    assert {i.id for i in actions} == {a.id for a in model.actions}
    for item in actions:
        emphasis = emphasis_for(model, "transitions", Highlight((), (item.id,)))
        assert emphasis is not None
        drawn = emphasise(graph_view(model, "transitions"), emphasis)
        assert set(item.edges) == {e.key for e in drawn.edges if "emphasised" in e.roles}
        assert item.edges or emphasis.nodes  # a call that changes nothing: the states it is written in
    names = {i: item.id for i, item in enumerate(focus.items)}
    owners = {focus.edges[e][:2]: [names.get(o) for o in lines] for e, lines in enumerate(focus.owners)}
    # a two-way edge: "to X:" before each way names no call; "reboot (hard)" is reboot's
    both = owners["state_active", "state_stopped"]
    assert both == [None, "stop", *["evacuate"] * 3, None, "start", "reboot"]
    assert owners["any_state", "state_deleted"] == ["delete", "force_delete"]
    wrapped = owners["state_resized", "state_stopped"]  # a condition wrapped on several lines
    assert wrapped == [None, *["confirm_resize"] * 2, *["revert_resize"] * 3, None, "resize"]
    old = focus_map(load_model("nova-2014"), "transitions")
    assert old is not None
    old_names = {i: item.id for i, item in enumerate(old.items)}
    old_owners = {old.edges[e][:2]: [old_names.get(o) for o in lines] for e, lines in enumerate(old.owners)}
    hidden = old_owners["state_active", "state_stopped"]  # "+3 more" names none of them
    assert hidden == [None, "stop", "snapshot", "backup", None, "start", "snapshot", None]
    svg = mark_svg(_svg("nova", "transitions"), focus).decode()
    assert 'data-vmgraph-line="2"' in svg
