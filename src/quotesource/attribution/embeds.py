"""Embedded social posts: a paragraph that a page's embed code ends with its author.

A post embedded in a news page reaches the stored body as one line: the post's words, links,
then a dash, the author's display name, the handle in parentheses and the date:

    We are working around the clock. pic.twitter.com/AbC — Jane Roe (@janeroe) October 3, 2024

The words are the author's own, so each such line is a direct attribution: content the post's
text (links dropped from its end), speaker the display name, cue the dash.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..nlp import ParsedDoc
from ..records import Span

_POST = re.compile(
    r"^(?:<[^>\n]*>[ \t]*)*"             # an embed's opening markup left in a text ("<tweet ...>")
    r"(?P<content>\S[^\n]*?)\s+(?P<dash>\u2014|\u2013|--?)\s*"
    r"(?P<name>[^\s()@<\u2014\u2013][^()\n@<\u2014\u2013]{0,60}?)\s*\(@\w{1,30}\)"
    r"(?:\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})?[ \t]*(?:</\w+>)?\.?[ \t]*$", re.M)
_TRAILING_LINK = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)\s*$")


@dataclass(frozen=True)
class EmbeddedPost:
    words: list               # the parsed words of the display name (attribution/sources.analyse)
    speaker: Span
    cue: Span
    content: Span


def embedded_posts(text: str, parsed: ParsedDoc, start: int, end: int) -> list[EmbeddedPost]:
    """The embedded posts between `start` and `end`, in order."""
    found = []
    for match in _POST.finditer(text, start, end):
        content_start, content_end = match.span("content")
        while True:        # "... pic.twitter.com/x https://t.co/y": every trailing link off
            link = _TRAILING_LINK.search(text, content_start, content_end)
            if not link:
                break
            content_end = link.start()
        content_end = len(text[:content_end].rstrip())
        if len(text[content_start:content_end].split()) < 3:
            continue
        name_start, name_end = match.span("name")
        words = [w for s in parsed.sentences for w in s.words
                 if name_start <= w.start and w.end <= name_end]
        if not words:
            continue
        found.append(EmbeddedPost(words, Span.of(text, name_start, name_end),
                                  Span.of(text, *match.span("dash")),
                                  Span.of(text, content_start, content_end)))
    return found
