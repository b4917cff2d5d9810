"""Behaviour of the preconditions and transitions views (vmgraph.emit.dot)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import graphviz
import pytest
from novaterms import NOVA_TERMS

from vmgraph.emit.dot import preconditions_graph, transitions_graph
from vmgraph.emit.style import Style
from vmgraph.errors import RenderError
from vmgraph.load.loader import load_model
from vmgraph.model import UNCHANGED, Accepts, Action, Model, Result, State, TaskRequirement, Variant
from vmgraph.views.graph import action_node, state_node

BENCH = Path(__file__).parent.parent / "bench"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
EDGE = re.compile(r'\t("?)([^"\s]+)\1 -> ("?)([^"\s]+)\3(?: \[(.*)\])?\n', re.DOTALL)
ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^\s\]]+)', re.DOTALL)
Views = Callable[..., graphviz.Digraph]
BOTH_VIEWS = pytest.mark.parametrize("view", [preconditions_graph, transitions_graph])


# -- helpers ---------------------------------------------------------------------------


def variant(
    accepts: tuple[str, ...] = (),
    results: tuple[Result, ...] = (),
    error: str | None = None,
    *,
    vid: str | None = None,
    any_: bool = False,
    label: str = "",
) -> Variant:
    """Return a variant accepting *accepts* (or any state) with *results*."""
    return Variant(vid, Accepts(any=any_, states=accepts), TaskRequirement(), True, results, error, label=label)


def act(action_id: str, *variants: Variant, label: str = "", trigger: str = "api") -> Action:
    """Return an action; its label defaults to its id."""
    return Action(action_id, label or action_id, variants, trigger=trigger)  # type: ignore[arg-type]


def res(to: str, source: str | None = None, when: str | None = None) -> Result:
    return Result(to, source, when)


def make_model(
    states: tuple[str, ...], *actions: Action, initial: tuple[str, ...] = (), terminal: tuple[str, ...] = ()
) -> Model:
    """Return a model of *states* (label: the id upper-cased) and *actions*."""
    made = tuple(State(s, s.upper(), initial=s in initial, terminal=s in terminal) for s in states)
    return Model("test", "Test", made, actions, terms=NOVA_TERMS)


def attributes(text: str) -> dict[str, str]:
    """Return the ``key=value`` pairs of a DOT attribute list, values as written in DOT."""
    return {key: value.removeprefix('"').removesuffix('"') for key, value in ATTR.findall(text)}


def edges(g: graphviz.Digraph) -> list[tuple[str, str, dict[str, str]]]:
    """Return (tail, head, attributes) of every edge statement of *g*, in order.

    An edge drawn right to left (``dir=back``) is given in the direction it means.
    """
    found = [EDGE.fullmatch(line) for line in g.body]
    ends = [(m, attributes(m[5] or "")) for m in found if m]
    return [(m[4], m[2], a) if a.get("dir") == "back" else (m[2], m[4], a) for m, a in ends]


def pairs(g: graphviz.Digraph) -> list[tuple[str, str]]:
    return [(tail, head) for tail, head, _ in edges(g)]


def node_line(g: graphviz.Digraph, name: str) -> str:
    (line,) = [x for x in g.body if x.startswith((f"\t{name} [", f'\t"{name}" ['))]
    return str(line)


def svg_of(dot_binary: str, g: graphviz.Digraph) -> ET.Element:
    proc = subprocess.run([dot_binary, "-Tsvg"], input=g.source, capture_output=True, text=True, check=True)
    assert proc.stderr == ""
    return ET.fromstring(proc.stdout)


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crossings", BENCH / "crossings.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VM = make_model(
    ("building", "active", "stopped", "error", "deleted"),
    act("create", variant((), (res("active"),), "error")),
    act("stop", variant(("active",), (res("stopped"),), "error")),
    act("start", variant(("stopped",), (res("active"),), "error")),
    act("snapshot", variant(("active", "stopped"), (res(UNCHANGED),), "error")),
    act(
        "rebuild",
        variant(
            ("active", "stopped"),
            (res("active", "active"), res("stopped", "stopped", "the instance was stopped")),
            "error",
        ),
    ),
    act(
        "reboot",
        variant(("active",), (res("active"),), "error", vid="soft", label="reboot (soft)"),
        variant(("active", "stopped", "error"), (res("active"),), "error", vid="hard"),
    ),
    act("reap", variant(("stopped",), (res("deleted"),)), trigger="system"),
    act("delete", variant((), (res("deleted"),), any_=True)),
    initial=("building",),
    terminal=("deleted",),
)


# -- node names ------------------------------------------------------------------------


@BOTH_VIEWS
def test_state_and_action_sharing_an_id_are_both_drawn(view: Views) -> None:
    model = make_model(("active", "rescue"), act("rescue", variant(("active",), (res("rescue"),))))
    g = view(model)
    assert node_line(g, "state_rescue")
    assert node_line(g, "state_active")
    if view is preconditions_graph:
        assert node_line(g, "action_rescue")
        assert pairs(g) == [("state_active", "action_rescue")]
        assert "rescue \N{RIGHTWARDS ARROW} RESCUE" in node_line(g, "action_rescue")
        full = preconditions_graph(model, compact=False)
        assert pairs(full) == [("state_active", "action_rescue"), ("action_rescue", "state_rescue")]
    else:
        assert pairs(g) == [("state_active", "state_rescue")]


def test_variants_get_one_box_each_with_namespaced_names() -> None:
    g = preconditions_graph(VM, compact=False)
    assert 'label="reboot (soft)' in node_line(g, "action_reboot.soft")
    assert 'label="reboot (hard)' in node_line(g, "action_reboot.hard")
    assert '"action_reboot.hard" -> state_active' in g.source
    rows = preconditions_graph(VM).source
    assert "reboot (soft) \N{RIGHTWARDS ARROW} ACTIVE" in rows
    assert "reboot (hard) \N{RIGHTWARDS ARROW} ACTIVE" in rows


# -- preconditions view ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["nova", "nova-2014"])
def test_every_accepted_state_and_every_result_is_an_edge(name: str) -> None:
    model = load_model(name)
    drawn = set(pairs(preconditions_graph(model, compact=False)))
    expected = set()
    for action in model.actions:
        for v in action.variants:
            box = action_node(action.id, v.id)
            expected |= {(state_node(s), box) for s in model.accepted(v)}
            expected |= {(box, state_node(r.to)) for r in v.results if r.to != UNCHANGED}
    assert drawn == expected


def test_any_is_expanded_without_terminal_and_unlaunched_states() -> None:
    tails = [tail for tail, head in pairs(preconditions_graph(VM, compact=False)) if head == "action_delete"]
    assert tails == ["state_active", "state_stopped", "state_error"]


def test_creating_action_has_no_incoming_edge() -> None:
    g = preconditions_graph(VM)
    assert [head for _, head in pairs(g)].count("action_create") == 0
    assert "\N{RIGHTWARDS ARROW} ACTIVE" in node_line(g, "action_create")
    assert ("action_create", "state_active") in pairs(preconditions_graph(VM, compact=False))


def test_unchanged_is_written_in_the_box_not_drawn_to_each_state() -> None:
    g = preconditions_graph(VM)
    assert "= unchanged" in node_line(g, "action_snapshot")
    assert [head for tail, head in pairs(g) if tail == "action_snapshot"] == []
    full = preconditions_graph(VM, compact=False)
    assert [head for tail, head in pairs(full) if tail == "action_snapshot"] == []
    assert "'= unchanged'" in g.source  # the legend explains it


def test_failure_is_written_in_the_box_not_drawn_to_error() -> None:
    g = preconditions_graph(VM)
    assert "on failure: ERROR" in node_line(g, "action_stop")
    assert "on failure" not in node_line(g, "action_reap")
    assert not [tail for tail, head in pairs(g) if head == "state_error"]


def test_per_source_and_conditional_results_are_labelled() -> None:
    rows = preconditions_graph(VM).source
    assert "\N{RIGHTWARDS ARROW} ACTIVE from ACTIVE" in rows
    assert "\N{RIGHTWARDS ARROW} STOPPED from STOPPED [the" in rows  # wrapped: the condition goes on
    assert "instance was stopped]" in rows
    g = preconditions_graph(VM, compact=False)
    attrs = {(t, h): a for t, h, a in edges(g)}
    assert attrs["action_rebuild", "state_active"]["label"] == "from ACTIVE"
    stopped = attrs["action_rebuild", "state_stopped"]
    assert stopped["label"] == stopped["tooltip"] == "from STOPPED [the instance was stopped]"
    assert attrs["action_start", "state_active"] == {}


def test_system_actions_are_dashed_rounded_and_explained() -> None:
    g = preconditions_graph(VM)
    assert 'style="filled,rounded,dashed"' in node_line(g, "action_reap")
    assert "dashed" not in node_line(g, "action_stop")
    assert "automatic, not an API call" in g.source


def test_legend_can_be_switched_off_and_rankdir_is_used() -> None:
    g = preconditions_graph(VM, style=Style(rankdir="LR", legend=False))
    assert "rankdir=LR" in g.source
    assert "labelloc" not in g.source


# -- transitions view ------------------------------------------------------------------


def test_transitions_merge_edges_of_one_pair_in_model_order() -> None:
    model = make_model(
        ("a", "b"),
        act("second", variant(("a",), (res("b"),))),
        act("first", variant(("a",), (res("b"),))),
    )
    assert edges(transitions_graph(model, compact=False)) == [("state_a", "state_b", {"label": "second\\nfirst"})]


def test_transitions_show_variants_conditions_and_system_actions() -> None:
    labels = {(t, h): a["label"] for t, h, a in edges(transitions_graph(VM, compact=False)) if "style" not in a}
    assert labels["state_active", "state_active"] == "snapshot\\nrebuild\\nreboot"  # both variants
    assert labels["state_stopped", "state_active"] == "start\\nreboot (hard)"
    assert labels["state_stopped", "state_stopped"] == "snapshot\\nrebuild [the instance was stopped]"
    assert labels["state_stopped", "state_deleted"] == "reap (system)\\ndelete"


def test_transitions_unchanged_is_written_in_the_state_or_a_self_loop_when_not_compact() -> None:
    model = make_model(("a",), act("look", variant(("a",), (res(UNCHANGED),))))
    assert edges(transitions_graph(model)) == []
    assert 'state_a [label="A\\nunchanged: look"' in transitions_graph(model).source
    assert edges(transitions_graph(model, compact=False)) == [("state_a", "state_a", {"label": "look"})]


def test_transitions_failures_are_one_dashed_edge_per_source() -> None:
    failing = [(t, a) for t, h, a in edges(transitions_graph(VM, compact=False)) if h == "state_error"]
    assert [t for t, _ in failing] == ["start.create", "state_active", "state_stopped", "state_error"]
    attrs = failing[1][1]
    assert (attrs["label"], attrs["style"]) == ("on failure", "dashed")
    assert attrs["tooltip"] == "on failure of: stop, snapshot, rebuild, reboot"


def test_transitions_creating_action_starts_from_a_point() -> None:
    g = transitions_graph(VM)
    assert "shape=point" in node_line(g, "start.create")
    assert ("start.create", "state_active", {"label": "create"}) in edges(g)


def test_transitions_per_source_results_follow_their_source() -> None:
    model = make_model(
        ("deploying", "cleaning", "deploy_failed", "clean_failed"),
        act(
            "fail",
            variant(("deploying", "cleaning"), (res("deploy_failed", "deploying"), res("clean_failed", "cleaning"))),
        ),
    )
    assert sorted(pairs(transitions_graph(model))) == [  # in reading order, not the file's
        ("state_cleaning", "state_clean_failed"),
        ("state_deploying", "state_deploy_failed"),
    ]
    labels = [a.get("label") for _, _, a in edges(preconditions_graph(model, compact=False))]
    assert labels == [None, None, "from DEPLOYING", "from CLEANING"]
    rows = node_line(preconditions_graph(model), "action_fail")
    assert "DEPLOY_FAILED from DEPLOYING" in rows
    assert "CLEAN_FAILED from CLEANING" in rows


# -- subsets ---------------------------------------------------------------------------


def test_state_subset_draws_those_states_and_their_actions() -> None:
    g = preconditions_graph(VM, states=["stopped"])
    names = [line.split()[0].strip('"') for line in g.body if "->" not in line and line.startswith("\t")]
    assert list(dict.fromkeys(n for n in names if n.startswith("state_"))) == ["state_stopped"]
    assert "action_pause" not in g.source
    assert set(pairs(g)) <= {(t, h) for t, h in pairs(g) if "state_stopped" in (t, h)}
    assert ("state_stopped", "action_start") in pairs(g)
    assert "stop \N{RIGHTWARDS ARROW} STOPPED" in node_line(g, "action_stop")
    assert ("action_stop", "state_stopped") in pairs(preconditions_graph(VM, states=["stopped"], compact=False))


def test_action_subset_draws_those_actions_and_the_states_they_touch() -> None:
    g = preconditions_graph(VM, actions=("start",))
    assert pairs(g) == [("state_stopped", "action_start")]
    assert "start \N{RIGHTWARDS ARROW} ACTIVE" in node_line(g, "action_start")
    full = preconditions_graph(VM, actions=("start",), compact=False)
    assert pairs(full) == [("state_stopped", "action_start"), ("action_start", "state_active")]
    assert "state_error" not in g.source
    t = transitions_graph(VM, actions=("start",), compact=False)
    assert pairs(t) == [("state_stopped", "state_active"), ("state_stopped", "state_error")]


def test_transition_state_subset_keeps_edges_touching_the_states() -> None:
    g = transitions_graph(VM, states={"deleted"}, compact=False)
    assert set(pairs(g)) == {
        ("state_stopped", "state_deleted"),
        ("state_active", "state_deleted"),
        ("state_error", "state_deleted"),
    }


@BOTH_VIEWS
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"states": ["stoped"]}, "unknown state 'stoped' (did you mean 'stopped'?)"),
        ({"actions": ["reebot"]}, "unknown action 'reebot' (did you mean 'reboot'?)"),
        ({"actions": ["zzz"]}, "unknown action 'zzz' (known: 'create', 'stop', 'start', 'snapshot', "),
        ({"states": ["error", "rescue"]}, "unknown state 'rescue'"),
    ],
)
def test_unknown_subset_id_is_named_with_a_suggestion(view: Views, kwargs: dict[str, list[str]], message: str) -> None:
    with pytest.raises(RenderError, match=re.escape(message)):
        view(VM, **kwargs)


# -- determinism and goldens -----------------------------------------------------------


@BOTH_VIEWS
@pytest.mark.parametrize("name", ["nova", "nova-2014"])
def test_output_is_deterministic(view: Views, name: str) -> None:
    assert view(load_model(name)).source == view(load_model(name)).source
    subset = ["active", "stopped", "paused", "error"]
    assert view(load_model(name), states=set(subset)).source == view(load_model(name), states=subset[::-1]).source


@pytest.mark.parametrize("name", ["nova", "nova-2014"])
@pytest.mark.parametrize("view", ["preconditions", "transitions"])
def test_golden(name: str, view: str, assert_golden: Callable[[str, str], None]) -> None:
    builder = preconditions_graph if view == "preconditions" else transitions_graph
    assert_golden(builder(load_model(name)).source, f"{name}/{view}.dot")


# -- hostile text ----------------------------------------------------------------------

HOSTILE = (
    'say "hi"',
    "back\\slash",
    "ends\\",
    "<b>x</b>",
    'x"];evil',
    "a]b [c",
    "\\N and \\G \\l",
    "ünïcødé ✓ 状態",
    "<lambda> <map>",
    "two\nlines",
)


def hostile_model() -> Model:
    states = tuple(State(f"s{i}", text, description=text) for i, text in enumerate(HOSTILE))
    actions = tuple(
        Action(
            f"a{i}",
            text,
            (variant((f"s{i}",), (res(f"s{(i + 1) % len(HOSTILE)}", when=text),), "s0"),),
            description=text,
        )
        for i, text in enumerate(HOSTILE)
    )
    return Model("hostile", "Hostile", states, actions)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


@BOTH_VIEWS
def test_hostile_labels_render_literally(view: Views, dot_binary: str) -> None:
    g = view(hostile_model(), style=Style(legend=False))
    root = svg_of(dot_binary, g)
    shown = "\n".join(texts(root))
    for text in HOSTILE:
        for line in text.splitlines():
            assert line in shown, line
    assert not [el for el in root.iter() if not el.tag.startswith(SVG)]  # no <b>, <lambda>, ...
    titles = [el.findtext(f"{SVG}title", "") for el in root.iter(f"{SVG}g") if el.get("class") == "node"]
    expected = [f"state_s{i}" for i in range(len(HOSTILE))]
    if view is preconditions_graph:
        expected += [f"action_a{i}" for i in range(len(HOSTILE))]
    assert sorted(titles) == sorted(expected)  # no injected node such as "evil"


def test_hostile_tooltips_render_literally(dot_binary: str) -> None:
    root = svg_of(dot_binary, preconditions_graph(hostile_model()))
    tooltips = {a.get(XLINK_TITLE) for a in root.iter(f"{SVG}a")}
    for text in HOSTILE:
        assert text in tooltips, text


def test_hostile_label_cannot_become_html() -> None:
    model = make_model(("a",), act("b", variant(("a",), (res("a", when="x>"),)), label="<x"))
    g = preconditions_graph(model)
    assert 'label="<x' in node_line(g, "action_b")
    assert "label=<" not in g.source


# -- readability -----------------------------------------------------------------------


def test_crossings_count_is_a_third_of_the_seed_diagram(dot_binary: str) -> None:
    bench = load_bench()
    seed = bench.count_crossings((BENCH / "seed.dot").read_text(encoding="utf-8"))
    ours = bench.count_crossings(preconditions_graph(load_model("nova-2014")).source)
    assert seed > 150  # the seed's tangle, as measured with Graphviz 2.43
    assert ours * 3 <= seed, f"{ours} crossings vs {seed} on the seed"
