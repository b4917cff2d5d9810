"""Light and dark diagrams in Sphinx: the ``vmgraph_palette`` setting and the stylesheet it makes.

``vmgraph_palette = {"light": {...}, "dark": {...}}`` overrides colours of
:data:`vmgraph.emit.theme.LIGHT` and :data:`vmgraph.emit.theme.DARK`. The light palette is what
Graphviz draws with (so also the PDF, PNG and SVG files); both become CSS custom properties
in ``_static/vmgraph-theme.css``, written when an HTML builder starts, which paints the
inline SVG of every diagram.

``vmgraph_dark_mode`` says when the dark palette applies: ``"auto"`` (the default) follows the
system's scheme on a theme with a dark mode of its own (:data:`DARK_THEMES`) and only the
theme's marks on any other theme, whose page stays white on a dark system; ``"theme"``,
``"media"`` and ``"never"`` choose (:data:`vmgraph.emit.theme.DARK_MODES`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from vmgraph.emit.theme import DARK, DARK_MODES, LIGHT, palettes_from_setting, theme_css
from vmgraph.errors import VmgraphError
from vmgraph.output.files import read_existing, write_atomic
from vmgraph.sphinxext.messages import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = [
    "DARK_THEMES",
    "MIN_SCALE",
    "THEME_CSS",
    "check_theme_settings",
    "dark_mode",
    "dark_palette",
    "light_palette",
    "write_theme_css",
]

#: The stylesheet :func:`write_theme_css` writes into ``_static/``.
THEME_CSS: Final = "vmgraph-theme.css"
#: Default of ``vmgraph_html_min_scale``: below it labels of 8 pt would be smaller than 8 px.
MIN_SCALE: Final = 0.75
#: HTML themes with a dark mode that follows the system: ``vmgraph_dark_mode = "auto"`` is ``"media"`` on them.
DARK_THEMES: Final = frozenset({"furo", "pydata_sphinx_theme", "sphinx_book_theme"})
#: The values of ``vmgraph_dark_mode``.
SETTINGS: Final = ("auto", *DARK_MODES)


def check_theme_settings(config: Config) -> None:
    """Validate ``vmgraph_palette`` and ``vmgraph_html_min_scale``, warning and falling back.

    Afterwards ``vmgraph_palette`` is ``{"light": {...}, "dark": {...}}`` holding only the
    valid overrides, as ``#rrggbb``.
    """
    light, dark, problems = palettes_from_setting(config.vmgraph_palette)
    for problem in problems:
        warn(problem, subtype=Subtype.CONFIG)
    config.vmgraph_palette = {"light": light, "dark": dark}
    scale = config.vmgraph_html_min_scale
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not 0.1 <= scale <= 1:
        warn(f"vmgraph_html_min_scale: {scale!r} is not a number from 0.1 to 1", subtype=Subtype.CONFIG)
        config.vmgraph_html_min_scale = MIN_SCALE
    if config.vmgraph_dark_mode not in SETTINGS:
        valid = ", ".join(map(repr, SETTINGS))
        warn(f"vmgraph_dark_mode: {config.vmgraph_dark_mode!r} is not one of {valid}", subtype=Subtype.CONFIG)
        config.vmgraph_dark_mode = "auto"


def dark_mode(config: Config) -> str:
    """Return the dark mode of the stylesheet: ``vmgraph_dark_mode``, with ``"auto"`` decided by ``html_theme``."""
    chosen = str(config.vmgraph_dark_mode)
    if chosen != "auto":
        return chosen
    return "media" if str(config.html_theme) in DARK_THEMES else "theme"


def light_palette(config: Config) -> dict[str, str]:
    """Return the complete light palette: vmgraph's, with the configured overrides."""
    return {**LIGHT, **config.vmgraph_palette.get("light", {})}


def dark_palette(config: Config) -> dict[str, str]:
    """Return the complete dark palette: vmgraph's, with the configured overrides."""
    return {**DARK, **config.vmgraph_palette.get("dark", {})}


def write_theme_css(app: Sphinx) -> None:
    """Write ``_static/vmgraph-theme.css`` for an HTML builder (before pages name it)."""
    if app.builder.format != "html":
        return
    css = theme_css(
        light_palette(app.config),
        dark_palette(app.config),
        min_scale=app.config.vmgraph_html_min_scale,
        dark_mode=dark_mode(app.config),
    )
    path = Path(app.outdir, "_static", THEME_CSS)
    data = css.encode("utf-8")
    if read_existing(path, len(data)) == data:
        return
    try:
        write_atomic(path, data, durable=False)  # a build artefact: the atomic rename is enough
    except VmgraphError as err:
        warn(f"diagrams will not follow the theme: {err}", subtype=Subtype.RENDER)
