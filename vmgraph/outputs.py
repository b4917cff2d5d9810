"""Write output files atomically: a reader never sees half a file under its final name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from vmgraph.errors import VmgraphError

__all__ = ["OutputError", "write_atomic"]


class OutputError(VmgraphError):
    """An output file or directory cannot be written."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* through a temporary file in the same directory, then rename.

    Raises:
        OutputError: the directory cannot be created or the file cannot be written;
            nothing is left under *path* or a temporary name.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
