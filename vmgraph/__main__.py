"""Run the command line as ``python -m vmgraph``."""

from vmgraph.cli import console_main

console_main()
