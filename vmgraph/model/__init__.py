"""The canonical transition model: frozen dataclasses and queries, no I/O."""

from vmgraph.model.lifecycle import ANY_EXCEPT_DEFAULT, GROUP_FROM_DEFAULT, Model
from vmgraph.model.parts import (
    ANY,
    NO_TASK,
    PREVIOUS,
    RESULT_WORDS,
    UNCHANGED,
    Accepts,
    Action,
    Api,
    Decorator,
    Result,
    State,
    TaskRequirement,
    Transition,
    Variant,
)
from vmgraph.model.sequences import Participant, Sequence, Step

__all__ = [
    "ANY",
    "ANY_EXCEPT_DEFAULT",
    "GROUP_FROM_DEFAULT",
    "NO_TASK",
    "PREVIOUS",
    "RESULT_WORDS",
    "UNCHANGED",
    "Accepts",
    "Action",
    "Api",
    "Decorator",
    "Model",
    "Participant",
    "Result",
    "Sequence",
    "State",
    "Step",
    "TaskRequirement",
    "Transition",
    "Variant",
]
