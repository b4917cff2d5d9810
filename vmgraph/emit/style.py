"""Graph-wide look of the diagrams: direction, font and a small colour palette (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

__all__ = ["DEFAULT_STYLE", "Palette", "Style"]


@dataclass(frozen=True, slots=True)
class Palette:
    """Named Graphviz colours; any colour name or ``#rrggbb`` that `dot` accepts."""

    ink: str = "black"
    state_fill: str = "#fff8dc"
    action_fill: str = "#eef3fb"
    system_fill: str = "#f4f4f4"
    muted: str = "#666666"
    condition: str = "#1f5fa8"


@dataclass(frozen=True, slots=True)
class Style:
    """Settings shared by every view; callers validate values before building one.

    ``rankdir`` is Graphviz's (``TB``, ``LR``, ``BT``, ``RL``); ``legend`` adds a key that
    explains the node and edge styles used.
    """

    rankdir: str = "TB"
    fontname: str = "Helvetica"
    fontsize: float = 10.0
    edge_fontsize: float = 8.0
    legend: bool = True
    palette: Palette = field(default_factory=Palette)


#: The style used when none is given.
DEFAULT_STYLE: Final = Style()
