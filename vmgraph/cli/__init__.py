"""The ``vmgraph`` command: a thin layer of arguments, messages and exit codes over the core.

Each subcommand lives in its own module with ``register(subparsers)``; commands import the
core lazily so ``vmgraph --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from vmgraph import __version__
from vmgraph.errors import ModelError, VmgraphError

__all__ = ["COMMANDS", "main"]

#: Subcommand modules under ``vmgraph.cli``, in the order ``--help`` lists them.
COMMANDS = ("render", "check", "show", "schema")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 failure, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except ModelError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        count = len(err.problems)
        print(f"vmgraph: {count} problem{'s' * (count != 1)} found", file=sys.stderr)
        return 1
    except VmgraphError as err:
        print(f"vmgraph: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("vmgraph: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="vmgraph",
        description="Render, check and compare resource lifecycle models (states and transitions).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"vmgraph.cli.{name}").register(sub)
    return parser
