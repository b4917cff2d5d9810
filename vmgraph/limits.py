"""Limits that keep rendering bounded, in one light module the CLI can import for its help."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs 3 ms of start-up; type checkers read this as True
if TYPE_CHECKING:
    from typing import Final

__all__ = ["DOT_TIMEOUT", "FOCUS_LIMIT", "MAX_EDGES", "MAX_STATES"]

#: Seconds `dot` may spend on one graph before it is stopped.
DOT_TIMEOUT: Final = 60.0
#: Above this many states, ``vmgraph render --view all`` draws the focused views instead of
#: the whole-model graphs (random graphs of 5 edges per state take `dot` 4 s at 50 states,
#: a minute at 75).
MAX_STATES: Final = 60
#: Above this many edges in the transitions view, likewise (Nova's has 67).
MAX_EDGES: Final = 300
#: Most neighbours a focused view draws before grouping the rest into one node.
FOCUS_LIMIT: Final = 24
