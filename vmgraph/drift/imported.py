"""What ``vmgraph import`` read from the code: states, actions and notes, and ids for code values."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from vmgraph.errors import VmgraphError
from vmgraph.load.reader import FORBIDDEN, IDENT, LINE_BREAK, RESERVED

__all__ = [
    "ANY",
    "UNCHANGED",
    "CodeImportError",
    "Imported",
    "Imports",
    "Note",
    "Result",
    "State",
    "ValueIds",
    "make_id",
    "python_name",
]

#: ``accepts`` of an action that accepts every state; a result that stays where it is.
ANY: Final = "any"
UNCHANGED: Final = "unchanged"
_NOT_ID: Final = re.compile(r"[^a-z0-9]+")
_PYTHON_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class CodeImportError(VmgraphError):
    """The code holds nothing to import, or something a model cannot hold."""


@dataclass(frozen=True, slots=True)
class State:
    """A state: its id, the code's value (also its label) and where it was made an id."""

    id: str
    value: str


@dataclass(frozen=True, slots=True)
class Result:
    """A result: ``to`` a state id or :data:`UNCHANGED`, from one state (``None``: all)."""

    to: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """Something the code does not say, at a source place (``path:line``, relative)."""

    where: str
    text: str


@dataclass(frozen=True, slots=True)
class Imported:
    """One action: ``accepts`` is :data:`ANY` or state ids; ``task_state`` ``"none"``, ``"any"`` or ids."""

    id: str
    code: str
    where: str
    accepts: str | tuple[str, ...]
    results: tuple[Result, ...]
    task_state: str | tuple[str, ...] = "none"
    launched: bool = True
    fill_in: str | None = None


@dataclass(frozen=True, slots=True)
class Imports:
    """What was read: states, task states, actions, and what could not be read."""

    states: tuple[State, ...]
    task_states: tuple[State, ...]
    actions: tuple[Imported, ...]
    problems: tuple[Note, ...]
    initial: tuple[str, ...] = ()
    terminal: tuple[str, ...] = ()


def make_id(value: str, taken: Iterable[str] = ()) -> str:
    """Return a valid id for the code value *value*, different from the ids in *taken*.

    Lower-cased, each run of other characters than letters and digits becomes ``_``;
    ``s_`` goes before one that does not start with a letter, ``_`` after a reserved word,
    and ``_2``, ``_3``, ... after one already taken.

    >>> make_id("in-use"), make_id("wait call-back"), make_id("2fa"), make_id("any")
    ('in_use', 'wait_call_back', 's_2fa', 'any_')
    """
    base = _NOT_ID.sub("_", value.lower()).strip("_")[:60] or "state"
    if not base[0].isalpha() or not base.isascii():
        base = f"s_{base}"[:60]
    if base in RESERVED:
        base += "_"
    taken = set(taken)
    found, n = base, 1
    while found in taken or not IDENT.match(found):
        n += 1
        found = f"{base}_{n}"
    return found


class ValueIds:
    """Code values and the ids made for them, in the order first seen."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.ids: dict[str, str] = {}

    def add(self, value: str | int, where: str) -> str:
        """Return the id of *value* (seen at *where*), making one the first time."""
        text = str(value)
        if not text.strip() or LINE_BREAK.search(text) or FORBIDDEN.search(text):
            raise CodeImportError(f"{where}: the {self.kind} value {text!r} is not one line of text a model can hold")
        if text not in self.ids:
            self.ids[text] = make_id(text, self.ids.values())
        return self.ids[text]

    def states(self) -> tuple[State, ...]:
        """Return the states in the order their values were first seen."""
        return tuple(State(id_, value) for value, id_ in self.ids.items())


def python_name(name: str) -> bool:
    """Return True if *name* can be a code name of a model (a Python identifier)."""
    return bool(_PYTHON_NAME.match(name))
