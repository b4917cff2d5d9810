"""``vmgraph schema``: print the JSON Schema of model files."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``schema`` subcommand to *sub*."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "schema", help="print the JSON Schema of model files", description=run.__doc__
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the model file format, for editors' YAML language servers."""
    from vmgraph.load.schema import schema_text  # noqa: PLC0415 (keeps --help fast)

    sys.stdout.write(schema_text())
    return 0
