"""Run the command line as ``python -m vmgraph``."""

from vmgraph.cli import main

raise SystemExit(main())
