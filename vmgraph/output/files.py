"""Write output files atomically: a reader never sees half a file under its final name."""

from __future__ import annotations

import itertools
import os
from typing import TYPE_CHECKING

from vmgraph.errors import VmgraphError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["OutputError", "write_atomic"]


class OutputError(VmgraphError):
    """An output file or directory cannot be written."""


def write_atomic(path: Path, data: bytes, *, durable: bool = True, make_dirs: bool = True) -> None:
    """Write *data* to *path* through a temporary file in the same directory, then rename.

    With *durable* (the default) the data reaches the disk before the rename (fsync);
    build artefacts that are made again when lost (Sphinx images) pass ``False``: the
    rename alone already keeps readers from seeing half a file. Without *make_dirs*, a
    missing directory is an error rather than made again (it was removed during a run).

    Raises:
        OutputError: the directory cannot be created or the file cannot be written;
            nothing is left under *path* or a temporary name.
    """
    try:
        if make_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _temporary(path)
    except OSError as err:
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as err:
        _remove(tmp)
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror}") from None
    except BaseException:
        _remove(tmp)
        raise


_COUNTER = itertools.count()


def _temporary(path: Path) -> tuple[int, str]:
    """Create and open a new file ``.<name>.<pid>.<n>.tmp`` beside *path* (as tempfile.mkstemp).

    tempfile itself costs a millisecond of start-up (it imports random, shutil ...).
    """
    while True:
        tmp = os.path.join(path.parent, f".{path.name}.{os.getpid()}.{next(_COUNTER)}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue


def _remove(tmp: str) -> None:
    try:  # noqa: SIM105 (contextlib costs start-up time)
        os.unlink(tmp)
    except OSError:
        pass
