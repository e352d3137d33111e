"""Plain text (.txt): `text` is exactly the file decoded, so offsets index the decoded file.

No newline, whitespace or Unicode normalisation; a leading BOM is *kept* in `text` as U+FEFF
(it is part of the file) but skipped when finding the title and the body. The first non-empty
line is the title whatever punctuation ends it, unless it is longer than MAX_TITLE_CHARS: some
files are body-only, and losing their first paragraph to the title would drop real reporting,
so then `title` is None and the body starts at the top.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..records import Article
from .article import make_article
from .boilerplate import BLANK, lines
from .decoding import decode
from .errors import IngestError, check_length
from .files import read_bytes
from .options import ReadOptions

MAX_TITLE_CHARS = 200


def read(path: Path, options: ReadOptions) -> Iterator[Article]:
    text, encoding, warning = decode(path, read_bytes(path, options.max_chars))
    if not text.strip(BLANK):
        raise IngestError(path, "empty file")
    check_length(path, text, options.max_chars)
    title, body_from = None, 0
    for start, end in lines(text):
        line = text[start:end].strip(BLANK)
        if line:
            if _looks_like_title(line):
                title, body_from = line, end
            break
    yield make_article(text, body_from, id=path.stem, title=title, path=str(path),
                       encoding=encoding, warning=warning)


def _looks_like_title(line: str) -> bool:
    # Whatever punctuation ends it ("... Beltway, #2." is a headline): only a long first
    # line is taken for a body-only file's first paragraph.
    return len(line) <= MAX_TITLE_CHARS
