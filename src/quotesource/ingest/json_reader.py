"""JSON (.json: one object or a list of objects) and JSON Lines (.jsonl: one object a line,
blank lines skipped). Each object needs a non-empty string `text`; optional `id`, `title`,
`url`, `outlet`, `published`, `author`. A missing id becomes `<file stem>-<n>` (n: the 1-based
item or line number)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..records import Article
from .article import article_from_object, unique_id
from .decoding import WIDE_BOMS, decode
from .errors import IngestError
from .files import open_regular, os_problem, read_bytes
from .options import ReadOptions

# Python's parser recurses once per level; an article object needs two or three.
TOO_DEEP = "invalid JSON (nested too deeply for the parser)"


def read_json(path: Path, options: ReadOptions) -> Iterator[Article | IngestError]:
    text, encoding, warning = decode(path, read_bytes(path))
    # The BOM goes: json.loads rejects it, and the offsets that matter are inside "text".
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as err:
        raise IngestError(path, f"invalid JSON ({err.msg}: line {err.lineno} "
                                f"column {err.colno})") from None
    except RecursionError:
        raise IngestError(path, TOO_DEEP) from None
    items = data if isinstance(data, list) else [data]
    seen: dict[str, str] = {}
    for n, obj in enumerate(items, 1):
        where = f"item {n}" if isinstance(data, list) else "object"
        yield unique_id(path, article_from_object(path, obj, n, where, options.max_chars,
                                                  encoding=encoding, warning=warning),
                        where, seen)


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[Article | IngestError]:
    """One object per line, read and decoded a line at a time: a JSONL file of any size
    streams through, holding only its ids (to refuse a repeated one: some 100 bytes a line).
    A line that is not UTF-8 is decoded on its own (charset-normalizer), so one bad record
    costs only itself."""
    with open_regular(path) as fp:
        wide = fp.read(4).startswith(WIDE_BOMS)
        fp.seek(0)
        # UTF-16/32 lines do not end at b"\n": such (rare) files are decoded whole
        lines = _wide_lines(path) if wide else _decoded_lines(path, fp)
        seen: dict[str, str] = {}
        for n, line, decoded in lines:
            if isinstance(line, IngestError):
                yield line
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield IngestError(path, f"line {n}: invalid JSON ({err.msg}: column {err.colno})")
                continue
            except RecursionError:
                yield IngestError(path, f"line {n}: {TOO_DEEP}")
                continue
            yield unique_id(path, article_from_object(path, obj, n, f"line {n}",
                                                      options.max_chars, **decoded),
                            f"line {n}", seen)


def _wide_lines(path: Path) -> Iterator[tuple[int, str, dict]]:
    text, encoding, warning = decode(path, read_bytes(path))
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
                text, encoding, warning = decode(path, raw)
            except IngestError as err:
                yield n, IngestError(path, f"line {n}: {err.message}"), {}
                continue
            yield n, text.removeprefix("\ufeff"), {
                "encoding": encoding, "warning": warning and f"{warning} (line {n})"}
    except OSError as err:
        yield 0, IngestError(path, f"cannot read file ({os_problem(path, err)})"), {}
        return
    if empty:
        yield 0, IngestError(path, "empty file"), {}
