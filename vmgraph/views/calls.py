"""How the views that stay small name calls: with ``(system)``, and label lines capped."""

from __future__ import annotations

from typing import Final

from vmgraph.model import Action, Model, Transition, Variant
from vmgraph.views.wording import title

__all__ = ["LABEL_LINES", "call_line", "call_name", "capped"]

#: Most lines an edge label lists before "+ n more".
LABEL_LINES: Final = 6


def call_name(action: Action, variant: Variant) -> str:
    """Return the title of a variant, with `` (system)`` for an automatic action."""
    text = title(action, variant)
    return f"{text} (system)" if action.trigger == "system" else text


def call_line(model: Model, t: Transition) -> str:
    """Return the line of transition *t* on an edge: its call (the action's label if it has one form) and ``[when]``."""
    action = model.action(t.action)
    variant = next(v for v in action.variants if v.id == t.variant)
    text = call_name(action, variant) if len(action.variants) > 1 else action.label
    if len(action.variants) == 1 and action.trigger == "system":
        text += " (system)"
    return text if t.when is None else f"{text} [{t.when}]"


def capped(lines: list[str]) -> tuple[str, ...]:
    """Return at most :data:`LABEL_LINES` of *lines*, the last saying how many more there are."""
    if len(lines) <= LABEL_LINES:
        return tuple(lines)
    return (*lines[: LABEL_LINES - 1], f"+ {len(lines) - LABEL_LINES + 1} more")
