"""Long articles in bounded pieces, so that time and memory grow linearly with length.

Attribution is not linear in the length of an article (coreference compares each mention with
the people and quotes before it: an article of 270,000 characters took 52 s, one of 34,000 half a
second), and stanza holds a whole document in memory. An article longer than SEGMENT_CHARS is
therefore cut at paragraph breaks (else line breaks, else spaces) into pieces of at most
SEGMENT_CHARS characters; each piece is parsed and attributed as an article of its own (its
share of the body), and the results are shifted back to offsets into the whole text. A pronoun
or surname is then resolved within its piece only. Articles up to SEGMENT_CHARS, which include
all 840 of PolNeAR (the longest has 34,309 characters), are processed whole, as before.
"""
from __future__ import annotations

from dataclasses import fields, is_dataclass, replace

from .records import Article, ArticleResult, Span

SEGMENT_CHARS = 40_000


def cut(text: str, size: int = SEGMENT_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces covering text, each at most `size` long, ended at a break."""
    pieces, start = [], 0
    while len(text) - start > size:
        limit = start + size
        for mark in ("\n\n", "\n", " "):
            # only in the second half of the window: no tiny pieces
            at = text.rfind(mark, start + size // 2, limit)
            if at >= 0:
                end = at + len(mark)
                break
        else:
            end = limit
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


def split(article: Article) -> list[tuple[int, Article]]:
    """(offset, piece) for each piece holding some of the body; [(0, article)] if it is short."""
    if len(article.text) <= SEGMENT_CHARS:
        return [(0, article)]
    out = []
    for start, end in cut(article.text):
        body_start = max(article.body_start, start) - start
        body_end = min(article.body_end, end) - start
        if body_start < body_end:
            out.append((start, replace(article, text=article.text[start:end],
                                       body_start=body_start, body_end=body_end)))
    return out


def merge(article: Article, parts: list[tuple[int, ArticleResult]]) -> ArticleResult:
    """One result for the whole article from the results of its pieces."""
    if len(parts) == 1 and parts[0][0] == 0 and parts[0][1].article is article:
        return parts[0][1]
    result = ArticleResult(article)
    for offset, part in parts:
        result.attributions += [_shift(a, offset) for a in part.attributions]
        result.disclosures += [_shift(d, offset) for d in part.disclosures]
        result.non_responses += [_shift(n, offset) for n in part.non_responses]
    return result


def _shift(value, offset: int):
    """A record with every span in it (sources' mentions and pieces included) moved by offset."""
    if isinstance(value, Span):
        return Span(value.start + offset, value.end + offset, value.text)
    if isinstance(value, tuple):
        return tuple(_shift(v, offset) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _shift(getattr(value, f.name), offset)
                                 for f in fields(value) if f.init})
    return value
