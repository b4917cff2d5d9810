extensions = ["vmgraph.sphinxext"]
vmgraph_models = {"broken": "broken.yaml", "missing": "no-such-file.yaml"}
exclude_patterns = ["_build"]
show_warning_types = True  # the default from Sphinx 8 on; the tests also run on Sphinx 7.4
