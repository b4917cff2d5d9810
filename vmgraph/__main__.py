"""Run the command line as ``python -m vmgraph``."""

import sys

from vmgraph.cli import main

sys.exit(main())
