"""Page furniture inside an article body: lines kept in the text but never a source of claims.

Web pages put promos and boxes between an article's paragraphs: "READ MORE: ..." links, promo
bullets ("- A SIMPLE GUIDE: How do I ..."), image credits ("(Credit: Jane Roe / Agency)") and
pull-quotes that repeat a paragraph. Each yielded attributions: a promo headline's colon became
a speaker, a pull-quote counted its quote twice. The lines are found by their form (the labels
are data: lexicons/furniture_labels.txt) and kept in the text, so offsets stay valid;
`Article.furniture` holds their spans, stored with the article, and attribution drops what
falls inside them. A pull-quote is the later or shorter of two lines one of which holds the
other: the paragraph itself is read once.
"""
from __future__ import annotations

import re
from functools import cache

from .. import lexicons
from .boilerplate import lines

MIN_REPEAT = 40       # characters: a shorter repeated line is a label or a name, not a quote
_CREDIT = re.compile(r"\(?\s*(?:photo(?:graph)?s?|images?|pictures?|credits?|video)"
                     r"(?:\s+(?:by|credit|courtesy))?\s*[:/]", re.I)
_PROMO_BULLET = re.compile(r"[-\u2022\u25cf*]\s+[A-Z0-9][A-Z0-9 ,'\u2019&-]{2,}:")


@cache
def _labels() -> re.Pattern:
    words = sorted(lexicons.phrases("furniture_labels.txt"), key=len, reverse=True)
    return re.compile(r"(?:%s)\s*(?:[:|\u2014\u2013-]|$)" % "|".join(map(re.escape, words)), re.I)


def _normal(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip().strip("\"\u201c\u201d'\u2018\u2019").lower()


def furniture_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The (start, end) of every furniture line of the body text[start:end]."""
    body = []
    for s, e in lines(text, start):
        if s >= end:
            break
        if text[s:e].strip():
            body.append((s, min(e, end)))
    spans = []
    for s, e in body:
        line = text[s:e].strip()
        if _labels().match(line) or _CREDIT.match(line) or _PROMO_BULLET.match(line):
            spans.append((s, e))
    normal = [_normal(text[s:e]) for s, e in body]
    for i, line in enumerate(normal):
        if len(line) < MIN_REPEAT:
            continue
        for j, other in enumerate(normal):
            if i != j and line in other and (len(line) < len(other) or j < i):
                spans.append(body[i])      # a repeat of (part of) another line
                break
    return tuple(sorted(set(spans)))
