"""The words every view, table and description uses for actions and their results, decided once."""

from __future__ import annotations

from vmgraph.model import UNCHANGED, Action, Model, Result, Variant

__all__ = ["condition", "result_text", "title"]


def title(action: Action, variant: Variant) -> str:
    """Return the name of one variant of *action*: the action's label, or the variant's.

    A variant without a label of its own is ``<action label> (<variant id>)``.
    """
    if variant.id is None:
        return action.label
    return variant.label or f"{action.label} ({variant.id})"


def condition(model: Model, result: Result) -> str:
    """Return ``from X [when]`` for a per-source or conditional result, else ``""`` (diagram labels)."""
    parts = [] if result.source is None else [f"from {model.state(result.source).label}"]
    return " ".join(parts if result.when is None else [*parts, f"[{result.when}]"])


def result_text(model: Model, result: Result) -> str:
    """Return a result in words for tables and descriptions: ``SHELVED``, ``STOPPED from X when ...``."""
    text = UNCHANGED if result.to == UNCHANGED else model.state(result.to).label
    if result.source is not None:
        text += f" from {model.state(result.source).label}"
    if result.when is not None:
        text += f" when {result.when}"
    return text
