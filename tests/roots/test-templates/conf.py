extensions = ["vmgraph.sphinxext"]
vmgraph_templates = "_templates/vmgraph"
exclude_patterns = ["_build"]
templates_path = []
