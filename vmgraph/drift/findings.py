"""What ``vmgraph drift`` reports: findings, functions no action maps to, the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["KINDS", "DriftReport", "Finding", "NotModelled"]

Kind = Literal[
    "state-missing-in-model",
    "state-missing-in-code",
    "task-state",
    "launched",
    "code-not-found",
    "unresolved",
    "transition-missing-in-model",
    "transition-missing-in-code",
]

#: Every kind of finding, in the order reports explain them.
KINDS: Final[tuple[Kind, ...]] = (
    "state-missing-in-model",
    "state-missing-in-code",
    "task-state",
    "launched",
    "code-not-found",
    "unresolved",
    "transition-missing-in-model",
    "transition-missing-in-code",
)

#: A requirement as reported: ``"any"``, a list of ids (``None``: no task running), or a flag.
Requirement = str | tuple[str | None, ...] | bool | None


@dataclass(frozen=True, slots=True)
class Finding:
    """One difference between the model and the code, located as ``file:line``.

    ``states`` holds state ids for the two state kinds (a code value no state of the
    model has is given as it is written in the code). ``code`` and ``model`` hold the two
    sides of a ``task-state`` or ``launched`` difference. ``transition`` holds the
    ``(from, event, to)`` triple of the two transition kinds (state ids, or values as
    written in the code when no state of the model has them).
    """

    kind: Kind
    action: str | None
    variant: str | None
    message: str
    file: str | None
    line: int | None
    states: tuple[str, ...] = ()
    code: Requirement = None
    model: Requirement = None
    transition: tuple[str, str, str] | None = None

    @property
    def where(self) -> str:
        """Return ``file:line`` (or what is known of it)."""
        return ":".join(str(p) for p in (self.file, self.line) if p is not None) or "-"

    @property
    def subject(self) -> str:
        """Return ``action`` or ``action (variant)``, or ``-`` for a file-wide finding."""
        if self.action is None:
            return "-"
        return self.action if self.variant is None else f"{self.action} ({self.variant})"


@dataclass(frozen=True, slots=True)
class NotModelled:
    """A decorated function that no action or variant maps to through its code names."""

    function: str
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class DriftReport:
    """The findings of one run, in model order, and the functions no action maps to."""

    findings: tuple[Finding, ...] = ()
    not_modelled: tuple[NotModelled, ...] = ()

    def failed(self, *, strict: bool = False) -> bool:
        """Return True if the model and code disagree (or, with *strict*, code is unmodelled)."""
        return bool(self.findings) or (strict and bool(self.not_modelled))
