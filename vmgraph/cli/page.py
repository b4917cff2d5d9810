"""``vmgraph page``: write a standalone reST page of a model (Sphinx built-ins only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Final

from vmgraph.cli.common import add_max_bytes_argument, add_model_argument, load

__all__ = ["HELP", "register", "run"]


#: The one-line help of the subcommand.
HELP: Final = "write a reST page of a model"


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``vmgraph page`` to *parser*."""
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


def run(args: argparse.Namespace) -> int:
    """Write a standalone reST page of MODEL: diagrams (graphviz directive, DOT inlined),
    the precondition matrix, the state and action tables and the sequences. The page needs
    only Sphinx's built-in graphviz extension, not vmgraph."""
    from vmgraph.emit.rst import model_page  # noqa: PLC0415 (Jinja2 and graphviz: this command only)
    from vmgraph.output.page import write_page  # noqa: PLC0415 (as above)

    model = load(args.model, max_bytes=args.max_bytes)
    if args.output is None:
        sys.stdout.write(model_page(model, templates_dir=args.templates))
        return 0
    print(write_page(model, args.output, templates_dir=args.templates))
    return 0
