"""Record in a rendered image the hash of the DOT it was made from, and read it back.

Images are compared by that hash, never by their bytes, so a different Graphviz build
(other fonts, other layout) does not make them stale. SVG gets an XML comment after the
XML declaration, PNG a ``tEXt`` chunk after ``IHDR``, PDF a comment line just before the
final ``%%EOF`` (byte offsets and the cross-reference table stay valid).
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from typing import TYPE_CHECKING, Final

from vmgraph.limits import MAX_OUTPUT
from vmgraph.output.files import read_existing

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["STAMP_KEY", "dot_digest", "image_is_current", "read_stamp", "stamp_image"]

#: The name the hash is recorded under, in every format.
STAMP_KEY: Final = "vmgraph-dot-sha256"

_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_SVG_STAMP: Final = re.compile(rb"<!-- " + STAMP_KEY.encode() + rb": ([0-9a-f]{64}) -->")
_PDF_STAMP: Final = re.compile(rb"%" + STAMP_KEY.encode() + rb": ([0-9a-f]{64})\r?\n")
_XML_DECL: Final = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]*\?>\r?\n?")
_PDF_TAIL: Final = 1024  # readers look for %%EOF in the last 1024 bytes


def dot_digest(source: str) -> str:
    """Return the SHA-256 of the DOT *source* (UTF-8), as 64 hex digits.

    >>> dot_digest("digraph {}")[:12]
    'cdffdece7b99'
    """
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def stamp_image(data: bytes, fmt: str, source: str) -> bytes:
    """Return the image *data* (``svg``, ``png`` or ``pdf``) with the digest of *source* in it.

    Raises:
        ValueError: *fmt* is not an image format, or *data* is not an image of that format.
    """
    digest = dot_digest(source)
    if fmt == "svg":
        decl = _XML_DECL.match(data)
        end = decl.end() if decl else 0
        sep = b"" if not decl or data[end - 1 : end] == b"\n" else b"\n"
        return data[:end] + sep + f"<!-- {STAMP_KEY}: {digest} -->\n".encode() + data[end:]
    if fmt == "png":
        if not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
            raise ValueError("not a PNG image")
        ihdr_end = 8 + 12 + struct.unpack(">I", data[8:12])[0]
        return (
            data[:ihdr_end]
            + _png_chunk(b"tEXt", STAMP_KEY.encode("latin-1") + b"\0" + digest.encode())
            + data[ihdr_end:]
        )
    if fmt == "pdf":
        eof = data.rfind(b"%%EOF", max(len(data) - _PDF_TAIL, 0))
        if not data.startswith(b"%PDF-") or eof < 0:
            raise ValueError("not a PDF document")
        return data[:eof] + f"%{STAMP_KEY}: {digest}\n".encode() + data[eof:]
    raise ValueError(f"cannot stamp format {fmt!r} (images: svg, png, pdf)")


def read_stamp(data: bytes, fmt: str) -> str | None:
    """Return the DOT digest recorded in the image *data* (or an HTML page of one), or ``None`` if it has none."""
    if fmt in {"svg", "html"}:  # a page has the comment before its <svg>, as the image has
        head = data[: data.find(b"<svg")] if b"<svg" in data else data
        found = _SVG_STAMP.search(head)
        return found.group(1).decode() if found else None
    if fmt == "png":
        return _png_stamp(data)
    if fmt == "pdf":
        stamps = list(_PDF_STAMP.finditer(data, max(len(data) - _PDF_TAIL, 0)))
        return stamps[-1].group(1).decode() if stamps else None
    return None


def image_is_current(path: Path, fmt: str, source: str) -> bool:
    """Return True if the image at *path* exists and was made from the DOT *source*."""
    data = read_existing(path, MAX_OUTPUT)
    return data is not None and read_stamp(data, fmt) == dot_digest(source)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_stamp(data: bytes) -> str | None:
    if not data.startswith(_PNG_SIGNATURE):
        return None
    pos = len(_PNG_SIGNATURE)
    key = STAMP_KEY.encode("latin-1") + b"\0"
    while pos + 8 <= len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"tEXt" and body.startswith(key):
            value = body[len(key) :]
            return value.decode("ascii") if re.fullmatch(rb"[0-9a-f]{64}", value) else None
        if kind in (b"IDAT", b"IEND"):
            return None  # the stamp is written before the image data
        pos += 12 + length
    return None
