"""Ingest: turn files on disk into `Article` records.

API
---
`read_articles(paths, max_chars=MAX_CHARS) -> Iterator[Article | IngestError]`
    `paths` is one path or an iterable of paths (str or PathLike), files or directories.
    Directories are walked recursively in sorted order (symbolic links to directories are not
    followed) and only entries with a known extension (.txt .html .htm .json .jsonl, any case)
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
       reporting, so then `title` is None and the body starts at the top.
.html  trafilatura's main-text extraction; `text` is the extracted text, with title, author,
       date (-> published), sitename (-> outlet) and url from the page's metadata. The body
       is all of the text except a first line repeating the title (the page's <h1>).
.csv   one article a row: a text column plus optional title, url, outlet, published, author,
       id; names given (`columns`) or guessed from common headers (inputs.py).
.warc  (and .warc.gz) every HTML response record, through the same path as .html files; the
       URL is the record's target URI and the date the record's (when it was fetched).
.json  one object or a list of objects; .jsonl one object per line (blank lines skipped).
       Each needs a non-empty string `text`; optional `id`, `title`, `url`, `outlet`,
       `published`, `author`. A missing id becomes `<file stem>-<n>` (n: 1-based item or
       line number).

Without an outlet, one is taken from the URL's host ("www.nytimes.com" -> "nytimes.com").

Body bounds: `[body_start, body_end)` excludes site boilerplate, which is marked, not deleted.
The marker phrases live in `lexicons/boilerplate.txt` (see the rules there); the bounds are
trimmed of surrounding whitespace. `content_hash` is the sha256 hex digest of the UTF-8 `text`.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from ..records import Article

EXTENSIONS = (".txt", ".html", ".htm", ".json", ".jsonl", ".csv", ".warc", ".warc.gz")
LEXICON = Path(__file__).parent.parent / "lexicons" / "boilerplate.txt"
MAX_TITLE_CHARS = 200
# The longest article read (`--max-chars`): several times the longest feature (PolNeAR's
# longest of 840 is 34,309); about 40,000 words, parsed in about a minute on one core.
MAX_CHARS = 200_000
# Checked before any other: a UTF-32-LE mark starts with the UTF-16-LE one.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))
_BLANK = " \t\r\n\f\v\ufeff"   # what may surround the body: whitespace, and a BOM at the top
_OPTIONAL_FIELDS = ("title", "url", "outlet", "published", "author")


class IngestError(Exception):
    """One input that could not be read. `str()` is a single line naming the file."""

    def __init__(self, path: str | os.PathLike, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


def read_articles(paths, max_chars: int | None = MAX_CHARS, columns: dict | None = None
                  ) -> Iterator[Article | IngestError]:
    """Yield an Article for every readable input and an IngestError for every problem.
    `columns` names CSV columns ({"text": "body", ...}); the others are guessed (inputs.py)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for path in _expand(paths):
        if isinstance(path, IngestError):
            yield path
            continue
        try:
            if _suffix(path) == ".csv":
                from .inputs import read_csv
                yield from read_csv(path, max_chars, columns)
            else:
                yield from _READERS[_suffix(path)](path, max_chars)
        except IngestError as err:
            yield err


def load_articles(paths, max_chars: int | None = MAX_CHARS, columns: dict | None = None
                  ) -> tuple[list[Article], list[IngestError]]:
    articles, errors = [], []
    for item in read_articles(paths, max_chars, columns):
        (errors if isinstance(item, IngestError) else articles).append(item)
    return articles, errors


