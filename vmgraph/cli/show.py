"""``vmgraph show``: print a model resolved (defaults applied, "any" expanded)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vmgraph.cli.common import add_max_bytes_argument, add_model_argument, load

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``show`` subcommand to *sub*."""
    parser: argparse.ArgumentParser = sub.add_parser("show", help="print the resolved model", description=run.__doc__)
    add_model_argument(parser)
    parser.add_argument("--json", action="store_true", help="print JSON (stable key order) instead of text")
    add_max_bytes_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print MODEL resolved (defaults applied, "any" expanded), as text or JSON."""
    from vmgraph.emit.json import model_json, model_text  # noqa: PLC0415 (keeps --help fast)

    model = load(args.model, max_bytes=args.max_bytes)
    sys.stdout.write(model_json(model) if args.json else model_text(model))
    return 0
