"""Limits that keep rendering bounded, in one light module the CLI can import for its help."""

from __future__ import annotations

from typing import Final

__all__ = [
    "DOT_TIMEOUT",
    "FOCUS_LIMIT",
    "MAX_BYTES",
    "MAX_BYTES_VARIABLE",
    "MAX_EDGES",
    "MAX_OUTPUT",
    "MAX_SIZE",
    "MAX_STATES",
    "max_bytes",
    "parse_size",
]

#: Largest model file read, in bytes (16 MiB): the 10,000-action benchmark model is 3 MB.
MAX_BYTES: Final = 16 * 1024 * 1024
#: The environment variable that sets another limit (``--max-bytes`` overrides it).
MAX_BYTES_VARIABLE: Final = "VMGRAPH_MAX_BYTES"
#: The largest size limit that may be set (1 TiB): no model file comes near it, and larger
#: numbers would overflow the sizes the operating system reads.
MAX_SIZE: Final = 1024**4
_UNITS: Final = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}

#: Largest existing output file read back to compare it with what would be written (256 MiB):
#: a larger one is not vmgraph's, and is replaced or reported as stale.
MAX_OUTPUT: Final = 256 * 1024 * 1024

#: Seconds `dot` may spend on one graph before it is stopped.
DOT_TIMEOUT: Final = 60.0
#: Above this many states, ``vmgraph render --view all`` draws the focused views instead of
#: the whole-model graphs (random graphs of 5 edges per state take `dot` 4 s at 50 states,
#: a minute at 75).
MAX_STATES: Final = 60
#: Above this many edges in the transitions view, likewise (Nova's has 67).
MAX_EDGES: Final = 300
#: Most neighbours a focused view draws before grouping the rest into one node.
FOCUS_LIMIT: Final = 24


def parse_size(text: str) -> int:
    """Return a size in bytes written as a whole number, optionally with K, M or G (powers of 1024).

    >>> parse_size("16M"), parse_size("512k"), parse_size("1000")
    (16777216, 524288, 1000)

    Raises:
        ValueError: *text* is not such a size, or not above zero.
    """
    number = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = number[-1:] if number[-1:] in _UNITS else ""
    digits = number[: len(number) - len(unit)].strip()
    shown = repr(text) if len(text) <= 40 else repr(text[:40]) + "..."
    # Only ASCII digits: int() reads "١٢" too; and few of them: int() refuses thousands of digits.
    if not (digits.isascii() and digits.isdigit()) or not digits.strip("0"):
        msg = f"expected a size in bytes above 0, such as 16777216 or 16M, got {shown}"
        raise ValueError(msg)
    size = int(digits) * _UNITS[unit] if len(digits) <= 20 else MAX_SIZE + 1
    if size > MAX_SIZE:
        raise ValueError(f"expected a size of at most {MAX_SIZE // 1024**3:,}G, got {shown}")
    return size


def max_bytes(environ: dict[str, str] | None = None) -> int:
    """Return the size limit of model files: ``$VMGRAPH_MAX_BYTES`` if set, else :data:`MAX_BYTES`.

    Raises:
        ValueError: the variable is set but is not a size.
    """
    import os  # noqa: PLC0415 (os is loaded at start-up anyway; kept local to keep this module bare)

    value = (os.environ if environ is None else environ).get(MAX_BYTES_VARIABLE, "").strip()
    if not value:
        return MAX_BYTES
    try:
        return parse_size(value)
    except ValueError as err:
        raise ValueError(f"{MAX_BYTES_VARIABLE}: {err}") from None
