"""A package vmgraph drift must only ever parse: importing it writes a file, then fails.

tests/test_drift.py points FAKENOVA_IMPORTED at a temporary path and checks that no file
appears there after a drift run.
"""

import os
import pathlib

pathlib.Path(os.environ.get("FAKENOVA_IMPORTED", "fakenova-was-imported")).write_text("imported\n")
raise RuntimeError("fakenova was imported: vmgraph drift must parse source, never run it")
