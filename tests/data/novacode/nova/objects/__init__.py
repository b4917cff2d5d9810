# Parsed by vmgraph's tests, never imported: importing it fails on purpose.
raise ImportError("tests/data/novacode is source for `vmgraph drift` to parse, not to import")
