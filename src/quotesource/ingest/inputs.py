"""Corpus inputs beyond single files: CSV tables (one article a row) and WARC web archives.

Both end in the readers of ingest.py: a CSV row becomes the same object a JSON line is
(`_from_object`, so the same checks and error messages apply, `row N:` instead of `line N:`),
and a WARC response record goes through trafilatura like an .html file (`html_article`),
with the record's target URI as URL and its date (the day it was fetched) as the date:
trafilatura's guess from the page text can be years off.
"""
from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from . import (IngestError, _decode, _from_object, _read_bytes, html_article,
               open_regular)
from ..records import Article

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


def read_csv(path: Path, max_chars: int | None = None, columns: dict | None = None
             ) -> Iterator[Article | IngestError]:
    """One article per row; a bad row is one error, the other rows are still read."""
    text, encoding, warning = _decode(path, _read_bytes(path))
    # newline="": quoted fields keep their line breaks, as csv expects
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    headers = reader.fieldnames or []
    try:
        found = guess_columns(headers, columns)
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
            yield _from_object(path, obj, n, f"row {n}", max_chars, encoding=encoding,
                               warning=warning)
    except csv.Error as err:
        yield IngestError(path, f"row {reader.line_num}: invalid CSV ({err})")
    finally:
        csv.field_size_limit(limit)


def read_warc(path: Path, max_chars: int | None = None) -> Iterator[Article | IngestError]:
    """Every HTML response record (HTTP status 200) of a .warc or .warc.gz file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    stem = path.name[:-len(".warc.gz")] if path.name.lower().endswith(".warc.gz") \
        else path.stem
    n = 0
    with open_regular(path) as fp:
        try:
            for record in ArchiveIterator(fp):
                if not _is_html_response(record):
                    continue
                n += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
                payload = record.content_stream().read()   # de-chunked, decompressed
                try:
                    yield html_article(path, payload, f"{stem}-{n}", max_chars, url=url,
                                       date=date, where=f"record {n} ({url}): ")
                except IngestError as err:
                    yield err
        except ArchiveLoadFailed as err:
            yield IngestError(path, f"not a readable WARC file ({err.msg})")


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode()
    kind = (record.http_headers.get_header("Content-Type") or "").lower()
    return status == "200" and ("html" in kind or not kind)
