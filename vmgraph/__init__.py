"""vmgraph: one canonical model of a resource lifecycle, and diagrams and pages made from it.

The public names load on first use (:pep:`562`), so that ``vmgraph --help`` and the Sphinx
extension's set-up do not read the model machinery before a command or a directive needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vmgraph.errors import ModelError, ModelWarning, RenderError, VmgraphError
    from vmgraph.load.loader import load_model
    from vmgraph.model import Action, Model, State

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

#: The module of each public name.
_HOMES = {
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
    """Return the public name *name* from its module."""
    if name in _HOMES:
        import importlib  # noqa: PLC0415 (only when a public name is first used)

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'vmgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    """List the public names too."""
    return sorted({*globals(), *__all__})
