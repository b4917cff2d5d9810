"""Exception and warning classes only, kept apart to avoid import loops."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["ModelError", "ModelWarning", "Problem", "RenderError", "VmgraphError"]


class VmgraphError(Exception):
    """Base class for errors vmgraph raises on purpose; anything else is a bug."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a model file, located as ``file:line``."""

    message: str
    path: Path | str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line) if p is not None)
        return f"{where}: {self.message}" if where else self.message


class ModelError(VmgraphError):
    """A model file cannot be read or is inconsistent; carries every problem found."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class RenderError(VmgraphError):
    """A view could not be built or rendered (unknown view, `dot` failure, ...)."""


class ModelWarning(UserWarning):
    """Legal but odd model content: an unreachable state, a dead end."""
