extensions = ["vmgraph.sphinxext"]
vmgraph_models = {"injection": "injection.yaml"}
vmgraph_default_model = "injection"
suppress_warnings = ["vmgraph.oddity"]
exclude_patterns = ["_build"]
latex_documents = [("index", "injection.tex", "Injection", "vmgraph", "manual")]
graphviz_output_format = "svg"  # the graphviz directives of page.rst, as SVG files to parse
show_warning_types = True  # the default from Sphinx 8 on; the tests also run on Sphinx 7.4
