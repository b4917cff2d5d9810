"""Shared fixtures: golden files, bundled models, the `dot` binary."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots", "js"]  # js: mermaid.js for test_mermaid.py (node_modules)

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden"
DATA = TESTS / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (then review `git diff`)",
    )


@pytest.fixture
def assert_golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with ``tests/golden/<name>``; ``--update-golden`` rewrites it."""
    update = request.config.getoption("--update-golden")

    def check(text: str, name: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
            return
        assert path.exists(), f"no golden {name}: run `make golden` and review the diff"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden"

    return check


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``sphinx.testing`` finds the test roots (``tests/roots/test-*``)."""
    return TESTS / "roots"


@pytest.fixture(scope="session")
def dot_binary() -> str:
    """Path of Graphviz `dot`; skips only where it is missing (CI installs it)."""
    found = shutil.which("dot")
    if found is None:
        if os.environ.get("VMGRAPH_REQUIRE_DOT"):  # set by scripts/test, so CI never skips
            pytest.fail("Graphviz `dot` is required (VMGRAPH_REQUIRE_DOT is set) but not on PATH")
        pytest.skip("Graphviz `dot` is not installed")
    return found
