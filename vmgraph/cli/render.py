"""``vmgraph render``: write the views of a model as DOT and images."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Final

from vmgraph.cli.common import add_model_argument, load

__all__ = ["FORMATS", "register"]

#: Formats ``--format`` accepts.
FORMATS: Final = ("dot", "svg", "png", "pdf", "mermaid", "rst")
DEFAULT_FORMATS: Final = ("dot", "svg")
DEFAULT_OUTDIR: Final = Path("vmgraph-out")


def register(sub: Any) -> None:
    """Add the ``render`` subcommand to *sub*."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "render", help="write the diagrams of a model", description=run.__doc__
    )
    add_model_argument(parser)
    parser.add_argument(
        "--view",
        action="extend",
        nargs="+",
        metavar="VIEW",
        help="preconditions, transitions, create-sequence, sequence-<id> or all (default: all); repeatable",
    )
    parser.add_argument(
        "--format",
        action="extend",
        nargs="+",
        choices=FORMATS,
        metavar="FORMAT",
        help="one or more of: %(choices)s (default: dot svg); repeatable",
    )
    parser.add_argument(
        "-o", "--outdir", type=Path, default=DEFAULT_OUTDIR, metavar="DIR", help="output directory (default: %(default)s)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="rewrite every file, even those already current (by default they are left alone)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the views of MODEL as DIR/<view>.<format> (mermaid: DIR/<view>.mmd; rst: the page DIR/page.rst); each file is replaced atomically."""
    from vmgraph.render import render_outputs  # noqa: PLC0415 (keeps --help fast)

    model = load(args.model)
    views = args.view or ["all"]
    report = render_outputs(model, args.outdir, views=views, formats=args.format or DEFAULT_FORMATS, force=args.force)
    for path in report.written:
        print(path)
    if report.unchanged:
        count = len(report.unchanged)
        print(f"vmgraph: {count} file{'s' * (count != 1)} already current, left as they were", file=sys.stderr)
    for error in report.errors:
        print(f"vmgraph: error: {error}", file=sys.stderr)
    return 1 if report.errors else 0
