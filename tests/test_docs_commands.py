"""Every ``run-command`` block of docs/*.rst runs, in page order, with the exit status it shows."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"
#: A ``run-command`` directive: its options, then its indented command lines.
RUN = re.compile(r"^\.\. run-command::\n((?:   :.*\n)*)\n((?:   .*\n|\n)+?)(?=\S|\Z)", re.MULTILINE)
#: Pages whose commands a test of their own runs (tests/test_tutorial.py).
OWN_TEST = {"tutorial"}
PAGES = sorted(p.stem for p in DOCS.glob("*.rst") if RUN.search(p.read_text(encoding="utf-8")))


def test_pages_with_commands_are_found() -> None:
    assert {"tutorial", "troubleshooting"} <= set(PAGES)


@pytest.mark.parametrize("page", sorted(set(PAGES) - OWN_TEST))
def test_page_commands_run(page: str, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("runcommand", DOCS / "_ext" / "runcommand.py")
    assert spec is not None
    assert spec.loader is not None
    runcommand = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runcommand)
    copies: dict[str, Path] = {}
    for match in RUN.finditer((DOCS / f"{page}.rst").read_text(encoding="utf-8")):
        options = dict(re.findall(r"   :([\w-]+):(?: (.*))?\n", match[1]))
        folder = options.get("cwd", ".")
        if folder not in copies:  # one copy per folder, as a reader keeps working in it
            copies[folder] = tmp_path / folder
            shutil.copytree(DOCS / folder, copies[folder], ignore=shutil.ignore_patterns("_build"))
        commands = [line.strip() for line in match[2].splitlines() if line.strip()]
        for number, command in enumerate(commands, 1):
            done = runcommand.run(command, copies[folder])
            expected = int(options.get("returncode") or 0) if number == len(commands) else 0
            assert done.returncode == expected, (page, command, done.stdout)
