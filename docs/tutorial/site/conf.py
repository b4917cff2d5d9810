project = "Volumes"
extensions = ["vmgraph.sphinxext"]
vmgraph_models = {"volume": "../volume.yaml"}  # relative to this file
vmgraph_default_model = "volume"  # directives without a model name draw it
