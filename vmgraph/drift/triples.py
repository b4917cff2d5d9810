"""Compare the model's (from, event, to) triples with those of a transition table in the code.

The model's triples are its transitions (:meth:`vmgraph.model.Model.transitions`) with
each action's code names as events (default: the action's id). Code values map to states
through each state's ``value``, else its id; a ``'*'`` source of the ``transitions``
library is every state of the model, and a transition that stays where it is leads back
to its source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vmgraph.drift.findings import Finding
from vmgraph.drift.tables import ANY_SOURCE, CodeTransition
from vmgraph.model import Model

__all__ = ["Triple", "compare_triples", "model_triples"]

Triple = tuple[str, str, str]


def model_triples(model: Model) -> dict[Triple, tuple[str, str | None]]:
    """Return each (from, event, to) triple of *model* with its (action, variant), in model order."""
    variants = {(a.id, v.id): v for a in model.actions for v in a.variants}
    triples: dict[Triple, tuple[str, str | None]] = {}
    for edge in model.transitions():
        if not edge.source:
            continue  # a creating action: no machine moves into existence
        variant = variants[(edge.action, edge.variant)]
        for event in variant.code or (edge.action,):
            triples.setdefault((edge.source, event, edge.target), (edge.action, edge.variant))
    return triples


def compare_triples(
    model: Model,
    code: Sequence[CodeTransition],
    *,
    model_file: str | None = None,
    code_lines: Mapping[tuple[str, str | None], int] | None = None,
) -> list[Finding]:
    """Return the triples only the model has (in model order), then those only the code has."""
    by_value = {(s.id if s.value is None else str(s.value)): s.id for s in model.states}
    found: dict[Triple, CodeTransition] = {}
    for item in code:
        starts = [s.id for s in model.states] if item.start == ANY_SOURCE else [by_value.get(item.start, item.start)]
        for start in starts:
            end = start if item.end is None else by_value.get(item.end, item.end)
            found.setdefault((start, item.event, end), item)
    ours = model_triples(model)
    events: dict[str, tuple[str, str | None]] = {}
    for act in model.actions:
        for var in act.variants:
            for event in var.code or (act.id,):
                events.setdefault(event, (act.id, var.id))
    lines = code_lines or {}
    findings: list[Finding] = []
    for triple, (action, variant) in ours.items():
        if triple not in found:
            start, event, end = triple
            msg = f"the model moves {start} to {end} on {event!r} but the code has no such transition"
            line = lines.get((action, variant)) or lines.get((action, None))
            findings.append(
                Finding(
                    "transition-missing-in-code",
                    action,
                    variant,
                    msg,
                    model_file,
                    line,
                    (start, end),
                    transition=triple,
                )
            )
    for triple, item in found.items():
        if triple not in ours:
            start, event, end = triple
            owner, form = events.get(event, (None, None))
            known = "" if event in events else f" (no action of the model has the event {event!r})"
            shown = [s if s in by_value.values() else repr(s) for s in (start, end)]
            msg = f"the code moves {shown[0]} to {shown[1]} on {event!r} but the model has no such transition{known}"
            findings.append(
                Finding(
                    "transition-missing-in-model",
                    owner,
                    form,
                    msg,
                    str(item.path),
                    item.line,
                    (start, end),
                    transition=triple,
                )
            )
    return findings
