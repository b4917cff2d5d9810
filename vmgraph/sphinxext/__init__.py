"""Sphinx extension: ``extensions = ["vmgraph.sphinxext"]`` in ``conf.py``.

Directives ``vmgraph-preconditions``, ``vmgraph-transitions``, ``vmgraph-sequence`` (diagrams,
as nodes of Sphinx's graphviz node) and ``vmgraph-matrix``, ``vmgraph-states``,
``vmgraph-actions`` (tables from vmgraph's templates); the ``vmgraph`` domain with the roles
``state``, ``action``, ``task`` and ``power`` linking to the table rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from vmgraph import __version__
from vmgraph.dotrun.backend import DOT_TIMEOUT
from vmgraph.sphinxext.directives import DIRECTIVES
from vmgraph.sphinxext.domain import VmgraphDomain, check_duplicates, warn_missing_reference
from vmgraph.sphinxext.interactive import CONFIG as INTERACTIVE_CONFIG
from vmgraph.sphinxext.interactive import setup_interactive
from vmgraph.sphinxext.layout import finish_layout, start_layout, wait_before_writing
from vmgraph.sphinxext.mermaid import DescribeMermaid, MermaidDiagrams, check_format_setting, vmgraph_mermaid
from vmgraph.sphinxext.messages import Subtype, warn
from vmgraph.sphinxext.models import RANKDIRS, STYLE_DEFAULTS
from vmgraph.sphinxext.nodes import DescribeDiagrams, vmgraph_diagram
from vmgraph.sphinxext.output import (
    clean_stale_images,
    failed_docs,
    html_visit,
    latex_visit,
    man_visit,
    texinfo_visit,
    text_visit,
)
from vmgraph.sphinxext.theme import MIN_SCALE, check_theme_settings, write_theme_css

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["CONFIG_VALUES", "setup"]

_Rebuild = Literal["", "env", "html"]

#: Every configuration value: name -> (default, rebuild, types, meaning).
CONFIG_VALUES: Final[dict[str, tuple[Any, _Rebuild, tuple[type, ...], str]]] = {
    "vmgraph_models": ({}, "env", (dict,), "model name -> model file, relative to the conf dir"),
    "vmgraph_default_model": (None, "env", (str, type(None)), "the model of directives that name none"),
    "vmgraph_templates": (None, "env", (str, type(None)), "directory of templates overriding vmgraph's"),
    "vmgraph_rankdir": (STYLE_DEFAULTS["vmgraph_rankdir"], "env", (str,), "direction: TB, LR, BT or RL"),
    "vmgraph_fontname": (STYLE_DEFAULTS["vmgraph_fontname"], "env", (str,), "font of every diagram"),
    "vmgraph_fontsize": (STYLE_DEFAULTS["vmgraph_fontsize"], "env", (int, float), "font size of nodes"),
    "vmgraph_edge_fontsize": (STYLE_DEFAULTS["vmgraph_edge_fontsize"], "env", (int, float), "font size of edges"),
    "vmgraph_legend": (STYLE_DEFAULTS["vmgraph_legend"], "env", (bool,), "add a key to each diagram"),
    "vmgraph_palette": ({}, "env", (dict,), "colours overriding vmgraph's: {'light': {...}, 'dark': {...}}"),
    "vmgraph_dot_timeout": (DOT_TIMEOUT, "", (int, float), "seconds one `dot` run may take"),
    "vmgraph_max_bytes": (
        None,
        "env",
        (int, type(None)),
        "largest model file read, in bytes (default: $VMGRAPH_MAX_BYTES, else 16 MiB)",
    ),
    "vmgraph_html_format": ("svg", "html", (str,), "svg (inline, themable, linked) or png"),
    "vmgraph_html_description": (True, "html", (bool,), "offer each diagram as text below it"),
    "vmgraph_html_min_scale": (MIN_SCALE, "html", (int, float), "smallest scale a wide diagram is shrunk to"),
    "vmgraph_format": (
        "graphviz",
        "env",
        (str,),
        "how diagrams are drawn: graphviz, or mermaid (sphinxcontrib-mermaid)",
    ),
    "vmgraph_dark_mode": ("auto", "html", (str,), "when diagrams turn dark: auto, theme, media or never"),
    **INTERACTIVE_CONFIG,  # type: ignore[dict-item]
}

_STATIC: Final = Path(__file__).parent / "static"


def _check_config(app: Sphinx, config: Config) -> None:
    """Validate the vmgraph settings; make the paths absolute (relative to the conf dir)."""
    confdir = Path(app.confdir)
    models = config.vmgraph_models if isinstance(config.vmgraph_models, dict) else {}
    config.vmgraph_models = {str(name): str((confdir / str(path)).resolve()) for name, path in models.items()}
    for name in config.vmgraph_models:
        if ":" in name or not name.strip():
            warn(f"vmgraph_models: {name!r} cannot be a model name (no ':' or blanks)", subtype=Subtype.CONFIG)
    if config.vmgraph_templates:
        config.vmgraph_templates = str((confdir / str(config.vmgraph_templates)).resolve())
        if not Path(config.vmgraph_templates).is_dir():
            warn(f"vmgraph_templates: {config.vmgraph_templates!r} is not a directory", subtype=Subtype.CONFIG)
            config.vmgraph_templates = None
    if str(config.vmgraph_rankdir).upper() not in RANKDIRS:
        warn(f"vmgraph_rankdir: {config.vmgraph_rankdir!r} is not one of {', '.join(RANKDIRS)}", subtype=Subtype.CONFIG)
        config.vmgraph_rankdir = STYLE_DEFAULTS["vmgraph_rankdir"]
    config.vmgraph_rankdir = str(config.vmgraph_rankdir).upper()
    check_theme_settings(config)
    limit = config.vmgraph_max_bytes
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0):
        warn(f"vmgraph_max_bytes: {limit!r} is not a positive number of bytes", subtype=Subtype.CONFIG)
        config.vmgraph_max_bytes = None
    if config.vmgraph_html_format not in {"svg", "png"}:
        warn(f"vmgraph_html_format: {config.vmgraph_html_format!r} is not 'svg' or 'png'", subtype=Subtype.CONFIG)
        config.vmgraph_html_format = "svg"
    _warn_graphviz_settings(config)
    check_format_setting(config)
    config.html_static_path.append(str(_STATIC))


def _warn_graphviz_settings(config: Config) -> None:
    """Name, in one warning, the settings of ``sphinx.ext.graphviz`` that vmgraph's diagrams do not follow."""
    ignored = []
    if config.graphviz_output_format not in {"png", config.vmgraph_html_format}:  # png: Sphinx's default
        ignored.append(
            f"graphviz_output_format = {config.graphviz_output_format!r} "
            f"(vmgraph_html_format = {config.vmgraph_html_format!r} sets theirs: inline SVG follows the theme and links)"
        )
    if config.graphviz_dot_args:
        ignored.append(
            f"graphviz_dot_args = {config.graphviz_dot_args!r} (vmgraph_fontname, vmgraph_fontsize, "
            "vmgraph_rankdir and vmgraph_palette set their look; graphviz_dot, the `dot` to run, is followed)"
        )
    if ignored:
        warn(f"vmgraph diagrams do not follow {'; nor '.join(ignored)}", subtype=Subtype.CONFIG)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directives, the domain, the node's writers and the settings."""
    app.setup_extension("sphinx.ext.graphviz")
    for name, (default, rebuild, types, _) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types=frozenset(types))
    app.add_node(
        vmgraph_diagram,
        html=(html_visit, None),
        latex=(latex_visit, None),
        texinfo=(texinfo_visit, None),
        text=(text_visit, None),
        man=(man_visit, None),
    )
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_domain(VmgraphDomain)
    app.add_node(vmgraph_mermaid)  # replaced by MermaidDiagrams before any writer sees it
    app.add_post_transform(DescribeDiagrams)
    app.add_post_transform(MermaidDiagrams)
    app.add_post_transform(DescribeMermaid)
    app.add_css_file("vmgraph.css")
    app.add_css_file("vmgraph-theme.css")
    app.add_js_file("vmgraph.js", loading_method="defer")
    setup_interactive(app)
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", write_theme_css)
    app.connect("env-get-outdated", failed_docs)
    app.connect("env-check-consistency", check_duplicates)
    app.connect("warn-missing-reference", warn_missing_reference)
    app.connect("env-updated", start_layout)  # every missing image at once, when reading is done
    app.connect("doctree-resolved", wait_before_writing)
    app.connect("build-finished", finish_layout, priority=400)  # before the images are cleaned
    app.connect("build-finished", clean_stale_images)
    return {"version": __version__, "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
