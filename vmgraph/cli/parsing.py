"""The argument parser of ``vmgraph``: every subcommand, and a record of what each takes."""

from __future__ import annotations

import argparse
from types import ModuleType
from typing import Any, Final

from vmgraph import __version__
from vmgraph.cli import check, diff, drift, importer, page, render, schema, show

__all__ = ["COMMANDS", "DESCRIPTION", "Parser", "build_parser"]

#: What ``vmgraph --help`` says first.
DESCRIPTION: Final = "Render, check and compare resource lifecycle models (states and transitions)."

#: Each subcommand and its module (``import`` is a Python keyword: its module is ``importer``).
_MODULES: Final[dict[str, ModuleType]] = {
    "render": render,
    "page": page,
    "check": check,
    "show": show,
    "schema": schema,
    "drift": drift,
    "import": importer,
    "diff": diff,
}

#: The subcommands, in the order ``--help`` lists them.
COMMANDS: Final = tuple(_MODULES)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that keeps the arguments and subcommands added to it, in order.

    ``arguments`` holds each :class:`argparse.Action` that :meth:`add_argument` returned;
    ``commands`` maps each subcommand to its one-line help and its parser. The CLI
    reference (:mod:`vmgraph.cli.reference`) is written from them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.arguments: list[argparse.Action] = []  # before __init__, which adds --help
        self.commands: dict[str, tuple[str, Parser]] = {}
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """Add an argument as argparse does, and keep it in ``arguments``."""
        action = super().add_argument(*args, **kwargs)
        self.arguments.append(action)
        return action


def build_parser() -> Parser:
    """Return the argument parser of ``vmgraph`` with every subcommand registered."""
    parser = Parser(prog="vmgraph", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in _MODULES.items():
        command = sub.add_parser(name, help=module.HELP, description=module.run.__doc__)
        assert isinstance(command, Parser)  # subparsers are made of the parent's class
        module.register(command)
        command.set_defaults(handler=module.run)
        parser.commands[name] = (module.HELP, command)
    return parser
