"""Tests for vmgraph.model: the queries, and the facts of the bundled Nova models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vmgraph.cli import main
from vmgraph.load.loader import load_model
from vmgraph.model import (
    NO_TASK,
    UNCHANGED,
    Accepts,
    Action,
    Model,
    Participant,
    Result,
    Sequence,
    State,
    Step,
    TaskRequirement,
    Transition,
    Variant,
)

#: The 2014 page's digraph as facts: its states, declared boxes and edges, in its order.
SEED = Path(__file__).parent / "data" / "seed-2014.txt"


def variant(
    *states: str,
    any_: bool = False,
    exclude: tuple[str, ...] = (),
    results: tuple[Result, ...] = (),
    error: str | None = None,
    launched: bool = True,
    vid: str | None = None,
) -> Variant:
    return Variant(
        id=vid,
        accepts=Accepts(any=any_, states=states, exclude=exclude),
        task_state=TaskRequirement(),
        must_have_launched=launched,
        results=results,
        error=error,
    )


def action(action_id: str, *variants: Variant) -> Action:
    return Action(id=action_id, label=action_id, variants=variants)


STATES = (
    State("building", "BUILDING", initial=True),
    State("active", "ACTIVE"),
    State("stopped", "STOPPED"),
    State("error", "ERROR"),
    State("deleted", "DELETED", terminal=True),
)


def model(*actions: Action, states: tuple[State, ...] = STATES) -> Model:
    return Model(id="m", title="m", states=states, actions=actions)


# -- accepted ------------------------------------------------------------------------------------


def test_accepted_list_is_kept_as_written() -> None:
    m = model()
    assert m.accepted(variant("stopped", "active")) == ("stopped", "active")
    assert m.accepted(variant()) == ()


def test_any_leaves_out_terminal_and_unlaunched_states() -> None:
    m = model()
    assert m.accepted(variant(any_=True)) == ("active", "stopped", "error")
    assert m.accepted(variant(any_=True, launched=False)) == ("building", "active", "stopped", "error")


def test_any_except_leaves_out_the_listed_states_too() -> None:
    m = model()
    assert m.accepted(variant(any_=True, exclude=("error",))) == ("active", "stopped")
    assert m.accepted(variant(any_=True, exclude=("building",), launched=False)) == ("active", "stopped", "error")


# -- transitions ---------------------------------------------------------------------------------


def test_transitions_cover_results_unchanged_and_errors_in_model_order() -> None:
    m = model(
        action("create", variant(results=(Result("building"), Result("active")), error="error", launched=False)),
        action("snapshot", variant("active", "stopped", results=(Result(UNCHANGED),), error="error")),
        action(
            "power",
            variant(
                "active",
                "stopped",
                results=(Result("stopped", "active"), Result("active", "stopped", "it was off")),
            ),
        ),
    )
    assert m.transitions() == (
        Transition("", "building", "create", None, "result"),
        Transition("", "active", "create", None, "result"),
        Transition("", "error", "create", None, "error"),
        Transition("active", "active", "snapshot", None, "unchanged"),
        Transition("active", "error", "snapshot", None, "error"),
        Transition("stopped", "stopped", "snapshot", None, "unchanged"),
        Transition("stopped", "error", "snapshot", None, "error"),
        Transition("active", "stopped", "power", None, "result"),
        Transition("stopped", "active", "power", None, "result", "it was off"),
    )


def test_transitions_name_the_variant() -> None:
    m = model(
        action(
            "reboot",
            variant("active", results=(Result("active"),), vid="soft"),
            variant("stopped", results=(Result("active"),), vid="hard", error="error"),
        )
    )
    assert m.transitions() == (
        Transition("active", "active", "reboot", "soft", "result"),
        Transition("stopped", "active", "reboot", "hard", "result"),
        Transition("stopped", "error", "reboot", "hard", "error"),
    )


def test_actions_from_and_targets() -> None:
    stop = action("stop", variant("active", "error", results=(Result("stopped"),), error="error"))
    reboot = action(
        "reboot",
        variant("active", results=(Result("active"),), vid="soft"),
        variant("active", "stopped", results=(Result("active"),), vid="hard"),
    )
    m = model(stop, reboot)
    assert m.actions_from("active") == (
        (stop, stop.variants[0]),
        (reboot, reboot.variants[0]),
        (reboot, reboot.variants[1]),
    )
    assert m.actions_from("stopped") == ((reboot, reboot.variants[1]),)
    assert m.actions_from("deleted") == ()
    assert m.targets("stop") == ("stopped", "error")
    assert m.targets("reboot") == ("active",)
    assert m.targets("nothing") == ()


def test_transitions_of_an_action_are_its_share_of_all_in_model_order() -> None:
    stop = action("stop", variant("active", "error", results=(Result("stopped"),), error="error"))
    start = action("start", variant("stopped", results=(Result("active"),)))
    m = model(stop, start)
    assert m.transitions_of("stop") == tuple(t for t in m.transitions() if t.action == "stop")
    assert [(t.source, t.target, t.kind) for t in m.transitions_of("stop")] == [
        ("active", "stopped", "result"),
        ("active", "error", "error"),
        ("error", "stopped", "result"),
        ("error", "error", "error"),
    ]
    assert m.transitions_of("start") == tuple(t for t in m.transitions() if t.action == "start")
    assert m.transitions_of("nothing") == ()


def test_targets_of_a_creating_action_skip_the_empty_source() -> None:
    m = model(action("create", variant(results=(Result("building"),), error="error", launched=False)))
    assert m.targets("create") == ("building", "error")


def test_reachable_starts_at_initial_states_and_creation() -> None:
    states = (*STATES, State("orphan", "ORPHAN"))
    m = model(
        action("create", variant(results=(Result("active"),), launched=False)),
        action("stop", variant("active", results=(Result("stopped"),))),
        action("start", variant("building", results=(Result("error"),))),
        action("from_orphan", variant("orphan", results=(Result("deleted"),))),
        states=states,
    )
    assert m.reachable() == ("building", "active", "stopped", "error")


def test_dead_ends_ignore_self_loops_and_terminal_states() -> None:
    m = model(
        action("create", variant(results=(Result("building"),), launched=False)),
        action("boot", variant("building", results=(Result("active"),))),
        action("look", variant("active", "stopped", results=(Result(UNCHANGED),))),
        action("retry", variant("error", results=(Result("error"),))),
    )
    assert m.dead_ends() == ("active", "stopped", "error")


def test_matrix_has_one_row_per_variant_and_one_flag_per_state() -> None:
    reboot = action("reboot", variant("active", vid="soft"), variant(any_=True, vid="hard"))
    m = model(action("create", variant(launched=False)), reboot)
    assert [(a.id, v.id, flags) for a, v, flags in m.matrix()] == [
        ("create", None, (False, False, False, False, False)),
        ("reboot", "soft", (False, True, False, False, False)),
        ("reboot", "hard", (False, True, True, True, False)),
    ]


def test_lookups_raise_key_error_for_unknown_ids() -> None:
    m = model(action("stop", variant("active")))
    assert m.state("active").label == "ACTIVE"
    assert m.action("stop").id == "stop"
    with pytest.raises(KeyError):
        m.state("nope")
    with pytest.raises(KeyError):
        m.action("nope")
    with pytest.raises(KeyError):
        m.sequence("nope")


def test_creates_is_true_only_without_any_accepted_state() -> None:
    assert action("create", variant()).creates
    assert not action("stop", variant("active")).creates
    assert not action("delete", variant(any_=True)).creates
    assert not action("reboot", variant(), variant("active")).creates


# -- sequences -----------------------------------------------------------------------------------


def test_timeline_carries_states_forward_and_clears_the_task() -> None:
    seq = Sequence(
        id="create",
        label="create",
        participants=(Participant("api", "API"),),
        steps=(
            Step("api", "api", "one", vm_state="building", task_state="scheduling", power_state="pending"),
            Step("api", "api", "two", task_state=NO_TASK),
            Step("api", "api", "three", task_state="spawning"),
            Step("api", "api", "four"),
            Step("api", "api", "five", vm_state="active", task_state=NO_TASK, power_state="running"),
        ),
    )
    assert seq.timeline() == (
        ("building", "scheduling", "pending"),
        ("building", None, "pending"),
        ("building", "spawning", "pending"),
        ("building", "spawning", "pending"),
        ("active", None, "running"),
    )


def test_timeline_starts_empty() -> None:
    seq = Sequence("s", "s", (Participant("a", "a"),), (Step("a", "a", "call"),))
    assert seq.timeline() == ((None, None, None),)


# -- the bundled nova model against the reference ----------------------------------------------------------

NOVA_STATES = (
    "building", "active", "paused", "suspended", "stopped", "rescued", "resized",
    "soft_deleted", "deleted", "error", "shelved", "shelved_offloaded",
)  # fmt: skip

#: Section 6 of shared/reference/nova-vm-lifecycle.md, as written there ("-" for its en dash: no value).
REFERENCE_TABLE = """\
| create | (none: creates the VM) | - | - |
| delete | any | any | no |
| soft_delete | any | any | yes |
| restore | SOFT_DELETED | none | yes |
| pause | ACTIVE | none | yes |
| unpause | PAUSED | none | yes |
| suspend | ACTIVE | none | yes |
| resume | SUSPENDED | none | yes |
| start | STOPPED | none | yes |
| stop | ACTIVE, ERROR | none | yes |
| rescue | ACTIVE, STOPPED, ERROR | none | yes |
| unrescue | RESCUED | none | yes |
| resize | ACTIVE, STOPPED | none | yes |
| confirm_resize | RESIZED | none | yes |
| revert_resize | RESIZED | none | yes |
| snapshot | ACTIVE, STOPPED, PAUSED, SUSPENDED | none | yes |
| backup | ACTIVE, STOPPED, PAUSED, SUSPENDED | none | yes |
| rebuild | ACTIVE, STOPPED, ERROR | none | yes |
| set_admin_password | ACTIVE | none | yes |
| reboot (soft) | ACTIVE | none | yes |
| reboot (hard) | ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR | none, rebooting, reboot_pending, reboot_started, resuming, rebooting_hard, unpausing, pausing, suspending | yes |
| live_migrate | ACTIVE, PAUSED | none | yes |
| shelve | ACTIVE, STOPPED, PAUSED, SUSPENDED | none | yes |
| shelve_offload | SHELVED | none | yes |
| unshelve | SHELVED, SHELVED_OFFLOADED | none | yes |
"""

#: The other calls @check_instance_state guards in nova/compute/api.py of Nova 34.0.0, in the
#: same shape (the volume snapshot calls are checked on the functions nested in them).
GUARDED_TABLE = """\
| force_delete | any | any | no |
| trigger_crash_dump | ACTIVE, PAUSED, RESCUED, RESIZED, ERROR | none | yes |
| live_migrate_force_complete | ACTIVE | migrating | yes |
| live_migrate_abort | any | migrating | yes |
| evacuate | ACTIVE, STOPPED, ERROR | any | yes |
| attach_volume | ACTIVE, PAUSED, STOPPED, RESIZED, SOFT_DELETED, SHELVED, SHELVED_OFFLOADED | none | yes |
| detach_volume | ACTIVE, PAUSED, STOPPED, RESIZED, SOFT_DELETED, SHELVED, SHELVED_OFFLOADED | none | yes |
| swap_volume | ACTIVE, PAUSED, RESIZED | none | yes |
| attach_interface | ACTIVE, PAUSED, STOPPED | none | yes |
| detach_interface | ACTIVE, PAUSED, STOPPED | none | yes |
| update_instance_metadata | ACTIVE, PAUSED, SUSPENDED, STOPPED | any | yes |
| delete_instance_metadata | ACTIVE, PAUSED, SUSPENDED, STOPPED | any | yes |
| volume_snapshot_create | any | none | yes |
| volume_snapshot_delete | any | none | yes |
"""

#: Calls that change devices, metadata or the host but never the VM state, and whose failures
#: the compute manager only records as an instance fault.
STATE_KEEPING = (
    "trigger_crash_dump", "live_migrate_force_complete", "live_migrate_abort", "attach_volume", "detach_volume",
    "swap_volume", "attach_interface", "detach_interface", "update_instance_metadata", "delete_instance_metadata",
    "volume_snapshot_create", "volume_snapshot_delete",
)  # fmt: skip


def _reference_rows(
    table: str = REFERENCE_TABLE,
) -> dict[tuple[str, str | None], tuple[tuple[str, ...], TaskRequirement | None, bool | None]]:
    """Return {(call, variant): (accepted state ids, task requirement, needs launched)}."""
    rows = {}
    for line in table.splitlines():
        call, states, task, launched = (cell.strip() for cell in line.strip("|").split("|"))
        name, _, rest = call.partition(" (")
        key = (name, rest.rstrip(")") or None)
        needs = {"yes": True, "no": False, "-": None}[launched]
        if states == "any":  # every state but DELETED, and not BUILDING when launched
            accepted = tuple(s for s in NOVA_STATES if s != "deleted" and not (needs and s == "building"))
        elif states.startswith("(none"):
            accepted = ()
        else:
            accepted = tuple(s.strip().lower() for s in states.split(","))
        requirement = None
        if task in ("none", "any"):
            requirement = TaskRequirement(task)  # type: ignore[arg-type]
        elif task != "-":
            requirement = TaskRequirement("list", tuple(None if t == "none" else t for t in task.split(", ")))
        rows[key] = (accepted, requirement, needs)
    return rows


@pytest.fixture(scope="module")
def nova() -> Model:
    return load_model("nova")


@pytest.fixture(scope="module")
def nova_2014() -> Model:
    return load_model("nova-2014")


def test_nova_has_the_states_of_the_code(nova: Model) -> None:
    assert tuple(s.id for s in nova.states) == NOVA_STATES
    assert [s.id for s in nova.states if s.initial] == ["building"]
    assert [s.id for s in nova.states if s.terminal] == ["deleted"]
    assert nova.state("soft_deleted").value == "soft-delete"
    assert len(nova.task_states) == 42
    assert len({s.value for s in nova.task_states}) == 42
    assert [(s.id, s.label, s.value) for s in nova.power_states] == [
        ("pending", "NOSTATE", 0),
        ("running", "RUNNING", 1),
        ("paused", "PAUSED", 3),
        ("shutdown", "SHUTDOWN", 4),
        ("crashed", "CRASHED", 6),
        ("suspended", "SUSPENDED", 7),
    ]


def test_nova_accepts_what_the_reference_table_says(nova: Model) -> None:
    api = [(a, v) for a in nova.actions if a.trigger == "api" for v in a.variants]
    assert len({a.id for a, _ in api}) == 38
    reference = _reference_rows()
    assert len({call for call, _ in reference}) == 24
    assert [(a.id, v.id) for a, v in api if (a.id, v.id) in reference] == list(reference)
    guarded = _reference_rows(GUARDED_TABLE)
    assert [(a.id, v.id) for a, v in api if (a.id, v.id) not in reference] == list(guarded)
    reference |= guarded
    for a, v in api:
        accepted, task, launched = reference[a.id, v.id]
        assert nova.accepted(v) == accepted, (a.id, v.id)
        if task is not None:
            assert v.task_state == task, (a.id, v.id)
        if launched is not None:
            assert v.must_have_launched is launched, (a.id, v.id)


def test_nova_maps_every_guarded_function_of_the_api(nova: Model) -> None:
    code = [n for a in nova.actions if a.trigger == "api" for v in a.variants for n in v.code if n != "create"]
    assert len(code) == len(set(code)) == 39
    assert nova.action("snapshot").variants[0].code == ("snapshot", "snapshot_volume_backed")
    assert nova.action("volume_snapshot_create").variants[0].code == ("do_volume_snapshot_create",)
    assert nova.action("volume_snapshot_delete").variants[0].code == ("do_volume_snapshot_delete",)


def test_nova_results_follow_the_compute_manager(nova: Model) -> None:
    results = {
        (a.id, v.id): tuple((r.to, r.when is not None) for r in v.results) for a in nova.actions for v in a.variants
    }
    assert results["create", None] == (("building", False), ("active", False))
    for call in ("snapshot", "backup", "live_migrate", "set_admin_password"):
        assert results[call, None] == ((UNCHANGED, False),), call
    for call in ("confirm_resize", "revert_resize"):
        assert results[call, None] == (("active", False), ("stopped", True)), call
    # a rebuild powers the guest off again only when it was STOPPED before
    rebuild = nova.action("rebuild").variants[0].results
    assert [(r.source, r.to, r.when) for r in rebuild] == [
        ("active", "active", None), ("stopped", "stopped", None), ("error", "active", None),
    ]  # fmt: skip
    # so does an evacuation; an ACTIVE instance also comes back STOPPED if the request says so
    evacuate = nova.action("evacuate").variants[0].results
    assert [(r.source, r.to, r.when is not None) for r in evacuate] == [
        ("active", "active", True), ("active", "stopped", True), ("stopped", "stopped", False), ("error", "active", False),
    ]  # fmt: skip
    assert results["force_delete", None] == (("deleted", False),)
    for call in STATE_KEEPING:
        assert results[call, None] == ((UNCHANGED, False),), call
        assert nova.action(call).variants[0].error is None, call  # only an instance fault is recorded
    assert results["shelve", None] == (("shelved", False), ("shelved_offloaded", True))
    assert results["delete", None] == (("deleted", False),)
    assert results["unrescue", None] == (("active", False),)
    assert results["offload_shelved", None] == (("shelved_offloaded", False),)
    assert nova.action("offload_shelved").trigger == "system"
    reference = {call for call, _ in _reference_rows()}
    calls = [a for a in nova.actions if a.trigger == "api" and a.id in reference]
    assert len(calls) == 24
    assert {v.error for a in calls for v in a.variants} == {"error"}  # every call can end in ERROR
    assert {nova.action(call).variants[0].error for call in ("force_delete", "evacuate")} == {"error"}
    assert nova.action("offload_shelved").variants[0].error is None  # a periodic task, not a call


def test_nova_create_sequence_follows_the_reference(nova: Model) -> None:
    (create,) = nova.sequences
    assert [(s.call, s.historic) for s in create.steps] == [
        ("_populate_instance_for_create", "create_db_entry_for_new_instance"),
        ("_do_build_and_run_instance", "_start_building"),
        ("_allocate_network", None),
        ("_prep_block_device", None),
        ("_build_and_run_instance", "_spawn"),
        ("reply", None),
    ]
    assert create.timeline() == (
        ("building", "scheduling", "pending"),
        ("building", None, "pending"),
        ("building", "networking", "pending"),
        ("building", "block_device_mapping", "pending"),
        ("building", "spawning", "pending"),
        ("active", None, "running"),
    )


def test_nova_model_is_sound(nova: Model) -> None:
    assert nova.reachable() == NOVA_STATES
    assert nova.dead_ends() == ()


# -- nova-2014 is the seed diagram, edge for edge -------------------------------------------------------


def _seed_graph() -> tuple[list[str], set[tuple[str, str]], set[tuple[str, str]], set[str]]:
    """Return the seed's calls, (state, call) and (call, state) edges, and calls with an error edge.

    The two documented repairs are applied: revert_resize is a call although it is never
    declared a box, and ``building -> create`` becomes ``create -> building``.
    """
    lines = [line.split() for line in SEED.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    states = [words[1] for words in lines if words[0] == "state"]
    assert len(states) == 12
    declared = [words[1] for words in lines if words[0] == "call"]
    assert len(declared) == len(set(declared)) + 1  # one box is declared twice
    calls = list(dict.fromkeys(declared))
    edges = [(words[1], words[2]) for words in lines if words[0] == "edge"]
    undeclared = {n for edge in edges for n in edge if n not in states and n not in calls}
    assert undeclared == {"revert_resize"}  # defect 1 of the reference
    calls.insert(calls.index("confirm_resize") + 1, "revert_resize")
    accepts: set[tuple[str, str]] = set()
    results: set[tuple[str, str]] = set()
    errors: set[str] = set()
    for edge in edges:
        src, dst = (
            ("create", "building") if edge == ("building", "create") else edge
        )  # defect 2: create produces BUILDING
        if src in states:
            assert dst in calls
            accepts.add((src, dst))
        elif dst == "error":
            errors.add(src)
        else:
            results.add((src, dst))
    return calls, accepts, results, errors


def test_nova_2014_is_the_seed_diagram_edge_for_edge(nova_2014: Model) -> None:
    calls, accepts, results, errors = _seed_graph()
    assert [a.id for a in nova_2014.actions] == calls
    model_accepts = {(s, a.id) for a in nova_2014.actions for v in a.variants for s in nova_2014.accepted(v)}
    model_results = {(a.id, r.to) for a in nova_2014.actions for v in a.variants for r in v.results}
    model_errors = {a.id for a in nova_2014.actions for v in a.variants if v.error == "error"}
    assert model_accepts == accepts
    assert model_results == results
    assert model_errors == errors
    assert set(calls) - errors == {"delete", "unrescue"}  # content error 3, kept on purpose
    assert all(r.source is None and r.to != UNCHANGED for a in nova_2014.actions for v in a.variants for r in v.results)


def _accepted_pairs(capsys: pytest.CaptureFixture[str], name: str) -> set[tuple[str, str]]:
    assert main(["show", "--json", name]) == 0
    data = json.loads(capsys.readouterr().out)
    return {(a["id"], s) for a in data["actions"] if a["trigger"] == "api" for v in a["variants"] for s in v["accepts"]}


def test_nova_and_nova_2014_differ_in_18_accepted_pairs(capsys: pytest.CaptureFixture[str]) -> None:
    old = _accepted_pairs(capsys, "nova-2014")
    calls_2014 = {call for call, _ in old}
    assert len(calls_2014) == 23  # the 24 calls but create, which accepts no state
    everything = _accepted_pairs(capsys, "nova")
    guarded = {call for call, _ in _reference_rows(GUARDED_TABLE)}
    assert {call for call, _ in everything} - calls_2014 == guarded  # calls the 2014 page left out
    nova = {(call, s) for call, s in everything if call in calls_2014}
    assert old <= nova  # the 2014 diagram only misses pairs
    missing = sorted(nova - old)
    assert len(missing) == 18
    per_call: dict[str, int] = {}
    for call, _ in missing:
        per_call[call] = per_call.get(call, 0) + 1
    assert per_call == {"backup": 2, "delete": 4, "live_migrate": 1, "rebuild": 1, "snapshot": 2, "soft_delete": 8}
    assert {s for call, s in missing if call == "delete"} == {"active", "resized", "shelved", "shelved_offloaded"}
