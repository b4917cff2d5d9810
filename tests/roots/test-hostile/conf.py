extensions = ["vmgraph.sphinxext"]
# vmgraph_models is set by the test (the model lives in tests/data/hostile.yaml).
vmgraph_default_model = "hostile"
suppress_warnings = ["vmgraph.oddity"]
exclude_patterns = ["_build"]
show_warning_types = True  # the default from Sphinx 8 on; the tests also run on Sphinx 7.4
