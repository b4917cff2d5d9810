"""States, actions and their parts: the pieces of a lifecycle model, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

if TYPE_CHECKING:
    Kind: TypeAlias = Literal["stable", "in_progress", "waiting", "failed"]
    Trigger: TypeAlias = Literal["api", "system"]
    TransitionKind: TypeAlias = Literal["result", "unchanged", "error"]

__all__ = [
    "ANY",
    "NO_TASK",
    "PREVIOUS",
    "RESULT_WORDS",
    "UNCHANGED",
    "Accepts",
    "Action",
    "Api",
    "Decorator",
    "Result",
    "State",
    "TaskRequirement",
    "Transition",
    "Variant",
]

#: Keyword for "every state" in ``accepts`` and "any task state" in ``task_state``.
ANY: Final = "any"
#: Keyword for "no task may be running" / "the task state is cleared".
NO_TASK: Final = "none"
#: Keyword for a result that leaves the VM state as it was.
UNCHANGED: Final = "unchanged"
#: Keyword for a result (or failure) that leads back to the state the action started from.
PREVIOUS: Final = "previous"
#: The words a result may name instead of a state.
RESULT_WORDS: Final = (UNCHANGED, PREVIOUS)


@dataclass(frozen=True, slots=True)
class State:
    """A VM, task or power state.

    ``value`` is what the code stores (``"soft-delete"``, or ``4`` for a power state).
    """

    id: str
    label: str
    value: str | int | None = None
    description: str = ""
    initial: bool = False
    terminal: bool = False
    #: ``stable``, ``in_progress``, ``waiting`` (for an operator) or ``failed``; a state
    #: that is not stable may name the stable state it heads to; ``error`` marks an error.
    kind: Kind = "stable"
    target: str | None = None
    error: bool = False


@dataclass(frozen=True, slots=True)
class Accepts:
    """The VM states an action accepts: a list, or every state (minus ``exclude``)."""

    any: bool = False
    states: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskRequirement:
    """The task state an action needs: ``none`` running, ``any``, or one of ``states``.

    In a ``list``, ``None`` stands for "no task running".
    """

    kind: Literal["none", "any", "list"] = "none"
    states: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Result:
    """Where an action leads: ``to`` a state id, :data:`UNCHANGED` or :data:`PREVIOUS`.

    ``source`` limits the result to one starting state; ``when`` names, in words, the
    condition outside the state that selects it; ``trigger`` ``"system"`` marks a result
    the system produces on its own (``None``: the action's trigger).
    """

    to: str
    source: str | None = None
    when: str | None = None
    trigger: Trigger | None = None


@dataclass(frozen=True, slots=True)
class Variant:
    """One form of an action with its own requirements (reboot: soft, hard).

    Actions without variants have exactly one, whose ``id`` is ``None``.
    """

    id: str | None
    accepts: Accepts
    task_state: TaskRequirement
    must_have_launched: bool
    results: tuple[Result, ...]
    #: Where a failure leads: a state id, :data:`PREVIOUS`, or ``None`` (nowhere).
    error: str | None
    code: tuple[str, ...] = ()
    label: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Api:
    """What an API adds to an action: the verbs that send it and the API versions that allow it.

    ``verbs`` are (verb, lowest API version or ``None``) pairs (Ironic's ``deploy`` event is
    sent by the verbs ``active`` and, since 1.73, ``deploy``); ``min_version`` is the lowest
    version that has the action; ``min_version_from`` the lowest per source state.
    """

    verbs: tuple[tuple[str, str | None], ...] = ()
    min_version: str | None = None
    min_version_from: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Action:
    """An API call or a move the system makes by itself (``trigger="system"``)."""

    id: str
    label: str
    variants: tuple[Variant, ...]
    description: str = ""
    trigger: Trigger = "api"
    #: The API facts of the action, if the model gives them.
    api: Api | None = None

    @property
    def creates(self) -> bool:
        """True for an action that needs no state because it creates the resource."""
        return all(not v.accepts.any and not v.accepts.states for v in self.variants)


@dataclass(frozen=True, slots=True)
class Decorator:
    """How the code states preconditions, for ``vmgraph drift``."""

    name: str = "check_instance_state"
    states_keyword: str = "vm_state"
    task_states_keyword: str = "task_state"
    launched_keyword: str = "must_have_launched"
    launched_default: bool = True


@dataclass(frozen=True, slots=True)
class Transition:
    """One edge of the state graph: ``source`` --action/variant--> ``target``."""

    source: str
    target: str
    action: str
    variant: str | None
    kind: TransitionKind
    when: str | None = None
    #: Who makes this move: the caller (``api``) or the system on its own.
    trigger: Trigger = "api"
    #: True when the move leads back to the state the action started from (``previous``).
    back: bool = False
