"""Tests for ``vmgraph diff``: the 2014 diagram against current Nova, as text, JSON and DOT."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from vmgraph.cli import main
from vmgraph.diff import diff_json, diff_models, diff_text
from vmgraph.dotrun.backend import DotJob, run_dot
from vmgraph.emit.diffdot import diff_graph
from vmgraph.load.loader import load_model

Golden = Callable[[str, str], None]

#: The actions the November 2014 diagram did not draw, in the order of the nova model: the
#: guarded calls it left out and the periodic offload.
NEW_ACTIONS = (
    "force_delete", "trigger_crash_dump", "live_migrate_force_complete", "live_migrate_abort", "evacuate",
    "attach_volume", "detach_volume", "swap_volume", "attach_interface", "detach_interface",
    "update_instance_metadata", "delete_instance_metadata", "volume_snapshot_create", "volume_snapshot_delete",
    "offload_shelved",
)  # fmt: skip

#: The (call, state) pairs the November 2014 diagram missed, per call.
MISSED = {
    "delete": ["active", "resized", "shelved", "shelved_offloaded"],
    "soft_delete": [
        "paused",
        "suspended",
        "rescued",
        "resized",
        "soft_deleted",
        "error",
        "shelved",
        "shelved_offloaded",
    ],
    "snapshot": ["paused", "suspended"],
    "backup": ["paused", "suspended"],
    "rebuild": ["error"],
    "live_migrate": ["paused"],
}


def test_the_18_missed_pairs() -> None:
    diff = diff_models(load_model("nova-2014"), load_model("nova"))
    grouped: dict[str, list[str]] = {}
    for action, state in diff.pairs_added:
        grouped.setdefault(action, []).append(state)
    assert grouped == MISSED
    assert len(diff.pairs_added) == 18
    assert diff.pairs_removed == ()
    assert diff.actions_added == NEW_ACTIONS
    assert (diff.states_added, diff.states_removed, diff.state_changes) == ((), (), ())


def test_reverse_diff_removes_the_same_pairs() -> None:
    diff = diff_models(load_model("nova"), load_model("nova-2014"))
    assert len(diff.pairs_removed) == 18
    assert diff.pairs_added == ()
    assert diff.actions_removed == NEW_ACTIONS


def test_split_into_variants_compares_each_with_the_single_form() -> None:
    diff = diff_models(load_model("nova-2014"), load_model("nova"))
    reboot = [(c.variant, c.field, c.added, c.removed, c.old, c.new) for c in diff.changes if c.action == "reboot"]
    assert reboot == [
        (None, "variants", ("soft", "hard"), (None,), None, None),
        ("soft", "accepts", (), ("stopped", "paused", "suspended", "error"), None, None),
        ("soft", "code", (), ("_hard_reboot",), None, None),
        (
            "hard",
            "task_state",
            (),
            (),
            "none",
            "none, rebooting, reboot_pending, reboot_started, resuming, rebooting_hard, unpausing, pausing, suspending",
        ),
        ("hard", "code", (), ("_soft_reboot",), None, None),
    ]


def test_identical_models_have_no_differences() -> None:
    diff = diff_models(load_model("nova"), load_model("nova"))
    assert diff.empty
    assert diff_text(diff).endswith("\nno differences\n")


def test_text_golden(assert_golden: Golden) -> None:
    assert_golden(diff_text(diff_models(load_model("nova-2014"), load_model("nova"))), "diff/nova-2014-nova.txt")


def test_json_golden(assert_golden: Golden) -> None:
    text = diff_json(diff_models(load_model("nova-2014"), load_model("nova")))
    data = json.loads(text)
    assert list(data) == ["old", "new", "states", "task_states", "power_states", "actions", "pairs", "changes"]
    assert len(data["pairs"]["added"]) == 18
    assert {"action": "delete", "state": "active"} in data["pairs"]["added"]
    assert all(set(c) == {"action", "variant", "field", "added", "removed", "old", "new"} for c in data["changes"])
    assert_golden(text, "diff/nova-2014-nova.json")


def test_dot_golden(assert_golden: Golden) -> None:
    assert_golden(
        diff_graph(diff_models(load_model("nova-2014"), load_model("nova"))).source, "diff/nova-2014-nova.dot"
    )


def test_dot_marks_additions_removals_and_changes() -> None:
    source = diff_graph(diff_models(load_model("nova-2014"), load_model("nova"))).source
    added = '[color="#1a7f37" penwidth="2.5"]'
    for action, states in MISSED.items():
        for state in states:
            assert f"\tstate_{state} -> action_{action} {added}\n" in source
    assert '\taction_offload_shelved [color="#1a7f37" penwidth=2.5]\n' in source
    removed = '[color="#b22222" fontcolor="#b22222" style=dashed]'
    assert f"\taction_snapshot -> state_stopped {removed}\n" in source  # now "unchanged"
    assert '\taction_delete [color="#c26a00" penwidth=2.5 xlabel="changed: error"]\n' in source
    assert "\tconcentrate=false\n" in source


def test_dot_of_reverse_diff_keeps_removed_things_dashed() -> None:
    source = diff_graph(diff_models(load_model("nova"), load_model("nova-2014"))).source
    assert '\taction_offload_shelved [label=offload_shelved color="#b22222"' in source
    assert '\tstate_active -> action_delete [color="#b22222" fontcolor="#b22222" style=dashed]\n' in source


def test_diff_dot_lays_out(dot_binary: str) -> None:
    source = diff_graph(diff_models(load_model("nova-2014"), load_model("nova"))).source
    svg = run_dot(DotJob("diff", source, "svg"), dot=dot_binary)
    assert b"<svg" in svg


def test_cli_text_json_and_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "nova-2014", "nova"]) == 0
    out = capsys.readouterr().out
    assert "accepted (action, state) pairs: +18 -0\n" in out
    assert "  + delete: active, resized, shelved, shelved_offloaded (4)\n" in out
    assert main(["diff", "nova-2014", "nova", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["pairs"]["added"]) == 18
    assert main(["diff", "nova-2014", "nova", "--exit-code"]) == 1
    assert main(["diff", "nova", "nova", "--exit-code"]) == 0


def test_cli_writes_a_diagram(dot_binary: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "diff.svg"
    assert main(["diff", "nova-2014", "nova", "--format", "svg", "-o", str(out)]) == 0
    assert out.read_bytes().lstrip().startswith(b"<?xml")
    assert capsys.readouterr().out == ""
    assert main(["diff", "nova-2014", "nova", "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith("digraph vmgraph_diff {")


def test_cli_model_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("vmgraph: 1\nid: x\nstates: [a]\nactions: nope\n", encoding="utf-8")
    assert main(["diff", "nova", str(broken)]) == 1
    assert f"{broken}:4: " in capsys.readouterr().err
