extensions = ["vmgraph.sphinxext"]
# The bundled Nova model; tests/test_sphinx_faults.py puts a fake `dot` on PATH.
vmgraph_default_model = "nova"
suppress_warnings = ["vmgraph.oddity"]
exclude_patterns = ["_build"]
show_warning_types = True  # the default from Sphinx 8 on; the tests also run on Sphinx 7.4
