"""Light and dark diagram colours for HTML: the palettes, their contrast, themable inline SVG.

A diagram is laid out once, with the light palette: PDF, PNG and the SVG file keep those
colours (black on white). For HTML the inline SVG is themed: :func:`theme_svg` gives each
coloured element a class naming its palette role (``vmgraph-fill-state_fill``,
``vmgraph-stroke-ink``, ...), and the stylesheet of :func:`theme_css` paints those classes
with CSS custom properties (``--vmgraph-ink``, ...) that hold the light colours by default
and the dark ones where the page is dark. How a page says it is dark is the *dark mode*
(:data:`DARK_MODES`): ``"theme"`` follows only the theme's marks, ``html[data-theme=dark]``
(pydata-sphinx-theme) and ``body[data-theme=dark]`` (Furo), and the system's
``prefers-color-scheme`` where the theme marks itself ``auto`` (Furo's default); ``"media"``
also follows the system on a page without a mark; ``"never"`` keeps every diagram light. A
theme without a dark mode (alabaster, Read the Docs, openstackdocstheme) stays white when the
system is dark, so its diagrams must stay light too: ``"theme"``. The diagram paints its own
background, so it stays readable on a page of either colour.

Colours are ``#rrggbb`` (``#rgb``, ``black`` and ``white`` are accepted): the same value
must mean the same colour to Graphviz and to CSS, which named colours do not (``gray`` is
``#bebebe`` to Graphviz, ``#808080`` to CSS).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import fields
from typing import Any, Final

from vmgraph.emit.style import Palette

__all__ = [
    "DARK",
    "DARK_MODES",
    "FILL_ROLES",
    "LIGHT",
    "ROLES",
    "STROKE_MIN",
    "TEXT_MIN",
    "TEXT_ROLES",
    "contrast",
    "contrast_problems",
    "normalise",
    "palettes_from_setting",
    "theme_css",
    "theme_svg",
]

#: The colours a palette names. ``background`` is the diagram's own background (HTML only).
ROLES: Final = ("background", "ink", "muted", "condition", "state_fill", "action_fill", "system_fill")
#: Roles used for text and lines (``muted`` also for the faded part of an emphasised diagram).
TEXT_ROLES: Final = ("ink", "muted", "condition")
#: Roles used for areas: the background and the fills of states, actions and automatic actions.
FILL_ROLES: Final = ("background", "state_fill", "action_fill", "system_fill")
#: WCAG 2 minimum contrast of text (1.4.3, AA) and of lines and arrows (1.4.11).
TEXT_MIN: Final = 4.5
STROKE_MIN: Final = 3.0

_HEX: Final = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}\Z")
_NAMES: Final = {"black": "#000000", "white": "#ffffff"}


def normalise(colour: str) -> str | None:
    """Return *colour* as lower-case ``#rrggbb``, or ``None`` if it is not one vmgraph accepts.

    >>> normalise("#ABC"), normalise("black"), normalise("grey45")
    ('#aabbcc', '#000000', None)
    """
    text = colour.strip().lower()
    if text in _NAMES:
        return _NAMES[text]
    if not _HEX.match(text):
        return None
    return text if len(text) == 7 else "#" + "".join(c * 2 for c in text[1:])


def _hex(colour: str) -> str:
    found = normalise(colour)
    if found is None:
        raise ValueError(f"{colour!r} is not a colour of the form '#rrggbb'")
    return found


#: The light palette: vmgraph's Graphviz colours (:class:`~vmgraph.emit.style.Palette`) on white.
LIGHT: Final[Mapping[str, str]] = {
    "background": "#ffffff",
    **{f.name: _hex(getattr(Palette(), f.name)) for f in fields(Palette)},
}
#: The dark palette: light text and lines on a dark background, darker fills.
DARK: Final[Mapping[str, str]] = {
    "background": "#1c1d21",
    "ink": "#e8e8e8",
    "muted": "#a6a6ad",
    "condition": "#8ab8f0",
    "state_fill": "#3a3322",
    "action_fill": "#1f2d42",
    "system_fill": "#2c2d33",
}


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: str, second: str) -> float:
    """Return the WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21).

    >>> round(contrast("#000000", "#ffffff"), 1), round(contrast("#666666", "#ffffff"), 2)
    (21.0, 5.74)
    """
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def contrast_problems(palette: Mapping[str, str], scheme: str) -> list[str]:
    """Return a message per pair of *palette* colours below the WCAG minimum.

    Text (``TEXT_ROLES``) must reach 4.5:1 on the background and on every fill; lines and
    arrows (the same colours) 3:1 on the background.
    """
    found = []
    for text in TEXT_ROLES:
        for area in FILL_ROLES:
            ratio = contrast(palette[text], palette[area])
            if ratio < TEXT_MIN:
                found.append(
                    f"{scheme} {text!r} {palette[text]} on {area!r} {palette[area]}: contrast {ratio:.2f}:1, "
                    f"text needs {TEXT_MIN:g}:1"
                )
        ratio = contrast(palette[text], palette["background"])
        if ratio < STROKE_MIN:
            found.append(f"{scheme} {text!r} lines on the background: contrast {ratio:.2f}:1, need {STROKE_MIN:g}:1")
    return found


def palettes_from_setting(setting: Any) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Return ``(light, dark, problems)`` of a ``vmgraph_palette`` setting: the overrides only.

    The setting is ``{"light": {role: colour}, "dark": {role: colour}}``; roles given at the
    top level override the light palette (vmgraph's first form of the setting). Unknown
    roles and colours that are not ``#rrggbb`` are problems and are left out.
    """
    problems: list[str] = []
    if not isinstance(setting, Mapping):
        return {}, {}, [f"vmgraph_palette: expected a dict, not {type(setting).__name__}"]
    chosen: dict[str, dict[str, str]] = {"light": {}, "dark": {}}
    known = ", ".join(sorted(ROLES))
    for key, value in setting.items():
        if key in chosen:
            if not isinstance(value, Mapping):
                problems.append(f"vmgraph_palette[{key!r}]: expected a dict of colours, not {type(value).__name__}")
                continue
            where, items = f"vmgraph_palette[{key!r}]", list(value.items())
            scheme = str(key)
        else:
            where, items, scheme = "vmgraph_palette", [(key, value)], "light"
        for role, colour in items:
            if role not in ROLES:
                problems.append(f"{where}: unknown colour {role!r} (known: {known})")
                continue
            hexed = normalise(str(colour))
            if hexed is None:
                problems.append(f"{where}: {role!r} is {colour!r}, not a colour of the form '#rrggbb'")
                continue
            chosen[scheme][str(role)] = hexed
    for scheme, base in (("light", LIGHT), ("dark", DARK)):
        if chosen[scheme]:
            full = {**base, **chosen[scheme]}
            problems += [f"vmgraph_palette: {p}" for p in contrast_problems(full, scheme)]
            problems += _clashes(full, scheme) if scheme == "light" else []
    return chosen["light"], chosen["dark"], problems