def _expand(paths: Iterable) -> Iterator[Path | IngestError]:
    for given in paths:
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except OSError as err:
            yield IngestError(path, _os_problem(path, err))
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        elif _suffix(path) not in EXTENSIONS:
            yield IngestError(path, f"unsupported file type {path.suffix or '(no extension)'!r}"
                                    f" (expected one of {' '.join(EXTENSIONS)})")
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path | IngestError]:
    """Entries with a known extension, depth first, each folder in name order (the order of
    sorting the paths). Entries that are not regular files are yielded too: reading them gives
    their error, so a FIFO or a broken link named *.txt is reported, never silently dropped."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        yield IngestError(folder, f"cannot list directory ({_os_problem(folder, err)})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif _suffix(path) in EXTENSIONS:
            yield path


def _suffix(path: Path) -> str:
    """The extension that decides the reader: ".warc.gz" is one, not ".gz"."""
    return ".warc.gz" if path.name.lower().endswith(".warc.gz") else path.suffix.lower()


def _os_problem(path: Path, err: OSError) -> str:
    if err.errno == errno.ENOENT and os.path.islink(path):
        return "broken symbolic link"
    return {errno.ENOENT: "no such file or directory", errno.ELOOP: "symbolic link loop",
            errno.EACCES: "permission denied", errno.ENAMETOOLONG: "file name too long",
            errno.ENOTDIR: "not a directory in the path"}.get(
        err.errno, err.strerror or str(err))


# --- reading and decoding -------------------------------------------------------------------

_FILE_KINDS = {stat.S_IFIFO: "FIFO", stat.S_IFSOCK: "socket", stat.S_IFCHR: "character device",
               stat.S_IFBLK: "block device", stat.S_IFDIR: "directory"}


def open_regular(path: Path):
    """The file opened for reading in binary, refused in one line if it is not a regular file."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (regular files ignore it).
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as err:
        raise IngestError(path, _os_problem(path, err)) from None
    fp = os.fdopen(fd, "rb")
    info = os.fstat(fd)   # of what was opened: no race with a file swapped in meanwhile
    if not stat.S_ISREG(info.st_mode):
        fp.close()
        kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode), "special file")
        raise IngestError(path, f"not a regular file ({kind})")
    return fp


def _read_bytes(path: Path, max_chars: int | None = None) -> bytes:
    with open_regular(path) as fp:
        info = os.fstat(fp.fileno())
        if max_chars is not None and info.st_size > 4 * max_chars + 4:   # 4 bytes a character
            raise IngestError(path, _too_long(f"{info.st_size:,} bytes", max_chars))
        try:
            data = fp.read()
        except OSError as err:
            raise IngestError(path, f"cannot read file ({_os_problem(path, err)})") from None
    if not data.strip():
        raise IngestError(path, "empty file")
    return data


def _too_long(size: str, max_chars: int) -> str:
    return f"article too long: {size} (the limit is {max_chars:,}; see --max-chars)"


def _check_length(path: Path, text: str, max_chars: int | None, where: str = "") -> None:
    if max_chars is not None and len(text) > max_chars:
        raise IngestError(path, where + _too_long(f"{len(text):,} characters", max_chars))


