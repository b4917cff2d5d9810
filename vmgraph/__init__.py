"""vmgraph: one canonical model of a resource lifecycle, and diagrams and pages made from it."""

from __future__ import annotations

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
