# The MyST examples of docs/directives.rst beside their reST (tests/test_eco_myst.py writes the pages).
extensions = ["vmgraph.sphinxext", "myst_parser"]
vmgraph_models = {"minimal": "../../data/minimal.yaml"}
vmgraph_default_model = "nova"
exclude_patterns = ["_build"]
show_warning_types = True
nitpicky = True
