"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run as pre-commit runs them."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
MODEL = ROOT / "tests" / "data" / "minimal.yaml"


def _run_hook(hook_id: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a hook's entry plus *args* in *cwd*, with this Python's environment first on PATH (as pre-commit does)."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = (h for h in hooks if h["id"] == hook_id)
    assert hook["language"] == "python"
    argv = shlex.split(hook["entry"]) + args
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_render_hook_without_a_model_fails_and_says_what_to_configure(tmp_path: Path) -> None:
    result = _run_hook("vmgraph-render", [], tmp_path)
    assert result.returncode == 1
    assert "no model to render" in result.stderr
    assert "args: [docs/lifecycle.yaml" in result.stderr
    assert list(tmp_path.iterdir()) == [], "nothing written into the user's repository"


def test_render_hook_with_options_but_no_model_fails(tmp_path: Path) -> None:
    result = _run_hook("vmgraph-render", ["--format", "dot", "-o", "out"], tmp_path)
    assert result.returncode == 1
    assert "no model to render" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("dot_binary")
def test_render_hook_with_a_model_renders_it(tmp_path: Path) -> None:
    result = _run_hook("vmgraph-render", [str(MODEL), "--format", "dot", "-o", "out"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) != []
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
