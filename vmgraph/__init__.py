"""vmgraph: one canonical model of a resource lifecycle, and diagrams and pages made from it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Model",
    "ModelError",
    "ModelWarning",
    "RenderError",
    "State",
    "VmgraphError",
    "__version__",
    "load_model",
]


if TYPE_CHECKING:
    from vmgraph.errors import ModelError, ModelWarning, RenderError, VmgraphError
    from vmgraph.load.loader import load_model
    from vmgraph.model import Action, Model, State

_LAZY = {
    "load_model": "vmgraph.load.loader",
    "Action": "vmgraph.model",
    "Model": "vmgraph.model",
    "State": "vmgraph.model",
    "ModelError": "vmgraph.errors",
    "ModelWarning": "vmgraph.errors",
    "RenderError": "vmgraph.errors",
    "VmgraphError": "vmgraph.errors",
}


def __getattr__(name: str) -> Any:
    """Import the public API on first use, so ``vmgraph --help`` starts fast."""
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'vmgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    """List the lazily imported names too."""
    return sorted({*globals(), *__all__})
