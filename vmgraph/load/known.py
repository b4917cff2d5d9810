"""The ids a model defines, its defaults, references to error and task states, and checks of what actions accept."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from vmgraph.errors import Problem
from vmgraph.load.reader import line
from vmgraph.model import ANY, NO_TASK, PREVIOUS, UNCHANGED, Accepts, TaskRequirement, Variant

if TYPE_CHECKING:
    from vmgraph.load.reader import Reader

__all__ = [
    "Defaults",
    "Known",
    "Seen",
    "check_sources",
    "check_unchanged",
    "error_state",
    "expand",
    "has_source",
    "task_requirement",
]


@dataclass(frozen=True, slots=True)
class Known:
    """The ids defined in a model, per kind, for checking references."""

    vm: tuple[str, ...] = ()
    task: tuple[str, ...] = ()
    power: tuple[str, ...] = ()
    initial: tuple[str, ...] = ()
    terminal: tuple[str, ...] = ()
    #: What :func:`expand` found for each ``(exclude, launched)``: actions ask again and again.
    expanded: dict[tuple[tuple[str, ...], bool], tuple[str, ...]] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )


@dataclass(slots=True)
class Defaults:
    """Model-wide defaults every action starts from."""

    error: str | None = None
    task_state: TaskRequirement = field(default_factory=TaskRequirement)
    must_have_launched: bool = True


class Seen:
    """Detects duplicate ids within one kind and reports where the first one was."""

    def __init__(self, reader: Reader, kind: str, *, within: str = "") -> None:
        self._reader, self._kind, self._first = reader, kind, dict[str, int]()
        self._nodes: dict[str, int] = {}
        self._within = f" in {within}" if within else ""

    def add(self, item_id: str, node: yaml.Node, *, at: tuple[yaml.Node, int] | None = None) -> bool:
        """Record *item_id*; return False (with a problem) if it was seen before.

        *at* is where the entry is: its list and its index there, which tell the line of
        the alias (``*name``) the entry was written as, if it was.
        """
        if item_id in self._first:
            first = self._first[item_id]
            message = f"duplicate {self._kind} id {item_id!r}{self._within} (first defined at line {first})"
            if self._nodes[item_id] != id(node):
                self._reader.problem(node, message)
            elif at is not None and (alias := self._reader.alias_line(*at)) is not None:
                # the very same node: an alias repeats the entry
                message = f"duplicate {self._kind} id {item_id!r}{self._within}: this alias repeats the {self._kind}"
                self._reader.problems.append(Problem(f"{message} defined at line {first}", self._reader.path, alias))
            else:
                message = f"duplicate {self._kind} id {item_id!r}{self._within}: an alias repeats the {self._kind}"
                self._reader.problem(node, f"{message} defined here")
            return False
        self._first[item_id] = line(node)
        self._nodes[item_id] = id(node)
        return True


def expand(accepts: Accepts, launched: bool, ids: Known) -> tuple[str, ...]:
    """Return the VM states *accepts* stands for, in model order (``any`` made explicit)."""
    if not accepts.any:
        return accepts.states
    key = (accepts.exclude, launched)
    found = ids.expanded.get(key)
    if found is None:
        skip = set(ids.terminal) | set(accepts.exclude) | (set(ids.initial) if launched else set())
        found = ids.expanded[key] = tuple(s for s in ids.vm if s not in skip)
    return found


def check_unchanged(r: Reader, variant: Variant, node: yaml.Node, where: str, ids: Known) -> None:
    """Report an "unchanged" or "previous" result of a variant that accepts no state: it creates."""
    words = [w for w in (UNCHANGED, PREVIOUS) if any(res.to == w for res in variant.results)]
    words += ["error: previous"] if variant.error == PREVIOUS else []
    if "state" in r.unread or not words:
        return
    if not expand(variant.accepts, variant.must_have_launched, ids):
        msg = f"'results' of {where} include {words[0]!r}, but it accepts no state: it creates the resource"
        end = "leave unchanged" if words[0] == UNCHANGED else "go back to"
        r.problem(node, f"{msg}, so there is no state to {end}")


def has_source(node: yaml.Node) -> bool:
    """Return True if a result of *node* names a 'from' state (checking is O(states) per action)."""
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    return any(isinstance(item, yaml.MappingNode) and any(k.value == "from" for k, _ in item.value) for item in items)


def check_sources(r: Reader, node: yaml.Node, where: str, ids: Known, *, accepted: tuple[str, ...], who: str) -> None:
    """Report each result of *node* whose 'from' is a known state outside *accepted*."""
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    for item in items:
        if not isinstance(item, yaml.MappingNode):
            continue
        for key, value in item.value:
            if not (isinstance(key, yaml.ScalarNode) and key.value == "from" and isinstance(value, yaml.ScalarNode)):
                continue
            source = value.value
            if value.tag == "tag:yaml.org,2002:str" and source in ids.vm and source not in accepted:
                shown = ", ".join(repr(s) for s in accepted) or "none: it creates the resource"
                r.problem(value, f"'from' of a result of {where} is {source!r}, which {who} (accepted: {shown})")


def error_state(r: Reader, node: yaml.Node, where: str, ids: Known) -> str | None:
    """Return the error result: a VM state id, ``previous``, or ``None`` for ``null``."""
    if isinstance(node, yaml.ScalarNode) and r.scalar(node, "'error'") is None:
        return None
    if isinstance(node, yaml.ScalarNode) and r.scalar(node, "'error'") == PREVIOUS:
        return PREVIOUS
    return r.ref(node, f"'error' of {where}", "state", ids.vm)


def task_requirement(r: Reader, node: yaml.Node, where: str, ids: Known) -> TaskRequirement:
    """Return ``none`` / ``any`` / a list of task states (``none`` in it: no task)."""
    what = f"'task_state' of {where}"
    if isinstance(node, yaml.ScalarNode):
        value = r.scalar(node, what)
        if value in (NO_TASK, None):
            return TaskRequirement("none")
        if value == ANY:
            return TaskRequirement("any")
        hint = r.keyword_hint(value, (NO_TASK, ANY), ids.task)
        r.problem(node, f"{what} must be 'none', 'any' or a list of task states, got {r.show(node)}{hint}")
        return TaskRequirement()
    states: list[str | None] = []
    for item in r.sequence(node, what, allow_empty=False):
        if isinstance(item, yaml.ScalarNode) and r.scalar(item, what) in (NO_TASK, None):
            states.append(None)
            continue
        ref = r.ref(item, what, "task state", ids.task)
        if ref is not None:
            states.append(ref)
    return TaskRequirement("list", tuple(states))
