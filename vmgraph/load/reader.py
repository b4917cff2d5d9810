"""Typed access to YAML nodes that records problems instead of stopping at the first."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import yaml

from vmgraph.errors import Problem
from vmgraph.hints import closest, suggest
from vmgraph.load.wording import (
    ID_QUOTED,
    MAX_QUOTED,
    PLAIN_TAGS,
    TAG_NAMES,
    clip,
    describe,
    keyword_hint,
    short_tag,
    untagged,
)
from vmgraph.load.yamlsource import alias_lines

if TYPE_CHECKING:
    from pathlib import Path


__all__ = [
    "FORBIDDEN",
    "IDENT",
    "LINE_BREAK",
    "MAX_NUMBER",
    "MAX_QUOTED",
    "MAX_TEXT",
    "RESERVED",
    "Reader",
    "clip",
    "line",
    "suggest",
]

#: What every id must look like: safe as a DOT id, a reST target and a file name.
IDENT: Final = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")
_MODEL_ID: Final = re.compile(r"[a-z][a-z0-9_-]{0,63}\Z")
_PYTHON_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: DOT keywords and vmgraph keywords, never valid as ids.
RESERVED: Final = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict", "any", "none", "unchanged"})
_STR_TAG: Final = "tag:yaml.org,2002:str"
_MERGE_TAG: Final = "tag:yaml.org,2002:merge"
#: Scalars taken as free text exactly as written (``label: 2014-11-01``, ``call: 404``).
_TEXT_TAGS: Final = frozenset(
    {_STR_TAG, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}
)
#: Every character :meth:`str.splitlines` takes for a line break: never in one line of text.
LINE_BREAK: Final = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
#: Characters no text may hold (after line breaks): control characters but the tab, which
#: SVG (XML) and HTML pages cannot carry and `dot` cuts a string at (NUL); lone surrogates
#: and the non-characters U+FFFE and U+FFFF, which are not text at all.
FORBIDDEN: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Most characters of one line of text (a label, a condition, a call): a diagram draws it whole.
MAX_TEXT: Final = 1_000
#: Most characters of a number read as one: a 64-bit integer in binary takes 66.
MAX_NUMBER: Final = 100
_NUMBER_TAGS: Final = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
#: Errors PyYAML's constructors raise for a scalar they cannot convert (``!!int x``, ``2014-13-45``).
_CONSTRUCT_ERRORS: Final = (ValueError, KeyError, AttributeError)


def line(node: yaml.Node) -> int:
    """Return the 1-based line where *node* starts."""
    return int(node.start_mark.line) + 1


class Reader:
    """Reads values out of nodes; each bad value adds a :class:`Problem` and yields a stand-in."""

    def __init__(self, path: Path | str | None) -> None:
        self.path = path
        self.problems: list[Problem] = []
        #: Legal but odd content, warned about once the model is valid.
        self.oddities: list[Problem] = []
        #: The document read, whose alias lines :meth:`alias_line` looks up.
        self.document: yaml.Node | None = None
        #: Kinds of state ("state", "task state", ...) whose definitions could not be read:
        #: references to them are not reported again as unknown.
        self.unread: set[str] = set()
        #: Per kind, the ids refused as invalid (as written): references to them are not
        #: reported again, the problem at the definition says it all.
        self.refused: dict[str, set[str]] = {}
        #: Every key read in a mapping, wherever it was (for example ``must_have_launched``).
        self.keys_read: set[str] = set()
        self._constructor = yaml.constructor.SafeConstructor()
        self._reported: set[int] = set()  # values (not mappings) that already have a problem
        self._misspelt: set[tuple[int, str]] = set()  # (mapping, key) taken for a misspelling
        self._sets: dict[int, tuple[Sequence[str], frozenset[str]]] = {}  # see _members

    def problem(self, node: yaml.Node, message: str) -> None:
        """Record *message* at the line of *node*; a value gets only its first problem."""
        if not isinstance(node, yaml.MappingNode):
            if id(node) in self._reported:
                return
            self._reported.add(id(node))
        self.problems.append(Problem(message, self.path, line(node)))

    def alias_line(self, parent: yaml.Node, index: int) -> int | None:
        """Return the line of the alias that is item *index* of list *parent*, if it is one."""
        return alias_lines(self.document).get((id(parent), index)) if self.document is not None else None

    def odd(self, node: yaml.Node, message: str) -> None:
        """Record a warning about legal but odd content at the line of *node*."""
        self.oddities.append(Problem(message, self.path, line(node)))

    def missing(self, node: yaml.Node, what: str, key: str, hint: str = "") -> None:
        """Report that mapping *node* lacks *key*, unless a misspelling of it was reported."""
        if (id(node), key) not in self._misspelt:
            self.problem(node, f"{what} is missing the required key {key!r}{hint}")

    # -- containers ------------------------------------------------------------
    def mapping(
        self,
        node: yaml.Node,
        what: str,
        keys: Sequence[str],
        *,
        required: Sequence[str] = (),
    ) -> dict[str, yaml.Node] | None:
        """Return the keys of a mapping node; report unknown, duplicate and missing keys."""
        if not isinstance(node, yaml.MappingNode) or node.tag not in PLAIN_TAGS:
            self.problem(node, f"{what} must be a mapping, got {self.show(node)}{untagged(node)}")
            return None
        fields: dict[str, yaml.Node] = {}
        first: dict[str, int] = {}
        for key_node, value in node.value:
            if key_node.tag == _MERGE_TAG:
                self.problem(
                    key_node, f"{what} uses a YAML merge key '<<', which models do not support; write the keys out"
                )
                continue
            key = self.scalar(key_node, f"a key of {what}")
            if not isinstance(key, str):
                self.problem(key_node, f"keys of {what} must be text, got {clip(key)}")
                continue
            if key in first:
                self.problem(key_node, f"duplicate key {clip(key)} in {what} (first at line {first[key]})")
                continue
            first[key] = line(key_node)
            if key not in keys:
                close = closest(key, keys)
                if close and close not in first:
                    self._misspelt.add((id(node), close))
                hint = f"did you mean {close!r}?" if close else "valid keys: " + ", ".join(keys)
                self.problem(key_node, f"unknown key {clip(key)} in {what} ({hint})")
                continue
            fields[key] = value
            self.keys_read.add(key)
        for key in required:
            if key not in first:
                self.missing(node, what, key)
        return fields

    def sequence(self, node: yaml.Node, what: str, *, allow_empty: bool = True) -> list[yaml.Node]:
        """Return the items of a list node (empty, with a problem, if it is not a list)."""
        if not isinstance(node, yaml.SequenceNode) or node.tag not in PLAIN_TAGS:
            self.problem(node, f"{what} must be a list, got {self.show(node)}{untagged(node)}")
            return []
        if not node.value and not allow_empty:
            self.problem(node, f"{what} must not be empty")
        return list(node.value)

    # -- scalars -----------------------------------------------------------------
    def scalar(self, node: yaml.Node, what: str) -> Any:
        """Return the Python value of a scalar node, or ``None`` with a problem."""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{what} must be a single value, got {self.show(node)}")
            return None
        if node.tag == _STR_TAG:  # most values: what the constructor returns, a tenth of the time
            return node.value
        if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER:
            # 0x and 4,000 digits makes an int too large to print; 1:2:3:... costs quadratic time
            self.problem(node, f"{what} is a number of {len(node.value):,} characters; at most {MAX_NUMBER} are read")
            return None
        try:
            value = self._constructor.construct_object(node, deep=True)
            if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
                self.problem(node, f"{what} is a number outside the 64-bit range, got {clip(node.value)}")
                return None
            return value
        except yaml.constructor.ConstructorError as err:
            self.problem(node, f"{what} is not a valid value: {err.problem}")
        except _CONSTRUCT_ERRORS as err:
            self.problem(
                node, f"{what} has the value {clip(node.value)}, which is not a valid {short_tag(node.tag)} ({err})"
            )
        return None

    def text(self, node: yaml.Node, what: str) -> str:
        """Return one line of free text (numbers and dates are taken as written), not blank."""
        value = self._free_text(node, what)
        if LINE_BREAK.search(value):
            self.problem(node, f"{what} must be one line, got {clip(value)} (only descriptions may span lines)")
            return " ".join(value.split())
        if isinstance(node, yaml.ScalarNode) and node.tag in _TEXT_TAGS and not value.strip():
            self.problem(node, f"{what} must not be blank, got {clip(value)} (leave the key out instead)")
        if len(value) > MAX_TEXT:
            self.problem(
                node,
                f"{what} is {len(value):,} characters long; at most {MAX_TEXT:,} fit in a diagram (use a description)",
            )
            return value[:MAX_TEXT]
        return self._printable(node, what, value)

    def paragraph(self, node: yaml.Node, what: str) -> str:
        """Return free text with runs of whitespace, newlines included, folded to one space."""
        return self._printable(node, what, " ".join(self._free_text(node, what).split()))

    def _printable(self, node: yaml.Node, what: str, value: str) -> str:
        """Return *value*, or ``""`` with a problem if it holds a :data:`FORBIDDEN` character."""
        bad = FORBIDDEN.search(value)
        if bad is None:
            return value
        code = ord(bad.group())
        kind = "a control character" if code <= 0x9F else "not a character"
        self.problem(node, f"{what} contains U+{code:04X}, {kind}, which diagrams and pages cannot hold; remove it")
        return ""

    def _free_text(self, node: yaml.Node, what: str) -> str:
        """Return text as written: numbers and dates too, but not booleans or nothing."""
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _TEXT_TAGS:
            self.problem(node, f"{what} must be text, got {self.show(node)}")
            return ""
        return str(node.value)

    def boolean(self, node: yaml.Node, what: str) -> bool:
        """Return a YAML boolean (``true``/``false``)."""
        value = self.scalar(node, what)
        if not isinstance(value, bool):
            self.problem(node, f"{what} must be true or false, got {self.show(node)}")
            return False
        return value

    def ident(self, node: yaml.Node, what: str, *, kind: str = "", keep: tuple[str, ...] = ()) -> str | None:
        """Return a validated identifier, or ``None`` with a problem.

        An invalid id of *kind* is remembered so that references to it are not reported
        again; *keep* names the fields (``value``, ``label``) that can keep the text as written.
        """
        hint = "lower-case letters, digits and '_', starting with a letter, at most 64 characters"
        found = self._match(node, what, IDENT, hint, keep=keep)
        if found is None and kind and isinstance(node, yaml.ScalarNode):
            self.refused.setdefault(kind, set()).add(str(node.value))
        return found

    def model_id(self, node: yaml.Node) -> str:
        """Return the model's id (``-`` allowed, as in ``nova-2014``)."""
        hint = "lower-case letters, digits, '_' and '-', starting with a letter, at most 64 characters"
        return self._match(node, "the model", _MODEL_ID, hint, reserved=False) or ""

    def python_name(self, node: yaml.Node, what: str) -> str:
        """Return a Python identifier (a code name)."""
        return self._match(node, what, _PYTHON_NAME, "a Python identifier", reserved=False, noun="name") or ""

    def _match(
        self,
        node: yaml.Node,
        what: str,
        pattern: re.Pattern[str],
        hint: str,
        *,
        reserved: bool = True,
        noun: str = "id",
        keep: tuple[str, ...] = (),
    ) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{what} must have a single value as its {noun}, got {self.show(node)}")
            return None
        value = str(node.value)  # as written
        if not value:
            self.problem(node, f"{what} has an empty {noun}: use {hint}")
            return None
        if node.tag != _STR_TAG and pattern.match(value):  # `on`, `no`, `null`: YAML reads something else
            kind = TAG_NAMES.get(node.tag, f"the type {short_tag(node.tag)}")
            self.problem(
                node, f"{what} has {noun} {clip(value, ID_QUOTED)}, which YAML reads as {kind}; write it in quotes"
            )
            return None
        if node.tag != _STR_TAG or not pattern.match(value):
            fixed = re.sub(r"[^a-z0-9_]", "_", value.lower())
            suggested = noun == "id" and IDENT.match(fixed) and fixed not in RESERVED
            close = f" (did you mean {fixed!r}?)" if suggested else ""
            if suggested and keep and node.tag == _STR_TAG:  # why, and how to keep the text as written
                fields = ", ".join(f"{name}: {value}" for name in keep)
                close += (
                    f"; ids must be safe in DOT, Mermaid, anchors and file names: to keep {value!r} as the "
                    f"{' and '.join(keep)}, write 'id: {fixed}, {fields}'"
                )
            self.problem(node, f"{what} has invalid {noun} {clip(value, ID_QUOTED)}: use {hint}{close}")
            return None
        if reserved and value in RESERVED:
            words = ", ".join(repr(w) for w in sorted(RESERVED))
            self.problem(node, f"{what} uses the reserved word {value!r} as an id (reserved: {words})")
            return None
        return value

    def state_value(self, node: yaml.Node, where: str, *, integer: bool) -> str | int:
        """Return a state's code value: text, or an integer for power states."""
        value = self.scalar(node, f"'value' of {where}")
        if integer:
            if not isinstance(value, int) or isinstance(value, bool):
                self.problem(node, f"'value' of {where} must be an integer, got {self.show(node)}")
                return 0
            return value
        if not isinstance(value, str) or not value.strip() or LINE_BREAK.search(value) or FORBIDDEN.search(value):
            self.problem(node, f"'value' of {where} must be one line of text, got {self.show(node)}")
            return ""
        return value

    # -- references ----------------------------------------------------------------
    def ref(self, node: yaml.Node, what: str, kind: str, known: Sequence[str]) -> str | None:
        """Return the id of a defined state of *kind*, or ``None`` with a problem."""
        value = self.scalar(node, what) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, str):
            self.problem(node, f"{what} must be a {kind} id, got {self.show(node)}")
            return None
        if value not in self._members(known):
            if kind not in self.unread and value not in self.refused.get(kind, ()):  # else reported at the root
                self.problem(node, f"{what} names unknown {kind} {clip(value)} ({suggest(value, known)})")
            return None
        return value

    def _members(self, known: Sequence[str]) -> frozenset[str]:
        """Return *known* as a set, made once per sequence: a model checks thousands of references."""
        made = self._sets.get(id(known))
        if made is None or made[0] is not known:
            made = self._sets[id(known)] = (known, frozenset(known))
        return made[1]

    # -- wording -------------------------------------------------------------------
    keyword_hint = staticmethod(keyword_hint)
    show = staticmethod(describe)
