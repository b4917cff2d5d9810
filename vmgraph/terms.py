"""The model's own words for its resource, states, actions and state dimensions (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Terms", "article", "capital", "joined"]


@dataclass(frozen=True, slots=True)
class Terms:
    """What a model calls things, singular and plural; neutral words by default.

    ``action`` names an action in keys and headings; ``short`` names it in running text
    ("3 more calls"), and is ``action`` unless the model says otherwise. ``task_state`` and
    ``power_state`` name the model's other state dimensions, shown only when it has them.
    """

    resource: str = "resource"
    resources: str = "resources"
    state: str = "state"
    states: str = "states"
    action: str = "action"
    actions: str = "actions"
    short: str = "action"
    shorts: str = "actions"
    task_state: str = "task state"
    task_states: str = "task states"
    power_state: str = "power state"
    power_states: str = "power states"

    def dimension(self, kind: str, *, plural: bool = False) -> str:
        """Return the word for a state of dimension *kind* (``vm``, ``task`` or ``power``)."""
        field = {"vm": "state", "task": "task_state", "power": "power_state"}[kind]
        return str(getattr(self, field + ("s" if plural else "")))


def article(word: str) -> str:
    """Return *word* with ``a`` or ``an`` before it (by its first letter).

    >>> article("API call"), article("verb")
    ('an API call', 'a verb')
    """
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def capital(word: str) -> str:
    """Return *word* with its first letter upper-case (the rest as written).

    >>> capital("provision state")
    'Provision state'
    """
    return word[:1].upper() + word[1:]


def joined(words: list[str]) -> str:
    """Return ``a``, ``a and b`` or ``a, b and c``.

    >>> joined(["VM", "task", "power"])
    'VM, task and power'
    """
    return " and ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} and {words[-1]}"
