"""``vmgraph render``: write the views of a model as DOT and images."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from vmgraph.cli.common import UsageError, add_max_bytes_argument, add_model_argument, load
from vmgraph.limits import DOT_TIMEOUT, MAX_EDGES, MAX_STATES

if TYPE_CHECKING:
    from vmgraph.views.emphasis import Highlight

__all__ = ["FORMATS", "HELP", "register", "run"]

#: The one-line help of the subcommand.
HELP: Final = "write the diagrams of a model"

#: Formats ``--format`` accepts.
FORMATS: Final = ("dot", "svg", "png", "pdf", "mermaid", "rst", "html")
DEFAULT_FORMATS: Final = ("dot", "svg")
DEFAULT_OUTDIR: Final = "vmgraph-out"


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``vmgraph render`` to *parser*."""
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
        type=str.lower,
        choices=FORMATS,
        metavar="FORMAT",
        help="one or more of: %(choices)s, in any case (default: dot svg); repeatable",
    )
    parser.add_argument(
        "-o",
        "--outdir",
        type=Path,
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


def run(args: argparse.Namespace) -> int:
    """Write the views of MODEL as DIR/<view>.<format> (mermaid: DIR/<view>.mmd; rst: the page DIR/page.rst); each file is replaced atomically."""
    from vmgraph.dotrun.process import warm  # noqa: PLC0415 (only this command needs it, not --help)

    formats = args.format or DEFAULT_FORMATS
    views = args.view or ["all"]
    with warm(formats):  # `dot` starts while the rest of vmgraph is imported and the model loads
        from vmgraph.errors import RenderError  # noqa: PLC0415

        # The graphviz package, through the view builders: imported by the commands that draw.
        from vmgraph.output.render import render_outputs  # noqa: PLC0415
        from vmgraph.views.names import resolve_views  # noqa: PLC0415

        model = load(args.model, max_bytes=args.max_bytes)
        try:
            resolve_views(model, views)
        except RenderError as err:  # like an unknown --format, though only the model can tell
            raise UsageError(f"argument --view: {err}") from None
        report = render_outputs(
            model,
            args.outdir,
            views=views,
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
    from vmgraph.views.emphasis import parse_highlight  # noqa: PLC0415 (the graphviz package: see run)

    try:
        parse_highlight([text])
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def _parsed_highlight(specs: list[str] | None) -> Highlight | None:
    """Return the :class:`~vmgraph.views.emphasis.Highlight` of the ``--highlight`` values, or ``None``."""
    if not specs:
        return None
    from vmgraph.views.emphasis import parse_highlight  # noqa: PLC0415 (the graphviz package: see run)

    return parse_highlight(specs)


def _positive(kind: type[float | int]) -> Callable[[str], float | int]:
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
