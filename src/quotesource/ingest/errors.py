"""IngestError, the one way any reader reports a problem, and the length checks they share."""
from __future__ import annotations

import os
from pathlib import Path


class IngestError(Exception):
    """One input that could not be read. `str()` is a single line naming the file."""

    def __init__(self, path: str | os.PathLike, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


def too_long(size: str, max_chars: int) -> str:
    return f"article too long: {size} (the limit is {max_chars:,}; see --max-chars)"


def check_length(path: Path, text: str, max_chars: int | None, where: str = "") -> None:
    if max_chars is not None and len(text) > max_chars:
        raise IngestError(path, where + too_long(f"{len(text):,} characters", max_chars))
