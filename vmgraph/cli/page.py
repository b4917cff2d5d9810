"""``vmgraph page``: write a standalone reST page of a model (Sphinx built-ins only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vmgraph.cli.common import add_max_bytes_argument, add_model_argument, load

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``page`` subcommand to *sub*."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "page", help="write a reST page of a model", description=run.__doc__
    )
    add_model_argument(parser)
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="the .rst file to write, replaced atomically (default: print to standard output)",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="directory of templates (*.rst.j2) that override the shipped ones",
    )
    add_max_bytes_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write a standalone reST page of MODEL: diagrams (graphviz directive, DOT inlined),
    the precondition matrix, the state and action tables and the sequences. The page needs
    only Sphinx's built-in graphviz extension, not vmgraph."""
    from vmgraph.emit.rst import model_page, write_page  # noqa: PLC0415 (keeps --help fast)

    model = load(args.model, max_bytes=args.max_bytes)
    if args.output is None:
        sys.stdout.write(model_page(model, templates_dir=args.templates))
        return 0
    print(write_page(model, args.output, templates_dir=args.templates))
    return 0
