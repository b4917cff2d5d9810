extensions = ["vmgraph.sphinxext"]
vmgraph_models = {"broken": "broken.yaml", "missing": "no-such-file.yaml"}
exclude_patterns = ["_build"]
