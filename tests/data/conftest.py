"""Keep pytest out of the source fixtures: they are for ``vmgraph drift`` to parse.

``--doctest-modules`` would import every ``.py`` file below ``tests/``; the fixture
packages must never be imported (``fakenova`` fails on purpose when it is).
"""

collect_ignore = ["fakenova", "novacode", "tables"]