def _clashes(light: Mapping[str, str], scheme: str) -> list[str]:
    """Two fills (or two text colours) with one light colour cannot be told apart in the SVG.

    They would share one dark colour; a fill and a text colour may be equal, as the SVG
    attribute says which of the two is meant.
    """
    found = []
    for group in (FILL_ROLES, TEXT_ROLES):
        seen: dict[str, str] = {}
        for role in group:
            first = seen.setdefault(light[role], role)
            if first != role:
                msg = f"vmgraph_palette: {scheme} {role!r} and {first!r} are both {light[role]}; make them differ"
                found.append(msg)
    return found


# -- the inline SVG ----------------------------------------------------------------------

_SVG: Final = "{http://www.w3.org/2000/svg}"
_UNPAINTED: Final = frozenset({"none", "transparent"})


def _lookup(light: Mapping[str, str], *, area: bool) -> dict[str, str]:
    """Return colour -> role; for areas the fill roles win a tie, for text and lines the others."""
    first = FILL_ROLES if area else TEXT_ROLES
    order = [*first, *(r for r in ROLES if r not in first)]
    table: dict[str, str] = {}
    for role in order:
        table.setdefault(light[role], role)
    return table


def theme_svg(root: ET.Element, light: Mapping[str, str]) -> list[str]:
    """Give each coloured element of Graphviz SVG *root* the classes of its palette roles.

    ``fill`` and ``stroke`` values (and the black that Graphviz leaves implicit on text)
    are looked up in *light*, the palette the diagram was laid out with; the graph's
    background polygon is the ``background`` role whatever its colour. The attributes stay,
    so the SVG looks the same without the stylesheet.

    Returns:
        ``"<tag> <attribute> <colour>"`` for each colour that is no role of *light* (such an
        element keeps its colour in both schemes); empty for every diagram vmgraph draws.
    """
    areas, lines = _lookup(light, area=True), _lookup(light, area=False)
    background = _background(root)
    unknown: list[str] = []
    for element in root.iter():
        tag = element.tag.removeprefix(_SVG)
        if tag in {"svg", "g", "a", "title", "desc"} or not isinstance(element.tag, str):
            continue
        classes: list[str] = []
        if element is background:
            classes.append("vmgraph-fill-background")
        else:
            for attribute in ("fill", "stroke"):
                value = element.get(attribute)
                if value is None and attribute == "fill" and tag == "text":
                    value = "black"  # Graphviz writes no fill for black text
                if value is None or value in _UNPAINTED:
                    continue
                table = lines if tag == "text" or attribute == "stroke" else areas
                role = table.get(normalise(value) or value)
                if role is None:
                    unknown.append(f"{tag} {attribute} {value}")
                else:
                    classes.append(f"vmgraph-{attribute}-{role}")
        if classes:
            element.set("class", " ".join(filter(None, [element.get("class", ""), *classes])))
    return unknown


