"""Ingest: turn files on disk into `Article` records.

API
---
`read_articles(paths) -> Iterator[Article | IngestError]`
    `paths` is one path or an iterable of paths (str or PathLike), files or directories.
    Directories are walked recursively in sorted order and only files with a known extension
    (.txt .html .htm .json .jsonl, any case) are read; other files and hidden entries (a name
    starting with ".") are skipped silently. A file named explicitly with another extension is
    an error. Problems are *yielded* as `IngestError` objects, never raised, so one bad file
    (or one bad JSONL line) never stops the rest; the caller decides whether to raise, log or
    count them. `load_articles(paths)` is the same, split into `(articles, errors)` lists.

Formats
-------
.txt   `text` is exactly the file decoded as UTF-8: no newline, whitespace or Unicode
       normalisation, so offsets index the file. A leading BOM is *kept* in `text` (it is part
       of the file) but skipped when finding the title and the body. The first non-empty line
       is the title, unless it does not look like one (longer than 200 characters, or ending in
       a full stop): some files are body-only, and losing their first paragraph to the title
       would drop real reporting, so then `title` is None and the body starts at the top.
.html  trafilatura's main-text extraction; `text` is the extracted text, with title, author,
       date (-> published), sitename (-> outlet) and url from the page's metadata. The body
       is all of the text except a first line repeating the title (the page's <h1>).
.json  one object or a list of objects; .jsonl one object per line (blank lines skipped).
       Each needs a non-empty string `text`; optional `id`, `title`, `url`, `outlet`,
       `published`, `author`. A missing id becomes `<file stem>-<n>` (n: 1-based item or
       line number).

Body bounds: `[body_start, body_end)` excludes site boilerplate, which is marked, not deleted.
The marker phrases live in `lexicons/boilerplate.txt` (see the rules there); the bounds are
trimmed of surrounding whitespace. `content_hash` is the sha256 hex digest of the UTF-8 `text`.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from .records import Article

EXTENSIONS = (".txt", ".html", ".htm", ".json", ".jsonl")
LEXICON = Path(__file__).parent / "lexicons" / "boilerplate.txt"
MAX_TITLE_CHARS = 200
_BLANK = " \t\r\n\f\v\ufeff"   # what may surround the body: whitespace, and a BOM at the top
_OPTIONAL_FIELDS = ("title", "url", "outlet", "published", "author")


class IngestError(Exception):
    """One input that could not be read. `str()` is a single line naming the file."""

    def __init__(self, path: str | os.PathLike, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


def read_articles(paths) -> Iterator[Article | IngestError]:
    """Yield an Article for every readable input and an IngestError for every problem."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for path in _expand(paths):
        if isinstance(path, IngestError):
            yield path
            continue
        try:
            yield from _READERS[path.suffix.lower()](path)
        except IngestError as err:
            yield err


def load_articles(paths) -> tuple[list[Article], list[IngestError]]:
    articles, errors = [], []
    for item in read_articles(paths):
        (errors if isinstance(item, IngestError) else articles).append(item)
    return articles, errors


def _expand(paths: Iterable) -> Iterator[Path | IngestError]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file()
                     and p.suffix.lower() in EXTENSIONS
                     and not any(part.startswith(".") for part in p.relative_to(path).parts))
            yield from sorted(found)
        elif not path.exists():
            yield IngestError(path, "no such file or directory")
        elif path.suffix.lower() not in EXTENSIONS:
            yield IngestError(path, f"unsupported file type {path.suffix or '(no extension)'!r}"
                                    f" (expected one of {' '.join(EXTENSIONS)})")
        else:
            yield path


# --- reading and decoding -------------------------------------------------------------------

def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(path, f"cannot read file ({err.strerror or err})") from None
    if not data.strip():
        raise IngestError(path, "empty file")
    # NUL never occurs in UTF-8 text (or sane HTML); it is the cheap, reliable binary sign.
    if b"\x00" in data:
        raise IngestError(path, "binary file (contains NUL bytes)")
    return data


def _decode(path: Path, data: bytes, encoding: str = "utf-8") -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise IngestError(path, f"not UTF-8 text (invalid byte 0x{data[err.start]:02x} "
                                f"at offset {err.start})") from None


def _article(text: str, body_start: int = 0, **fields) -> Article:
    start, end = _body_bounds(text, body_start)
    return Article(text=text, body_start=start, body_end=end,
                   content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(), **fields)


def _read_txt(path: Path) -> Iterator[Article]:
    text = _decode(path, _read_bytes(path))   # a BOM stays in `text`: it is in the file
    if not text.strip(_BLANK):
        raise IngestError(path, "empty file")
    title, body_from = None, 0
    for start, end in _lines(text):
        line = text[start:end].strip(_BLANK)
        if line:
            if _looks_like_title(line):
                title, body_from = line, end
            break
    yield _article(text, body_from, id=path.stem, title=title, path=str(path))


def _looks_like_title(line: str) -> bool:
    return len(line) <= MAX_TITLE_CHARS and not (line.endswith(".") and not line.endswith(".."))


def _read_html(path: Path) -> Iterator[Article]:
    import trafilatura   # imported here: slow to import and only needed for HTML

    # Raw bytes: trafilatura honours the page's declared charset, which need not be UTF-8.
    doc = trafilatura.bare_extraction(_read_bytes(path), with_metadata=True,
                                      include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise IngestError(path, "no article text found in the HTML")
    text, title = doc.text, doc.title or None
    # trafilatura often keeps the <h1> as the first line; as in .txt, the title is not body.
    body_from = 0
    for start, end in _lines(text):
        if text[start:end].strip():
            if title and _normalise(text[start:end]) == _normalise(title):
                body_from = end
            break
    yield _article(text, body_from, id=path.stem, title=title, url=doc.url or None,
                   outlet=doc.sitename or None, published=doc.date or None,
                   author=doc.author or None, path=str(path))


def _read_json(path: Path) -> Iterator[Article | IngestError]:
    # utf-8-sig: json.loads rejects a BOM, and the offsets that matter are inside "text".
    try:
        data = json.loads(_decode(path, _read_bytes(path), "utf-8-sig"))
    except json.JSONDecodeError as err:
        raise IngestError(path, f"invalid JSON ({err.msg}: line {err.lineno} "
                                f"column {err.colno})") from None
    items = data if isinstance(data, list) else [data]
    for n, obj in enumerate(items, 1):
        where = f"item {n}" if isinstance(data, list) else "object"
        yield _from_object(path, obj, n, where)


def _read_jsonl(path: Path) -> Iterator[Article | IngestError]:
    text = _decode(path, _read_bytes(path), "utf-8-sig")
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield IngestError(path, f"line {n}: invalid JSON ({err.msg}: column {err.colno})")
            continue
        yield _from_object(path, obj, n, f"line {n}")


def _from_object(path: Path, obj, n: int, where: str) -> Article | IngestError:
    if not isinstance(obj, dict):
        return IngestError(path, f"{where}: expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        return IngestError(path, f"{where}: no 'text' string")
    if not text.strip(_BLANK):
        return IngestError(path, f"{where}: 'text' is empty")
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
    return _article(text, id=ident, path=str(path), **fields)


_READERS = {".txt": _read_txt, ".html": _read_html, ".htm": _read_html,
            ".json": _read_json, ".jsonl": _read_jsonl}


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
