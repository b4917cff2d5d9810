extensions = ["vmgraph.sphinxext"]
vmgraph_templates = "_templates/vmgraph"
exclude_patterns = ["_build"]
templates_path = []
show_warning_types = True  # the default from Sphinx 8 on; the tests also run on Sphinx 7.4
