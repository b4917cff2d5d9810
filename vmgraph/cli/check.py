"""``vmgraph check``: validate model files and report every problem at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

from vmgraph.cli.common import add_max_bytes_argument, load_counting

if TYPE_CHECKING:
    from vmgraph.model import Model

__all__ = ["HELP", "register", "run"]


#: The one-line help of the subcommand.
HELP: Final = "validate model files"


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``vmgraph check`` to *parser*."""
    parser.add_argument("models", nargs="+", metavar="MODEL", help="model file or bundled model name")
    parser.add_argument(
        "--outputs",
        type=Path,
        metavar="DIR",
        help="also check the files `vmgraph render` wrote to DIR are current (one MODEL only)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also fail (exit 1) on warnings such as dead ends and unreachable states, as `sphinx-build -W` does",
    )
    add_max_bytes_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Validate each MODEL; print every problem as file:line: message (exit 1 if any).

    With --strict, a model that loads with warnings fails too.

    With --outputs DIR, also list each rendered file in DIR that is stale or missing.
    """
    from vmgraph.errors import ModelError, show_path  # noqa: PLC0415 (not needed for --help)

    if args.outputs is not None and (len(args.models) != 1 or not args.outputs.is_dir()):
        why = "takes exactly one MODEL" if len(args.models) != 1 else f"{str(args.outputs)!r} is not a directory"
        print(f"vmgraph check: error: --outputs {why}", file=sys.stderr)
        return 2
    failed = 0
    for source in args.models:
        try:
            model, warned = load_counting(source, max_bytes=args.max_bytes)
        except ModelError as err:
            failed += 1
            for problem in err.problems:
                print(problem, file=sys.stderr)
            continue
        counts = ", ".join(
            f"{len(items)} {noun}{'s' * (len(items) != 1)}"
            for items, noun in ((model.states, "state"), (model.actions, "action"), (model.sequences, "sequence"))
        )
        if args.strict and warned:
            failed += 1
            print(f"{show_path(source)}: valid ({counts}), but {warned} warning{'s' * (warned != 1)} (--strict)")
        else:
            print(f"{show_path(source)}: valid ({counts})")  # a bundled model by name, or the file as given
        if args.outputs is not None and not _outputs_current(model, args.outputs, source):
            failed += 1
    return 1 if failed else 0


def _outputs_current(model: Model, outdir: Path, source: str) -> bool:
    """Print each stale or missing rendered file in *outdir*; return True if there is none."""
    # The graphviz package, through the view builders: imported only when outputs are compared.
    from vmgraph.output.stale import check_outputs, expected_outputs  # noqa: PLC0415

    expected = expected_outputs(model)  # every view, the page and Mermaid: built once
    checked = [e.name for e in expected if (outdir / e.name).is_file()]
    if not checked:
        print(f"{outdir}: no files `vmgraph render` writes for model {model.id!r}", file=sys.stderr)
        return False
    problems = check_outputs(model, outdir, expected=expected, source=source)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"vmgraph: {len(problems)} rendered file{'s' * (len(problems) != 1)} stale or missing", file=sys.stderr)
        return False
    print(f"{outdir}: {len(checked)} rendered file{'s' * (len(checked) != 1)} current")
    return True
