"""The directives vmgraph registers, by name (they live in :mod:`.diagrams` and :mod:`.tabledirectives`).

Each directive takes an optional model name (default ``vmgraph_default_model``, else
``nova``), notes the model file as a dependency of the page, and turns every problem into
a warning with the page and line (and the model file and line) instead of an exception.
"""

from __future__ import annotations

from sphinx.util.docutils import SphinxDirective

from vmgraph.sphinxext.diagrams import PreconditionsDirective, SequenceDirective, TransitionsDirective
from vmgraph.sphinxext.tabledirectives import ActionsDirective, MatrixDirective, StatesDirective

__all__ = ["DIRECTIVES"]

#: Directive name -> class, as ``setup()`` registers them.
DIRECTIVES: dict[str, type[SphinxDirective]] = {
    "vmgraph-preconditions": PreconditionsDirective,
    "vmgraph-transitions": TransitionsDirective,
    "vmgraph-sequence": SequenceDirective,
    "vmgraph-matrix": MatrixDirective,
    "vmgraph-states": StatesDirective,
    "vmgraph-actions": ActionsDirective,
}
