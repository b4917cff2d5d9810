"""The directives reference (docs/directives.rst) documents exactly the options each directive takes.

Each directive is an ``rst:directive`` entry; its options are ``rst:directive:option``
entries, each with a ``:type:``, or the sentence "It takes the options of X [but A, B ...]".
"""

from __future__ import annotations

import re
from pathlib import Path

from vmgraph.sphinxext.directives import DIRECTIVES

PAGE = Path(__file__).parents[1] / "docs" / "directives.rst"
#: An ``rst:directive`` entry and its indented content.
ENTRY = re.compile(r"^\.\. rst:directive:: \.\. ([\w-]+):: (\S*)\n((?:\n|   .*\n)*)", re.MULTILINE)
#: An option entry inside it: the option's name, then the lines of its own content.
OPTION = re.compile(r"^   \.\. rst:directive:option:: ([\w-]+)(?::.*)?\n((?:      .*\n)*)", re.MULTILINE)
#: The sentence that takes the options of another directive, except some.
INHERITS = re.compile(r"It takes the options of :rst:dir:`([\w-]+)`(?: but ((?:``:[\w-]+:``(?:,|\s|and)*)+))?")


def documented() -> dict[str, tuple[str, set[str]]]:
    """Return each documented directive's argument and its options, inherited ones included."""
    found: dict[str, tuple[str, set[str], str | None, set[str]]] = {}
    for name, argument, body in ENTRY.findall(PAGE.read_text(encoding="utf-8")):
        own = set()
        for option, content in OPTION.findall(body):
            assert re.search(r"^      :type: \S", content, re.MULTILINE), (name, option, "has no :type:")
            own.add(option)
        inherits = INHERITS.search(" ".join(body.split()))
        parent = inherits[1] if inherits else None
        left_out = set(re.findall(r"``:([\w-]+):``", inherits[2] or "")) if inherits else set()
        found[name] = (argument, own, parent, left_out)
    resolved: dict[str, tuple[str, set[str]]] = {}
    for name, (argument, own, parent, left_out) in found.items():
        options = set(own)
        if parent is not None:
            assert found[parent][2] is None, "one level of inheritance"
            options |= found[parent][1] - left_out
        resolved[name] = (argument, options)
    return resolved


def test_every_directive_is_documented() -> None:
    assert set(documented()) == set(DIRECTIVES)


def test_documented_options_are_the_option_spec() -> None:
    for name, (argument, options) in documented().items():
        directive = DIRECTIVES[name]
        assert options == set(directive.option_spec or {}), name
        assert (argument == "[model]") == (directive.optional_arguments == 1 and directive.required_arguments == 0)


def test_sequence_does_not_list_what_it_rejects() -> None:
    options = documented()["vmgraph-sequence"][1]
    assert "rankdir" not in options
    assert "layout" not in options
    assert {"sequence", "table"} <= options
