"""Typed access to YAML nodes that records problems instead of stopping at the first."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from vmgraph.errors import Problem
from vmgraph.model import ANY, NO_TASK, TaskRequirement

__all__ = ["IDENT", "RESERVED", "Defaults", "Known", "Reader", "Seen", "line", "suggest"]

#: What every id must look like: safe as a DOT id, a reST target and a file name.
IDENT: Final = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")
_MODEL_ID: Final = re.compile(r"[a-z][a-z0-9_-]{0,63}\Z")
_PYTHON_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: DOT keywords and vmgraph keywords, never valid as ids.
RESERVED: Final = frozenset(
    {"node", "edge", "graph", "digraph", "subgraph", "strict", "any", "none", "unchanged"}
)
_STR_TAG: Final = "tag:yaml.org,2002:str"
_KIND_NAMES: Final = {
    yaml.MappingNode: "a mapping",
    yaml.SequenceNode: "a list",
}


def line(node: yaml.Node) -> int:
    """Return the 1-based line where *node* starts."""
    return int(node.start_mark.line) + 1


def suggest(bad: str, known: Sequence[str]) -> str:
    """Return a hint naming the closest of *known* ids, or listing some of them."""
    close = difflib.get_close_matches(bad, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    if not known:
        return "none are defined"
    shown = ", ".join(repr(k) for k in known[:8])
    more = ", ..." if len(known) > 8 else ""
    return f"known: {shown}{more}"


@dataclass(frozen=True, slots=True)
class Known:
    """The ids defined in a model, per kind, for checking references."""

    vm: tuple[str, ...] = ()
    task: tuple[str, ...] = ()
    power: tuple[str, ...] = ()
    initial: tuple[str, ...] = ()
    terminal: tuple[str, ...] = ()


@dataclass(slots=True)
class Defaults:
    """Model-wide defaults every action starts from."""

    error: str | None = None
    task_state: TaskRequirement = field(default_factory=TaskRequirement)
    must_have_launched: bool = True


class Reader:
    """Reads values out of nodes; each bad value adds a :class:`Problem` and yields a stand-in."""

    def __init__(self, path: Path | str | None) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node, message: str) -> None:
        """Record *message* at the line of *node*."""
        self.problems.append(Problem(message, self.path, line(node)))

    # -- containers ------------------------------------------------------------
    def mapping(
        self,
        node: yaml.Node,
        what: str,
        keys: Sequence[str],
        *,
        required: Sequence[str] = (),
    ) -> dict[str, yaml.Node] | None:
        """Return the keys of a mapping node; report unknown, duplicate and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping, got {self._kind(node)}")
            return None
        fields: dict[str, yaml.Node] = {}
        first: dict[str, int] = {}
        for key_node, value in node.value:
            key = self.scalar(key_node, f"a key of {what}")
            if not isinstance(key, str):
                self.problem(key_node, f"keys of {what} must be text, got {key!r}")
                continue
            if key in first:
                self.problem(key_node, f"duplicate key {key!r} in {what} (first at line {first[key]})")
                continue
            first[key] = line(key_node)
            if key not in keys:
                close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
                hint = f"did you mean {close[0]!r}?" if close else "valid keys: " + ", ".join(keys)
                self.problem(key_node, f"unknown key {key!r} in {what} ({hint})")
                continue
            fields[key] = value
        for key in required:
            if key not in fields and key not in first:
                self.problem(node, f"{what} is missing the required key {key!r}")
        return fields

    def sequence(self, node: yaml.Node, what: str, *, allow_empty: bool = True) -> list[yaml.Node]:
        """Return the items of a list node (empty, with a problem, if it is not a list)."""
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list, got {self._kind(node)}")
            return []
        if not node.value and not allow_empty:
            self.problem(node, f"{what} must not be empty")
        return list(node.value)

    # -- scalars -----------------------------------------------------------------
    def scalar(self, node: yaml.Node, what: str) -> Any:
        """Return the Python value of a scalar node, or ``None`` with a problem."""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{what} must be a single value, got {self._kind(node)}")
            return None
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as err:
            self.problem(node, f"{what} is not a valid value: {err.problem}")
            return None

    def text(self, node: yaml.Node, what: str) -> str:
        """Return one line of free text (numbers are taken as their text)."""
        value = self._free_text(node, what)
        if "\n" in value or "\r" in value:
            self.problem(node, f"{what} must be one line (use 'description' for longer text)")
            return " ".join(value.split())
        return value

    def paragraph(self, node: yaml.Node, what: str) -> str:
        """Return free text with runs of whitespace, newlines included, folded to one space."""
        return " ".join(self._free_text(node, what).split())

    def _free_text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{what} must be text, got {self._kind(node)}")
            return ""
        value = self.scalar(node, what)
        if isinstance(value, bool) or value is None or not isinstance(value, str | int | float):
            self.problem(node, f"{what} must be text, got {node.value!r}")
            return ""
        return str(value) if node.tag != _STR_TAG else node.value

    def boolean(self, node: yaml.Node, what: str) -> bool:
        """Return a YAML boolean (``true``/``false``)."""
        value = self.scalar(node, what)
        if not isinstance(value, bool):
            self.problem(node, f"{what} must be true or false, got {self._show(node)}")
            return False
        return value

    def ident(self, node: yaml.Node, what: str) -> str | None:
        """Return a validated identifier, or ``None`` with a problem."""
        return self._match(node, what, IDENT, "lower-case letters, digits and '_', starting with a letter")

    def model_id(self, node: yaml.Node) -> str:
        """Return the model's id (``-`` allowed, as in ``nova-2014``)."""
        hint = "lower-case letters, digits, '_' and '-', starting with a letter"
        return self._match(node, "'id' of the model", _MODEL_ID, hint, reserved=False) or ""

    def python_name(self, node: yaml.Node, what: str) -> str:
        """Return a Python identifier (a code name)."""
        return self._match(node, what, _PYTHON_NAME, "a Python identifier", reserved=False) or ""

    def _match(
        self, node: yaml.Node, what: str, pattern: re.Pattern[str], hint: str, *, reserved: bool = True
    ) -> str | None:
        value = self.scalar(node, what)
        if not isinstance(value, str) or not pattern.match(value):
            self.problem(node, f"{what} has invalid id {self._show(node)}: use {hint} (at most 64)")
            return None
        if reserved and value in RESERVED:
            self.problem(node, f"{what} uses the reserved word {value!r} as an id")
            return None
        return value

    def state_value(self, node: yaml.Node, where: str, *, integer: bool) -> str | int:
        """Return a state's code value: text, or an integer for power states."""
        value = self.scalar(node, f"'value' of {where}")
        if integer:
            if not isinstance(value, int) or isinstance(value, bool):
                self.problem(node, f"'value' of {where} must be an integer, got {self._show(node)}")
                return 0
            return value
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            self.problem(node, f"'value' of {where} must be one line of text, got {self._show(node)}")
            return ""
        return value

    # -- references ----------------------------------------------------------------
    def ref(self, node: yaml.Node, what: str, kind: str, known: Sequence[str]) -> str | None:
        """Return the id of a defined state of *kind*, or ``None`` with a problem."""
        value = self.scalar(node, what)
        if not isinstance(value, str):
            self.problem(node, f"{what} must be a {kind} id, got {self._show(node)}")
            return None
        if value not in known:
            self.problem(node, f"{what} names unknown {kind} {value!r} ({suggest(value, known)})")
            return None
        return value

    def error_state(self, node: yaml.Node, where: str, ids: Known) -> str | None:
        """Return the error result: a VM state id, or ``None`` for ``null``."""
        if isinstance(node, yaml.ScalarNode) and self.scalar(node, "'error'") is None:
            return None
        return self.ref(node, f"'error' of {where}", "state", ids.vm)

    def task_requirement(self, node: yaml.Node, where: str, ids: Known) -> TaskRequirement:
        """Return ``none`` / ``any`` / a list of task states (``none`` in it: no task)."""
        what = f"'task_state' of {where}"
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node, what)
            if value in (NO_TASK, None):
                return TaskRequirement("none")
            if value == ANY:
                return TaskRequirement("any")
            self.problem(node, f"{what} must be 'none', 'any' or a list of task states, got {self._show(node)}")
            return TaskRequirement()
        states: list[str | None] = []
        for item in self.sequence(node, what, allow_empty=False):
            if isinstance(item, yaml.ScalarNode) and self.scalar(item, what) in (NO_TASK, None):
                states.append(None)
                continue
            ref = self.ref(item, what, "task state", ids.task)
            if ref is not None:
                states.append(ref)
        return TaskRequirement("list", tuple(states))

    # -- wording -------------------------------------------------------------------
    @staticmethod
    def _kind(node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode):
            return f"{node.value!r}" if node.value else "nothing"
        return _KIND_NAMES.get(type(node), "something else")

    def _show(self, node: yaml.Node) -> str:
        return self._kind(node)


class Seen:
    """Detects duplicate ids within one kind and reports where the first one was."""

    def __init__(self, reader: Reader, kind: str) -> None:
        self._reader, self._kind, self._first = reader, kind, dict[str, int]()

    def add(self, item_id: str, node: yaml.Node) -> bool:
        """Record *item_id*; return False (with a problem) if it was seen before."""
        if item_id in self._first:
            first = self._first[item_id]
            self._reader.problem(node, f"duplicate {self._kind} id {item_id!r} (first defined at line {first})")
            return False
        self._first[item_id] = line(node)
        return True
