"""Sphinx configuration of vmgraph's documentation, built with vmgraph's own extension."""

from __future__ import annotations

import sys
from pathlib import Path

from vmgraph import __version__

DOCS = Path(__file__).parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "vmgraph"
author = "The vmgraph developers"
copyright = "The vmgraph developers"
release = version = __version__

extensions = [
    "vmgraph.sphinxext",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.graphviz",
    "rstexample",
    "runcommand",
    "myst_parser",  # the changelog page renders CHANGELOG.md
]
# docs/tutorial, docs/troubleshooting, docs/howto, docs/cli and docs/ci hold files their pages include and the tests run.
exclude_patterns = ["_build", "tutorial/**", "troubleshooting/**", "howto/**", "cli/**", "ci/**"]
templates_path: list[str] = []

# vmgraph: the small example model of the model-format page, next to the bundled ones.
# The tutorial's volume model; the print job of the Graphviz how-to.
vmgraph_models = {
    "minimal": "../tests/data/minimal.yaml",
    "volume": "tutorial/volume.yaml",
    "job": "howto/graphviz/job.yaml",
}
vmgraph_default_model = "nova"

# Every reference must resolve (the build runs with -n); no inventory is fetched (offline).
nitpicky = True
nitpick_ignore_regex = [
    # standard library and third-party types in signatures: there is no intersphinx
    ("py:class", r"(pathlib\.)?Path|(collections\.abc\.)?\w+|typing\.\w+|jinja2\.\w+|graphviz\.\w+"),
    ("py:class", r"vmgraph\.(model(\.\w+)?|style|errors)\.\w+|_T"),
    ("py:obj", r"vmgraph\..*"),
    ("py:exc", r"vmgraph\.outputs\.OutputError"),
]

html_theme = "alabaster"
html_theme_options = {"description": "One model of a lifecycle; diagrams and pages that never drift."}
html_static_path: list[str] = []
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = False

latex_documents = [("index", "vmgraph.tex", "vmgraph", author, "manual")]
man_pages = [("cli", "vmgraph", "render and check resource lifecycle models", [author], 1)]
