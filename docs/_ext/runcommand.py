"""``.. run-command::``: show shell commands and what they print, run in a copy of a folder of docs/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

__all__ = ["RunCommand", "run", "setup"]


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run one shell command line in *cwd*, as a reader would, with this Python's ``vmgraph`` first on PATH.

    Standard error is merged into standard output, in order, as a terminal shows them.
    """
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run(  # the commands are the docs' own, shown to the reader
        command,
        shell=True,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
        check=False,
    )


class RunCommand(SphinxDirective):
    """Show each command line of the content as ``$ command``, then what it printed.

    Options: ``:cwd:`` the folder, relative to the page, the commands run in (a copy of it,
    so the build never writes into docs/); ``:returncode:`` the exit status of the last
    command (default 0; any other fails the build); ``:no-output:`` show the commands
    only and do not run them at build time (the tests run them).
    """

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "cwd": directives.unchanged_required,
        "returncode": int,
        "no-output": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        commands = [line for line in self.content if line.strip()]
        shown: list[str] = []
        if "no-output" in self.options:
            shown = [f"$ {command}" for command in commands]
        else:
            folder = Path(self.env.relfn2path(self.options.get("cwd", "."))[1])
            for path in folder.rglob("*"):
                if path.is_file() and "_build" not in path.parts:
                    self.env.note_dependency(str(path))
            with tempfile.TemporaryDirectory() as temp:
                copy = Path(temp) / folder.name
                shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("_build"))
                status = 0
                for command in commands:
                    done = run(command, copy)
                    shown += [f"$ {command}", *done.stdout.replace(str(copy), ".").splitlines()]
                    status = done.returncode
            expected = self.options.get("returncode", 0)
            if status != expected:
                raise self.error(f"run-command: {commands[-1]!r} exited {status}, not {expected}:\n" + "\n".join(shown))
        block = nodes.literal_block("\n".join(shown), "\n".join(shown))
        block["language"] = "console"
        return [block]


def setup(app: Any) -> dict[str, object]:
    app.add_directive("run-command", RunCommand)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
