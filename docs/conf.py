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
# docs/tutorial and docs/troubleshooting hold files their pages include and the tests run.
exclude_patterns = ["_build", "tutorial/**", "troubleshooting/**"]
templates_path: list[str] = []

# vmgraph: the small example model of the model-format page, next to the bundled ones.
# The tutorial's volume model.
vmgraph_models = {"minimal": "../tests/data/minimal.yaml", "volume": "tutorial/volume.yaml"}
vmgraph_default_model = "nova"

# Every reference must resolve (the build runs with -n); no inventory is fetched (offline).
nitpicky = True
nitpick_ignore_regex = [
    # standard library and third-party types in signatures: there is no intersphinx
    ("py:class", r"(pathlib\.)?Path|(collections\.abc\.)?\w+|typing\.\w+|jinja2\.\w+|graphviz\.\w+"),
    ("py:class", r"vmgraph\.(model|style|errors)\.\w+|_T"),
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

#: Pages of docs/ the index lists in its captioned sections; any other page is listed
#: after them, before the changelog, except the examples, which join the Examples section.
KNOWN_PAGES = (
    "index",
    "quickstart",
    "tutorial",
    "ci",
    "pages",
    "mermaid",
    "troubleshooting",
    "model-format",
    "directives",
    "configuration",
    "cli",
    "api",
    "concepts",
    "reading",
    "performance",
    "security",
    "glossary",
    "nova",
    "nova-2014",
    "changelog",
)
#: Example pages written elsewhere: listed in the Examples section when their file exists.
EXAMPLE_PAGES = ("ironic",)


def _list_other_pages(app: object, docname: str, source: list[str]) -> None:
    """Add the pages other contributors wrote (ironic.rst, ...) to the index's toctrees."""
    if docname != "index":
        return
    present = sorted(p.stem for p in DOCS.glob("*.rst") if p.stem not in KNOWN_PAGES)
    examples = "".join(f"   {name}\n" for name in present if name in EXAMPLE_PAGES)
    others = "".join(f"   {name}\n" for name in present if name not in EXAMPLE_PAGES)
    source[0] = source[0].replace("   nova-2014\n", f"   nova-2014\n{examples}", 1)
    source[0] = source[0].replace("   changelog\n", f"{others}   changelog\n", 1)


def setup(app: object) -> dict[str, object]:
    app.connect("source-read", _list_other_pages)  # type: ignore[attr-defined]
    return {"parallel_read_safe": True, "parallel_write_safe": True}
