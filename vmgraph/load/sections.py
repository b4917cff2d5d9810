"""Read the ``actions`` and ``sequences`` sections of a model file."""

from __future__ import annotations

from typing import Final

import yaml

from vmgraph.load.api import read_api, read_trigger
from vmgraph.load.known import (
    Defaults,
    Known,
    Seen,
    check_sources,
    check_unchanged,
    error_state,
    expand,
    has_source,
    task_requirement,
)
from vmgraph.load.reader import Reader
from vmgraph.model import (
    ANY,
    RESULT_WORDS,
    Accepts,
    Action,
    Participant,
    Result,
    Sequence,
    Step,
    TaskRequirement,
    Variant,
)

__all__ = ["read_actions", "read_sequences"]

_VARIANT_KEYS: Final = (
    "id",
    "label",
    "description",
    "code",
    "accepts",
    "task_state",
    "must_have_launched",
    "results",
    "error",
)
_ACTION_KEYS: Final = (*_VARIANT_KEYS, "trigger", "api", "variants")
_RESULT_KEYS: Final = ("to", "from", "when", "trigger")
_KEYWORDS: Final = RESULT_WORDS
_SEQUENCE_KEYS: Final = ("id", "label", "description", "participants", "steps")
_PARTICIPANT_KEYS: Final = ("id", "label")
_STEP_KEYS: Final = ("caller", "callee", "call", "historic", "state", "vm_state", "task_state", "power_state", "note")


def read_actions(r: Reader, node: yaml.Node | None, ids: Known, defaults: Defaults) -> tuple[Action, ...]:
    """Return the actions of the model, checking every reference."""
    if node is None:
        return ()
    actions: list[Action] = []
    seen = Seen(r, "action")
    for index, item in enumerate(r.sequence(node, "'actions'", allow_empty=False), 1):
        fields = r.mapping(item, f"action #{index}", _ACTION_KEYS, required=("id",))
        if fields is None or "id" not in fields:
            continue
        action_id = r.ident(fields["id"], f"action #{index}", kind="action", keep=("label",))
        if action_id is None or not seen.add(action_id, fields["id"], at=(node, index - 1)):
            continue
        actions.append(_action(r, action_id, item, fields, ids=ids, defaults=defaults))
    return tuple(actions)


def _action(
    r: Reader, action_id: str, node: yaml.Node, fields: dict[str, yaml.Node], *, ids: Known, defaults: Defaults
) -> Action:
    where = f"action {action_id!r}"
    label = r.text(fields["label"], f"label of {where}") if "label" in fields else action_id
    trigger = read_trigger(r, fields["trigger"], where) if "trigger" in fields else "api"
    base = _variant(
        r, None, where, fields, ids=ids, defaults=defaults, parent=None, label=label, default_code=(action_id,)
    )
    variants: tuple[Variant, ...] = (base,)
    if "variants" in fields:
        variants = _variants(r, fields["variants"], (where, label), ids=ids, defaults=defaults, base=base)
    elif "accepts" not in fields:
        r.missing(node, where, "accepts", " (use [] for a creating action)")
    else:
        check_unchanged(r, base, fields.get("results", node), where, ids)
    # Results the variants inherit may start from what a variant accepts.
    if "results" in fields and has_source(fields["results"]):
        accepted = {s for v in (base, *variants) for s in expand(v.accepts, v.must_have_launched, ids)}
        who = "neither it nor any of its variants accepts" if "variants" in fields else "it does not accept"
        check_sources(r, fields["results"], where, ids, accepted=tuple(s for s in ids.vm if s in accepted), who=who)
    return Action(
        id=action_id,
        label=label,
        variants=variants,
        description=base.description,
        trigger="system" if trigger == "system" else "api",
        api=read_api(r, fields["api"], where, ids) if "api" in fields else None,
    )


def _variants(
    r: Reader, node: yaml.Node, owner: tuple[str, str], *, ids: Known, defaults: Defaults, base: Variant
) -> tuple[Variant, ...]:
    where, action_label = owner
    variants: list[Variant] = []
    seen = Seen(r, "variant", within=where)
    for index, item in enumerate(r.sequence(node, f"'variants' of {where}", allow_empty=False), 1):
        fields = r.mapping(item, f"variant #{index} of {where}", _VARIANT_KEYS, required=("id",))
        if fields is None or "id" not in fields:
            continue
        variant_id = r.ident(fields["id"], f"variant #{index} of {where}")
        if variant_id is None or not seen.add(variant_id, fields["id"], at=(node, index - 1)):
            continue
        vwhere = f"variant {variant_id!r} of {where}"
        if "accepts" not in fields and base.accepts == Accepts():
            r.missing(item, vwhere, "accepts", " (and its action sets none)")
        label = r.text(fields["label"], f"label of {vwhere}") if "label" in fields else f"{action_label} ({variant_id})"
        variant = _variant(r, variant_id, vwhere, fields, ids=ids, defaults=defaults, parent=base, label=label)
        if "results" in fields:
            accepted = expand(variant.accepts, variant.must_have_launched, ids)
            check_sources(r, fields["results"], vwhere, ids, accepted=accepted, who="it does not accept")
        check_unchanged(r, variant, fields.get("results", item), vwhere, ids)
        variants.append(variant)
    return tuple(variants)


