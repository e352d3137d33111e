"""Body bounds: `[body_start, body_end)` excludes site boilerplate, which is marked, not
deleted. The marker phrases live in `lexicons/boilerplate.txt` (see the rules there); the
bounds are trimmed of surrounding whitespace."""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from ..lexicons import LEXICON_DIR

LEXICON = LEXICON_DIR / "boilerplate.txt"
BLANK = " \t\r\n\f\v\ufeff"   # what may surround the body: whitespace, and a BOM at the top


def normalise(line: str) -> str:
    """A line as markers and titles are compared: case, spacing and a final colon ignored."""
    line = " ".join(line.strip(BLANK).casefold().split())
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
            current.add(normalise(line))
    return {name: frozenset(phrases) for name, phrases in sections.items()}


def lines(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of each line from `start`; `end` is past the newline, if any."""
    while start < len(text):
        nl = text.find("\n", start)
        end = len(text) if nl < 0 else nl + 1
        yield start, end
        start = end


def body_bounds(text: str, start: int) -> tuple[int, int]:
    """The body within text[start:]: skip a head-marker block, stop at the first tail marker."""
    markers = _markers()
    spans = list(lines(text, start))
    content = [i for i, (s, e) in enumerate(spans) if text[s:e].strip(BLANK)]
    has_content = set(content)
    if not content:
        return len(text), len(text)
    first = content[0]
    if normalise(text[slice(*spans[first])]) in markers["head"]:
        # The marker's block runs to the next blank line; the body is what follows, if anything.
        blank = next((i for i in range(first, len(spans)) if i not in has_content), None)
        after = [i for i in content if blank is not None and i > blank]
        if after:
            first = after[0]
    body_start = spans[first][0]
    body_end = len(text)
    for s, e in spans[first + 1:]:
        if normalise(text[s:e]) in markers["tail"]:
            body_end = s
            break
    # Trim whitespace (and a BOM) at both ends so the bounds hug the body.
    while body_start < body_end and text[body_start] in BLANK:
        body_start += 1
    while body_end > body_start and text[body_end - 1] in BLANK:
        body_end -= 1
    return body_start, body_end
