"""Plain text (.txt): `text` is exactly the file decoded, so offsets index the decoded file.

No newline, whitespace or Unicode normalisation; a leading BOM is *kept* in `text` as U+FEFF
(it is part of the file) but skipped when finding the title and the body. The first non-empty
line is the title whatever punctuation ends it, unless it is longer than MAX_TITLE_CHARS: some
files are body-only, and losing their first paragraph to the title would drop real reporting,
so then `title` is None and the body starts at the top.

A sidecar `<stem>.meta.json` beside the file (files.SIDECAR) gives its metadata: a JSON object
with any of title, url, outlet, published, author (strings). Its title replaces the first
line's as the title, but the body still starts after that line. A sidecar that cannot be used
(invalid JSON, a value that is not a string) is one warning naming it, and the text is read
without it: the metadata is an extra, the text is the article.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..records import Article
from .article import OPTIONAL_FIELDS, make_article
from .boilerplate import BLANK, lines
from .decoding import decode
from .errors import IngestError, check_length
from .files import SIDECAR, read_bytes
from .options import ReadOptions

MAX_TITLE_CHARS = 200


def read(path: Path, options: ReadOptions) -> Iterator[Article]:
    text, encoding, warning = decode(path, read_bytes(path, options.max_chars))
    if not text.strip(BLANK):
        raise IngestError(path, "empty file")
    check_length(path, text, options.max_chars)
    title, body_from = None, 0
    for start, end in lines(text):
        line = text[start:end].strip(BLANK)
        if line:
            if _looks_like_title(line):
                title, body_from = line, end
            break
    meta, problem = sidecar(path)
    warning = "; ".join(w for w in (warning, problem) if w) or None
    yield make_article(text, body_from, **{"title": title, **meta}, id=path.stem,
                       path=str(path), encoding=encoding, warning=warning)


def sidecar(path: Path) -> tuple[dict[str, str], str | None]:
    """The metadata of the sidecar beside `path` ({} when there is none), and the warning
    that says why it was not used, if it was not."""
    meta_path = path.with_name(path.stem + SIDECAR)
    if not meta_path.exists():
        return {}, None
    try:
        meta = json.loads(read_bytes(meta_path, 1 << 20).decode("utf-8-sig"))
    except IngestError as err:
        return {}, f"{err}; its metadata is not used"
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        reason = "not UTF-8" if isinstance(err, UnicodeDecodeError) else f"invalid JSON ({err})"
        return {}, f"{meta_path}: {reason}; its metadata is not used"
    if not isinstance(meta, dict):
        return {}, f"{meta_path}: expected a JSON object; its metadata is not used"
    unknown = sorted(set(meta) - set(OPTIONAL_FIELDS))
    wrong = [key for key in OPTIONAL_FIELDS if not isinstance(meta.get(key, ""), (str, type(None)))]
    if unknown or wrong:
        what = (f"unknown key(s) {', '.join(map(repr, unknown))}" if unknown else
                f"{', '.join(map(repr, wrong))} must be a string")
        return {}, (f"{meta_path}: {what} (expected {', '.join(OPTIONAL_FIELDS)}); its "
                    "metadata is not used")
    return {key: meta[key] for key in OPTIONAL_FIELDS if meta.get(key)}, None


def _looks_like_title(line: str) -> bool:
    # Whatever punctuation ends it ("... Beltway, #2." is a headline): only a long first
    # line is taken for a body-only file's first paragraph.
    return len(line) <= MAX_TITLE_CHARS