def _decode(path: Path, data: bytes) -> tuple[str, str, str | None]:
    """(text, encoding, warning): a BOM's encoding, else UTF-8, else a detected one."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)   # the BOM stays, as U+FEFF: it is in the file
            except UnicodeDecodeError as err:
                raise IngestError(path, f"invalid {encoding} text after its byte-order mark "
                                        f"(at offset {err.start})") from None
            break
    else:
        # NUL never occurs in UTF-8 or legacy 8-bit text (or sane HTML): the binary sign.
        if b"\x00" in data:
            raise IngestError(path, "binary file (contains NUL bytes)")
        try:
            return data.decode("utf-8"), "utf-8", None
        except UnicodeDecodeError as err:
            bad = f"invalid byte 0x{data[err.start]:02x} at offset {err.start}"
        text, encoding = _detect(data)
        if text is None:
            raise IngestError(path, f"not UTF-8 text ({bad}), and no other encoding fits")
        return text, encoding, (f"{path}: not UTF-8 ({bad}); decoded as {encoding}, "
                                "detected by charset-normalizer")
    if "\x00" in text:
        raise IngestError(path, "binary file (contains NUL characters)")
    return text, encoding, None


def _detect(data: bytes) -> tuple[str | None, str | None]:
    from charset_normalizer import from_bytes   # imported here: only legacy files need it

    results = from_bytes(data)
    matches = list(results)
    if not matches:
        return None, None
    # Short texts fit several code pages equally well; charset-normalizer then picks one by
    # language coherence, often wrongly (cp775 for English with curly quotes). Among the least
    # chaotic readings, prefer cp1252 when it gives the same text.
    least = min(m.chaos for m in matches)
    if any(m.chaos == least and "cp1252" in m.could_be_from_charset for m in matches):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    best = results.best()
    return str(best), best.encoding


def _article(text: str, body_start: int = 0, **fields) -> Article:
    start, end = _body_bounds(text, body_start)
    if not fields.get("outlet") and fields.get("url"):
        fields["outlet"] = outlet_from_url(fields["url"])
    return Article(text=text, body_start=start, body_end=end,
                   content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(), **fields)


def outlet_from_url(url: str) -> str | None:
    """The outlet a URL names when nothing else does: its host without "www." (or "m.")."""
    from urllib.parse import urlsplit

    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:          # a malformed address (bad port, brackets): no outlet
        return None
    for prefix in ("www.", "m.", "amp."):
        host = host.removeprefix(prefix)
    return host or None


def _read_txt(path: Path, max_chars: int | None = None) -> Iterator[Article]:
    text, encoding, warning = _decode(path, _read_bytes(path, max_chars))
    if not text.strip(_BLANK):
        raise IngestError(path, "empty file")
    _check_length(path, text, max_chars)
    title, body_from = None, 0
    for start, end in _lines(text):
        line = text[start:end].strip(_BLANK)
        if line:
            if _looks_like_title(line):
                title, body_from = line, end
            break
    yield _article(text, body_from, id=path.stem, title=title, path=str(path),
                   encoding=encoding, warning=warning)


def _looks_like_title(line: str) -> bool:
    # Whatever punctuation ends it ("... Beltway, #2." is a headline): only a long first
    # line is taken for a body-only file's first paragraph.
    return len(line) <= MAX_TITLE_CHARS


def _read_html(path: Path, max_chars: int | None = None) -> Iterator[Article]:
    data = _read_bytes(path)
    # Raw bytes: trafilatura honours the page's declared charset, which need not be UTF-8;
    # only a UTF-16/32 page (marked by its BOM) is decoded here first.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = _decode(path, data)[0].lstrip("\ufeff")
    elif b"\x00" in data:
        raise IngestError(path, "binary file (contains NUL bytes)")
    yield html_article(path, data, path.stem, max_chars)


def html_article(path: Path, data: bytes | str, ident: str, max_chars: int | None = None,
                 url: str | None = None, date: str | None = None, where: str = "") -> Article:
    """An article from a page's HTML (a file, or a WARC record with its URL and date)."""
    import trafilatura   # imported here: slow to import and only needed for HTML

    doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise IngestError(path, f"{where}no article text found in the HTML")
    text, title = doc.text, doc.title or None
    _check_length(path, text, max_chars, where)
    # trafilatura often keeps the <h1> as the first line; as in .txt, the title is not body.
    body_from = 0
    for start, end in _lines(text):
        if text[start:end].strip():
            if title and _normalise(text[start:end]) == _normalise(title):
                body_from = end
            break
    return _article(text, body_from, id=ident, title=title, url=url or doc.url or None,
                    outlet=doc.sitename or None, published=date or doc.date or None,
                    author=doc.author or None, path=str(path))


def _read_json(path: Path, max_chars: int | None = None) -> Iterator[Article | IngestError]:
    text, encoding, warning = _decode(path, _read_bytes(path))
    # The BOM goes: json.loads rejects it, and the offsets that matter are inside "text".
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as err:
        raise IngestError(path, f"invalid JSON ({err.msg}: line {err.lineno} "
                                f"column {err.colno})") from None
    items = data if isinstance(data, list) else [data]
    for n, obj in enumerate(items, 1):
        where = f"item {n}" if isinstance(data, list) else "object"
        yield _from_object(path, obj, n, where, max_chars, encoding=encoding, warning=warning)


def _read_jsonl(path: Path, max_chars: int | None = None) -> Iterator[Article | IngestError]:
    """One object per line, read and decoded a line at a time: a JSONL file of any size
    streams through in constant memory. A line that is not UTF-8 is decoded on its own
    (charset-normalizer), so one bad record costs only itself."""
    with open_regular(path) as fp:
        wide = fp.read(4).startswith(_WIDE_BOMS)
        fp.seek(0)
        # UTF-16/32 lines do not end at b"\n": such (rare) files are decoded whole
        lines = _wide_lines(path) if wide else _decoded_lines(path, fp)
        for n, line, decoded in lines:
            if isinstance(line, IngestError):
                yield line
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield IngestError(path, f"line {n}: invalid JSON ({err.msg}: column {err.colno})")
                continue
            yield _from_object(path, obj, n, f"line {n}", max_chars, **decoded)


_WIDE_BOMS = tuple(bom for bom, encoding in BOMS if encoding.startswith(("utf-16", "utf-32")))


def _wide_lines(path: Path) -> Iterator[tuple[int, str, dict]]:
    text, encoding, warning = _decode(path, _read_bytes(path))
    for n, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        if line.strip():
            yield n, line, {"encoding": encoding, "warning": warning}


