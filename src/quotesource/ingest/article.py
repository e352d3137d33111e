"""The Article every reader ends in: body bounds, content hash, an outlet from the URL, and
the checks of a JSON object (or a CSV row, read as one) with its text and metadata."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..records import Article
from .boilerplate import BLANK, body_bounds
from .errors import IngestError, check_length
from .furniture import furniture_spans

OPTIONAL_FIELDS = ("title", "url", "outlet", "published", "author")
# JSON's "\ud800" escapes give Python strings no encoder accepts (SQLite, hashing, stdout).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def make_article(text: str, body_start: int = 0, **fields) -> Article:
    """An Article of `text` whose body starts at or after `body_start` (past a title)."""
    start, end = body_bounds(text, body_start)
    if not fields.get("outlet") and fields.get("url"):
        fields["outlet"] = outlet_from_url(fields["url"])
    return Article(text=text, body_start=start, body_end=end,
                   content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                   furniture=furniture_spans(text, start, end), **fields)


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


def article_from_object(path: Path, obj, n: int, where: str, max_chars: int | None = None,
                        **decoded) -> Article | IngestError:
    """The article of item `n` (a JSON object or a CSV row), or its error; `where` names the
    item in messages ("line 3"), `decoded` holds the file's encoding and warning."""
    if not isinstance(obj, dict):
        return IngestError(path, f"{where}: expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        return IngestError(path, f"{where}: no 'text' string")
    if not text.strip(BLANK):
        return IngestError(path, f"{where}: 'text' is empty")
    try:
        check_length(path, text, max_chars, f"{where}: ")
    except IngestError as err:
        return err
    ident = obj.get("id")
    if isinstance(ident, bool) or not isinstance(ident, (str, int, type(None))):
        return IngestError(path, f"{where}: 'id' must be a string or an integer")
    fields = {}
    for name in OPTIONAL_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return IngestError(path, f"{where}: {name!r} must be a string")
        fields[name] = value or None
    for name, value in (("text", text), ("id", ident), *fields.items()):
        if isinstance(value, str) and (bad := LONE_SURROGATE.search(value)):
            return IngestError(path, f"{where}: {name!r} holds a lone surrogate "
                                     f"(\\u{ord(bad.group()):04x} at {bad.start()}), which is "
                                     "not Unicode text")
    ident = str(ident) if ident not in (None, "") else f"{path.stem}-{n}"
    return make_article(text, id=ident, path=str(path), **fields, **decoded)


def unique_id(path: Path, item: Article | IngestError, where: str, seen: dict[str, str]
              ) -> Article | IngestError:
    """The item, or an error if its id already named an earlier item of the file (`seen`:
    id -> where). A file and an id are one place in the database: a second article there would
    replace the first, so it is refused, and the first is kept."""
    if isinstance(item, IngestError):
        return item
    first = seen.setdefault(item.id, where)
    if first == where:
        return item
    return IngestError(path, f"{where}: id {item.id!r} is already used by {first} of this file; "
                             "not read (ids must be unique within a file)")
