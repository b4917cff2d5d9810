"""The Read the Docs recipe (``.readthedocs.yaml``): read it, install nothing, and run the build
it describes as Read the Docs does, with Graphviz (images) and without it (text, and one
clear warning that ``fail_on_warning`` turns into a failed build)."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import needs
import yaml

REPO = Path(__file__).parents[1]
RECIPE = REPO / ".readthedocs.yaml"


def _recipe() -> dict[str, Any]:
    data = yaml.safe_load(RECIPE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_recipe_installs_graphviz_and_fails_on_warnings() -> None:
    recipe = _recipe()
    assert recipe["version"] == 2
    assert recipe["build"]["apt_packages"] == ["graphviz"]
    assert recipe["sphinx"]["fail_on_warning"] is True
    assert (REPO / recipe["sphinx"]["configuration"]).is_file()
    (install,) = recipe["python"]["install"]
    lines = (REPO / install["requirements"]).read_text(encoding="utf-8").splitlines()
    wanted = [line.split("#")[0].strip() for line in lines if line.strip() and not line.startswith("#")]
    # vmgraph from the checkout, with its sphinx extra; myst-parser for the changelog page (CHANGELOG.md)
    assert wanted == [".[sphinx]", "myst-parser"], "vmgraph from the checkout, with its sphinx extra"
    # what it names is what this environment has: the build below installs nothing
    assert importlib.metadata.version("vmgraph")
    assert importlib.metadata.version("sphinx")


def _build(tmp_path: Path, path: str) -> subprocess.CompletedProcess[str]:
    """Run the build Read the Docs runs for the recipe, with ``PATH`` set to *path*."""
    recipe = _recipe()
    conf = REPO / recipe["sphinx"]["configuration"]
    argv = [sys.executable, "-m", "sphinx", "-T", "-b", "html", "-d", str(tmp_path / "doctrees"), "-D", "language=en"]
    if recipe["sphinx"]["fail_on_warning"]:
        argv += ["-W", "--keep-going"]
    env = {k: v for k, v in os.environ.items() if k != "VMGRAPH_DOT"} | {"PATH": path}
    out = tmp_path / "html"
    return subprocess.run(
        [*argv, ".", str(out)], cwd=conf.parent, capture_output=True, text=True, env=env, check=False, timeout=600
    )


def test_with_graphviz_the_docs_have_images(tmp_path: Path) -> None:
    dot = needs.dot()
    proc = _build(tmp_path, f"{Path(dot).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "html" / "nova.html").read_text(encoding="utf-8")
    assert page.count('<svg class="vmgraph-svg') == 3 or page.count("vmgraph-svg") >= 3
    assert "vmgraph-failed" not in page


def test_without_graphviz_one_warning_fails_the_build(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    proc = _build(tmp_path, str(empty))
    plain = re.sub(r"\x1b\[[0-9;]*m", "", proc.stderr)  # Sphinx colours its output on some terminals and CI
    warnings = [line for line in plain.splitlines() if "WARNING" in line]
    assert len(warnings) == 1, proc.stderr
    assert "Graphviz `dot` was not found on PATH, so every diagram is shown as text" in warnings[0]
    assert "build.apt_packages: [graphviz]" in warnings[0]
    assert warnings[0].endswith("[vmgraph.dot]")
    assert proc.returncode != 0, "fail_on_warning turns the warning into a failed build"
    page = (tmp_path / "html" / "nova.html").read_text(encoding="utf-8")
    assert page.count('class="vmgraph-failed"') == 3, "each diagram is shown as text"
    assert re.search(r'<details class="vmgraph-text"', page)
    assert "<svg" not in page
