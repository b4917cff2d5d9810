"""Helpers shared by the subcommands: the model argument and loading with warnings."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Final

from vmgraph.limits import parse_size

if TYPE_CHECKING:
    from vmgraph.model import Model

__all__ = ["DEFAULT_MODEL", "UsageError", "add_max_bytes_argument", "add_model_argument", "load", "load_counting"]

#: The model commands use when none is given.
DEFAULT_MODEL: Final = "nova"


class UsageError(Exception):
    """A command line that only the command itself can find wrong: exit 2, as argparse's errors do."""


def add_model_argument(parser: argparse.ArgumentParser, *, optional: bool = True) -> None:
    """Add the positional MODEL argument (a file or a bundled model name)."""
    kwargs: dict[str, object] = {"nargs": "?", "default": DEFAULT_MODEL} if optional else {}
    parser.add_argument(
        "model",
        metavar="MODEL",
        help=f"model file or bundled model name (default: {DEFAULT_MODEL})"
        if optional
        else "model file or bundled model name",
        **kwargs,  # type: ignore[arg-type]
    )


def add_max_bytes_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--max-bytes SIZE``: the largest model file read (default: $VMGRAPH_MAX_BYTES, else 16M)."""
    parser.add_argument(
        "--max-bytes",
        type=_size,
        metavar="SIZE",
        help="refuse model files larger than SIZE bytes (K, M, G: powers of 1024; "
        "default: $VMGRAPH_MAX_BYTES, else 16M)",
    )


def _size(text: str) -> int:
    """Check one ``--max-bytes`` value (argparse type)."""
    try:
        return parse_size(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def load(source: str, *, max_bytes: int | None = None) -> Model:
    """Load a model, printing its warnings (unreachable states, dead ends) to stderr.

    *max_bytes* is the ``--max-bytes`` of the command (``None``: the loader's default).
    """
    return load_counting(source, max_bytes=max_bytes)[0]


def load_counting(source: str, *, max_bytes: int | None = None) -> tuple[Model, int]:
    """Load a model as :func:`load` does; return it and how many warnings were printed."""
    from vmgraph.load.loader import load_model  # noqa: PLC0415 (only this command needs it, not --help)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = load_model(source, max_bytes=max_bytes)
    for warning in caught:
        print(f"vmgraph: warning: {warning.message}", file=sys.stderr)
    return model, len(caught)


def add_source_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--source PATH`` (repeatable, required): the Python code a command reads."""
    parser.add_argument(
        "--source",
        action="append",
        type=Path,
        required=True,
        metavar="PATH",
        help="a Python file, or a directory whose .py files are all read; repeatable",
    )
