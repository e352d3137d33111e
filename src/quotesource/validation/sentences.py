"""Body sentences without a model: where `sample` looks for sentences in which nothing was found.

A sample must be drawable from a database alone, in seconds, without loading Stanza, and
`validate` must count the same sentences again to weigh the coded ones; so sentences are cut by
a rule: at a line break, or after . ! ? (and closing quotes or brackets) followed by a space and
a capital, a digit or an opening quote, unless the word before the stop is a title or an
abbreviation ("Sen.", "U.S.", "J."). A wrong cut only changes what a coder reads as context and
which stretch of text counts as one sentence; it changes nothing the tool found.
"""
from __future__ import annotations

import re
from functools import cache

from ..lexicons import words

# A stop, its closing marks, the space after it; then what may start a sentence.
_BOUNDARY = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[A-Z0-9])")
_LINE_BREAK = re.compile(r"\s*\n\s*")
_WORD_BEFORE = re.compile(r"(\S+)[.!?\u2026][\"'\u201d\u2019)\]]*\s+$")
# Abbreviations other than the titles of name_titles.txt that end a word with a dot mid-sentence.
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "jr", "sr", "st", "no", "vs", "etc", "inc", "co",
                            "corp", "ltd", "jan", "feb", "mar", "apr", "aug", "sept", "sep",
                            "oct", "nov", "dec", "ft", "mt", "e.g", "i.e", "approx"})


@cache
def _not_an_end() -> frozenset[str]:
    return _ABBREVIATIONS | words("name_titles.txt")


def _is_abbreviation(chunk: str) -> bool:
    match = _WORD_BEFORE.search(chunk)
    if not match or not chunk.rstrip().endswith("."):
        return False
    word = match.group(1).lstrip("\"'(\u201c\u2018[").lower()
    # an initial ("J."), a dotted abbreviation ("U.S.", "D.C."), or a listed title
    return len(word) == 1 or "." in word or word in _not_an_end()


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence of text[start:end], stripped of surrounding space."""
    spans = []
    for line in _pieces(_LINE_BREAK, text, start, end):
        piece_start = line[0]
        for match in _BOUNDARY.finditer(text, line[0], line[1]):
            if _is_abbreviation(text[max(piece_start, match.start() - 40):match.end()]):
                continue
            spans.append((piece_start, match.end()))
            piece_start = match.end()
        spans.append((piece_start, line[1]))
    return [stripped for s, e in spans if (stripped := _strip(text, s, e))]


def _pieces(pattern: re.Pattern, text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, at = [], start
    for match in pattern.finditer(text, start, end):
        out.append((at, match.start()))
        at = match.end()
    out.append((at, end))
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
