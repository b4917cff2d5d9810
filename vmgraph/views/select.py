"""Which states and actions a view shows: the one selection and the one id-checking contract.

Every view, table and description takes the same ``states`` / ``actions`` arguments: ``None``
for everything, or a collection of ids (a single ``str`` is one id, never its letters).
Unknown ids are reported all at once, each with the one "did you mean" of :mod:`vmgraph.hints`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from vmgraph.errors import RenderError
from vmgraph.hints import unknown
from vmgraph.model import RESULT_WORDS, Action, Model, Transition, Variant

__all__ = [
    "Ids",
    "Selection",
    "checked_ids",
    "precondition_parts",
    "select",
    "touched",
    "transition_parts",
    "variant_rows",
]

#: A subset argument: ``None`` (everything), one id, or a collection of ids.
Ids = Collection[str] | None


def checked_ids(kind: str, given: Ids, known: Collection[str]) -> frozenset[str] | None:
    """Return the ids of a subset (``None``: everything; a ``str`` is one id).

    >>> sorted(checked_ids("state", "active", ["active", "stopped"]))
    ['active']
    >>> checked_ids("state", ["actve"], ["active", "stopped"])
    Traceback (most recent call last):
    ...
    vmgraph.errors.RenderError: unknown state 'actve' (did you mean 'active'?)

    Raises:
        RenderError: ids not in *known*, each named with a hint, in one message.
    """
    if given is None:
        return None
    wanted = frozenset((given,) if isinstance(given, str) else given)
    order = tuple(known)
    problems = [unknown(kind, bad, order) for bad in sorted(wanted.difference(order))]
    if problems:
        raise RenderError("; ".join(problems))
    return wanted


@dataclass(frozen=True, slots=True)
class Selection:
    """The checked subset a view was asked for: ``None`` means no limit of that kind."""

    states: frozenset[str] | None = None
    actions: frozenset[str] | None = None

    @property
    def everything(self) -> bool:
        """True when neither states nor actions limit the view."""
        return self.states is None and self.actions is None


def select(model: Model, *, states: Ids = None, actions: Ids = None) -> Selection:
    """Return the checked selection of *states* and *actions* of *model*.

    Raises:
        RenderError: an id is not a state or an action of *model* (all named at once).
    """
    problems: list[str] = []
    found: list[frozenset[str] | None] = []
    for kind, given, known in (
        ("state", states, [s.id for s in model.states]),
        ("action", actions, [a.id for a in model.actions]),
    ):
        try:
            found.append(checked_ids(kind, given, known))
        except RenderError as err:
            problems.append(str(err))
    if problems:
        raise RenderError("; ".join(problems))
    return Selection(found[0], found[1])


def touched(model: Model, variant: Variant) -> tuple[str, ...]:
    """Return the states *variant* accepts or leads to (not "unchanged"), accepted first."""
    return model.accepted(variant) + tuple(r.to for r in variant.results if r.to not in RESULT_WORDS)


def variant_rows(model: Model, chosen: Selection) -> tuple[tuple[Action, Variant, bool], ...]:
    """Return ``(action, variant, first)`` for the chosen actions' variants touching the chosen states.

    ``first`` marks the first row of an action (the row that stands for it in a table).
    """
    rows = []
    for action in model.actions:
        if chosen.actions is not None and action.id not in chosen.actions:
            continue
        first = True
        for variant in action.variants:
            if chosen.states is None or not chosen.states.isdisjoint(touched(model, variant)):
                rows.append((action, variant, first))
                first = False
    return tuple(rows)


def precondition_parts(model: Model, chosen: Selection) -> tuple[tuple[tuple[Action, Variant], ...], frozenset[str]]:
    """Return the (action, variant) boxes and the state ids the preconditions view draws.

    With states, the boxes with an edge to or from one of them; with actions, those actions'
    boxes and the states they touch; with neither, everything.
    """
    pairs = tuple((a, v) for a, v, _ in variant_rows(model, chosen))
    shown = chosen.states
    if shown is None:
        every = frozenset(s.id for s in model.states) if chosen.actions is None else frozenset()
        shown = every | frozenset(s for _, v in pairs for s in touched(model, v))
    return pairs, shown


def transition_parts(model: Model, chosen: Selection) -> tuple[tuple[Transition, ...], frozenset[str]]:
    """Return the transitions and the state ids the transitions view draws.

    With states, the transitions from or to them (and the states asked for, even without any);
    with actions, those actions' transitions; with neither, everything.
    """
    if chosen.actions is None:
        candidates = model.transitions()
    else:  # each action's transitions are together, in the order of the actions
        ids = dict.fromkeys(a.id for a in model.actions if a.id in chosen.actions)
        candidates = tuple(t for action_id in ids for t in model.transitions_of(action_id))
    trans = tuple(
        t for t in candidates if chosen.states is None or t.source in chosen.states or t.target in chosen.states
    )
    every = frozenset(s.id for s in model.states) if chosen.everything else frozenset()
    shown = every | frozenset(s for t in trans for s in (t.source, t.target) if s)
    return trans, shown | (chosen.states or frozenset())
