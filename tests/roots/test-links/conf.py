# The tests pass vmgraph_models = {"minimal": <tests/data/minimal.yaml>} (the root is copied).
extensions = ["vmgraph.sphinxext"]
vmgraph_default_model = "minimal"
exclude_patterns = ["_build"]
show_warning_types = True  # the default from Sphinx 8 on; the tests also run on Sphinx 7.4
