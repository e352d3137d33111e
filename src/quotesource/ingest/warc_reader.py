"""Web archives (.warc, .warc.gz): every HTML response record goes through trafilatura like an
.html file, with the record's target URI as URL and its date (the day it was fetched) as the
date: trafilatura's guess from the page text can be years off."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..records import Article
from .errors import IngestError
from .files import open_regular
from .html_reader import html_article
from .options import ReadOptions


def read(path: Path, options: ReadOptions) -> Iterator[Article | IngestError]:
    """Every HTML response record (HTTP status 200) of a .warc or .warc.gz file."""
    from warcio.archiveiterator import ArchiveIterator   # imported here: only WARC needs it
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
                    yield html_article(path, payload, f"{stem}-{n}", options.max_chars,
                                       url=url, date=date, where=f"record {n} ({url}): ")
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
