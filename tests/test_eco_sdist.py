"""The sdist holds the package, templates, tests, docs, README, LICENSE, NOTICE, CHANGELOG and
pyproject only: built offline (``python -m build --sdist --no-isolation``) and listed."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
ALLOWED = {
    "vmgraph",
    "templates",
    "tests",
    "docs",
    "README.md",
    "LICENSE",
    "NOTICE",
    "CHANGELOG.md",
    "pyproject.toml",
    "PKG-INFO",  # written by the build
    ".gitignore",  # hatchling always adds it (it reads it to leave ignored files out)
}


def test_the_sdist_holds_only_what_it_should(tmp_path: Path) -> None:
    for module in ("build", "hatchling"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install -e '.[test]')")
    argv = [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path), str(REPO)]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (sdist,) = tmp_path.glob("vmgraph-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = [name.split("/", 1)[1] for name in archive.getnames() if "/" in name]
    top = {name.split("/", 1)[0] for name in names}
    assert top == ALLOWED, f"unexpected: {top - ALLOWED}, missing: {ALLOWED - top}"
    assert not [n for n in names if n.startswith(("bench/", "scripts/", "docs/_build/", "tests/js/node_modules/"))]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert "vmgraph/py.typed" in names or any(n.startswith("vmgraph/") for n in names)
    assert "docs/requirements.txt" in names and "docs/conf.py" in names
