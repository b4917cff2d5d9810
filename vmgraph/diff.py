"""Compare two models: states, actions, accepted (action, state) pairs and requirements.

Pairs are compared per action, over the union of its variants, so splitting an action
into variants changes no pair. Requirements (accepted states, results, error, task
state, launched flag, code names) are compared per variant where both models have the
same variants. Output is plain data, text, or JSON; :mod:`vmgraph.emit.diffdot` draws it.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from vmgraph.model import UNCHANGED, Action, Api, Model, Result, State, TaskRequirement, Variant

__all__ = ["Change", "ModelDiff", "diff_json", "diff_models", "diff_text", "diff_to_dict"]

Scalar = str | bool | None
_WIDTH: Final = 100


@dataclass(frozen=True, slots=True)
class Change:
    """One difference of an action (``variant`` ``None``: the action itself or its only form).

    ``field`` is ``variants``, ``trigger``, ``api``, ``accepts``, ``results``, ``error``,
    ``task_state``, ``must_have_launched`` or ``code``. List fields fill ``added`` and
    ``removed``; the others ``old`` and ``new``.
    """

    action: str
    variant: str | None
    field: str
    added: tuple[str | None, ...] = ()
    removed: tuple[str | None, ...] = ()
    old: Scalar = None
    new: Scalar = None


@dataclass(frozen=True, slots=True)
class ModelDiff:
    """Everything that differs from ``old`` to ``new``, each part in model order."""

    old: Model
    new: Model
    states_added: tuple[str, ...]
    states_removed: tuple[str, ...]
    state_changes: tuple[tuple[str, str, Scalar | int, Scalar | int], ...]  # id, field, old, new
    task_states_added: tuple[str, ...]
    task_states_removed: tuple[str, ...]
    power_states_added: tuple[str, ...]
    power_states_removed: tuple[str, ...]
    actions_added: tuple[str, ...]
    actions_removed: tuple[str, ...]
    pairs_added: tuple[tuple[str, str], ...]  # (action, state), for actions in both models
    pairs_removed: tuple[tuple[str, str], ...]
    changes: tuple[Change, ...]

    @property
    def empty(self) -> bool:
        """Return True if the models describe the same lifecycle."""
        return not any(getattr(self, name) for name in self.__slots__ if name not in ("old", "new"))


def diff_models(old: Model, new: Model) -> ModelDiff:
    """Return the differences from *old* to *new*."""
    old_actions, new_actions = {a.id: a for a in old.actions}, {a.id: a for a in new.actions}
    both = [a for a in new.actions if a.id in old_actions]
    pairs_old = {(a.id, s) for a in old.actions if a.id in new_actions for s in accepted_union(old, a)}
    pairs_new = [(a.id, s) for a in both for s in accepted_union(new, a)]
    pairs_old_ordered = [(a.id, s) for a in old.actions if a.id in new_actions for s in accepted_union(old, a)]
    return ModelDiff(
        old=old,
        new=new,
        states_added=_added(old.states, new.states),
        states_removed=_added(new.states, old.states),
        state_changes=tuple(_state_changes(old, new)),
        task_states_added=_added(old.task_states, new.task_states),
        task_states_removed=_added(new.task_states, old.task_states),
        power_states_added=_added(old.power_states, new.power_states),
        power_states_removed=_added(new.power_states, old.power_states),
        actions_added=tuple(a.id for a in new.actions if a.id not in old_actions),
        actions_removed=tuple(a.id for a in old.actions if a.id not in new_actions),
        pairs_added=tuple(p for p in pairs_new if p not in pairs_old),
        pairs_removed=tuple(p for p in pairs_old_ordered if p not in set(pairs_new)),
        changes=tuple(c for a in both for c in _action_changes(old, new, old_actions[a.id], a)),
    )


def accepted_union(model: Model, action: Action) -> tuple[str, ...]:
    """Return the states any variant of *action* accepts, in model order."""
    accepted = {s for v in action.variants for s in model.accepted(v)}
    return tuple(s.id for s in model.states if s.id in accepted)


def _api_text(api: Api | None) -> str | None:
    """Return the API facts as compared and shown: ``verbs active, deploy (1.73); since 1.4; from x since 1.8``."""
    if api is None:
        return None
    parts = ["verbs " + ", ".join(v if s is None else f"{v} ({s})" for v, s in api.verbs)] if api.verbs else []
    parts += [f"since {api.min_version}"] if api.min_version is not None else []
    parts += [f"from {state} since {since}" for state, since in api.min_version_from]
    return "; ".join(parts)


def result_text(model: Model, result: Result) -> str:
    """Return a result as compared and shown: ``to``, ``unchanged``, ``x from y [when]``."""
    text = result.to if result.to == UNCHANGED or result.source is None else f"{result.to} from {result.source}"
    text = text if result.when is None else f"{text} [{result.when}]"
    return text if result.trigger is None else f"{text} ({result.trigger})"


def _added(before: tuple[State, ...], after: tuple[State, ...]) -> tuple[str, ...]:
    known = {s.id for s in before}
    return tuple(s.id for s in after if s.id not in known)


def _state_changes(old: Model, new: Model) -> Iterator[tuple[str, str, Scalar | int, Scalar | int]]:
    before = {s.id: s for s in old.states}
    for state in new.states:
        was = before.get(state.id)
        if was is None:
            continue
        for field in ("label", "value", "initial", "terminal", "kind", "target", "error"):
            a, b = getattr(was, field), getattr(state, field)
            if a != b:
                yield state.id, field, a, b


def _action_changes(old: Model, new: Model, was: Action, now: Action) -> Iterator[Change]:
    if was.trigger != now.trigger:
        yield Change(now.id, None, "trigger", old=was.trigger, new=now.trigger)
    if was.api != now.api:
        yield Change(now.id, None, "api", old=_api_text(was.api), new=_api_text(now.api))
    before = {v.id: v for v in was.variants}
    after = {v.id: v for v in now.variants}
    if before.keys() != after.keys():
        added = tuple(v for v in after if v not in before)
        removed = tuple(v for v in before if v not in after)
        yield Change(now.id, None, "variants", added=added, removed=removed)
    if None in before and None not in after:  # split into variants: each against the single form
        for variant in now.variants:
            yield from _variant_changes(old, new, now.id, before[None], variant, vid=variant.id)
    elif None in after and None not in before:  # merged into one form: each old variant against it
        for variant in was.variants:
            yield from _variant_changes(old, new, now.id, variant, after[None], vid=variant.id)
    for variant in now.variants:
        if variant.id in before:
            yield from _variant_changes(old, new, now.id, before[variant.id], variant)


def _variant_changes(
    old: Model, new: Model, action: str, was: Variant, now: Variant, *, vid: str | None = None
) -> Iterator[Change]:
    """Yield what differs from *was* to *now*, reported for variant *vid* (default: now's)."""
    vid = now.id if vid is None else vid
    acc_old, acc_new = old.accepted(was), new.accepted(now)
    if acc_old != acc_new:
        gained = tuple(s for s in acc_new if s not in acc_old)
        lost = tuple(s for s in acc_old if s not in acc_new)
        if gained or lost:
            yield Change(action, vid, "accepts", added=gained, removed=lost)
    res_old = [result_text(old, r) for r in was.results]
    res_new = [result_text(new, r) for r in now.results]
    if set(res_old) != set(res_new):
        gained = tuple(r for r in res_new if r not in res_old)
        lost = tuple(r for r in res_old if r not in res_new)
        yield Change(action, vid, "results", added=gained, removed=lost)
    if was.error != now.error:
        yield Change(action, vid, "error", old=was.error, new=now.error)
    if _task_key(was.task_state) != _task_key(now.task_state):
        yield Change(action, vid, "task_state", old=_task_text(was.task_state), new=_task_text(now.task_state))
    if was.must_have_launched != now.must_have_launched:
        yield Change(action, vid, "must_have_launched", old=was.must_have_launched, new=now.must_have_launched)
    if set(was.code) != set(now.code):
        gained = tuple(c for c in now.code if c not in was.code)
        lost = tuple(c for c in was.code if c not in now.code)
        yield Change(action, vid, "code", added=gained, removed=lost)


def _task_key(req: TaskRequirement) -> tuple[str, frozenset[str | None]]:
    return req.kind, frozenset(req.states)


def _task_text(req: TaskRequirement) -> str:
    """Return a task-state requirement as written: ``none``, ``any`` or the list."""
    return req.kind if req.kind != "list" else ", ".join("none" if s is None else s for s in req.states)


# -- output ---------------------------------------------------------------------------


def diff_to_dict(diff: ModelDiff) -> dict[str, Any]:
    """Return *diff* as JSON-ready data with a fixed set of keys."""

    def ids(added: tuple[str, ...], removed: tuple[str, ...]) -> dict[str, list[str]]:
        return {"added": list(added), "removed": list(removed)}

    # a state dimension neither model has is left out, like the tables' empty columns
    task = diff.old.task_states or diff.new.task_states
    power = diff.old.power_states or diff.new.power_states
    return {
        "old": {"id": diff.old.id, "title": diff.old.title},
        "new": {"id": diff.new.id, "title": diff.new.title},
        "states": {
            **ids(diff.states_added, diff.states_removed),
            "changed": [{"id": i, "field": f, "old": a, "new": b} for i, f, a, b in diff.state_changes],
        },
        **({"task_states": ids(diff.task_states_added, diff.task_states_removed)} if task else {}),
        **({"power_states": ids(diff.power_states_added, diff.power_states_removed)} if power else {}),
        "actions": ids(diff.actions_added, diff.actions_removed),
        "pairs": {
            "added": [{"action": a, "state": s} for a, s in diff.pairs_added],
            "removed": [{"action": a, "state": s} for a, s in diff.pairs_removed],
        },
        "changes": [
            {
                "action": c.action,
                "variant": c.variant,
                "field": c.field,
                "added": list(c.added),
                "removed": list(c.removed),
                "old": c.old,
                "new": c.new,
            }
            for c in diff.changes
        ],
    }


def diff_json(diff: ModelDiff) -> str:
    """Return :func:`diff_to_dict` as indented JSON ending in a newline."""
    return json.dumps(diff_to_dict(diff), indent=2, ensure_ascii=False) + "\n"


def diff_text(diff: ModelDiff) -> str:
    """Return *diff* as readable text: ``+`` for what *new* adds, ``-`` for what it drops."""
    lines = [f"--- {diff.old.id}: {diff.old.title}", f"+++ {diff.new.id}: {diff.new.title}"]
    if diff.empty:
        return "\n".join([*lines, "", "no differences"]) + "\n"
    words = diff.new.terms
    for title, added, removed in (
        ("states", diff.states_added, diff.states_removed),
        (words.task_states, diff.task_states_added, diff.task_states_removed),
        (words.power_states, diff.power_states_added, diff.power_states_removed),
        ("actions", diff.actions_added, diff.actions_removed),
    ):
        if added or removed:
            lines += ["", f"{title}: +{len(added)} -{len(removed)}"]
            lines += [_wrap(f"  + {', '.join(added)}")] if added else []
            lines += [_wrap(f"  - {', '.join(removed)}")] if removed else []
    if diff.state_changes:
        lines += ["", "changed states:"]
        lines += [f"  {i}: {f}: {_show(a)} -> {_show(b)}" for i, f, a, b in diff.state_changes]
    if diff.pairs_added or diff.pairs_removed:
        lines += ["", f"accepted (action, state) pairs: +{len(diff.pairs_added)} -{len(diff.pairs_removed)}"]
        lines += _grouped("+", diff.pairs_added) + _grouped("-", diff.pairs_removed)
    # a single form's accepted states are the pairs above
    shown = [c for c in diff.changes if not (c.field == "accepts" and c.variant is None)]
    if shown:
        lines += ["", "changed actions:"]
        lines += [_wrap(f"  {_change_text(c)}") for c in shown]
    return "\n".join(lines) + "\n"


def _wrap(line: str) -> str:
    return textwrap.fill(line, width=_WIDTH, subsequent_indent="      ", break_on_hyphens=False)


def _grouped(sign: str, pairs: tuple[tuple[str, str], ...]) -> list[str]:
    groups: dict[str, list[str]] = {}
    for action, state in pairs:
        groups.setdefault(action, []).append(state)
    return [_wrap(f"  {sign} {action}: {', '.join(states)} ({len(states)})") for action, states in groups.items()]


def _change_text(change: Change) -> str:
    subject = change.action if change.variant is None else f"{change.action} ({change.variant})"
    if change.added or change.removed:
        show = _show_variant if change.field == "variants" else _show
        parts = [f"+ {', '.join(show(a) for a in change.added)}"] if change.added else []
        parts += [f"- {', '.join(show(r) for r in change.removed)}"] if change.removed else []
        return f"{subject}: {change.field}: {'; '.join(parts)}"
    return f"{subject}: {change.field}: {_show(change.old)} -> {_show(change.new)}"


def _show_variant(value: Scalar | int) -> str:
    return "(single form)" if value is None else str(value)


def _show(value: Scalar | int) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
