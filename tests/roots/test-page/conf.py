# The model pages under the HTML theme named by $VMGRAPH_TEST_THEME (tests/test_page_*.py):
# nova, nova-2014, Ironic (30 states) and a Cinder-like model (19 states).
import os

_theme = os.environ.get("VMGRAPH_TEST_THEME", "alabaster")
extensions = ["vmgraph.sphinxext"] + (["openstackdocstheme"] if _theme == "openstackdocs" else [])
html_theme = _theme
vmgraph_models = {"ironic": "../../data/ironic-complete.yaml", "cinder": "../../../bench/models/cinder.yaml"}
vmgraph_default_model = "nova"
exclude_patterns = ["_build"]
show_warning_types = True
# openstackdocstheme: no repository to link to, no git history to date pages by
openstackdocs_repo_name = "example/vmgraph"
openstackdocs_use_storyboard = False
openstackdocs_auto_name = False
openstackdocs_pdf_link = False
openstackdocs_bug_project = "vmgraph"
openstackdocs_bug_tag = ""
project = "vmgraph page check"
