"""Read a YAML file into PyYAML nodes (with line numbers), refusing hostile input early."""

from __future__ import annotations

import bisect
import os
import re
import stat
import weakref
from pathlib import Path
from typing import Final, Protocol

import yaml

from vmgraph.errors import ModelError, Problem
from vmgraph.limits import MAX_BYTES

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_EXPANDED",
    "MAX_NODES",
    "alias_lines",
    "compose_file",
    "compose_text",
    "value_of",
]

#: Deepest nesting of lists and mappings accepted.
MAX_DEPTH: Final = 64
#: Most nodes a document may expand to once aliases are followed.
MAX_NODES: Final = 5_000_000
#: Most characters of text (keys and values) a document may expand to once aliases are
#: followed, unless the file itself holds more: one 1 MB text aliased 400 times made a
#: 400 MB page.
MAX_EXPANDED: Final = 16 * 1024 * 1024
#: The text and the alias places of each document composed with aliases, until :func:`alias_lines` pairs them.
_ALIASED: Final[weakref.WeakKeyDictionary[yaml.Node, tuple[str, list[tuple[int, int]]]]] = weakref.WeakKeyDictionary()
#: What :func:`alias_lines` found for each document.
_ALIASES: Final[weakref.WeakKeyDictionary[yaml.Node, dict[tuple[int, int], int]]] = weakref.WeakKeyDictionary()
#: Line breaks to YAML but not to editors or to ``file:line`` readers: inside quoted text
#: they would shift the line of everything after them.
_UNICODE_BREAK: Final = re.compile("[\x85\u2028\u2029]")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> yaml.Node:
    """Return the root node of the YAML file at *path*.

    Raises:
        ModelError: the file cannot be read, is a FIFO or a socket, is too big, is not
            UTF-8 text, is not valid YAML, is empty, or nests or expands beyond the limits.
    """
    try:
        if Path(path).is_dir():
            raise _error(path, None, "is a directory, not a model file")
        # O_NONBLOCK: opening a FIFO does not wait for a writer, and a terminal or another
        # device with nothing to read fails at once instead of waiting for input.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            data = _read(path, fd, max_bytes)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise _error(path, None, "no such file") from None
    except PermissionError:
        raise _error(path, None, "permission denied: cannot read the model file") from None
    except OSError as err:
        raise _error(path, None, f"cannot read the model file: {err.strerror}") from None
    if data is None or len(data) > max_bytes:
        msg = (
            f"file is larger than the limit of {max_bytes:,} bytes; refusing to read it "
            "(a larger limit: --max-bytes or VMGRAPH_MAX_BYTES)"
        )
        raise _error(path, None, msg)
    return compose_text(_decode(path, data), path=path)


#: Bytes read at a time when a file's size is not known: a huge limit is never allocated at once.
_CHUNK: Final = 1024 * 1024


