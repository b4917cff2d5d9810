extensions = ["vmgraph.sphinxext"]
# The bundled Nova model; tests/test_sphinx_faults.py puts a fake `dot` on PATH.
vmgraph_default_model = "nova"
suppress_warnings = ["vmgraph.oddity"]
exclude_patterns = ["_build"]
