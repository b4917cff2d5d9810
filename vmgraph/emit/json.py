"""Model -> plain data for ``vmgraph show --json``: stable keys, wildcards expanded."""

from __future__ import annotations

import json
from typing import Any

from vmgraph.model import Action, Api, Model, Result, Sequence, State, Variant
from vmgraph.views.tables import marks
from vmgraph.views.wording import failure_text, result_text

__all__ = ["model_json", "model_text", "model_to_dict"]


def model_to_dict(model: Model) -> dict[str, Any]:
    """Return the resolved model as JSON-ready data (the shape ``show --json`` documents)."""
    dims = model.dimensions
    return {
        "model": model.id,
        "title": model.title,
        "description": model.description,
        "states": [_state(s, kinds=True) for s in model.states],
        **({"task_states": [_state(s) for s in model.task_states]} if "task" in dims else {}),
        **({"power_states": [_state(s) for s in model.power_states]} if "power" in dims else {}),
        "actions": [_action(model, a) for a in model.actions],
        "sequences": [_sequence(model, s) for s in model.sequences],
    }


def model_json(model: Model) -> str:
    """Return :func:`model_to_dict` as indented JSON text ending in a newline."""
    return json.dumps(model_to_dict(model), indent=2, ensure_ascii=False) + "\n"


def _state(state: State, *, kinds: bool = False) -> dict[str, Any]:
    """Return one state; with *kinds* (a state of 'states', not of another dimension) its kind too."""
    kind = {"kind": state.kind, "target": state.target, "error": state.error} if kinds else {}
    return {
        "id": state.id,
        "label": state.label,
        "value": state.value,
        "initial": state.initial,
        "terminal": state.terminal,
        **kind,
        "description": state.description,
    }


def _action(model: Model, action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "label": action.label,
        "description": action.description,
        "trigger": action.trigger,
        **({"api": _api(action.api)} if action.api is not None else {}),
        "variants": [_variant(model, v) for v in action.variants],
    }


def _api(api: Api) -> dict[str, Any]:
    return {
        "verbs": [{"verb": verb, "min_version": since} for verb, since in api.verbs],
        "min_version": api.min_version,
        "min_version_from": dict(api.min_version_from),
    }


def _variant(model: Model, variant: Variant) -> dict[str, Any]:
    """Return one variant; the other requirements only when the model uses them."""
    required: dict[str, Any] = {}
    if model.task_states:
        required["task_state"] = {"kind": variant.task_state.kind, "states": list(variant.task_state.states)}
    if model.uses_launched:
        required["must_have_launched"] = variant.must_have_launched
    return {
        "id": variant.id,
        "label": variant.label,
        "description": variant.description,
        "accepts": list(model.accepted(variant)),
        **required,
        "results": [_result(r) for r in variant.results],
        "error": variant.error,
        "code": list(variant.code),
    }


def _result(result: Result) -> dict[str, Any]:
    """Return one result; its ``trigger`` only when it has one of its own."""
    trigger = {} if result.trigger is None else {"trigger": result.trigger}
    return {"from": result.source, "to": result.to, "when": result.when, **trigger}


def _sequence(model: Model, sequence: Sequence) -> dict[str, Any]:
    """Return one sequence; each step has the states of the model's dimensions only."""
    keys = {"vm": "vm_state", "task": "task_state", "power": "power_state"}
    used = [keys[kind] for kind in model.dimensions]
    steps = []
    for step, after in zip(sequence.steps, sequence.timeline(), strict=True):
        set_now = {"vm_state": step.vm_state, "task_state": step.task_state, "power_state": step.power_state}
        in_force = dict(zip(keys.values(), after, strict=True))
        steps.append(
            {
                "caller": step.caller,
                "callee": step.callee,
                "call": step.call,
                "historic": step.historic,
                **{key: set_now[key] for key in used},
                "note": step.note,
                "after": {key: in_force[key] for key in used},
            }
        )
    return {
        "id": sequence.id,
        "label": sequence.label,
        "description": sequence.description,
        "participants": [{"id": p.id, "label": p.label} for p in sequence.participants],
        "steps": steps,
    }


def model_text(model: Model) -> str:
    """Return a short human-readable listing of the resolved model."""
    lines = [f"{model.title} ({model.id})", ""]
    for state in model.states:
        shown = marks(model, state)
        lines.append(f"state {state.label}" + (f" [{shown}]" if shown else ""))
    lines.append("")
    for action in model.actions:
        for variant in action.variants:
            accepts = ", ".join(model.state(s).label for s in model.accepted(variant)) or "(creates)"
            results = ", ".join(result_text(model, r) for r in variant.results)
            error = f"; on failure {failure_text(model, variant)}" if variant.error else ""
            trigger = " (system)" if action.trigger == "system" else ""
            lines.append(f"{variant.label}{trigger}: {accepts} -> {results or '(nothing)'}{error}")
    for sequence in model.sequences:
        lines += ["", f"sequence {sequence.label}"]
        lines += [f"  {n}. {step.caller} -> {step.callee}: {step.call}" for n, step in enumerate(sequence.steps, 1)]
    return "\n".join(lines) + "\n"
