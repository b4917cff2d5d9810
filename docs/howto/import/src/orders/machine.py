"""An order's lifecycle as a ``transitions`` machine."""

from transitions import Machine

from .states import OrderState as S

PAYABLE = [S.NEW.value]
OPEN = [*PAYABLE, S.PAID.value]

TRANSITIONS = [
    {"trigger": "pay", "source": PAYABLE, "dest": S.PAID.value},
    ["pack", S.PAID.value, S.PACKED.value],
    {"trigger": "cancel", "source": OPEN, "dest": S.CANCELLED.value},
    {"trigger": "note", "source": "*", "dest": None},
    ("reorder", [S.CANCELLED.value, S.RETURNED.value], S.NEW.value),
]


class Order:
    """The model the machine decorates with its triggers."""


def build(order):
    """Return the machine of *order*."""
    machine = Machine(model=order, states=[s.value for s in S], transitions=TRANSITIONS, initial=S.NEW.value)
    machine.add_transition("ship", S.PACKED.value, S.SHIPPED.value)
    machine.add_transition(trigger="give_back", source=S.SHIPPED, dest=S.RETURNED)
    return machine
