"""The reader of each input format, keyed by extension, and the loop over the inputs.

A reader is `read(path, options) -> Iterator[Article | IngestError]`: it yields an error for a
bad item it can read past (a JSONL line, a CSV row, a WARC record) and raises one when the
whole file is unreadable. A new format is a module with such a function and a line here.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..records import Article
from . import csv_reader, html_reader, json_reader, txt_reader, warc_reader
from .errors import IngestError
from .files import expand_paths, suffix
from .options import MAX_CHARS, ReadOptions

Reader = Callable[[Path, ReadOptions], Iterator[Article | IngestError]]
# In this order in the "unsupported file type" message.
READERS: dict[str, Reader] = {
    ".txt": txt_reader.read, ".html": html_reader.read, ".htm": html_reader.read,
    ".json": json_reader.read_json, ".jsonl": json_reader.read_jsonl, ".csv": csv_reader.read,
    ".warc": warc_reader.read, ".warc.gz": warc_reader.read,
}
EXTENSIONS = tuple(READERS)


def read_articles(paths, max_chars: int | None = MAX_CHARS, columns: dict | None = None
                  ) -> Iterator[Article | IngestError]:
    """Yield an Article for every readable input and an IngestError for every problem.
    `columns` names CSV columns ({"text": "body", ...}); the others are guessed (csv_reader)."""
    options = ReadOptions(max_chars, columns)
    for path in expand_paths(paths, EXTENSIONS):
        if isinstance(path, IngestError):
            yield path
            continue
        try:
            yield from READERS[suffix(path)](path, options)
        except IngestError as err:
            yield err


def load_articles(paths, max_chars: int | None = MAX_CHARS, columns: dict | None = None
                  ) -> tuple[list[Article], list[IngestError]]:
    articles, errors = [], []
    for item in read_articles(paths, max_chars, columns):
        (errors if isinstance(item, IngestError) else articles).append(item)
    return articles, errors
