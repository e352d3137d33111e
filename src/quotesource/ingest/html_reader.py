"""Web pages (.html, .htm, and WARC records): trafilatura's main-text extraction. `text` is the
extracted text, with title, author, date (-> published), sitename (-> outlet) and url from the
page's metadata; the body is all of it except a first line repeating the title (the <h1>)."""
from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from ..records import Article
from .article import make_article
from .boilerplate import lines, normalise
from .decoding import decode
from .errors import IngestError, check_length
from .files import read_bytes
from .options import ReadOptions


def read(path: Path, options: ReadOptions) -> Iterator[Article]:
    data = read_bytes(path)
    # Raw bytes: trafilatura honours the page's declared charset, which need not be UTF-8;
    # only a UTF-16/32 page (marked by its BOM) is decoded here first.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = decode(path, data)[0].lstrip("\ufeff")
    elif b"\x00" in data:
        raise IngestError(path, "binary file (contains NUL bytes)")
    yield html_article(path, data, path.stem, options.max_chars)


def html_article(path: Path, data: bytes | str, ident: str, max_chars: int | None = None,
                 url: str | None = None, date: str | None = None, where: str = "") -> Article:
    """An article from a page's HTML (a file, or a WARC record with its URL and date)."""
    import trafilatura   # imported here: slow to import and only needed for HTML

    doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise IngestError(path, f"{where}no article text found in the HTML")
    text, title = doc.text, doc.title or None
    check_length(path, text, max_chars, where)
    # trafilatura often keeps the <h1> as the first line; as in .txt, the title is not body.
    body_from = 0
    for start, end in lines(text):
        if text[start:end].strip():
            if title and normalise(text[start:end]) == normalise(title):
                body_from = end
            break
    return make_article(text, body_from, id=ident, title=title, url=url or doc.url or None,
                        outlet=doc.sitename or None, published=date or doc.date or None,
                        author=doc.author or None, path=str(path))
