"""``vmgraph check``: validate model files and report every problem at once."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from vmgraph.cli.common import add_max_bytes_argument, load, path_arg
from vmgraph.errors import ModelError, show_path

if TYPE_CHECKING:
    from pathlib import Path

    from vmgraph.model import Model

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``check`` subcommand to *sub*."""
    parser: argparse.ArgumentParser = sub.add_parser("check", help="validate model files", description=run.__doc__)
    parser.add_argument("models", nargs="+", metavar="MODEL", help="model file or bundled model name")
    parser.add_argument(
        "--outputs",
        type=path_arg,
        metavar="DIR",
        help="also check the files `vmgraph render` wrote to DIR are current (one MODEL only)",
    )
    add_max_bytes_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate each MODEL; print every problem as file:line: message (exit 1 if any).

    With --outputs DIR, also list each rendered file in DIR that is stale or missing.
    """
    if args.outputs is not None and (len(args.models) != 1 or not args.outputs.is_dir()):
        why = "takes exactly one MODEL" if len(args.models) != 1 else f"{str(args.outputs)!r} is not a directory"
        print(f"vmgraph check: error: --outputs {why}", file=sys.stderr)
        return 2
    failed = 0
    for source in args.models:
        try:
            model = load(source, max_bytes=args.max_bytes)
        except ModelError as err:
            failed += 1
            for problem in err.problems:
                print(problem, file=sys.stderr)
            continue
        counts = ", ".join(
            f"{len(items)} {noun}{'s' * (len(items) != 1)}"
            for items, noun in ((model.states, "state"), (model.actions, "action"), (model.sequences, "sequence"))
        )
        print(f"{show_path(source)}: valid ({counts})")  # a bundled model by name, or the file as given
        if args.outputs is not None and not _outputs_current(model, args.outputs):
            failed += 1
    return 1 if failed else 0


def _outputs_current(model: Model, outdir: Path) -> bool:
    """Print each stale or missing rendered file in *outdir*; return True if there is none."""
    from vmgraph.output.stale import check_outputs, expected_outputs  # noqa: PLC0415 (keeps --help fast)

    expected = expected_outputs(model)  # every view, the page and Mermaid: built once
    checked = [e.name for e in expected if (outdir / e.name).is_file()]
    if not checked:
        print(f"{outdir}: no files `vmgraph render` writes for model {model.id!r}", file=sys.stderr)
        return False
    problems = check_outputs(model, outdir, expected=expected)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"vmgraph: {len(problems)} rendered file{'s' * (len(problems) != 1)} stale or missing", file=sys.stderr)
        return False
    print(f"{outdir}: {len(checked)} rendered file{'s' * (len(checked) != 1)} current")
    return True
