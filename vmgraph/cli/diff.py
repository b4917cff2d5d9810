"""``vmgraph diff``: what changed between two models, as text, JSON or a marked-up diagram."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Final

from vmgraph.cli.common import add_max_bytes_argument, load

__all__ = ["HELP", "register", "run"]

#: Formats ``--format`` accepts: the report, or the preconditions diagram of NEW, marked.
FORMATS: Final = ("text", "json", "dot", "svg", "png", "pdf")
_BINARY: Final = ("png", "pdf")


#: The one-line help of the subcommand.
HELP: Final = "show what changed between two models"


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``vmgraph diff`` to *parser*."""
    parser.add_argument("old", metavar="OLD", help="the older model: a file or a bundled model name")
    parser.add_argument("new", metavar="NEW", help="the newer model: a file or a bundled model name")
    parser.add_argument(
        "--format",
        type=str.lower,
        choices=FORMATS,
        default="text",
        metavar="FORMAT",
        help="text (default), json, or the preconditions diagram of NEW with the changes marked: "
        "%(choices)s, in any case",
    )
    parser.add_argument("--json", action="store_const", const="json", dest="format", help="same as --format json")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument(
        "--exit-code", action="store_true", help="exit 1 if the models differ (like `git diff --exit-code`)"
    )
    add_max_bytes_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Compare OLD with NEW: added and removed states and actions, accepted (action, state)
    pairs, and per action its results, error state, task-state and launched requirements.
    """
    from vmgraph.diff import diff_json, diff_models, diff_text  # noqa: PLC0415 (only this command needs it, not --help)
    from vmgraph.output.files import write_atomic  # noqa: PLC0415 (only this command needs it, not --help)

    if args.format in _BINARY and args.output is None and sys.stdout.isatty():
        print(
            f"vmgraph diff: error: refusing to write {args.format.upper()} to a terminal; use -o FILE", file=sys.stderr
        )
        return 2
    diff = diff_models(load(args.old, max_bytes=args.max_bytes), load(args.new, max_bytes=args.max_bytes))
    if args.format in ("text", "json"):
        data = (diff_json(diff) if args.format == "json" else diff_text(diff)).encode("utf-8")
    else:
        # The graphviz package and `dot`: only to draw.
        from vmgraph.dotrun.backend import DotJob, run_dot  # noqa: PLC0415
        from vmgraph.emit.diffdot import diff_graph  # noqa: PLC0415

        source = diff_graph(diff).source
        data = source.encode("utf-8") if args.format == "dot" else run_dot(DotJob("diff", source, args.format))
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(args.output, data)
    return 1 if args.exit_code and not diff.empty else 0
