"""How messages quote and describe values of a model: cut short, named as YAML read them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import yaml

from vmgraph.hints import closest

__all__ = [
    "ID_QUOTED",
    "MAX_QUOTED",
    "PLAIN_TAGS",
    "TAG_NAMES",
    "clip",
    "describe",
    "keyword_hint",
    "short_tag",
    "untagged",
]

_STR_TAG: Final = "tag:yaml.org,2002:str"
#: How messages name what YAML made of an unquoted scalar.
TAG_NAMES: Final = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "nothing",
}
_KIND_NAMES: Final[dict[type[yaml.Node], str]] = {
    yaml.MappingNode: "a mapping",
    yaml.SequenceNode: "a list",
}
PLAIN_TAGS: Final = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_RESOLVER: Final = yaml.resolver.Resolver()
#: Most characters of a value from the model quoted in a message: a model that is a symlink
#: to another file must not echo that file's lines.
MAX_QUOTED: Final = 40
#: Most characters of an invalid id quoted: one more than an id may have shows it is too long.
ID_QUOTED: Final = 65


def clip(value: object, limit: int = MAX_QUOTED) -> str:
    """Return *value* quoted for a message, cut to its first :data:`MAX_QUOTED` characters.

    >>> clip("running"), clip("x" * 50)
    ("'running'", "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (50 characters)")
    """
    if not isinstance(value, str):
        return repr(value)  # a number or a date: overlong numbers are never read (reader.MAX_NUMBER)
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}... ({len(value):,} characters)"


def untagged(node: yaml.Node) -> str:
    """Return why a tagged list or mapping is refused (models take plain YAML only)."""
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in PLAIN_TAGS:
        return " (models take no YAML tags: remove it)"
    return ""


def keyword_hint(value: object, keywords: Sequence[str], ids: Sequence[str]) -> str:
    """Return ``" (did you mean 'any'?)"`` for a near keyword, or how to list a lone id."""
    if not isinstance(value, str):
        return ""
    if value in ids:
        return f" (write [{value}] for a list of one)"
    close = closest(value, keywords)
    return f" (did you mean {close!r}?)" if close else ""


def describe(node: yaml.Node) -> str:
    """Describe *node*'s value as YAML read it, for "got ..." in messages."""
    if not isinstance(node, yaml.ScalarNode):
        kind = _KIND_NAMES.get(type(node), "something else")
        return kind if node.tag in PLAIN_TAGS else f"{kind} tagged {short_tag(node.tag)}"
    if not node.value and node.tag != _STR_TAG:
        return "nothing"
    if node.tag == _STR_TAG:
        if not node.value:
            return "''"
        plain_tag = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
        if node.style in ("'", '"') and plain_tag in TAG_NAMES:
            return f"the text {clip(node.value)} (in quotes, so not {TAG_NAMES[plain_tag]})"
        return clip(node.value)
    kind = TAG_NAMES.get(node.tag, f"the type {short_tag(node.tag)}")
    return f"{clip(node.value)}, which YAML reads as {kind}"


def short_tag(tag: str) -> str:
    """Return *tag* as written in YAML: ``!!binary`` for ``tag:yaml.org,2002:binary``."""
    return tag.replace("tag:yaml.org,2002:", "!!", 1)
