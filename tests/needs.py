"""What a test needs from the machine: skipped where missing, failed where CI requires it."""

from __future__ import annotations

import os
import shutil

import pytest


def dot() -> str:
    """Return the path of Graphviz `dot`; skip without it, or fail where ``VMGRAPH_REQUIRE_DOT`` is set."""
    found = shutil.which("dot")
    if found is None:
        if os.environ.get("VMGRAPH_REQUIRE_DOT"):  # set by scripts/test, so CI never skips
            pytest.fail("Graphviz `dot` is required (VMGRAPH_REQUIRE_DOT is set) but not on PATH")
        pytest.skip("Graphviz `dot` is not installed")
    return found
