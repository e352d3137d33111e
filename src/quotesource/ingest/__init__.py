"""Ingest: turn files on disk into `Article` records.

API
---
`read_articles(paths, max_chars=MAX_CHARS) -> Iterator[Article | IngestError]`
    `paths` is one path or an iterable of paths (str or PathLike), files or directories.
    Directories are walked recursively in sorted order (symbolic links to directories are not
    followed) and only entries with a known extension (`EXTENSIONS`, any case)
    are read; other files and hidden entries (a name starting with ".") are skipped silently.
    A file named explicitly with another extension is an error, and so is a path that is
    missing, a broken or looping symbolic link, unreadable, or not a regular file (a FIFO is
    never opened for a blocking read). An article longer than `max_chars` characters is an
    error too (None: no limit). Problems are *yielded* as `IngestError` objects, never raised,
    so one bad file (or one bad JSONL line) never stops the rest; the caller decides whether
    to raise, log or count them. `load_articles(paths)` is the same, split into
    `(articles, errors)` lists.

Decoding
--------
A byte-order mark decides (UTF-8, UTF-16 or UTF-32, either byte order). Without one the file
must be UTF-8, or else its encoding is detected with charset-normalizer: the article is read
in that encoding and `Article.warning` says so in one line naming the file and the encoding
(cp1252, the web's default for Western text, wins a tie). `Article.encoding` records which.
NUL outside UTF-16/32 means binary: an error.

Formats
-------
.txt   `text` is exactly the file decoded: no newline, whitespace or Unicode normalisation,
       so offsets index the decoded file. A leading BOM is *kept* in `text` as U+FEFF (it is
       part of the file) but skipped when finding the title and the body. The first non-empty line
       is the title whatever punctuation ends it, unless it is longer than 200 characters: some
       files are body-only, and losing their first paragraph to the title would drop real
       reporting, so then `title` is None and the body starts at the top. A sidecar
       `<stem>.meta.json` beside it (title, url, outlet, published, author) gives its
       metadata, and is never read as an article; a bad one is a warning, the text is read.
.html  trafilatura's main-text extraction; `text` is the extracted text. Metadata as the page
       shows it (page_metadata.py): the <h1> headline, the site name without tagline, the
       date a <time> element shows, authors without organisations or roles, the canonical
       URL; trafilatura's guesses where the page gives none. The body is all of the text
       except a first line repeating the title (the page's <h1>).
.csv   one article a row: a text column plus optional title, url, outlet, published, author,
       id; names given (`columns`) or guessed from common headers. A row with more or fewer
       fields than the header, or a quoting error, is an error; reading goes on at the next
       line (so an unclosed quote costs only its own row).
.warc  (and .warc.gz) every HTML response record, through the same path as .html files; the
       URL is the record's target URI and the date the record's (when it was fetched). gzip
       either per record or whole-file. A record shorter than its Content-Length, or not
       followed by a record boundary, is an error and never stored (warc_reader.py).
.json  one object or a list of objects; .jsonl one object per line (blank lines skipped).
       Each needs a non-empty string `text`; optional `id`, `title`, `url`, `outlet`,
       `published`, `author`. A missing id becomes `<file stem>-<n>` (n: 1-based item or
       line number). Nesting too deep for the parser and a lone surrogate ("\\ud800") in a
       field are errors of that item.

An id used twice in one file (.csv, .json, .jsonl) is an error for the second item, which is
not read: a file and an id are one place in the database, so it would replace the first.

Without an outlet, one is taken from the URL's host ("www.nytimes.com" -> "nytimes.com").

Body bounds: `[body_start, body_end)` excludes site boilerplate, which is marked, not deleted.
The marker phrases live in `lexicons/boilerplate.txt` (see the rules there); the bounds are
trimmed of surrounding whitespace. `content_hash` is the sha256 hex digest of the UTF-8 `text`.

Modules
-------
readers.py   the reader of each extension (READERS) and read_articles, the loop over inputs
files.py     paths -> the files to read (expand_paths), opening only regular files
decoding.py  bytes -> text: BOMs, UTF-8, charset-normalizer
options.py   ReadOptions, what every reader is handed (max_chars, CSV columns)
article.py   the Article a reader makes; a JSON object's (or CSV row's) checks, unique ids
page_metadata.py  a web page's headline, outlet, date, authors and URL
boilerplate.py  body bounds from lexicons/boilerplate.txt
txt_reader.py, html_reader.py, json_reader.py, csv_reader.py, warc_reader.py   one a format
"""
from __future__ import annotations

from .article import outlet_from_url
from .csv_reader import guess_columns
from .errors import IngestError
from .files import expand_paths, open_regular
from .html_reader import html_article
from .options import MAX_CHARS, ReadOptions
from .readers import EXTENSIONS, READERS, load_articles, read_articles

__all__ = ["EXTENSIONS", "MAX_CHARS", "READERS", "IngestError", "ReadOptions", "expand_paths",
           "guess_columns", "html_article", "load_articles", "open_regular", "outlet_from_url",
           "read_articles"]