def _background(root: ET.Element) -> ET.Element | None:
    """Return the polygon Graphviz paints the graph's background with, if any."""
    for group in root.iter(f"{_SVG}g"):
        if group.get("class") == "graph":
            first = group.find(f"{_SVG}polygon")
            return first if first is not None and first.get("stroke") == "transparent" else None
    return None


# -- the stylesheet ----------------------------------------------------------------------

#: How the stylesheet decides that a page is dark (see the module docstring).
DARK_MODES: Final = ("theme", "media", "never")
_DARK_SELECTORS: Final = 'html[data-theme="dark"],\nbody[data-theme="dark"]'
#: Under ``prefers-color-scheme: dark``: the page follows the system ("media"), or says it does ("theme").
_SYSTEM_SELECTORS: Final = {
    "media": 'html:not([data-theme="light"]) body:not([data-theme="light"])',
    "theme": 'html[data-theme="auto"] body:not([data-theme="light"]),\n  body[data-theme="auto"]',
}


def _declarations(palette: Mapping[str, str], indent: str) -> str:
    return "".join(f"{indent}--vmgraph-{role.replace('_', '-')}: {palette[role]};\n" for role in ROLES)


def theme_css(light: Mapping[str, str], dark: Mapping[str, str], *, min_scale: float, dark_mode: str = "media") -> str:
    """Return the stylesheet that paints themed inline SVG (see the module docstring).

    *light* and *dark* are complete palettes of ``#rrggbb`` colours; *min_scale* is the
    smallest scale a diagram is shrunk to, to fit the text column; *dark_mode* is one of
    :data:`DARK_MODES`.

    Raises:
        ValueError: *dark_mode* is not one of :data:`DARK_MODES`.
    """
    if dark_mode not in DARK_MODES:
        raise ValueError(f"dark mode {dark_mode!r} is not one of {', '.join(map(repr, DARK_MODES))}")
    out = [
        "/* vmgraph: diagram colours, generated from vmgraph_palette (see vmgraph.emit.theme). */\n",
        f":root {{\n{_declarations(light, '  ')}  --vmgraph-min-scale: {min_scale:g};\n}}\n",
    ]
    if dark_mode != "never":
        system = _SYSTEM_SELECTORS[dark_mode]
        out.append(f"{_DARK_SELECTORS} {{\n{_declarations(dark, '  ')}}}\n")
        out.append(f"@media (prefers-color-scheme: dark) {{\n  {system} {{\n{_declarations(dark, '    ')}  }}\n}}\n")
    for role in ROLES:
        var = f"var(--vmgraph-{role.replace('_', '-')}, {light[role]})"
        out.append(f"svg.vmgraph-svg .vmgraph-fill-{role} {{ fill: {var}; }}\n")
        out.append(f"svg.vmgraph-svg .vmgraph-stroke-{role} {{ stroke: {var}; }}\n")
    return "".join(out)
