"""CSV tables (.csv): one article a row, a text column plus optional title, url, outlet,
published, author and id columns, named by the caller (ReadOptions.columns, --csv-column) or
guessed from common headers. A row becomes the same object a JSON line is, so the same checks
and error messages apply (`row N:` instead of `line N:`)."""
from __future__ import annotations

import contextlib
import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from ..records import Article
from .article import article_from_object, unique_id
from .decoding import decode
from .errors import IngestError
from .files import read_bytes
from .options import ReadOptions

# Header names tried, in order, for each field when the caller names no column; compared
# case-insensitively with spaces, dashes and underscores ignored (Media Cloud, GDELT, news-please
# and common scraper exports).
GUESSES = {
    "text": ("text", "body", "content", "article", "fulltext", "articletext", "maintext",
             "story", "articlebody"),
    "title": ("title", "headline", "head", "articletitle"),
    "url": ("url", "link", "uri", "articleurl", "sourceurl", "href"),
    "outlet": ("outlet", "medianame", "media", "mediaoutlet", "publisher", "source",
               "sourcename", "sitename", "site", "domain", "publication"),
    "published": ("published", "date", "publishdate", "publisheddate", "publicationdate",
                  "pubdate", "publishedat", "datepublished", "datetime", "timestamp"),
    "author": ("author", "authors", "byline"),
    "id": ("id", "articleid", "storiesid", "guid", "docid", "uuid"),
}
FIELDS = tuple(GUESSES)


def _key(header: str) -> str:
    return "".join(ch for ch in header.casefold() if ch.isalnum())


def guess_columns(headers: list[str], given: dict | None = None) -> dict[str, str]:
    """{field: header} for the fields found: the given names first, else the first guess."""
    given = {k: v for k, v in (given or {}).items() if v}
    by_key = {}
    for header in headers:
        by_key.setdefault(_key(header), header)
    found = {}
    for field, header in given.items():
        if field not in GUESSES:
            raise ValueError(f"unknown CSV field {field!r} (expected one of {', '.join(FIELDS)})")
        found[field] = header
    taken = set(found.values())
    for field, names in GUESSES.items():
        if field in found:
            continue
        header = next((by_key[n] for n in names if n in by_key and by_key[n] not in taken), None)
        if header is not None:
            found[field] = header
            taken.add(header)
    return found


def read(path: Path, options: ReadOptions) -> Iterator[Article | IngestError]:
    """One article per row; a bad row is one error, the other rows are still read."""
    text, encoding, warning = decode(path, read_bytes(path))
    # newline="": quoted fields keep their line breaks, as csv expects
    lines = list(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    headers = next(csv.reader(lines[:1]), [])
    try:
        found = guess_columns(headers, options.columns)
    except ValueError as err:
        raise IngestError(path, str(err)) from None
    missing = [f"{f} ({h!r})" for f, h in found.items() if h not in headers]
    if missing:
        raise IngestError(path, f"no such column: {', '.join(missing)}; "
                                f"the columns are {', '.join(map(repr, headers))}")
    if "text" not in found:
        raise IngestError(path, "no text column (name one with --csv-column text=NAME); "
                                f"the columns are {', '.join(map(repr, headers))}")
    index = {field: headers.index(header) for field, header in found.items()}
    seen: dict[str, str] = {}
    with _long_fields():
        for n, (line, fields) in enumerate(_rows(path, lines, len(headers)), 1):
            if isinstance(fields, IngestError):
                yield IngestError(path, f"row {n} (line {line}): {fields.message}")
                continue
            obj = {field: (fields[i] or None) for field, i in index.items()}
            obj["text"] = obj["text"] or ""
            yield unique_id(path, article_from_object(
                path, obj, n, f"row {n}", options.max_chars, encoding=encoding,
                warning=warning), f"row {n}", seen)


def count_rows(path: Path) -> int:
    """How many rows read() would yield (articles and errors), without checking them: the
    progress bar's total. An unreadable file counts one (its error)."""
    try:
        text, _, _ = decode(path, read_bytes(path))
    except IngestError:
        return 1
    lines = list(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    width = len(next(csv.reader(lines[:1]), []))
    with _long_fields():
        return max(sum(1 for _ in _rows(path, lines, width)), 1)


@contextlib.contextmanager
def _long_fields():
    """csv's field size limit lifted while reading: an article is a long field."""
    limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(limit)


def _rows(path: Path, lines: list[str], width: int
          ) -> Iterator[tuple[int, list[str] | IngestError]]:
    """(first line number, the row's fields or its error) for each row after the header.

    A row with more or fewer fields than the header is an error. When it spans several lines
    it is most likely an unclosed quote that ran on into the rows below: reading starts again
    at its second line, so those rows are read, not lost inside the broken one."""
    start = 1
    while start < len(lines):
        reader = csv.reader(lines[start:], strict=True)
        read_to = 0                    # lines consumed by `reader` so far
        try:
            for fields in reader:
                first, read_to = start + read_to + 1, reader.line_num
                if not fields:         # a blank line
                    continue
                if len(fields) == width:
                    yield first, fields
                    continue
                spans = start + read_to + 1 - first
                if spans == 1:
                    yield first, IngestError(path, f"{len(fields)} field(s) where the header "
                                                   f"has {width}")
                    continue
                yield first, IngestError(path, f"{len(fields)} field(s) over {spans} lines "
                                               f"where the header has {width} (an unclosed "
                                               "quote?); reading goes on at the next line")
                start = first          # 1-based `first` is the 0-based index of the next line
                break
            else:
                return
        except csv.Error as err:
            first = start + read_to + 1
            yield first, IngestError(path, f"invalid CSV ({err}: an unclosed or stray quote?); "
                                           "reading goes on at the next line")
            start = first
