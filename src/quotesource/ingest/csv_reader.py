"""CSV tables (.csv): one article a row, a text column plus optional title, url, outlet,
published, author and id columns, named by the caller (ReadOptions.columns, --csv-column) or
guessed from common headers. A row becomes the same object a JSON line is, so the same checks
and error messages apply (`row N:` instead of `line N:`)."""
from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from ..records import Article
from .article import article_from_object
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
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    headers = reader.fieldnames or []
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
    limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)   # an article is a long field
    try:
        for n, row in enumerate(reader, 1):
            obj = {field: (row.get(header) or None) for field, header in found.items()}
            obj["text"] = obj["text"] or ""
            yield article_from_object(path, obj, n, f"row {n}", options.max_chars,
                                      encoding=encoding, warning=warning)
    except csv.Error as err:
        yield IngestError(path, f"row {reader.line_num}: invalid CSV ({err})")
    finally:
        csv.field_size_limit(limit)
