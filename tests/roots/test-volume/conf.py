extensions = ["vmgraph.sphinxext"]
vmgraph_models = {"volume": "volume.yaml"}
vmgraph_default_model = "volume"
exclude_patterns = ["_build"]