def _variant(
    r: Reader,
    variant_id: str | None,
    where: str,
    fields: dict[str, yaml.Node],
    *,
    ids: Known,
    defaults: Defaults,
    parent: Variant | None,
    label: str,
    default_code: tuple[str, ...] = (),
) -> Variant:
    """Read the requirement keys; keys left out come from *parent*, then *defaults*."""
    launched = parent.must_have_launched if parent else defaults.must_have_launched
    if "must_have_launched" in fields:
        launched = r.boolean(fields["must_have_launched"], f"'must_have_launched' of {where}")
    task = parent.task_state if parent else defaults.task_state
    if "task_state" in fields:
        task = task_requirement(r, fields["task_state"], where, ids)
    error = parent.error if parent else defaults.error
    if "error" in fields:
        error = error_state(r, fields["error"], where, ids)
    accepts = parent.accepts if parent else Accepts()
    if "accepts" in fields:
        accepts = _accepts(r, fields["accepts"], where, ids)
        everything = expand(Accepts(any=True), launched, ids)
        if accepts.exclude and everything and "state" not in r.unread and not expand(accepts, launched, ids):
            msg = f"'any_except' of {where} leaves no state to accept, which would make it create the resource"
            r.problem(fields["accepts"], f"{msg} (write 'accepts: []' for a creating action)")
    code = parent.code if parent else default_code
    if "code" in fields:
        code = tuple(r.python_name(c, f"'code' of {where}") for c in r.sequence(fields["code"], f"'code' of {where}"))
    description = parent.description if parent else ""
    if "description" in fields:
        description = r.paragraph(fields["description"], f"description of {where}")
    results = parent.results if parent else ()
    if "results" in fields:
        results = _results(r, fields["results"], where, ids)
    return Variant(
        id=variant_id,
        accepts=accepts,
        task_state=task if isinstance(task, TaskRequirement) else TaskRequirement(),
        must_have_launched=launched,
        results=results,
        error=error,
        code=code,
        label=label,
        description=description,
    )


def _accepts(r: Reader, node: yaml.Node, where: str, ids: Known) -> Accepts:
    what = f"'accepts' of {where}"
    if isinstance(node, yaml.ScalarNode):
        value = r.scalar(node, what)
        if value == ANY:
            return Accepts(any=True)
        hint = r.keyword_hint(value, (ANY,), ids.vm)
        r.problem(node, f"{what} must be 'any', {{any_except: [...]}} or a list of states, got {r.show(node)}{hint}")
        return Accepts()
    if isinstance(node, yaml.MappingNode):
        fields = r.mapping(node, what, ("any_except",), required=("any_except",))
        if not fields or "any_except" not in fields:
            return Accepts()
        return Accepts(any=True, exclude=_state_list(r, fields["any_except"], f"'any_except' of {where}", ids))
    states = _state_list(r, node, what, ids)
    if not states and isinstance(node, yaml.SequenceNode) and node.value:
        return Accepts(any=True)  # stand-in: a list of only bad states must not read as "creates"
    return Accepts(states=states)


def _state_list(r: Reader, node: yaml.Node, what: str, ids: Known) -> tuple[str, ...]:
    states: list[str] = []
    for item in r.sequence(node, what):
        ref = r.ref(item, what, "state", ids.vm)
        if ref is None:
            continue
        if ref in states:
            r.problem(item, f"{what} lists state {ref!r} twice")
            continue
        states.append(ref)
    return tuple(states)


def _results(r: Reader, node: yaml.Node, where: str, ids: Known) -> tuple[Result, ...]:
    what = f"'results' of {where}"
    if isinstance(node, yaml.ScalarNode):
        value = r.scalar(node, what)
        if value in _KEYWORDS:
            return (Result(str(value)),)
        hint = r.keyword_hint(value, _KEYWORDS, ids.vm)
        r.problem(node, f"{what} must be 'unchanged', 'previous' or a list of results, got {r.show(node)}{hint}")
        return ()
    if isinstance(node, yaml.SequenceNode) and not node.value:
        r.odd(node, f"{what} is an empty list: it leads to no state (list its results, or write 'unchanged')")
    results: list[Result] = []
    for item in r.sequence(node, what):
        before = len(results)
        if isinstance(item, yaml.ScalarNode):
            if (word := r.scalar(item, what)) in _KEYWORDS:
                results.append(Result(str(word)))
            elif (to := r.ref(item, what, "state", ids.vm)) is not None:
                results.append(Result(to))
            _check_repeated(r, item, what, results, before)
            continue
        fields = r.mapping(item, f"a result of {where}", _RESULT_KEYS, required=("to",))
        if not fields or "to" not in fields:
            continue
        to_node = fields["to"]
        word = r.scalar(to_node, what) if isinstance(to_node, yaml.ScalarNode) else None
        to = str(word) if word in _KEYWORDS else r.ref(to_node, f"'to' of a result of {where}", "state", ids.vm)
        source = None
        if "from" in fields:
            source = r.ref(fields["from"], f"'from' of a result of {where}", "state", ids.vm)
        when = r.text(fields["when"], f"'when' of a result of {where}") if "when" in fields else None
        trigger = read_trigger(r, fields["trigger"], f"a result of {where}") if "trigger" in fields else None
        if to is not None:
            results.append(Result(to, source, when, "system" if trigger == "system" else "api" if trigger else None))
        _check_repeated(r, item, what, results, before)
    return tuple(results)


