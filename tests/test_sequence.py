"""Tests for vmgraph.emit.sequence: sequence diagrams and their table rows."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import graphviz
import pytest
from novaterms import NOVA_TERMS

from vmgraph.emit.sequence import sequence_graph
from vmgraph.emit.style import Style
from vmgraph.errors import RenderError
from vmgraph.load.loader import load_model
from vmgraph.model import Model, Participant, Sequence, State, Step
from vmgraph.views.sequence import NO_VALUE, SequenceRow, sequence_rows

SVG = "{http://www.w3.org/2000/svg}"
EDGE = re.compile(r"^\s*(\w+) -> (\w+)(?: \[(.*)\])?$")
ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^\s\]]+)')

HOSTILE = (
    'say "hi"',
    "ends\\",
    "<b>x</b>",
    'x"];evil',
    "\\N",
    "]",
    "ünïcødé ✓",
    "<lambda> <map>",
    "a\\nb",
    '\\"',
    "&amp; {x|y}",
)

TWO = (Participant("api", "compute API"), Participant("manager", "compute manager"))
CREATE_STEPS = (
    Step("api", "api", "_populate_instance_for_create", "create_db_entry_for_new_instance",
         vm_state="building", task_state="scheduling", power_state="pending"),
    Step("api", "manager", "_do_build_and_run_instance", "_start_building", task_state="none"),
    Step("manager", "manager", "_allocate_network", vm_state="building", task_state="networking"),
    Step("manager", "api", "reply", vm_state="active", task_state="none", power_state="running",
         note="power state read from the driver"),
)  # fmt: skip


def make_model(
    steps: tuple[Step, ...] = CREATE_STEPS,
    participants: tuple[Participant, ...] = TWO,
    *,
    model_id: str = "nova",
    sequence_id: str = "create",
    labels: tuple[str, ...] = (),
) -> Model:
    """Return a small model with one sequence; *labels* replace the state labels."""
    vm: tuple[State, ...] = (State("building", "BUILDING"), State("active", "ACTIVE"))
    task: tuple[State, ...] = (State("scheduling", "SCHEDULING"), State("networking", "NETWORKING"))
    power: tuple[State, ...] = (State("pending", "NOSTATE"), State("running", "RUNNING"))
    if labels:
        vm = tuple(State(s.id, labels[i % len(labels)]) for i, s in enumerate(vm))
        task = tuple(State(s.id, labels[(i + 2) % len(labels)]) for i, s in enumerate(task))
        power = tuple(State(s.id, labels[(i + 4) % len(labels)]) for i, s in enumerate(power))
    seq = Sequence(sequence_id, "Create", participants, steps)
    return Model(model_id, "Nova", vm, (), task_states=task, power_states=power, sequences=(seq,), terms=NOVA_TERMS)


def edges(source: str) -> list[tuple[str, str, dict[str, str]]]:
    """Return (tail, head, attributes) of every edge statement in *source*, in order."""
    found = []
    for line in source.splitlines():
        match = EDGE.match(line)
        if match:
            attrs = {k: v.strip('"') for k, v in ATTR.findall(match.group(3) or "")}
            found.append((match.group(1), match.group(2), attrs))
    return found


def messages(source: str) -> list[tuple[str, str, dict[str, str]]]:
    """Return the visible edges within one row: the message arrows and their segments."""
    return [
        (t, h, a)
        for t, h, a in edges(source)
        if a.get("style") != "invis" and t.rsplit("_", 1)[1] == h.rsplit("_", 1)[1]
    ]


def layout(dot: str, g: graphviz.Digraph) -> dict[str, tuple[float, float]]:
    """Lay *g* out with real `dot` and return node name -> (x, y), y growing upwards."""
    out = subprocess.run([dot, "-Tjson"], input=g.source, capture_output=True, text=True, check=True)
    objects: list[dict[str, Any]] = json.loads(out.stdout)["objects"]
    pos = {}
    for obj in objects:
        if "pos" in obj:
            x, y = obj["pos"].split(",")
            pos[obj["name"]] = (float(x), float(y))
    return pos


def svg_of(dot: str, g: graphviz.Digraph) -> ET.Element:
    """Render *g* to SVG with real `dot` (failing on any warning) and parse it."""
    out = subprocess.run([dot, "-Tsvg"], input=g.source.encode(), capture_output=True, check=True)
    assert out.stderr == b"", out.stderr.decode()
    return ET.fromstring(out.stdout)


# -- structure --------------------------------------------------------------------------


def test_participants_are_header_boxes_in_model_order_on_one_pinned_row() -> None:
    parts = (Participant("zeta", "Z"), Participant("alpha", "A"), Participant("mid", "M"))
    g = sequence_graph(make_model((Step("zeta", "alpha", "call"),), parts))
    src = g.source
    row0 = src[src.index("subgraph row_0") : src.index("subgraph row_1")]
    assert "rank=same" in row0
    assert [row0.index(f"p_{p}_0 [") for p in ("zeta", "alpha", "mid")] == sorted(
        row0.index(f"p_{p}_0 [") for p in ("zeta", "alpha", "mid")
    )
    pins = [(t, h) for t, h, a in edges(src) if a.get("style") == "invis"]
    assert ("p_zeta_0", "p_alpha_0") in pins
    assert ("p_alpha_0", "p_mid_0") in pins
    assert ("p_mid_0", "vm_0") in pins
    assert "ordering=out" in src
    assert "rankdir=TB" in src


def test_every_row_is_pinned_left_to_right_and_lifelines_join_rows() -> None:
    g = sequence_graph(make_model())
    src = g.source
    for r in range(6):  # headers, 4 steps, footers
        assert f"subgraph row_{r} {{\n\t\tgraph [rank=same]" in src
    lifelines = [(t, h) for t, h, a in edges(src) if a.get("style") == "dashed"]
    assert lifelines == [(f"p_{p}_{r}", f"p_{p}_{r + 1}") for p in ("api", "manager") for r in range(5)]


def test_each_step_is_one_arrow_between_its_lifelines_in_order() -> None:
    src = sequence_graph(make_model()).source
    assert [(t, h, a.get("label"), a.get("dir")) for t, h, a in messages(src)] == [
        (
            "p_api_1",
            "p_api_1",
            "   1. _populate_instance_for_create\\n   (was create_db_entry_for_new_instance)",
            None,
        ),
        ("p_api_2", "p_manager_2", "2. _do_build_and_run_instance\\n(was _start_building)", None),
        ("p_manager_3", "p_manager_3", "   3. _allocate_network", None),
        ("p_api_4", "p_manager_4", "4. reply", "back"),  # written left to right, points left
    ]


def test_message_over_several_lifelines_is_straight_segments_with_one_label_and_one_head() -> None:
    parts = tuple(Participant(p, p.upper()) for p in ("a", "b", "c", "d"))
    steps = (Step("a", "d", "far"), Step("d", "a", "back"))
    src = sequence_graph(make_model(steps, parts)).source
    found = [(t, h, a.get("label"), a.get("dir")) for t, h, a in messages(src)]
    assert found == [
        ("p_a_1", "p_b_1", None, "none"),
        ("p_b_1", "p_c_1", "1. far", "none"),
        ("p_c_1", "p_d_1", None, None),
        ("p_a_2", "p_b_2", None, "back"),
        ("p_b_2", "p_c_2", "2. back", "none"),
        ("p_c_2", "p_d_2", None, "none"),
    ]
    # no invisible pin doubles a segment (it would bend the arrow)
    pins = {(t, h) for t, h, a in edges(src) if a.get("style") == "invis"}
    assert not pins & {(t, h) for t, h, _, _ in found}
    assert ("p_d_1", "vm_1") in pins


def test_self_call_is_a_loop_on_an_activation_bar() -> None:
    src = sequence_graph(make_model()).source
    assert re.search(r"p_api_1 \[label=\"\" [^\]]*shape=box", src)
    assert re.search(r"p_manager_1 \[label=\"\" [^\]]*shape=point", src)
    (loop,) = [a for t, h, a in messages(src) if t == h == "p_manager_3"]
    assert (loop["tailport"], loop["headport"]) == ("ne", "se")


def test_historic_name_shown_under_todays_call() -> None:
    src = sequence_graph(make_model()).source
    assert '"2. _do_build_and_run_instance\\n(was _start_building)"' in src
    assert "(was" not in src.split("_allocate_network")[1].split("\n")[0]


def test_state_columns_show_labels_after_each_step_and_mark_changes() -> None:
    g = sequence_graph(make_model(), style=Style())
    src = g.source
    cells = dict(re.findall(r"\b((?:vm|task|power|note)_\d) \[label=(\"[^\"]*\"|\S+)", src))
    assert cells["vm_0"] == '"VM state"'
    assert [cells[f"vm_{r}"] for r in (1, 2, 3, 4)] == ["BUILDING", "BUILDING", "BUILDING", "ACTIVE"]
    assert [cells[f"task_{r}"] for r in (1, 2, 3, 4)] == ["SCHEDULING", '"-"', "NETWORKING", '"-"']
    assert [cells[f"power_{r}"] for r in (1, 2, 3, 4)] == ["NOSTATE", "NOSTATE", "NOSTATE", "RUNNING"]
    assert cells["note_4"] == '"power state read from the driver"'
    fill = Style().palette.state_fill
    changed = {n for n, attrs in re.findall(r"\b((?:vm|task|power)_\d) \[([^\]]*)\]", src) if fill in attrs}
    assert changed == {"vm_1", "task_1", "power_1", "task_2", "task_3", "vm_4", "task_4", "power_4"}


def test_note_column_only_when_a_step_has_a_note() -> None:
    src = sequence_graph(make_model(CREATE_STEPS[:2])).source
    assert "note_" not in src


def test_style_sets_font_and_legend_but_never_the_direction() -> None:
    style = Style(rankdir="LR", fontname="Courier", fontsize=14.0, legend=False)
    src = sequence_graph(make_model(), style=style).source
    assert "rankdir=TB" in src
    assert "LR" not in src
    assert "fontname=Courier" in src
    assert "fontsize=14.0" in src
    assert "highlighted" not in src
    assert "highlighted: changed by the step" in sequence_graph(make_model()).source


# -- rows -------------------------------------------------------------------------------


def test_rows_carry_states_forward_as_labels() -> None:
    rows = sequence_rows(make_model())
    assert rows == (
        SequenceRow(1, "compute API", "compute API", "_populate_instance_for_create",
                    "create_db_entry_for_new_instance", "BUILDING", "SCHEDULING", "NOSTATE", None),
        SequenceRow(2, "compute API", "compute manager", "_do_build_and_run_instance", "_start_building",
                    "BUILDING", None, "NOSTATE", None),
        SequenceRow(3, "compute manager", "compute manager", "_allocate_network", None,
                    "BUILDING", "NETWORKING", "NOSTATE", None),
        SequenceRow(4, "compute manager", "compute API", "reply", None,
                    "ACTIVE", None, "RUNNING", "power state read from the driver"),
    )  # fmt: skip
    assert rows[1].states == ("BUILDING", None, "NOSTATE")


def test_rows_leave_states_never_set_as_none_and_cells_show_a_dash() -> None:
    model = make_model((Step("api", "manager", "ping"), Step("manager", "api", "pong", power_state="running")))
    rows = sequence_rows(model)
    assert [r.states for r in rows] == [(None, None, None), (None, None, "RUNNING")]
    assert f'vm_1 [label="{NO_VALUE}"' in sequence_graph(model).source


# -- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("build", [sequence_graph, sequence_rows])
def test_unknown_sequence_lists_the_known_ones(build: Callable[..., object]) -> None:
    with pytest.raises(RenderError) as err:
        build(make_model(), "foo")
    assert str(err.value) == "model 'nova' has no sequence 'foo' (known: 'create')"


def test_unknown_sequence_suggests_a_close_one() -> None:
    with pytest.raises(RenderError, match=r"has no sequence 'craete' .*; did you mean 'create'\?$"):
        sequence_graph(make_model(), "craete")


def test_model_without_sequences() -> None:
    model = Model("x", "X", (State("a", "A"),), ())
    with pytest.raises(RenderError) as err:
        sequence_rows(model)
    assert str(err.value) == "model 'x' has no sequences"


def test_unknown_participant_or_state_is_an_error_not_a_phantom() -> None:
    with pytest.raises(RenderError, match=r"sequence 'create' step 1 names unknown participant 'ghost'"):
        sequence_graph(make_model((Step("api", "ghost", "call"),)))
    with pytest.raises(RenderError, match=r"step 1: unknown task state 'bogus'"):
        sequence_rows(make_model((Step("api", "api", "call", task_state="bogus"),)))


@pytest.mark.parametrize("bad", ["a:b", 'x"];evil', "Node", "a b"])
def test_participant_ids_that_are_not_identifiers_are_refused(bad: str) -> None:
    parts = (Participant(bad, "label"), Participant("ok", "OK"))
    with pytest.raises(RenderError, match="is not an identifier"):
        sequence_graph(make_model((Step(bad, "ok", "call"),), parts))


# -- determinism and golden files -------------------------------------------------------


def test_output_is_byte_identical_across_runs_and_hash_seeds() -> None:
    assert sequence_graph(make_model()).source == sequence_graph(make_model()).source
    code = "from vmgraph.load.loader import load_model; from vmgraph.emit.sequence import sequence_graph as s; "
    code += "print(s(load_model('nova')).source, end='')"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize("name", ["nova", "nova-2014"])
def test_bundled_create_sequence_golden(name: str, assert_golden: Callable[[str, str], None]) -> None:
    assert_golden(sequence_graph(load_model(name)).source, f"{name}/create-sequence.dot")


# -- real layout and hostile text -------------------------------------------------------


@pytest.mark.parametrize("name", ["nova", "nova-2014"])
def test_dot_keeps_participants_in_order_rows_top_down_and_arrows_level(dot_binary: str, name: str) -> None:
    model = load_model(name)
    seq = model.sequence("create")
    pos = layout(dot_binary, sequence_graph(model))
    last = len(seq.steps) + 1
    for r in range(last + 1):
        xs = [pos[f"p_{p.id}_{r}"][0] for p in seq.participants]
        assert xs == sorted(xs) and len(set(xs)) == len(xs), f"row {r} reshuffled"
        assert xs[-1] < pos[f"vm_{r}"][0] < pos[f"task_{r}"][0] < pos[f"power_{r}"][0]
    for p in seq.participants:
        ys = [pos[f"p_{p.id}_{r}"][1] for r in range(last + 1)]
        assert ys == sorted(ys, reverse=True) and len(set(ys)) == len(ys)
        assert len({pos[f"p_{p.id}_{r}"][0] for r in range(1, last)}) == 1, "lifeline not straight"
    for col in ("vm", "task", "power"):
        assert len({pos[f"{col}_{r}"][0] for r in range(last)}) == 1, f"{col} column not aligned"
    for number, step in enumerate(seq.steps, 1):
        assert pos[f"p_{step.caller}_{number}"][1] == pos[f"p_{step.callee}_{number}"][1]


def test_dot_keeps_order_with_messages_skipping_and_reversing(dot_binary: str) -> None:
    parts = tuple(Participant(p, p.upper() * 3) for p in ("w", "x", "y", "z"))
    steps = (Step("z", "w", "back"), Step("w", "z", "far"), Step("y", "x", "left"), Step("x", "x", "self"))
    pos = layout(dot_binary, sequence_graph(make_model(steps, parts)))
    for r in range(6):
        xs = [pos[f"p_{p.id}_{r}"][0] for p in parts]
        assert xs == sorted(xs), f"row {r} reshuffled"


def test_hostile_text_is_literal_in_real_svg(dot_binary: str) -> None:
    parts = (Participant("api", HOSTILE[0]), Participant("drv", HOSTILE[1]), Participant("third", HOSTILE[2]))
    steps = tuple(
        Step(
            ("api", "drv", "third")[i % 3],
            ("drv", "third", "api", "drv")[i % 4],
            text,
            historic=text,
            note=text,
            vm_state=("building", "active")[i % 2],
            task_state=("scheduling", "none", "networking")[i % 3],
            power_state=("pending", "running")[i % 2],
        )
        for i, text in enumerate(HOSTILE)
    )
    model = make_model(steps, parts, labels=HOSTILE)
    root = svg_of(dot_binary, sequence_graph(model))
    texts = {(t.text or "").replace("\xa0", " ").strip() for t in root.iter(f"{SVG}text")}
    for number, text in enumerate(HOSTILE, 1):
        assert f"{number}. {text}" in texts
        assert f"(was {text})" in texts
        assert text.strip() in texts  # a note, a state label or a participant
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= {"svg", "g", "title", "text", "polygon", "path", "ellipse", "polyline"}
    node_titles = [el.find(f"{SVG}title") for el in root.iter(f"{SVG}g") if el.get("class") == "node"]
    names = [t.text or "" for t in node_titles if t is not None]
    last = len(HOSTILE) + 1  # the footer row's cells are invisible, so dot leaves them out
    expected = {f"p_{p.id}_{r}" for p in parts for r in range(last + 1)}
    expected |= {f"{col}_{r}" for col in ("vm", "task", "power", "note") for r in range(last)}
    assert sorted(names) == sorted(expected)


def test_line_breaks_inside_text_become_dot_line_breaks(dot_binary: str) -> None:
    steps = (Step("api", "manager", "first\nsecond", note="one\r\ntwo"),)
    g = sequence_graph(make_model(steps))
    assert '"1. first\\nsecond"' in g.source
    texts = [t.text for t in svg_of(dot_binary, g).iter(f"{SVG}text")]
    assert {"1. first", "second", "one", "two"} <= set(texts)
