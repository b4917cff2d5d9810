extensions = ["vmgraph.sphinxext"]
# nova and ironic: the bundled models.
vmgraph_default_model = "nova"
exclude_patterns = ["_build"]
show_warning_types = True  # the default from Sphinx 8 on; the tests also run on Sphinx 7.4
vmgraph_dark_mode = "media"  # alabaster has no dark mode: follow the system, for the dark screenshots
