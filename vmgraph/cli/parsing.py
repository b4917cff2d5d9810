"""argparse, adapted to start fast: no shutil (2 ms) nor textwrap (0.5 ms) imports."""

from __future__ import annotations

import argparse
from typing import Any

from vmgraph.cli import _columns, _wrap

__all__ = ["HelpFormatter", "Parser"]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose subcommand parsers (same class) use :class:`HelpFormatter`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter without its imports of shutil (2 ms) and textwrap (0.5 ms).

    The terminal width is read as :func:`shutil.get_terminal_size` reads it, and text is
    wrapped at spaces (textwrap also breaks at hyphens; help texts here need not).
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in _wrap(text, width - len(indent)))
