"""``vmgraph check``: validate model files and report every problem at once."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vmgraph.cli.common import load
from vmgraph.errors import ModelError

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``check`` subcommand to *sub*."""
    parser: argparse.ArgumentParser = sub.add_parser("check", help="validate model files", description=run.__doc__)
    parser.add_argument("models", nargs="+", metavar="MODEL", help="model file or bundled model name")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate each MODEL; print every problem as file:line: message (exit 1 if any)."""
    from vmgraph.loader import model_path  # noqa: PLC0415 (keeps --help fast)

    failed = 0
    for source in args.models:
        try:
            model = load(source)
        except ModelError as err:
            failed += 1
            for problem in err.problems:
                print(problem, file=sys.stderr)
            continue
        counts = f"{len(model.states)} states, {len(model.actions)} actions, {len(model.sequences)} sequences"
        print(f"{model_path(source)}: valid ({counts})")
    return 1 if failed else 0
