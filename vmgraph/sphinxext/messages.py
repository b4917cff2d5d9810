"""The warnings the extension gives: one enum of subtypes, so users can suppress each kind."""

from __future__ import annotations

import enum
from typing import Any

from sphinx.util import logging

__all__ = ["WARNING_TYPE", "Subtype", "logger", "warn"]

logger = logging.getLogger("vmgraph")

#: Every vmgraph warning has this type: ``suppress_warnings = ["vmgraph"]`` silences them all.
WARNING_TYPE = "vmgraph"


class Subtype(enum.StrEnum):
    """What went wrong; suppress one kind with ``suppress_warnings = ["vmgraph.<subtype>"]``."""

    #: An unknown model name, or a model file that cannot be read or is invalid.
    MODEL = "model"
    #: Legal but odd model content: an unreachable state, a dead end.
    ODDITY = "oddity"
    #: An unknown state, action, sequence or kind in a directive's options.
    SUBSET = "subset"
    #: A diagram or table cannot be built (a broken template, for example).
    RENDER = "render"
    #: Graphviz `dot` is missing, failed or ran past ``vmgraph_dot_timeout``.
    DOT = "dot"
    #: A cross-reference target that no table describes (reported under ``-n``).
    REF = "ref"
    #: A state or action described by two tables; add ``:no-index:`` to one.
    DUPLICATE = "duplicate"
    #: An invalid ``vmgraph_*`` configuration value.
    CONFIG = "config"


def warn(message: str, *, subtype: Subtype, location: Any = None) -> None:
    """Log a vmgraph warning; *location* is a node, ``(docname, line)`` or ``"file:line"``."""
    logger.warning("%s", message, location=location, type=WARNING_TYPE, subtype=subtype.value)
