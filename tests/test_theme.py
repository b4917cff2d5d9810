"""Light and dark colours (vmgraph.emit.theme): WCAG contrast of both palettes, the palette setting,
the strict SVG transform on every view `dot` draws, and the generated stylesheet."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pytest

from vmgraph.emit.style import Palette
from vmgraph.emit.theme import (
    DARK,
    FILL_ROLES,
    LIGHT,
    ROLES,
    STROKE_MIN,
    TEXT_MIN,
    TEXT_ROLES,
    contrast,
    contrast_problems,
    normalise,
    palettes_from_setting,
    theme_css,
    theme_svg,
)
from vmgraph.emit.views import build_view
from vmgraph.load.loader import load_model
from vmgraph.views.emphasis import emphasis_for, parse_highlight
from vmgraph.views.names import view_names

PALETTES = {"light": LIGHT, "dark": DARK}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_and_lines_meet_wcag_contrast(scheme: str) -> None:
    palette = PALETTES[scheme]
    assert set(palette) == set(ROLES)
    for text in TEXT_ROLES:  # text sits on the background or inside a filled shape
        for area in FILL_ROLES:
            ratio = contrast(palette[text], palette[area])
            assert ratio >= TEXT_MIN, f"{scheme}: {text} on {area} is {ratio:.2f}:1"
        ratio = contrast(palette[text], palette["background"])  # lines and arrowheads
        assert ratio >= STROKE_MIN, f"{scheme}: {text} lines are {ratio:.2f}:1"
    assert contrast_problems(palette, scheme) == []


def test_contrast_is_wcag_2() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic "just fails"
    assert contrast("#ffffff", "#777777") == contrast("#777777", "#ffffff")
    assert contrast("#abcdef", "#abcdef") == 1


def test_the_light_palette_is_what_graphviz_draws_with() -> None:
    palette = Palette()
    for field in fields(Palette):
        assert LIGHT[field.name] == normalise(getattr(palette, field.name)), field.name
    assert LIGHT["background"] == "#ffffff", "PDF and PNG stay black on white"


@pytest.mark.parametrize(
    ("colour", "expected"),
    [("#ABCDEF", "#abcdef"), ("#abc", "#aabbcc"), (" black ", "#000000"), ("White", "#ffffff"),
     ("grey45", None), ("gray", None), ("#abcd", None), ("red;}", None), ("var(--x)", None), ("", None)],
)  # fmt: skip
def test_only_unambiguous_colours_are_accepted(colour: str, expected: str | None) -> None:
    assert normalise(colour) == expected


def test_palette_setting_nested_and_flat() -> None:
    light, dark, problems = palettes_from_setting(
        {"light": {"ink": "#111"}, "dark": {"ink": "#EEEEEE"}, "state_fill": "#fffaf0"}
    )
    assert problems == []
    assert light == {"ink": "#111111", "state_fill": "#fffaf0"}
    assert dark == {"ink": "#eeeeee"}
    assert palettes_from_setting({}) == ({}, {}, [])
    assert palettes_from_setting(["ink"])[2] == ["vmgraph_palette: expected a dict, not list"]


def test_palette_setting_reports_every_problem() -> None:
    light, dark, problems = palettes_from_setting(
        {"light": {"muted": "#bbbbbb", "ink": "red"}, "dark": {"inc": "#000000", "ink": "#000000"}}
    )
    assert light == {"muted": "#bbbbbb"}
    assert dark == {"ink": "#000000"}
    assert problems[:2] == [
        "vmgraph_palette['light']: 'ink' is 'red', not a colour of the form '#rrggbb'",
        (
            "vmgraph_palette['dark']: unknown colour 'inc' (known: action_fill, background, condition, "
            "ink, muted, state_fill, system_fill)"
        ),
    ]
    assert any(p.startswith("vmgraph_palette: light 'muted' #bbbbbb on 'background' #ffffff") for p in problems)
    assert any(p.startswith("vmgraph_palette: dark 'ink' #000000 on 'background' #1c1d21") for p in problems)
    assert any("dark 'ink' lines on the background: contrast" in p for p in problems)


# -- the SVG transform ----------------------------------------------------------------------


def _svg(source: str, dot_binary: str) -> ET.Element:
    out = subprocess.run([dot_binary, "-Tsvg"], input=source.encode(), capture_output=True, check=True).stdout
    return ET.fromstring(out)


def _views() -> list[tuple[str, str, str | None]]:
    cases: list[tuple[str, str, str | None]] = []
    for name in ("nova", "nova-2014"):
        cases += [(name, view, None) for view in view_names(load_model(name))]
    cases += [("nova", "transitions", "state:shelved"), ("nova", "preconditions", "action:shelve")]
    return cases


@pytest.mark.parametrize(("model_name", "view", "highlight"), _views())
def test_every_colour_of_every_view_follows_the_theme(
    dot_binary: str, model_name: str, view: str, highlight: str | None
) -> None:
    model = load_model(model_name)
    emphasis = emphasis_for(model, view, parse_highlight([highlight])) if highlight else None
    root = _svg(build_view(model, view, emphasis=emphasis).source, dot_binary)
    assert theme_svg(root, LIGHT) == []
    painted = 0
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        classes = element.get("class", "").split()
        for attribute in ("fill", "stroke"):
            value = element.get(attribute, "black" if tag == "text" and attribute == "fill" else None)
            if value is None or value in {"none", "transparent"}:
                continue
            roles = [c for c in classes if c.startswith(f"vmgraph-{attribute}-")]
            assert len(roles) == 1, (tag, attribute, value, classes)
            role = roles[0].removeprefix(f"vmgraph-{attribute}-")
            if role != "background":
                assert normalise(value) == LIGHT[role], (tag, attribute, value, role)
            painted += 1
    assert painted > 20
    assert "vmgraph-fill-background" in ET.tostring(root, encoding="unicode")


def test_the_transform_is_strict() -> None:
    root = ET.fromstring(
        '<svg xmlns="http://www.w3.org/2000/svg"><g class="graph">'
        '<polygon fill="white" stroke="transparent" points="0,0"/>'
        '<g class="node"><ellipse fill="#FFF8DC" stroke="black"/><text>a</text></g>'
        '<g class="edge"><path fill="none" stroke="#ff00ff"/><text fill="#666666">b</text></g>'
        "</g></svg>"
    )
    assert theme_svg(root, LIGHT) == ["path stroke #ff00ff"]
    classes = [e.get("class") for e in root.iter() if e.tag.removeprefix(SVG) not in {"svg", "g"}]
    assert classes == [
        "vmgraph-fill-background",
        "vmgraph-fill-state_fill vmgraph-stroke-ink",
        "vmgraph-fill-ink",  # Graphviz leaves black text without a fill
        None,  # an unknown colour keeps its colour and gets no class
        "vmgraph-fill-muted",
    ]


def test_shared_light_colours_prefer_the_role_of_the_attribute() -> None:
    light = {**LIGHT, "state_fill": LIGHT["ink"]}
    root = ET.fromstring('<svg xmlns="http://www.w3.org/2000/svg"><ellipse fill="black" stroke="black"/></svg>')
    theme_svg(root, light)
    (ellipse,) = root
    assert ellipse.get("class") == "vmgraph-fill-state_fill vmgraph-stroke-ink"


# -- the stylesheet ---------------------------------------------------------------------------


def test_stylesheet(assert_golden: Callable[[str, str], None]) -> None:
    css = theme_css(LIGHT, DARK, min_scale=0.75)
    assert_golden(css, "theme/vmgraph-theme.css")
    assert css.count("{") == css.count("}")
    # explicit dark (pydata-sphinx-theme on <html>, Furo on <body>), else the system's
    # scheme unless the page says it is light (Furo "auto", Read the Docs, alabaster)
    assert 'html[data-theme="dark"],\nbody[data-theme="dark"] {' in css
    assert (
        '@media (prefers-color-scheme: dark) {\n  html:not([data-theme="light"]) body:not([data-theme="light"]) {'
        in css
    )
    for role in ROLES:
        var = f"--vmgraph-{role.replace('_', '-')}"
        assert css.count(f"{var}: ") == 3
        assert f".vmgraph-fill-{role} {{ fill: var({var}, {LIGHT[role]}); }}" in css
    assert not re.search(r"!important|url\(|expression", css)


def test_stylesheet_following_the_theme_only() -> None:
    """On a theme without a dark mode the page stays white on a dark system: so do the diagrams."""
    css = theme_css(LIGHT, DARK, min_scale=0.75, dark_mode="theme")
    assert css.count("{") == css.count("}")
    assert 'html[data-theme="dark"],\nbody[data-theme="dark"] {' in css
    # the system counts only where the theme says it follows it (Furo's "auto")
    assert (
        '@media (prefers-color-scheme: dark) {\n  html[data-theme="auto"] body:not([data-theme="light"]),\n'
        '  body[data-theme="auto"] {'
    ) in css
    assert ':not([data-theme="light"]) body:not' not in css
    assert css.count("--vmgraph-ink: ") == 3


def test_stylesheet_that_never_turns_dark() -> None:
    css = theme_css(LIGHT, DARK, min_scale=0.75, dark_mode="never")
    assert "data-theme" not in css
    assert "prefers-color-scheme" not in css
    assert css.count("--vmgraph-ink: ") == 1
    assert css.count("{") == css.count("}")


def test_an_unknown_dark_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="dark mode 'auto' is not one of 'theme', 'media', 'never'"):
        theme_css(LIGHT, DARK, min_scale=0.75, dark_mode="auto")


@pytest.mark.parametrize(
    ("setting", "html_theme", "expected"),
    [
        ("auto", "alabaster", "theme"),
        ("auto", "sphinx_rtd_theme", "theme"),
        ("auto", "openstackdocstheme", "theme"),
        ("auto", "furo", "media"),
        ("auto", "pydata_sphinx_theme", "media"),
        ("auto", "sphinx_book_theme", "media"),
        ("media", "alabaster", "media"),
        ("never", "furo", "never"),
        ("theme", "furo", "theme"),
    ],
)
def test_auto_dark_mode_follows_the_html_theme(setting: str, html_theme: str, expected: str) -> None:
    from types import SimpleNamespace

    from vmgraph.sphinxext.theme import dark_mode

    assert dark_mode(SimpleNamespace(vmgraph_dark_mode=setting, html_theme=html_theme)) == expected  # type: ignore[arg-type]


def test_the_documented_defaults_are_the_palettes() -> None:
    """docs/reading.rst lists the defaults; it must not drift from the code."""
    text = (Path(__file__).parents[1] / "docs" / "reading.rst").read_text(encoding="utf-8")
    rows = re.findall(r"   \* - ``(\w+)``\n     - ``(#[0-9a-f]{6})``\n     - ``(#[0-9a-f]{6})``", text)
    assert {role: (light, dark) for role, light, dark in rows} == {role: (LIGHT[role], DARK[role]) for role in ROLES}
