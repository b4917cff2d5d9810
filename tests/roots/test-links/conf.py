# The tests pass vmgraph_models = {"minimal": <tests/data/minimal.yaml>} (the root is copied).
extensions = ["vmgraph.sphinxext"]
vmgraph_default_model = "minimal"
exclude_patterns = ["_build"]
