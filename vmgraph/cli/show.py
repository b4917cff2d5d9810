"""``vmgraph show``: print a model resolved (defaults applied, "any" expanded)."""

from __future__ import annotations

import argparse
import sys
from typing import Final

from vmgraph.cli.common import add_max_bytes_argument, add_model_argument, load

__all__ = ["HELP", "register", "run"]


#: The one-line help of the subcommand.
HELP: Final = "print the resolved model"


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``vmgraph show`` to *parser*."""
    add_model_argument(parser)
    parser.add_argument("--json", action="store_true", help="print JSON (stable key order) instead of text")
    add_max_bytes_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Print MODEL resolved (defaults applied, "any" expanded), as text or JSON."""
    from vmgraph.emit.json import model_json, model_text  # noqa: PLC0415 (only this command needs it, not --help)

    model = load(args.model, max_bytes=args.max_bytes)
    sys.stdout.write(model_json(model) if args.json else model_text(model))
    return 0
