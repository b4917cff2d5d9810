"""The ``vmgraph`` command: a thin layer of arguments, messages and exit codes over the core.

Each subcommand lives in its own module (``HELP``, ``register(parser)`` and ``run(args)``);
:mod:`vmgraph.cli.parsing` puts them together into one argument parser.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from vmgraph.cli.common import UsageError
from vmgraph.cli.parsing import COMMANDS, build_parser

__all__ = ["COMMANDS", "Terminated", "build_parser", "console_main", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 failure, 2 usage error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # usage error (2), or --help / --version (0): argparse has printed it
        return exit_.code if isinstance(exit_.code, int) else 2
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    handler: Callable[..., int] = args.handler
    for stream in (sys.stdout, sys.stderr):  # a strict stream must not raise on a path that is not UTF-8
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    from vmgraph.errors import ModelError, VmgraphError  # noqa: PLC0415 (not needed for --help)

    restore = _stop_on_sigterm()
    try:
        return handler(args)
    except UsageError as err:  # as argparse reports its own: the usage, then the message
        command = parser.commands[args.command][1]
        command.print_usage(sys.stderr)
        print(f"{command.prog}: error: {err}", file=sys.stderr)
        return 2
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

    import signal  # noqa: PLC0415 (a command runs: not needed for --help)

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
    """Run :func:`main` as the ``vmgraph`` script does, and exit with its status."""
    sys.exit(main())