def _check_repeated(r: Reader, item: yaml.Node, what: str, results: list[Result], before: int) -> None:
    """Report (and drop) the result just read if an earlier one is the same."""
    if len(results) > before and results[-1] in results[:-1]:
        new = results.pop()
        shown = (
            repr(new.to) + (f" from {new.source!r}" if new.source else "") + (f" when {new.when!r}" if new.when else "")
        )
        r.problem(item, f"{what} lists the result {shown} twice")


def read_sequences(r: Reader, node: yaml.Node, ids: Known) -> tuple[Sequence, ...]:
    """Return the sequences of the model, checking participants and states of each step."""
    sequences: list[Sequence] = []
    seen = Seen(r, "sequence")
    for index, item in enumerate(r.sequence(node, "'sequences'"), 1):
        fields = r.mapping(item, f"sequence #{index}", _SEQUENCE_KEYS, required=("id", "participants", "steps"))
        if fields is None or "id" not in fields:
            continue
        seq_id = r.ident(fields["id"], f"sequence #{index}")
        if seq_id is None or not seen.add(seq_id, fields["id"], at=(node, index - 1)):
            continue
        where = f"sequence {seq_id!r}"
        participants = _participants(r, fields.get("participants"), where)
        steps = _steps(r, fields.get("steps"), where, ids, tuple(p.id for p in participants))
        sequences.append(
            Sequence(
                id=seq_id,
                label=r.text(fields["label"], f"label of {where}") if "label" in fields else seq_id,
                participants=participants,
                steps=steps,
                description=r.paragraph(fields["description"], f"description of {where}")
                if "description" in fields
                else "",
            )
        )
    return tuple(sequences)


def _participants(r: Reader, node: yaml.Node | None, where: str) -> tuple[Participant, ...]:
    if node is None:
        return ()
    participants: list[Participant] = []
    seen = Seen(r, "participant", within=where)
    for index, item in enumerate(r.sequence(node, f"'participants' of {where}", allow_empty=False), 1):
        fields = r.mapping(item, f"participant #{index} of {where}", _PARTICIPANT_KEYS, required=("id",))
        if not fields or "id" not in fields:
            continue
        pid = r.ident(fields["id"], f"participant #{index} of {where}")
        if pid is None or not seen.add(pid, fields["id"], at=(node, index - 1)):
            continue
        label = r.text(fields["label"], f"label of participant {pid!r}") if "label" in fields else pid
        participants.append(Participant(pid, label))
    return tuple(participants)


def _steps(r: Reader, node: yaml.Node | None, where: str, ids: Known, parts: tuple[str, ...]) -> tuple[Step, ...]:
    if node is None:
        return ()
    steps: list[Step] = []
    for index, item in enumerate(r.sequence(node, f"'steps' of {where}", allow_empty=False), 1):
        swhere = f"step {index} of {where}"
        fields = r.mapping(item, swhere, _STEP_KEYS, required=("caller", "callee", "call"))
        if not fields or not {"caller", "callee", "call"} <= fields.keys():
            continue
        # Without participants (a problem reported already), calls cannot be checked.
        caller = r.ref(fields["caller"], f"'caller' of {swhere}", "participant", parts) if parts else None
        callee = r.ref(fields["callee"], f"'callee' of {swhere}", "participant", parts) if parts else None
        if "state" in fields and "vm_state" in fields:
            r.problem(fields["vm_state"], f"{swhere} has both 'state' and 'vm_state'; write 'state' only")
        task = None
        if "task_state" in fields:
            tnode = fields["task_state"]
            if isinstance(tnode, yaml.ScalarNode) and r.scalar(tnode, "'task_state'") in ("none", None):
                task = "none"
            else:
                task = r.ref(tnode, f"'task_state' of {swhere}", "task state", ids.task)

        def opt_text(key: str, fields: dict[str, yaml.Node] = fields, swhere: str = swhere) -> str | None:
            return r.text(fields[key], f"{key!r} of {swhere}") if key in fields else None

        def opt_ref(
            key: str, kind: str, known: tuple[str, ...], fields: dict[str, yaml.Node] = fields, swhere: str = swhere
        ) -> str | None:
            return r.ref(fields[key], f"{key!r} of {swhere}", kind, known) if key in fields else None

        steps.append(
            Step(
                caller=caller or "",
                callee=callee or "",
                call=r.text(fields["call"], f"'call' of {swhere}"),
                historic=opt_text("historic"),
                vm_state=opt_ref("state", "state", ids.vm) or opt_ref("vm_state", "state", ids.vm),
                task_state=task,
                power_state=opt_ref("power_state", "power state", ids.power),
                note=opt_text("note"),
            )
        )
    return tuple(steps)
