"""``vmgraph import``: write a model file from the decorators or transition table of Python code."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, Final

from vmgraph.cli.common import add_source_argument

__all__ = ["HELP", "register", "run"]

#: The one-line help of the subcommand.
HELP: Final = "write a model file from the code's decorators or transition table"
#: The shapes of ``code.table`` (:data:`vmgraph.load.code.PRESETS`; a test checks they agree).
_PRESETS: Final = ("automaton", "transitions", "statemachine")


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``vmgraph import`` to *parser*."""
    add_source_argument(parser)
    parser.add_argument(
        "--table",
        choices=_PRESETS,
        metavar="PRESET",
        help=f"read a transition table of this shape ({', '.join(_PRESETS)}) instead of decorators",
    )
    parser.add_argument("--call", metavar="NAME", help="with --table: the call that adds a transition, if renamed")
    parser.add_argument(
        "--decorator",
        metavar="NAME",
        default="check_instance_state",
        help="the precondition decorator (default: %(default)s)",
    )
    parser.add_argument(
        "--states-keyword",
        default="vm_state",
        metavar="NAME",
        help="its keyword for accepted states (default: %(default)s)",
    )
    parser.add_argument(
        "--task-states-keyword",
        default="task_state",
        metavar="NAME",
        help="its keyword for task states (default: %(default)s)",
    )
    parser.add_argument(
        "--launched-keyword",
        default="must_have_launched",
        metavar="NAME",
        help="its keyword for the launched flag (default: %(default)s)",
    )
    parser.add_argument(
        "--launched-default",
        choices=("true", "false"),
        default="true",
        help="the launched flag when not given (default: %(default)s)",
    )
    parser.add_argument("--id", default="imported", help="the model's id (default: %(default)s)")
    parser.add_argument("--title", help="the model's title (default: the id)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="the model file to write, replaced atomically (default: print to standard output)",
    )


def run(args: argparse.Namespace) -> int:
    """Write a model file from the Python source under each --source, which is parsed and
    never imported or run. By default it reads the precondition decorators: the states each
    call accepts. Where each call leads is marked '# FILL IN:' for `vmgraph check` to name.
    With --table it reads a transition table: states and actions, with the model's
    code.table set for `vmgraph drift`. Exit 0 when written, 1 when the code holds nothing
    to import, 2 on usage errors.
    """
    from vmgraph.drift import find_sources  # noqa: PLC0415 (only this command needs it, not --help)
    from vmgraph.drift.imported import CodeImportError  # noqa: PLC0415 (only this command needs it, not --help)
    from vmgraph.drift.importing import import_code  # noqa: PLC0415 (only this command needs it, not --help)
    from vmgraph.drift.modelwriter import write_model  # noqa: PLC0415 (only this command needs it, not --help)
    from vmgraph.load.code import PRESETS, TableSpec  # noqa: PLC0415 (only this command needs it, not --help)
    from vmgraph.model import Decorator  # noqa: PLC0415 (only this command needs it, not --help)
    from vmgraph.output.files import write_atomic  # noqa: PLC0415 (only this command needs it, not --help)

    usage = _usage(args, re.compile(r"[a-z][a-z0-9_-]{0,63}\Z"), re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z"))
    if usage is None:
        for source in args.source:
            if not source.exists():
                usage = f"--source {str(source)!r}: no such file or directory"
                break
        else:
            if not find_sources(args.source):
                usage = f"no Python files under --source {', '.join(repr(str(s)) for s in args.source)}"
    if usage is not None:
        print(f"vmgraph import: error: {usage}", file=sys.stderr)
        return 2
    table = None if args.table is None else TableSpec(args.table, args.call or PRESETS[args.table])
    decorator = Decorator(
        name=args.decorator,
        states_keyword=args.states_keyword,
        task_states_keyword=args.task_states_keyword,
        launched_keyword=args.launched_keyword,
        launched_default=args.launched_default == "true",
    )
    try:
        imports = import_code(args.source, decorator=decorator, table=table)
    except CodeImportError as err:
        print(f"vmgraph import: error: {err}", file=sys.stderr)
        return 1
    for note in imports.problems:
        print(f"vmgraph import: warning: {note.where}: {note.text} (marked '# FILL IN:')", file=sys.stderr)
    text = write_model(imports, model_id=args.id, title=args.title or args.id, decorator=decorator, table=table)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_atomic(args.output, text.encode("utf-8"))
        print(f"wrote {args.output}")
    return 0


def _usage(args: argparse.Namespace, model_id: Any, python_name: Any) -> str | None:
    """Return what is wrong with the options, or ``None``."""
    if not model_id.match(args.id):
        return f"--id {args.id!r} is not a model id (lower-case letters, digits, '_' and '-', starting with a letter)"
    if args.title is not None and (not args.title.strip() or not args.title.isprintable()):
        return f"--title {args.title!r} must be one line of printable text"
    if args.call is not None and args.table is None:
        return "--call needs --table"
    names = (args.call, args.decorator, args.states_keyword, args.task_states_keyword, args.launched_keyword)
    for name in names:
        if name is not None and not python_name.match(name):
            return f"{name!r} is not a Python name (letters, digits and '_', not starting with a digit)"
    return None
