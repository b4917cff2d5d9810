"""``vmgraph render``: write the views of a model as DOT and images."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Final

from vmgraph.cli.common import add_max_bytes_argument, add_model_argument, load, path_arg
from vmgraph.limits import DOT_TIMEOUT, MAX_EDGES, MAX_STATES

__all__ = ["FORMATS", "register"]

#: Formats ``--format`` accepts.
FORMATS: Final = ("dot", "svg", "png", "pdf", "mermaid", "rst")
DEFAULT_FORMATS: Final = ("dot", "svg")
DEFAULT_OUTDIR: Final = "vmgraph-out"


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
        help="preconditions, transitions, create-sequence, sequence-<id>, all (default), or focused: "
        "the overview and one view per state and per action (also overview, states/<id>, actions/<id>); repeatable",
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
        "-o",
        "--outdir",
        type=path_arg,
        default=DEFAULT_OUTDIR,
        metavar="DIR",
        help="output directory (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float),
        default=DOT_TIMEOUT,
        metavar="SECONDS",
        help="stop `dot` on a graph that takes longer, report it and go on (default: %(default)g)",
    )
    parser.add_argument(
        "--max-states",
        type=_positive(int),
        default=MAX_STATES,
        metavar="N",
        help="with more states, 'all' draws the overview and the focused views instead of the "
        "whole-model graphs (default: %(default)s)",
    )
    parser.add_argument(
        "--max-edges",
        type=_positive(int),
        default=MAX_EDGES,
        metavar="N",
        help="likewise, for the edges of the transitions view (default: %(default)s)",
    )
    parser.add_argument(
        "--highlight",
        action="append",
        type=_highlight,
        metavar="KIND:NAME",
        help="draw what concerns a state or an action bold and fade the rest (preconditions and transitions "
        "views): state:NAME or action:NAME, by id or label; repeatable; states and actions together "
        "highlight what concerns both",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="rewrite every file, even those already current (by default they are left alone)",
    )
    add_max_bytes_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the views of MODEL as DIR/<view>.<format> (mermaid: DIR/<view>.mmd; rst: the page DIR/page.rst); each file is replaced atomically."""
    from vmgraph.dotrun.batch import warm  # noqa: PLC0415 (keeps --help fast)

    formats = args.format or DEFAULT_FORMATS
    with warm(formats):  # `dot` starts while the model loads
        from vmgraph.output.render import render_outputs  # noqa: PLC0415

        model = load(args.model, max_bytes=args.max_bytes)
        report = render_outputs(
            model,
            args.outdir,
            views=args.view or ["all"],
            formats=formats,
            force=args.force,
            timeout=args.timeout,
            max_states=args.max_states,
            max_edges=args.max_edges,
            highlight=_parsed_highlight(args.highlight),
        )
    for note in report.notes:
        print(f"vmgraph: note: {note}", file=sys.stderr)
    for path in report.written:
        print(path)
    if report.unchanged:
        count = len(report.unchanged)
        print(f"vmgraph: {count} file{'s' * (count != 1)} already current, left as they were", file=sys.stderr)
    for error in report.errors:
        print(f"vmgraph: error: {error}", file=sys.stderr)
    return 1 if report.errors else 0


def _highlight(text: str) -> str:
    """Check one ``--highlight`` value (argparse type): ``state:NAME`` or ``action:NAME``."""
    from vmgraph.views.emphasis import parse_highlight  # noqa: PLC0415 (only when the option is used)

    try:
        parse_highlight([text])
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def _parsed_highlight(specs: list[str] | None) -> Any:
    """Return the :class:`~vmgraph.views.emphasis.Highlight` of the ``--highlight`` values, or ``None``."""
    if not specs:
        return None
    from vmgraph.views.emphasis import parse_highlight  # noqa: PLC0415 (only when the option is used)

    return parse_highlight(specs)


def _positive(kind: type[float | int]) -> Any:
    """Return an argparse type: a number of *kind* above zero."""

    def convert(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if value <= 0:
            raise argparse.ArgumentTypeError(f"expected a {kind.__name__} above 0, got {text!r}")
        return value

    convert.__name__ = kind.__name__  # argparse names the type in its messages
    return convert
