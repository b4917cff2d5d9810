"""The one "did you mean" of every message that names an unknown id or name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

__all__ = ["closest", "suggest", "unknown"]

#: How many known names a hint lists when none is close.
_LISTED: Final = 8


def closest(bad: str, known: Sequence[str]) -> str | None:
    """Return the one of *known* closest to *bad*, if any is close.

    >>> closest("acept", ["accepts", "results"])
    'accepts'
    """
    import difflib  # noqa: PLC0415 (only a message about an unknown name needs it)

    close = difflib.get_close_matches(bad, known, n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(bad: str, known: Sequence[str]) -> str:
    """Return a hint naming the closest of *known*, or listing some of them.

    >>> suggest("shelvd", ["active", "shelved"])
    "did you mean 'shelved'?"
    >>> suggest("x", ["active", "shelved"])
    "known: 'active', 'shelved'"
    >>> suggest("x", [])
    'none are defined'
    """
    close = closest(bad, known)
    if close is not None:
        return f"did you mean {close!r}?"
    if not known:
        return "none are defined"
    shown = ", ".join(repr(k) for k in known[:_LISTED])
    more = ", ..." if len(known) > _LISTED else ""
    return f"known: {shown}{more}"


def unknown(kind: str, bad: str, known: Sequence[str]) -> str:
    """Return ``unknown <kind> '<bad>' (<hint>)``.

    >>> unknown("state", "shelvd", ["active", "shelved"])
    "unknown state 'shelvd' (did you mean 'shelved'?)"
    """
    return f"unknown {kind} {bad!r} ({suggest(bad, known)})"
