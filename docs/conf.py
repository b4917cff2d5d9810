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
]
exclude_patterns = ["_build"]
templates_path: list[str] = []

# vmgraph: the small example model of the model-format page, next to the bundled ones.
vmgraph_models = {"minimal": "../tests/data/minimal.yaml"}
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

#: Pages of docs/ the index lists in this order; any other page (ci.rst, security.rst, ...)
#: is listed after them, before the changelog.
KNOWN_PAGES = (
    "index",
    "quickstart",
    "model-format",
    "directives",
    "configuration",
    "pages",
    "cli",
    "api",
    "nova",
    "nova-2014",
    "ironic",
    "changelog",
)


def _list_other_pages(app: object, docname: str, source: list[str]) -> None:
    """Add the pages other contributors wrote (ci.rst, security.rst, ...) to the index toctree."""
    if docname != "index":
        return
    others = sorted(p.stem for p in DOCS.glob("*.rst") if p.stem not in KNOWN_PAGES)
    entries = "".join(f"   {name}\n" for name in others)
    source[0] = source[0].replace("   changelog\n", f"{entries}   changelog\n")


def setup(app: object) -> dict[str, object]:
    app.connect("source-read", _list_other_pages)  # type: ignore[attr-defined]
    return {"parallel_read_safe": True, "parallel_write_safe": True}