def _read(path: str | Path, fd: int, max_bytes: int) -> bytes | None:
    """Return the file's bytes: ``None``, or more than *max_bytes* of them, if it is too big.

    A file whose size is known is read in one go, or not at all when it is too big;
    devices (``/dev/zero``) report no size and are read in chunks up to the limit. A FIFO
    or a socket is refused: what it holds depends on a writer that may never come.
    """
    info = os.fstat(fd)
    if stat.S_ISFIFO(info.st_mode) or stat.S_ISSOCK(info.st_mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a socket"
        raise _error(path, None, f"is {kind}, not a model file; give the path of a regular file")
    size = info.st_size
    if size > max_bytes:
        return None
    chunks: list[bytes] = []
    total = 0
    want = size + 1 if size else max_bytes + 1  # one byte more than the size: it grew since
    while total < want:
        chunk = os.read(fd, min(_CHUNK, want - total) if not size else want - total)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if size and total > size:  # it grew since: read on, up to the limit
            want = max_bytes + 1
            size = 0
    return b"".join(chunks)


def compose_text(text: str, *, path: Path | str | None = None) -> yaml.Node:
    """Return the root node of the YAML document *text*; see :func:`compose_file`."""
    if not text.strip():
        raise _error(path, 1, "the model file is empty; expected a mapping with 'vmgraph: 1'")
    try:
        if _Loader is yaml.SafeLoader:  # pure Python composes recursively: check depth first
            _check_events(text, path)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as err:  # a character YAML refuses, such as a raw control character
        raise _error(path, _offset_line(text, err.position), f"invalid YAML: {_reader_problem(err)}") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        breaks = [found.start() for found in _UNICODE_BREAK.finditer(text)]
        line = _line_of(mark, breaks) if mark is not None else None
        what = err.problem or err.context or "cannot parse"
        if err.context and err.problem:  # "did not find expected ',' (while parsing a flow sequence from line 9)"
            since = f" from line {_line_of(err.context_mark, breaks)}" if err.context_mark is not None else ""
            what = f"{err.problem} ({err.context}{since})"
        raise _error(path, line, f"invalid YAML: {what}") from None
    except yaml.YAMLError as err:
        raise _error(path, None, f"invalid YAML: {err}") from None
    if root is None:
        raise _error(path, 1, "the model file is empty; expected a mapping with 'vmgraph: 1'")
    shared = _check_depth(root, path)
    if shared:
        _check_expansion(root, path, len(text))
        _ALIASED[root] = (text, shared)
    if _UNICODE_BREAK.search(text):
        _renumber(root, text)
    return root


#: Byte order marks of UTF-16 and UTF-32 (little- and big-endian). A UTF-8 BOM is accepted:
#: YAML allows one at the start of a stream, and it changes neither the text nor the lines.
_OTHER_BOMS: Final = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def _decode(path: str | Path, data: bytes) -> str:
    if data.startswith(_OTHER_BOMS):
        raise _error(path, 1, "file is UTF-16 or UTF-32 encoded; save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise _error(path, line, "file contains NUL bytes: binary data or UTF-16/UTF-32 text, not a UTF-8 YAML model")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        msg = f"file is not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})"
        raise _error(path, line, msg) from None


def _offset_line(text: str, position: int) -> int:
    """Return the line of *position*: an offset in *text*, or in its UTF-8 bytes for libyaml."""
    if _Loader is yaml.SafeLoader:
        return text.count("\n", 0, position) + 1
    return text.encode("utf-8", "surrogatepass")[:position].count(b"\n") + 1


def _reader_problem(err: yaml.reader.ReaderError) -> str:
    """Return what PyYAML's reader refused, without its own "in <unicode string>" location."""
    if isinstance(err.character, int):
        return f"unacceptable character U+{err.character:04X}: {err.reason}"
    return str(err.reason)


class _Mark(Protocol):
    """A position PyYAML reports (its pure-Python Mark, or libyaml's)."""

    line: int
    index: int


