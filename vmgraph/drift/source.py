"""Python source -> parsed modules (on demand) and the functions carrying the decorator.

Source is read and parsed with :mod:`ast` only: nothing is imported or executed. Each
file gets its dotted module name from the packages (directories with ``__init__.py``)
around it, so ``from nova.compute import vm_states`` and relative imports can be followed
to other modules of the same package, which are parsed on demand.
"""

from __future__ import annotations

import ast
import io
import os
import re
import stat
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from vmgraph.drift.scopes import NESTED_EXPRESSIONS, Module, Scope, bind_module
from vmgraph.limits import MAX_BYTES

__all__ = ["Decorated", "SourceIndex", "find_sources", "name_of"]

_SKIP_DIRS: Final = frozenset({"__pycache__", "node_modules"})
_FUNCTIONS: Final = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True, slots=True)
class Decorated:
    """A function that carries the precondition decorator.

    ``call`` is ``None`` when the decorator is used without parentheses; ``scope`` is
    the scope its arguments are evaluated in (the one around the ``def``).
    """

    name: str
    qualname: str
    path: Path
    line: int
    call: ast.Call | None
    scope: Scope


def find_sources(paths: list[Path]) -> list[Path]:
    """Return the ``.py`` files among *paths* and below its directories, sorted, each once.

    Hidden directories and ``__pycache__`` are skipped; symbolic links to directories are
    not followed.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
                found.update((Path(root) / f, None) for f in sorted(files) if f.endswith(".py"))
        else:
            found[path] = None
    return sorted(found)


class SourceIndex:
    """The Python files of the sources, parsed when first needed, and their modules by name.

    A file is parsed for its decorators only if its text names the decorator, so a large
    tree costs little more than reading it; other modules are parsed when an import needs
    them, also from below the directory of a source's top package.
    """

    def __init__(self, files: list[Path], *, max_bytes: int = MAX_BYTES) -> None:
        #: The largest file read; a larger one is reported, never parsed.
        self.max_bytes = max_bytes
        self.modules: dict[str, Module] = {}
        self.roots: dict[Path, None] = {}
        #: The source files in order, with their dotted module names.
        self.files: list[tuple[str, Path]] = []
        #: Source files that name the decorator but cannot be read or parsed.
        self.broken: list[Module] = []
        self._names: dict[str, Path] = {}
        self._parsed: dict[Path, Module] = {}
        self._texts: dict[Path, str | tuple[str, int]] = {}
        for path in files:
            name, root = _module_name(path)
            self.roots[root] = None
            self._names.setdefault(name, path)  # a second file of that name: imports find the first
            self.files.append((name, path))

    def module(self, name: str) -> Module | None:
        """Return module *name*, parsing it if needed, or ``None`` if no file has that name."""
        if name in self._names:
            return self._load(name, self._names[name])
        parts = name.split(".")
        for root in self.roots:
            for candidate in (root.joinpath(*parts).with_suffix(".py"), root.joinpath(*parts, "__init__.py")):
                if candidate.exists():
                    self._names[name] = candidate
                    return self._load(name, candidate)
        return None

    def decorated(self, decorator: str) -> list[Decorated]:
        """Return the functions of the source files carrying *decorator*, in file order."""
        found: list[Decorated] = []
        for module in self.matching(decorator):
            if module.tree is None:
                continue
            try:
                found.extend(_decorated(module.tree, module, module.scope, decorator))
            except RecursionError:
                module.error = ("cannot read the file: its code is nested too deeply", 1)
                self.broken.append(module)
        return found

    def matching(self, *names: str) -> list[Module]:
        """Return the source files whose text names one of *names* (or cannot be read), parsed.

        Those that cannot be read or parsed are added to :attr:`broken`.
        """
        needle = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
        found = list(self._scan(needle))
        self.broken.extend(m for m in found if m.tree is None and m not in self.broken)
        return found

    def definitions(self, name: str) -> list[tuple[Path, int]]:
        """Return where functions named *name* are defined in the source files."""
        return [
            (module.path, node.lineno)
            for module in self._scan(re.compile(rf"\bdef\s+{re.escape(name)}\b"))
            if module.tree is not None
            for node in ast.walk(module.tree)
            if isinstance(node, _FUNCTIONS) and node.name == name
        ]

    def _scan(self, needle: re.Pattern[str]) -> Iterator[Module]:
        """Yield the parsed source files whose text matches *needle* (or cannot be read)."""
        for name, path in self.files:
            text = self._text(path)
            if isinstance(text, tuple) or needle.search(text):
                yield self._load(name, path)

    def _text(self, path: Path) -> str | tuple[str, int]:
        """Return the text of *path*, or ``(problem, line)`` if it cannot be read."""
        if path not in self._texts:
            try:
                self._texts[path] = self._read(path)
            except SyntaxError as err:  # a bad coding line
                self._texts[path] = (f"cannot read the file: {err.msg}", err.lineno or 1)
            except (OSError, UnicodeDecodeError) as err:
                self._texts[path] = (f"cannot read the file: {err}", 1)
        return self._texts[path]

    def _read(self, path: Path) -> str | tuple[str, int]:
        """Return the text of a regular file of at most :attr:`max_bytes`, else why not.

        A FIFO, a device such as ``/dev/zero`` or a socket is never opened: reading it
        could block or never end.
        """
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            return ("cannot read the file: it is not a regular file (a FIFO, device or socket?)", 1)
        with path.open("rb") as raw:
            data = raw.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            return (f"cannot read the file: it is larger than {self.max_bytes} bytes (see --max-bytes)", 1)
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)  # honours a PEP 263 coding line
        return data.decode(encoding)

    def _load(self, name: str, path: Path) -> Module:
        if path in self._parsed:
            return self._parsed[path]
        module = Module(name, path, path.name == "__init__.py")
        self._parsed[path] = module
        self.modules.setdefault(name, module)
        text = self._text(path)
        if isinstance(text, tuple):
            module.error = text
            return module
        try:
            tree = ast.parse(text, filename=str(path))
        except SyntaxError as err:
            module.error = (f"cannot parse the file: {err.msg}", err.lineno or 1)
            return module
        except ValueError as err:  # NUL bytes
            module.error = (f"cannot parse the file: {err}", 1)
            return module
        except (RecursionError, MemoryError):
            module.error = ("cannot parse the file: its expressions are nested too deeply", 1)
            return module
        try:
            bind_module(module, tree)
        except RecursionError:
            module.error = ("cannot read the file: its code is nested too deeply", 1)
            module.scope.bindings.clear()
            module.tree = None
        return module


def _module_name(path: Path) -> tuple[str, Path]:
    """Return the dotted name of the file at *path* and the directory its top package is in."""
    parts = [] if path.name == "__init__.py" else [path.stem]
    folder = path.absolute().parent
    while (folder / "__init__.py").is_file() and folder.name:
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts) or path.stem, folder


def _decorated(tree: ast.AST, module: Module, scope: Scope, decorator: str) -> Iterator[Decorated]:
    """Yield the functions below *tree* carrying *decorator*, nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            inner = module.scopes[id(node)]
            if isinstance(node, _FUNCTIONS):
                for dec in node.decorator_list:
                    call = dec if isinstance(dec, ast.Call) else None
                    if name_of(call.func if call else dec) == decorator:
                        qual = f"{scope.qualname}.{node.name}" if scope.qualname else node.name
                        yield Decorated(node.name, qual, scope.module.path, dec.lineno, call, scope)
            yield from _decorated(node, module, inner, decorator)
        elif not isinstance(node, NESTED_EXPRESSIONS):
            yield from _decorated(node, module, scope, decorator)


def name_of(node: ast.expr) -> str | None:
    """Return the name a call or decorator is written with: ``f`` of ``f(...)`` or ``m.f(...)``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None