def _decoded_lines(path: Path, fp) -> Iterator[tuple[int, str | IngestError, dict]]:
    """(line number, text or the line's IngestError, its encoding and warning)."""
    empty = True
    try:
        for n, raw in enumerate(fp, 1):
            if not raw.strip():
                continue
            empty = False
            try:
                text, encoding, warning = _decode(path, raw)
            except IngestError as err:
                yield n, IngestError(path, f"line {n}: {err.message}"), {}
                continue
            yield n, text.removeprefix("\ufeff"), {
                "encoding": encoding, "warning": warning and f"{warning} (line {n})"}
    except OSError as err:
        yield 0, IngestError(path, f"cannot read file ({_os_problem(path, err)})"), {}
        return
    if empty:
        yield 0, IngestError(path, "empty file"), {}


def _from_object(path: Path, obj, n: int, where: str, max_chars: int | None = None,
                 **decoded) -> Article | IngestError:
    if not isinstance(obj, dict):
        return IngestError(path, f"{where}: expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        return IngestError(path, f"{where}: no 'text' string")
    if not text.strip(_BLANK):
        return IngestError(path, f"{where}: 'text' is empty")
    try:
        _check_length(path, text, max_chars, f"{where}: ")
    except IngestError as err:
        return err
    ident = obj.get("id")
    if isinstance(ident, bool) or not isinstance(ident, (str, int, type(None))):
        return IngestError(path, f"{where}: 'id' must be a string or an integer")
    fields = {}
    for name in _OPTIONAL_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return IngestError(path, f"{where}: {name!r} must be a string")
        fields[name] = value or None
    ident = str(ident) if ident not in (None, "") else f"{path.stem}-{n}"
    return _article(text, id=ident, path=str(path), **fields, **decoded)


def _read_warc(path: Path, max_chars: int | None = None) -> Iterator[Article | IngestError]:
    from .inputs import read_warc   # imported here: only WARC files need warcio

    return read_warc(path, max_chars)


# .csv is read in read_articles (it takes the column names)
_READERS = {".txt": _read_txt, ".html": _read_html, ".htm": _read_html,
            ".json": _read_json, ".jsonl": _read_jsonl, ".warc": _read_warc,
            ".warc.gz": _read_warc}


# --- boilerplate ----------------------------------------------------------------------------

def _normalise(line: str) -> str:
    line = " ".join(line.strip(_BLANK).casefold().split())
    return line[:-1].rstrip() if line.endswith(":") else line


@lru_cache(maxsize=None)
def _markers() -> dict[str, frozenset[str]]:
    sections: dict[str, set[str]] = {"head": set(), "tail": set()}
    current = None
    for raw in LEXICON.read_text(encoding="utf-8").splitlines():
        line = raw.strip()   # a "#" only starts a comment at the start of a line
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif current is not None:
            current.add(_normalise(line))
    return {name: frozenset(phrases) for name, phrases in sections.items()}


def _lines(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of each line from `start`; `end` is past the newline, if any."""
    while start < len(text):
        nl = text.find("\n", start)
        end = len(text) if nl < 0 else nl + 1
        yield start, end
        start = end


def _body_bounds(text: str, start: int) -> tuple[int, int]:
    """The body within text[start:]: skip a head-marker block, stop at the first tail marker."""
    markers = _markers()
    lines = list(_lines(text, start))
    content = [i for i, (s, e) in enumerate(lines) if text[s:e].strip(_BLANK)]
    has_content = set(content)
    if not content:
        return len(text), len(text)
    first = content[0]
    if _normalise(text[slice(*lines[first])]) in markers["head"]:
        # The marker's block runs to the next blank line; the body is what follows, if anything.
        blank = next((i for i in range(first, len(lines)) if i not in has_content), None)
        after = [i for i in content if blank is not None and i > blank]
        if after:
            first = after[0]
    body_start = lines[first][0]
    body_end = len(text)
    for s, e in lines[first + 1:]:
        if _normalise(text[s:e]) in markers["tail"]:
            body_end = s
            break
    # Trim whitespace (and a BOM) at both ends so the bounds hug the body.
    while body_start < body_end and text[body_start] in _BLANK:
        body_start += 1
    while body_end > body_start and text[body_end - 1] in _BLANK:
        body_end -= 1
    return body_start, body_end