def _check_events(text: str, path: Path | str | None) -> None:
    """Refuse documents nested deeper than MAX_DEPTH before any node is built (no libyaml)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                msg = f"document nests deeper than {MAX_DEPTH} levels; refusing to read it"
                raise _error(path, event.start_mark.line + 1 if event.start_mark is not None else None, msg)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1


def _check_depth(root: yaml.Node, path: Path | str | None) -> list[tuple[int, int]]:
    """Refuse documents nested deeper than MAX_DEPTH; return where aliases are.

    The places are ``(id(parent), index)`` of each node met again (an alias), in document
    order; the node count must be checked too if there are any, or more than MAX_NODES
    nodes (a sentinel place then); otherwise that walk cannot find anything.
    The tree is walked after composing, in document order: libyaml itself refuses more
    than 1,000 levels, so composing first is safe, and one walk of the nodes costs a
    fifth of parsing the text a second time for its events.
    """
    seen = {id(root)}
    shared: list[tuple[int, int]] = []
    # One iterator over the children of each list or mapping being walked: scalars are
    # looked at in place, and the stack is as deep as the nesting.
    stack = [(enumerate(_children(root)), id(root))]
    while stack:
        children, parent = stack[-1]
        for index, child in children:
            if id(child) in seen:
                shared.append((parent, index))
                continue
            seen.add(id(child))
            if isinstance(child, yaml.ScalarNode):
                continue
            if len(stack) >= MAX_DEPTH:  # the child is one level deeper than its parent
                msg = f"document nests deeper than {MAX_DEPTH} levels; refusing to read it"
                raise _error(path, child.start_mark.line + 1 if child.start_mark is not None else None, msg)
            stack.append((enumerate(_children(child)), id(child)))
            break
        else:
            stack.pop()
    if not shared and len(seen) > MAX_NODES:
        shared.append((0, -1))
    return shared


def alias_lines(root: yaml.Node) -> dict[tuple[int, int], int]:
    """Return the line of each alias of the document *root* was composed from.

    Keys are ``(id(parent), index)``: the parent list or mapping (its keys and values
    counted in turn) and the place of the alias in it. Empty for a document without aliases.
    Only a message needs them: the text is parsed again for its alias events on the first call.
    """
    found = _ALIASES.get(root)
    if found is None:
        text, places = _ALIASED.pop(root, ("", []))
        found = _ALIASES[root] = _pair_aliases(text, places) if places else {}
    return found


def _pair_aliases(text: str, places: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Pair the places of aliases with the lines of the document's alias events (same order)."""
    events = yaml.parse(text, Loader=_Loader)
    breaks = [found.start() for found in _UNICODE_BREAK.finditer(text)]
    lines = [_line_of(e.start_mark, breaks) for e in events if isinstance(e, yaml.AliasEvent) and e.start_mark]
    return dict(zip(places, lines, strict=True)) if len(lines) == len(places) else {}


def _check_expansion(root: yaml.Node, path: Path | str | None, written: int) -> None:
    """Refuse alias bombs: count the nodes and the characters of text the document expands to.

    Nothing is expanded: aliases share node objects, so each node is sized once. One long
    text aliased by many nodes passes a bound on nodes alone, so the text is bounded too:
    at most :data:`MAX_EXPANDED` characters, or the *written* length of the file if more.
    """
    limit = max(MAX_EXPANDED, written)
    sizes: dict[int, int] = {}
    chars: dict[int, int] = {}
    # Lists and mappings in post-order; a scalar counts as one node and its own length.
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [] if isinstance(root, yaml.ScalarNode) else [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not done:
            if id(node) in visiting:
                line = node.start_mark.line + 1
                raise _error(path, line, "recursive alias: a node contains itself")
            visiting.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes and not isinstance(c, yaml.ScalarNode))
            continue
        size, text = 1, 0
        for child in children:
            if isinstance(child, yaml.ScalarNode):
                size, text = size + 1, text + len(child.value)
            else:
                size, text = size + sizes[id(child)], text + chars[id(child)]
        sizes[id(node)], chars[id(node)] = size, text
        if size > MAX_NODES:
            line = node.start_mark.line + 1
            msg = f"aliases expand to more than {MAX_NODES:,} nodes; refusing to read it"
            raise _error(path, line, msg)
        if text > limit:
            line = node.start_mark.line + 1
            msg = f"aliases expand the text to more than {limit:,} characters; refusing to read it"
            raise _error(path, line, msg)


def _line_of(mark: _Mark, breaks: list[int]) -> int:
    """Return the 1-based line of *mark* as editors count it, given the offsets of the
    :data:`_UNICODE_BREAK` characters of the text (PyYAML counts them as line breaks)."""
    return int(mark.line) + 1 - bisect.bisect_left(breaks, mark.index)


def _renumber(root: yaml.Node, text: str) -> None:
    """Give every node the line editors count: less the U+0085, U+2028, U+2029 before it."""
    breaks = [found.start() for found in _UNICODE_BREAK.finditer(text)]
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        mark = node.start_mark
        shift = bisect.bisect_left(breaks, mark.index)
        if shift:
            node.start_mark = yaml.Mark(mark.name, mark.index, mark.line - shift, mark.column, None, 0)
        stack.extend(_children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _error(path: Path | str | None, line: int | None, message: str) -> ModelError:
    return ModelError(Problem(message, path, line))


def value_of(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """Return the value of *key* in the mapping *node*, or ``None`` (not a mapping, no such key)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key and isinstance(value, yaml.Node):
                return value
    return None
