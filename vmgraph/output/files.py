"""Write output files atomically, and read existing ones back within bounds."""

from __future__ import annotations

import itertools
import os
import stat
from pathlib import Path

from vmgraph.errors import VmgraphError

__all__ = ["OutputError", "read_existing", "write_atomic"]

#: What :func:`stat.S_IFMT` kinds are called in messages.
_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
}
#: Bytes read at a time from an existing output: a file that grows while read stops at the limit.
_CHUNK = 1024 * 1024


class OutputError(VmgraphError):
    """An output file or directory cannot be written."""


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _check_replaceable(path: Path) -> None:
    """Refuse to replace anything at *path* but a regular file (symlinks are followed).

    A rename would put a regular file in place of a device, a FIFO or a socket (as root,
    ``-o /dev/null`` would destroy the node); only new paths and regular files are written.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return  # a new path, or a dangling symlink: the rename makes the file
    except OSError as err:
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror}") from None
    if not stat.S_ISREG(mode):
        msg = f"cannot write {str(path)!r}: it is {_kind(mode)}; vmgraph writes only regular files or new paths"
        raise OutputError(msg)


def write_atomic(path: Path, data: bytes, *, durable: bool = True, make_dirs: bool = True) -> None:
    """Write *data* to *path* through a temporary file in the same directory, then rename.

    With *durable* (the default) the data reaches the disk before the rename (fsync);
    build artefacts that are made again when lost (Sphinx images) pass ``False``: the
    rename alone already keeps readers from seeing half a file. Without *make_dirs*, a
    missing directory is an error rather than made again (it was removed during a run).

    Raises:
        OutputError: *path* exists and is not a regular file (a device, a FIFO, a socket,
            a directory, or a symlink to one), the directory cannot be created or the file
            cannot be written; nothing is left under *path* or a temporary name.
    """
    path = Path(path)
    _check_replaceable(path)
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
        tmp.chmod(0o644)
        tmp.replace(path)
    except OSError as err:
        _remove(tmp)
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror}") from None
    except BaseException:
        _remove(tmp)
        raise


def read_existing(path: Path, limit: int) -> bytes | None:
    """Return the bytes of the existing output file *path*, or ``None``.

    ``None`` when *path* is missing, unreadable, not a regular file (a FIFO would block,
    ``/dev/zero`` never ends), or holds more than *limit* bytes: the file is not what
    vmgraph would have written, without reading more than *limit* + 1 bytes of it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO without a writer does not wait
    except OSError:
        return None
    chunks: list[bytes] = []
    total = 0
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return None if total > limit else b"".join(chunks)


_COUNTER = itertools.count()


def _temporary(path: Path) -> tuple[int, Path]:
    """Create and open a new file ``.<name>.<pid>.<n>.tmp`` beside *path* (as tempfile.mkstemp).

    tempfile would do, but it names files at random; these names say whose they are.
    """
    while True:
        tmp = path.parent / f".{path.name}.{os.getpid()}.{next(_COUNTER)}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue


def _remove(tmp: Path) -> None:
    try:  # noqa: SIM105 (the clean-up of a failure must not raise a second error)
        tmp.unlink()
    except OSError:
        pass
