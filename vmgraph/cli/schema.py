"""``vmgraph schema``: print the JSON Schema of model files."""

from __future__ import annotations

import argparse
import sys
from typing import Final

__all__ = ["HELP", "register", "run"]


#: The one-line help of the subcommand.
HELP: Final = "print the JSON Schema of model files"


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``vmgraph schema`` to *parser*."""


def run(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the model file format, for editors' YAML language servers."""
    from vmgraph.load.schema import schema_text  # noqa: PLC0415 (only this command needs it, not --help)

    sys.stdout.write(schema_text())
    return 0
