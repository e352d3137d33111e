"""Web pages (.html, .htm, and WARC records): trafilatura's main-text extraction. `text` is the
extracted text, with title, author, published, outlet and url as the page shows them
(page_metadata.py); the body is all of it except a first line repeating the title (the <h1>)."""
from __future__ import annotations

import codecs
import copy
from collections.abc import Iterator
from pathlib import Path

from ..records import Article
from .article import make_article
from .body_check import body_warning
from .boilerplate import lines, normalise
from .decoding import decode
from .errors import IngestError, check_length
from .files import read_bytes
from .options import ReadOptions
from .page_metadata import dated_in_markup, page_metadata
from .split_body import continued_body


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

    tree = trafilatura.load_html(data)
    # a copy for extraction, which prunes what it is given; page_metadata reads the page whole
    doc = tree is not None and trafilatura.bare_extraction(
        copy.deepcopy(tree), with_metadata=True, include_comments=False)
    if not doc or not (doc.text or "").strip():
        raise IngestError(path, f"{where}no article text found in the HTML")
    meta = page_metadata(tree, doc)
    text, title = continued_body(tree, doc.text), meta.title
    check_length(path, text, max_chars, where)
    # trafilatura often keeps the <h1> as the first line; as in .txt, the title is not body.
    body_from = 0
    for start, end in lines(text):
        if text[start:end].strip():
            if title and normalise(text[start:end]) == normalise(title):
                body_from = end
            break
    # A WARC record's date is when it was captured: a date the page's markup gives comes first.
    published = date if date and not dated_in_markup(tree, meta) else meta.published
    article = make_article(text, body_from, id=ident, title=title, url=url or meta.url,
                           outlet=meta.outlet, published=published,
                           author=meta.author, path=str(path))
    doubt = body_warning(article.text, article.body_start, article.body_end)
    if doubt:
        article.extraction_warning = doubt
        article.warning = f"{path}: {where}{doubt}"
    return article
