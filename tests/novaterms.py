"""The words the bundled Nova models set (``terms:``), for models built in tests."""

from __future__ import annotations

from vmgraph.terms import Terms

__all__ = ["NOVA_TERMS"]

NOVA_TERMS = Terms(
    resource="VM",
    resources="VMs",
    state="VM state",
    states="VM states",
    action="API call",
    actions="API calls",
    short="call",
    shorts="calls",
)
