extensions = ["vmgraph.sphinxext"]
vmgraph_models = {"alpha": "alpha.yaml", "beta": "beta.yaml"}
vmgraph_default_model = "alpha"
exclude_patterns = ["_build"]
