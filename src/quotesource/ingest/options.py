"""How inputs are read: one object handed to every reader, so a new option is one field here
rather than a keyword threaded through each reader's signature."""
from __future__ import annotations

from dataclasses import dataclass

# The longest article read (`--max-chars`): several times the longest feature (PolNeAR's
# longest of 840 is 34,309); about 40,000 words, parsed in about a minute on one core.
MAX_CHARS = 200_000


@dataclass(frozen=True)
class ReadOptions:
    max_chars: int | None = MAX_CHARS   # a longer article is an IngestError; None: no limit
    columns: dict | None = None         # CSV columns by field ({"text": "body"}); others guessed
