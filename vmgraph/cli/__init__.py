"""The ``vmgraph`` command: a thin layer of arguments, messages and exit codes over the core.

Each subcommand lives in its own module with ``register(subparsers)``; commands import the
core lazily so ``vmgraph --help`` stays fast. :func:`main` imports only the module of the
subcommand it runs; the others appear in ``--help`` by name and :data:`HELP` line. Keep
these modules free of ``typing``, ``pathlib`` and ``dataclasses`` imports at module level:
issue 5 allows ``vmgraph --help`` 1.3 times Python's start-up, about 4 ms on top of it.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING

from vmgraph import __version__

if TYPE_CHECKING:
    import argparse

__all__ = ["COMMANDS", "Terminated", "console_main", "main"]

#: Subcommand modules under ``vmgraph.cli``, in the order ``--help`` lists them.
COMMANDS = ("render", "page", "check", "show", "schema", "drift", "diff")


#: What ``vmgraph --help`` says first.
DESCRIPTION = "Render, check and compare resource lifecycle models (states and transitions)."

#: The one-line ``--help`` of each subcommand, as its module registers it (a test checks
#: they agree), so that ``vmgraph --help`` need not import them. A command missing here is
#: imported to list it.
HELP = {
    "render": "write the diagrams of a model",
    "page": "write a reST page of a model",
    "check": "validate model files",
    "show": "print the resolved model",
    "schema": "print the JSON Schema of model files",
    "drift": "compare a model with the precondition decorators in Python source",
    "diff": "show what changed between two models",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 failure, 2 usage error)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv in (["-h"], ["--help"]) and (text := quick_help()) is not None:
        sys.stdout.write(text)
        return 0
    command = next((a for a in argv if not a.startswith("-")), None)  # top-level options take no value
    parser = build_parser(full=(command,) if command in COMMANDS else ())
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # usage error (2), or --help / --version (0): argparse has printed it
        return exit_.code if isinstance(exit_.code, int) else 2
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    handler: Callable[[argparse.Namespace], int] = args.handler
    for stream in (sys.stdout, sys.stderr):  # a strict stream must not raise on a path that is not UTF-8
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    from vmgraph.errors import ModelError, VmgraphError  # noqa: PLC0415 (not needed for --help)

    collecting = gc.isenabled()
    gc.disable()  # a short run of acyclic data: collections during imports and loading only cost time
    restore = _stop_on_sigterm()
    try:
        return handler(args)
    except ModelError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        count = len(err.problems)
        print(f"vmgraph: {count} problem{'s' * (count != 1)} found", file=sys.stderr)
        return 1
    except VmgraphError as err:
        print(f"vmgraph: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as interrupt:  # SIGINT (Ctrl-C), or SIGTERM: see _stop_on_sigterm
        print("vmgraph: interrupted", file=sys.stderr)
        return 128 + (interrupt.signum if isinstance(interrupt, Terminated) else 2)  # 130, 143: as a shell reports
    finally:
        restore()
        if collecting:
            gc.enable()


class Terminated(KeyboardInterrupt):
    """Raised in the main thread by SIGTERM, so that it unwinds as Ctrl-C does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop_on_sigterm() -> Callable[[], None]:
    """Make SIGTERM raise :class:`Terminated`; return what restores the previous handler.

    By default SIGTERM ends Python at once: `dot` processes would be left running and a
    temporary file half written. Raised as an exception, it runs the same clean-up as
    Ctrl-C (the ``finally`` blocks kill and reap `dot`, remove temporary files) and the exit
    status is 143. A second SIGTERM during that clean-up is ignored.
    """
    import signal  # noqa: PLC0415 (not needed for --help)

    def terminate(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated(signum)

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: signals are not ours to handle
        return lambda: None

    def restore() -> None:
        if previous is not None:  # None: set outside Python, nothing to put back
            signal.signal(signal.SIGTERM, previous)

    return restore


def console_main() -> None:
    """Run :func:`main` as the ``vmgraph`` script does, then end the process at once.

    A process that has written its output and closed its files has nothing left to clean
    up, but Python would still spend 2 to 5 ms freeing every module and object one by one
    (about a tenth of ``vmgraph check``); mypy ends the same way. Never returns.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: what Python reports as status 120
        code = code or 120
    os._exit(code)


def build_parser(*, full: Collection[str] | None = None) -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand registered.

    Args:
        full: The subcommands to register with their options (default: all); the others
            get only their name and :data:`HELP` line, enough for ``vmgraph --help``.
    """
    from vmgraph.cli.parsing import Parser  # noqa: PLC0415 (argparse: not for the quick --help)

    parser = Parser(prog="vmgraph", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if full is None or name in full or name not in HELP:
            importlib.import_module(f"vmgraph.cli.{name}").register(sub)
        else:
            sub.add_parser(name, help=HELP[name], add_help=False)
    return parser


def quick_help() -> str | None:
    """Return what ``vmgraph --help`` prints, without importing argparse (``None``: ask it).

    argparse, gettext and locale cost 2 to 3 ms before a line of help is formatted; this
    lays out the same text the same way (``tests/test_perf_behaviour.py`` compares the
    two at many terminal widths). Narrow terminals, where argparse wraps the usage line,
    and commands without a :data:`HELP` line are left to argparse.
    """
    width = _columns() - 2
    if width < 50 or any(name not in HELP for name in COMMANDS):
        return None
    options = (
        ("-h, --help", "show this help message and exit"),
        ("--version", "show program's version number and exit"),
    )
    rows = [(f"  {flag}", text) for flag, text in options]
    rows += [(f"    {name}", HELP[name]) for name in COMMANDS]
    position = min(max(len(left) for left, _ in rows) + 2, 24)
    out = ["usage: vmgraph [-h] [--version] COMMAND ...", "", *_wrap(DESCRIPTION, width), "", "positional arguments:"]
    out.append("  COMMAND")
    lines = [_row(left, text, position, width) for left, text in rows]
    out += [*lines[len(options) :], "", "options:", *lines[: len(options)]]
    return "\n".join(out) + "\n"


def _row(left: str, text: str, position: int, width: int) -> str:
    """Return one argparse help row: the invocation, then its help from column *position*."""
    wrapped = _wrap(text, max(width - position, 11))
    if len(left) + 2 > position:  # too long: help starts on the next line
        return "\n".join([left, *(" " * position + line for line in wrapped)])
    first, *rest = wrapped
    return "\n".join([left.ljust(position) + first, *(" " * position + line for line in rest)])


def _wrap(text: str, width: int) -> list[str]:
    """Return the words of *text* in lines of at most *width* characters, as textwrap.wrap does.

    A word longer than a line fills the rest of the current line and goes on in the next.
    """
    lines: list[str] = []
    line = ""
    words = text.split()[::-1]
    while words:
        word = words.pop()
        joined = f"{line} {word}" if line else word
        if len(joined) <= width:
            line = joined
            continue
        prefix = f"{line} " if line else ""
        room = width - len(prefix) if width > 0 else 1
        if len(word) > width and room > 0:
            lines.append(prefix + word[:room])
            words.append(word[room:])
            line = ""
            continue
        if line:
            lines.append(line)
        line = ""
        words.append(word)
    if line:
        lines.append(line)
    return lines


def _columns() -> int:
    """Return the terminal width as :func:`shutil.get_terminal_size` does: $COLUMNS, the tty, 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80
