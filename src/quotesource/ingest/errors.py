"""IngestError, the one way any reader reports a problem, and the length checks they share."""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

# Bidirectional overrides and isolates: they reorder what a terminal shows after them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class IngestError(Exception):
    """One input that could not be read. `str()` is a single line naming the file."""

    def __init__(self, path: str | os.PathLike, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(printable(f"{self.path}: {message}"))


def printable(text: str) -> str:
    """`text` safe to print as one line: control characters (a newline, a terminal escape),
    line separators and bidi overrides escaped as Python writes them (\\n, \\x1b, \\u202e),
    and a file name's undecodable bytes (os.fsdecode's surrogates, which no terminal encoding
    accepts) as the bytes they were (\\xff). Other text is unchanged."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if 0xDC80 <= ord(ch) <= 0xDCFF:               # os.fsdecode's stand-in for a byte
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in BIDI_CONTROLS:
            out.append(ascii(ch)[1:-1])
        else:
            out.append(ch)
    return "".join(out)


def too_long(size: str, max_chars: int) -> str:
    return f"article too long: {size} (the limit is {max_chars:,}; see --max-chars)"


def check_length(path: Path, text: str, max_chars: int | None, where: str = "") -> None:
    if max_chars is not None and len(text) > max_chars:
        raise IngestError(path, where + too_long(f"{len(text):,} characters", max_chars))
