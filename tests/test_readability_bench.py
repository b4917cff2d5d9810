"""The readability measures of issue 12 (bench/layoutmeasure.py, bench/readability.py, bench/readtargets.py).

The measuring functions on tiny hand-made graphs with known answers (Graphviz 2.43), the
Cinder-like model, the check of the targets and the recorded "before" section of
docs/performance.rst.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
import warnings
from pathlib import Path
from types import ModuleType

import pytest

from vmgraph.load.loader import load_model

ROOT = Path(__file__).parent.parent
BENCH = ROOT / "bench"


def _load(name: str) -> ModuleType:
    """Import bench/<name>.py (it finds its sibling modules through sys.path)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def measure_mod() -> ModuleType:
    return _load("layoutmeasure")


@pytest.fixture(scope="module")
def readability() -> ModuleType:
    return _load("readability")


@pytest.fixture(scope="module")
def targets() -> ModuleType:
    _load("readability")
    return sys.modules["readtargets"]


# -- the measures, on graphs with known answers ---------------------------------------------


def test_two_edges_between_two_ranks_cross_once(dot_binary: str, measure_mod: ModuleType) -> None:
    assert measure_mod.measure("digraph { {a b} -> {c d} }").crossings == 1


def test_a_complete_bipartite_graph_between_two_ranks_crosses_nine_times(
    dot_binary: str, measure_mod: ModuleType
) -> None:
    # K(3,3) on two ranks: C(3,2) * C(3,2) crossings, whatever the order of the nodes
    assert measure_mod.measure("digraph { {a b c} -> {d e f} }").crossings == 9


def test_the_size_is_the_bounding_box_plus_the_pad(dot_binary: str, measure_mod: ModuleType) -> None:
    box = "a [shape=box fixedsize=true width=10 height=1 label=x fontsize=12]"
    m = measure_mod.measure(f"digraph {{ {box} }}")
    assert m.crossings == 0
    assert m.width_in == pytest.approx(728 / 72)  # 720 pt and Graphviz's default pad, 4 pt a side
    assert m.height_in == pytest.approx(80 / 72)
    padded = measure_mod.measure(f"digraph {{ graph [pad=0.5] {box} }}")
    assert padded.width_in == pytest.approx(11.0)


def test_the_smallest_text_is_scaled_to_a_700_px_column(dot_binary: str, measure_mod: ModuleType) -> None:
    box = "a [shape=box fixedsize=true width=10 height=1 label=x fontsize=12]"
    m = measure_mod.measure(f"digraph {{ {box} }}")
    assert m.smallest_pt == 12.0
    # 12 pt = 16 CSS px, in a drawing 728 pt = 970.67 px wide shown 700 px wide
    assert m.text_px == pytest.approx(16 * 700 / (728 * 96 / 72))


def test_edge_labels_count_and_the_smallest_wins(dot_binary: str, measure_mod: ModuleType) -> None:
    box = "a [shape=box fixedsize=true width=10 height=1 label=x fontsize=12]"
    m = measure_mod.measure(f"digraph {{ graph [pad=0.5] {box} a -> b [label=y fontsize=6] }}")
    assert m.smallest_pt == 6.0
    assert m.text_px == pytest.approx(8 * 700 / (11 * 96))


def test_a_narrow_drawing_is_never_scaled_up(dot_binary: str, measure_mod: ModuleType) -> None:
    m = measure_mod.measure("digraph { a [fontsize=9] }")
    assert m.text_px == pytest.approx(12.0)


def test_font_sizes_read_every_text_of_the_layout(measure_mod: ModuleType) -> None:
    layout = {
        "bb": "0,0,100,50",
        "_ldraw_": [{"op": "F", "size": 10.0}, {"op": "T", "text": "legend"}],
        "objects": [{"_ldraw_": [{"op": "F", "size": 5.0}, {"op": "T", "text": "s"}, {"op": "F", "size": 3.0}]}],
        "edges": [{"_hldraw_": [{"op": "F", "size": 7.0}, {"op": "T", "text": "h"}]}],
    }
    assert sorted(measure_mod.font_sizes(layout)) == [5.0, 7.0, 10.0]  # a font set for no text is no text
    assert measure_mod.drawing_size(layout) == pytest.approx((108 / 72, 58 / 72))


