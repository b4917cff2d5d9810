"""Sequences: ordered exchanges between participants and the states each step sets."""

from __future__ import annotations

from dataclasses import dataclass

from vmgraph.model.parts import NO_TASK

__all__ = ["Participant", "Sequence", "Step"]


@dataclass(frozen=True, slots=True)
class Participant:
    """A lifeline of a sequence diagram."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Step:
    """One call of a sequence and the states it sets (``None``: left as it was).

    ``task_state`` may be :data:`NO_TASK` for "task state cleared".
    """

    caller: str
    callee: str
    call: str
    historic: str | None = None
    vm_state: str | None = None
    task_state: str | None = None
    power_state: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Sequence:
    """An ordered exchange between participants, such as Nova's ``create``."""

    id: str
    label: str
    participants: tuple[Participant, ...]
    steps: tuple[Step, ...]
    description: str = ""

    def timeline(self) -> tuple[tuple[str | None, str | None, str | None], ...]:
        """Return the (vm, task, power) state ids in force after each step.

        States carry forward from step to step; :data:`NO_TASK` becomes ``None``.
        """
        vm = task = power = None
        rows = []
        for step in self.steps:
            vm = step.vm_state or vm
            if step.task_state is not None:
                task = None if step.task_state == NO_TASK else step.task_state
            power = step.power_state or power
            rows.append((vm, task, power))
        return tuple(rows)
