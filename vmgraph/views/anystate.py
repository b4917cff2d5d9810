"""Calls accepted in (nearly) every state, or in many: drawn once, from one node that names the states.

A call accepted in all the states it could accept but a few is drawn from an "any state
except ..." node (:func:`any_source`); a box of calls accepted in many states (the model's
``group_from``) from a node listing them (:func:`group_name`, :func:`group_box`).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from vmgraph.model import Model, Variant
from vmgraph.views.compact import wrapped
from vmgraph.views.graph import Link, Node

__all__ = ["MIN_ACCEPTED", "any_box", "any_name", "any_source", "group_box", "group_name"]

#: Fewest states a call must accept to be drawn from "any state" (a short list reads as it is).
MIN_ACCEPTED: Final = 3


def any_name(excepted: Collection[str]) -> str:
    """Return the node name of the "any state" source leaving out the states *excepted*.

    >>> any_name(()), any_name(("building", "error"))
    ('any_state', 'any_state.building.error')
    """
    return ".".join(("any_state", *excepted))


def any_source(model: Model, variant: Variant, shown: frozenset[str] | None, limit: int | None = None) -> str | None:
    """Return the name of the "any state" node *variant* is drawn from, or ``None`` (one edge per state).

    A variant written as ``any`` or ``any_except``, or with a list of states, is drawn from
    "any state" when it leaves out at most *limit* of the states it could accept (every
    state that is not terminal, and not initial when it needs a launched instance), accepts
    at least :data:`MIN_ACCEPTED` states and more than it leaves out, and every state it
    accepts is drawn (*shown*; ``None``: all). *limit* defaults to the model's
    ``any_except``; a negative one draws every call per state.
    """
    limit = model.any_except if limit is None else limit
    accepted = frozenset(model.accepted(variant))
    if limit < 0 or len(accepted) < MIN_ACCEPTED or (shown is not None and not accepted <= shown):
        return None
    launched = variant.must_have_launched
    missing = len(model.acceptable(launched=launched)) - len(accepted)  # the others "any" stands for
    if missing > limit or missing >= len(accepted):
        return None  # (checked first: it is cheap, and a state "any" leaves out only adds to it)
    if any(model.state(s).terminal or (launched and model.state(s).initial) for s in accepted):
        return None  # accepts a state "any" leaves out
    return any_name(tuple(s.id for s in model.states if not s.terminal and s.id not in accepted))


def any_box(model: Model, name: str) -> Node:
    """Return the node *name* (from :func:`any_name`): "any state", then the states it leaves out."""
    excepted = [model.state(s).label for s in name.split(".")[1:]]
    word = model.terms.state
    lines = (f"any {word}", "except " + ", ".join(excepted)) if excepted else (f"any {word}",)
    tip = f"every {word} that is not terminal" + (", except " + ", ".join(excepted) if excepted else "")
    return Node(name, "group", lines, frozenset({"any"}), tip)


def group_name(index: int) -> str:
    """Return the node name of the *index*-th group of states of a drawing (from 1).

    >>> group_name(1)
    'states.1'
    """
    return f"states.{index}"


def group_box(model: Model, name: str, states: Collection[str]) -> Node:
    """Return the group node *name* naming the state ids *states*: their labels, a few a line.

    It stands for each of its states (``members``), so highlighting one of them lights it.
    """
    labels = [model.state(s).label for s in states]
    tip = f"each of these {model.terms.states}: " + ", ".join(labels)
    members = tuple(Link("state", s) for s in states)
    return Node(name, "group", wrapped(labels, 24), frozenset({"listed"}), tip, members=members)
