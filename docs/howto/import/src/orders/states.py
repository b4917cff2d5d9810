"""The states of an order (an ``enum.Enum``; the machine stores the members' values)."""

import enum


class OrderState(enum.Enum):
    """Where an order is."""

    NEW = "new"
    PAID = "paid"
    PACKED = "packed"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"
    RETURNED = "returned"