# -- the Cinder-like model -----------------------------------------------------------------------


def test_the_cinder_like_model_loads_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = load_model(BENCH / "models" / "cinder.yaml")
    assert len(model.states) == 19
    live = tuple(s.id for s in model.states if not s.terminal)
    for admin in ("force_delete", "reset_status"):
        (variant,) = model.action(admin).variants
        assert model.accepted(variant) == live, admin
    assert [s.id for s in model.sequences] == ["create"]


# -- the targets and the check -------------------------------------------------------------------


def test_the_targets_hold_the_numbers_of_the_issue(targets: ModuleType) -> None:
    bound = {(t.model, t.view, t.metric): t.bound for t in targets.TARGETS if t.bound is not None}
    assert bound[("nova", "preconditions", "crossings")] == 35
    assert bound[("nova", "transitions", "crossings")] == 35
    assert bound[("nova-2014", "preconditions", "crossings")] == 59
    assert bound[("ironic", "preconditions", "crossings")] == 130
    assert bound[("ironic", "transitions", "crossings")] == 22
    assert bound[("nova", "preconditions", "text")] == 7
    assert bound[("ironic", "transitions", "text")] == 6
    assert bound[("nova~3", "transitions", "crossings")] == 52.5
    (cinder,) = [t for t in targets.TARGETS if t.model == "cinder" and t.view == "transitions"]
    assert cinder.of_before == 0.1


def test_check_fails_a_missed_target_and_passes_one_held(targets: ModuleType) -> None:
    before = [targets.Result("cinder", "transitions", 816, 62.6, 12.6, 1.2)]
    rows = [
        targets.Result("nova", "preconditions", 36, 10.0, 5.0, 7.0),
        targets.Result("cinder", "transitions", 81, 10.0, 5.0, 7.0),
    ]
    chosen = [
        targets.Target("nova", "preconditions", "crossings", 35),
        targets.Target("nova", "preconditions", "text", 7),
        targets.Target("cinder", "transitions", "crossings", of_before=0.1),
        targets.Target("cinder", "overview", "crossings", of_before=1.0),
        targets.Target("ironic", "transitions", "crossings", 22),
    ]
    verdicts = [(v.measured, v.limit, v.verdict) for v in targets.check(rows, before, chosen)]
    assert verdicts == [
        (36.0, 35, "FAIL"),
        (7.0, 7, "PASS"),
        (81.0, 81.0, "PASS"),  # a tenth of 816, in whole crossings
        (None, None, "SKIP (no such view)"),
        (None, 22, "SKIP (not measured)"),
    ]


def test_the_script_check_fails_on_a_target_it_misses(
    dot_binary: str,
    readability: ModuleType,
    targets: ModuleType,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # no drawing of nova's preconditions is free of crossings: a target of 0 is missed
    strict = (targets.Target("nova", "preconditions", "crossings", 0),)
    monkeypatch.setattr(readability, "check", functools.partial(targets.check, targets=strict))
    assert readability.main(["--check", "--model", "nova", "--view", "preconditions"]) == 1
    out = capsys.readouterr().out
    assert "nova   preconditions  crossings" in out
    assert "FAIL" in out


def test_the_script_check_passes_what_is_no_worse_than_before(
    dot_binary: str, readability: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert readability.main(["--check", "--model", "nova-2014", "--view", "create-sequence"]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out
    assert out.count("PASS") == 2


def test_the_before_section_of_the_performance_page_is_what_the_script_prints(
    readability: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert readability.main(["--rst"]) == 0
    printed = capsys.readouterr().out
    page = (ROOT / "docs" / "performance.rst").read_text(encoding="utf-8")
    section = page.split(".. readability-before-start\n", 1)[1].split(".. readability-before-end", 1)[0]
    assert section.strip() == printed.strip()
    assert "nova             preconditions" in printed
    assert "cinder           transitions" in printed
