"""Generate a synthetic vmgraph model of any size, seeded and reproducible.

Usage::

    python bench/generate.py --states 1000 --actions 5000 --seed 1 -o big.yaml

The file is block-style YAML shaped like ``vmgraph/models/nova.yaml``: states with a label,
a value and a one-line description; task and power states; a ``create`` action, two actions
that accept ``any`` state (delete, soft delete) and the rest accepting a few states each;
results with ``when`` conditions, ``from`` sources and ``unchanged``; a few actions with
variants, a few automatic (``trigger: system``) ones and a ``create`` sequence.

Fan-in and fan-out are skewed as in real lifecycles: states early in the file (the "hubs",
like ACTIVE and STOPPED) are accepted and reached far more often than the rest (weights
``1 / (rank + 1)``). Every state is reachable from creation and every state but the
terminal one can be left, so a model loads without warnings. The same arguments always
give the same bytes.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["generate_model", "main"]

_WORDS = [
    "instance",
    "volume",
    "image",
    "host",
    "network",
    "port",
    "flavor",
    "quota",
    "snapshot",
    "backup",
    "replica",
    "cell",
    "request",
    "migration",
    "server",
    "guest",
    "disk",
    "keypair",
    "policy",
    "zone",
    "aggregate",
    "service",
    "allocation",
    "lease",
    "record",
    "tenant",
    "project",
    "record",
    "ledger",
    "bucket",
    "shard",
    "queue",
    "worker",
    "agent",
]
_VERBS = [
    "moves",
    "copies",
    "checks",
    "marks",
    "frees",
    "binds",
    "holds",
    "locks",
    "drains",
    "saves",
    "loads",
    "claims",
    "pins",
    "wakes",
    "parks",
    "sends",
    "clears",
    "flags",
    "tags",
    "syncs",
    "grows",
    "trims",
    "splits",
    "joins",
    "rolls",
]
_ADJS = ["cold", "warm", "idle", "busy", "pending", "stale", "fresh", "shared", "local", "remote", "primary", "spare"]
_CONDITIONS = (
    "the host is full",
    "the quota is exceeded",
    "the image is cached",
    "the guest did not answer",
    "the volume is attached",
    "a retry is allowed",
)
_TASKS = ("scheduling", "spawning", "migrating", "rebooting", "deleting", "resizing", "saving", "pausing")
_POWER = (("pending", 0), ("running", 1), ("paused", 3), ("shutdown", 4), ("crashed", 6), ("suspended", 7))
#: Appends one line to the output.
Writer = Callable[[str], None]

_PARTICIPANTS = (
    ("api", "compute API"),
    ("conductor", "conductor"),
    ("manager", "compute manager"),
    ("driver", "virt driver"),
)


def generate_model(*, states: int, actions: int, seed: int = 1, steps: int = 12, model_id: str = "synthetic") -> str:
    """Return the YAML text of a synthetic model with *states* VM states and *actions* actions.

    Args:
        states: Number of VM states (at least 4: building, active, error, deleted).
        actions: Number of actions (at least 3: create, delete, soft delete).
        seed: Seed of the generator; the same arguments give the same text.
        steps: Steps of the ``create`` sequence (0: no sequence).
        model_id: The model's ``id``.
    """
    if states < 4 or actions < 3:
        msg = "a model needs at least 4 states and 3 actions"
        raise ValueError(msg)
    rng = random.Random(seed)
    ids = ["building", "active", "error", "deleted", *(f"s{i:05d}_{rng.choice(_ADJS)}" for i in range(4, states))]
    ntasks = max(3, min(len(_TASKS) * 4, states // 10))
    tasks = [f"{_TASKS[i % len(_TASKS)]}_{i:03d}" for i in range(ntasks)]
    hub_weights = [1.0 / (rank + 1) for rank in range(states)]
    live = [i for i in range(states) if ids[i] not in ("building", "deleted")]  # what actions accept
    live_weights = [hub_weights[i] for i in live]
    out: list[str] = []
    w = out.append
    w("# Synthetic model from bench/generate.py: do not edit, regenerate.")
    w(f"# states={states} actions={actions} seed={seed} steps={steps}")
    w("vmgraph: 1")
    w(f"id: {model_id}")
    w(f"title: Synthetic lifecycle ({states} states, {actions} actions)")
    w("description: >-")
    w(f"  A generated model for benchmarks: {states} VM states and {actions} actions with skewed fan-in")
    w("  and fan-out, shaped like the bundled Nova model.")
    w("")
    w("defaults:\n  error: error\n  task_state: none\n  must_have_launched: true\n")
    w("states:")
    for i, sid in enumerate(ids):
        w(f"  - id: {sid}")
        w(f"    label: {sid.upper()}")
        w(f"    value: {sid.replace('_', '-')}")
        if sid == "building":
            w("    initial: true")
        if sid == "deleted":
            w("    terminal: true")
        w(f"    description: {_sentence(rng, 'The VM', i)}")
    w("\ntask_states:")
    for tid in tasks:
        w(
            f"  - id: {tid}\n    label: {tid.upper()}\n    value: {tid}\n    description: {_sentence(rng, 'Set while it', 0)}"
        )
    w("\npower_states:")
    for pid, value in _POWER:
        w(
            f"  - id: {pid}\n    label: {pid.upper()}\n    value: {value}\n    description: {_sentence(rng, 'The guest', 0)}"
        )
    w("\nactions:")
    _fixed_actions(w)
    made = 3
    # Reachability: every state past the four fixed ones is entered from an earlier one. With
    # fewer actions than states, one action leads to several states.
    extra = list(range(4, states))
    budget = actions - made
    if extra and budget:
        per_action = max(1, -(-len(extra) // max(1, budget // 2)))
        for chunk in _chunks(extra, per_action):
            parent = rng.choices(range(1, chunk[0]), weights=hub_weights[1 : chunk[0]])[0] if chunk[0] > 1 else 1
            made += 1
            _action(w, rng, f"enter_{made:05d}", accepts=[ids[parent]], results=[ids[c] for c in chunk])
    for n in range(made, actions):
        _random_action(w, rng, n, ids=ids, live=live, live_weights=live_weights, hub_weights=hub_weights, tasks=tasks)
    if steps:
        _sequence(w, rng, steps, tasks)
    return "\n".join(out) + "\n"


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _sentence(rng: random.Random, subject: str, salt: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 13))]
    return f"{subject} {rng.choice(_VERBS)} the {' '.join(words)} (item {salt})."


def _fixed_actions(w: Writer) -> None:
    w("  - id: create")
    w("    description: Creates the instance, which is BUILDING until it becomes ACTIVE.")
    w("    accepts: []\n    task_state: any\n    must_have_launched: false")
    w("    results: [building, active]\n")
    w("  - id: delete")
    w("    description: Deletes the instance permanently, from any state and even if it never launched.")
    w("    accepts: any\n    task_state: any\n    must_have_launched: false")
    w("    results: [deleted]\n")
    w("  - id: soft_delete")
    w("    description: Marks the instance deleted but keeps its disks so that it can be restored.")
    w("    accepts:\n      any_except: [error]\n    task_state: any")
    w("    results: unchanged\n")


def _action(w: Writer, rng: random.Random, aid: str, *, accepts: list[str], results: list[str]) -> None:
    w(f"  - id: {aid}")
    w(f"    description: {_sentence(rng, 'It', len(aid))}")
    w(f"    accepts: [{', '.join(accepts)}]")
    w(f"    results: [{', '.join(results)}]\n")


def _pick(rng: random.Random, population: Sequence[int], weights: Sequence[float], k: int) -> list[int]:
    chosen: dict[int, None] = {}
    for _ in range(k * 3):
        chosen[rng.choices(population, weights=weights)[0]] = None
        if len(chosen) == k:
            break
    return list(chosen)


def _random_action(
    w: Writer,
    rng: random.Random,
    n: int,
    *,
    ids: list[str],
    live: list[int],
    live_weights: list[float],
    hub_weights: list[float],
    tasks: list[str],
) -> None:
    aid = f"{rng.choice(_VERBS)}_{rng.choice(_WORDS)}_{n:05d}"
    w(f"  - id: {aid}")
    w(f"    description: {_sentence(rng, 'It', n)}")
    roll = rng.random()
    if roll < 0.03:
        w("    trigger: system")
    if rng.random() < 0.05:
        w(f"    task_state: [none, {rng.choice(tasks)}]")
    if roll > 0.95:  # variants, each with its own accepted states
        w(f"    code: [{aid}]")
        w("    variants:")
        for vid in ("soft", "hard"):
            accepts = [ids[i] for i in _pick(rng, live, live_weights, rng.randint(1, 3))]
            target = ids[_pick(rng, range(1, len(ids)), hub_weights[1:], 1)[0]]
            w(f"      - id: {vid}\n        accepts: [{', '.join(accepts)}]\n        results: [{target}]")
        w("")
        return
    accepts = [ids[i] for i in _pick(rng, live, live_weights, rng.choice((1, 1, 1, 2, 2, 3, 4)))]
    w(f"    accepts: [{', '.join(accepts)}]")
    kind = rng.random()
    targets = [ids[i] for i in _pick(rng, range(1, len(ids)), hub_weights[1:], 2)]
    if kind < 0.10:
        w("    results: unchanged")
    elif kind < 0.25 and len(targets) == 2:
        w(f"    results:\n      - {targets[0]}\n      - to: {targets[1]}\n        when: {rng.choice(_CONDITIONS)}")
    elif kind < 0.30 and len(accepts) > 1:
        w(f"    results:\n      - to: {targets[0]}\n        from: {accepts[0]}")
        w(f"      - to: {targets[-1]}\n        from: {accepts[1]}")
    else:
        w(f"    results: [{targets[0]}]")
    w("")


def _sequence(w: Writer, rng: random.Random, steps: int, tasks: list[str]) -> None:
    w("sequences:\n  - id: create\n    label: Create instance")
    w("    description: The calls that create an instance and the states each one sets.")
    w("    participants:")
    for pid, label in _PARTICIPANTS:
        w(f"      - id: {pid}\n        label: {label}")
    w("    steps:")
    parts = [p for p, _ in _PARTICIPANTS]
    for n, (a, b) in enumerate(itertools.islice(itertools.cycle(itertools.pairwise(parts + parts[::-1])), steps)):
        caller, callee = (a, a) if rng.random() < 0.3 else (a, b)
        w(f"      - caller: {caller}\n        callee: {callee}\n        call: _step_{n:03d}_{rng.choice(_VERBS)}")
        w(f"        vm_state: {'building' if n < steps - 1 else 'active'}")
        w(f"        task_state: {rng.choice(tasks) if n < steps - 1 else 'none'}")
        if rng.random() < 0.3:
            w(f"        power_state: {rng.choice(_POWER)[0]}")
        if rng.random() < 0.2:
            w(f"        note: {rng.choice(_CONDITIONS)}")


def main(argv: Sequence[str] | None = None) -> int:
    """Write a synthetic model to ``-o FILE`` (or stdout)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--states", type=int, default=100, help="VM states (default: %(default)s)")
    parser.add_argument("--actions", type=int, default=500, help="actions (default: %(default)s)")
    parser.add_argument("--steps", type=int, default=12, help="steps of the create sequence (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: %(default)s)")
    parser.add_argument("--id", default="synthetic", help="model id (default: %(default)s)")
    parser.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    args = parser.parse_args(argv)
    try:
        text = generate_model(
            states=args.states, actions=args.actions, seed=args.seed, steps=args.steps, model_id=args.id
        )
    except ValueError as err:
        parser.error(str(err))
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
