"""``vmgraph drift``: compare a model's preconditions with the decorators in the code."""

from __future__ import annotations

import argparse
import sys
from typing import Final

from vmgraph.cli.common import add_max_bytes_argument, add_model_argument, add_source_argument, load
from vmgraph.limits import max_bytes

__all__ = ["HELP", "register", "run"]


#: The one-line help of the subcommand.
HELP: Final = "compare a model with the precondition decorators in Python source"


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``vmgraph drift`` to *parser*."""
    add_model_argument(parser)
    add_source_argument(parser)
    parser.add_argument("--json", action="store_true", help='print {"findings": [...], "not_modelled": [...]}')
    parser.add_argument("--strict", action="store_true", help="also fail on decorated functions that no action maps to")
    add_max_bytes_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Compare MODEL with the @check_instance_state decorators (or the model's own
    decorator) found in the Python source under each --source, which is parsed and never
    imported or run. Exit 0 when they agree, 1 on drift, 2 on usage errors.
    """
    from vmgraph.drift import check_drift, find_sources  # noqa: PLC0415 (only this command needs it, not --help)
    from vmgraph.drift.report import report_json, report_text  # noqa: PLC0415 (only this command needs it, not --help)
    from vmgraph.load.loader import model_path  # noqa: PLC0415 (only this command needs it, not --help)

    for source in args.source:
        if not source.exists():
            print(f"vmgraph drift: error: --source {str(source)!r}: no such file or directory", file=sys.stderr)
            return 2
    if not find_sources(args.source):
        shown = ", ".join(repr(str(s)) for s in args.source)
        print(f"vmgraph drift: error: no Python files under --source {shown}", file=sys.stderr)
        return 2
    model = load(args.model, max_bytes=args.max_bytes)
    report = check_drift(model, args.source, model_file=model_path(args.model), max_bytes=args.max_bytes or max_bytes())
    sys.stdout.write(report_json(report) if args.json else report_text(report, strict=args.strict))
    return 1 if report.failed(strict=args.strict) else 0
