extensions = ["vmgraph.sphinxext"]
vmgraph_models = {"minimal": "models/minimal.yaml"}
exclude_patterns = ["_build"]
