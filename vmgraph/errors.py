"""Exception and warning classes only, kept apart to avoid import loops."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["ModelError", "ModelWarning", "Problem", "RenderError", "VmgraphError", "show_path"]

#: Characters a path may hold that must not reach a message as they are: control characters
#: and line breaks (a newline would forge a line of its own), lone surrogates (the bytes of
#: a file name that is not UTF-8, which a UTF-8 stream cannot print), and the other
#: characters that are not text or move the text around (format characters, U+FFFE, U+FFFF).
_UNPRINTABLE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _escape_character(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def show_path(path: Path | str) -> str:
    r"""Return *path* as it can be printed in a message: one line, encodable as UTF-8.

    A file name's bytes that are not UTF-8 (lone surrogates in Python) are shown as
    ``\xNN``; control characters, line breaks and bidirectional controls as ``\xNN`` or
    ``\uNNNN``. Any other path, non-ASCII ones included, is shown exactly as it is.

    >>> show_path("models/nova.yaml"), show_path("a\nb.yaml"), show_path("caf\udce9.yaml")
    ('models/nova.yaml', 'a\\x0ab.yaml', 'caf\\xe9.yaml')
    """
    text = str(path)
    if _SURROGATE.search(text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        text = _SURROGATE.sub(lambda c: f"\\u{ord(c.group()):04x}", text)  # not from a file name's bytes
    return _UNPRINTABLE.sub(_escape_character, text)


class VmgraphError(Exception):
    """Base class for errors vmgraph raises on purpose; anything else is a bug."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a model file, located as ``file:line``."""

    message: str
    path: Path | str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ":".join(
            str(part) for part in (None if self.path is None else show_path(self.path), self.line) if part is not None
        )
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
