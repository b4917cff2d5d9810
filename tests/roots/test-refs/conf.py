extensions = ["vmgraph.sphinxext"]
exclude_patterns = ["_build"]
