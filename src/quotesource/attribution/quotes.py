"""Quotation spans from quote marks, before any parsing.

News text mixes straight and curly marks, drops closing marks, nests single quotes inside double
ones and continues quotes across paragraphs (a paragraph that opens with a mark and does not
close it continues in the next paragraph, which opens with a mark again). Only double marks
delimit quotations: single marks are mostly apostrophes, and nested quotes stay inside the outer one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "\u201c\u201e\u00ab"     # “ „ «
CLOSING = "\u201d\u00bb"           # ” »
STRAIGHT = '"'
_MARK = re.compile(f"''|``|[{OPENING}{CLOSING}{STRAIGHT}]|\n\\s*\n|\n")


@dataclass(frozen=True)
class Quote:
    open: int            # offset of the opening mark
    close: int | None    # offset of the closing mark, None when the quote was never closed
    start: int           # content: text[start:end], the words inside the marks
    end: int
    outer_end: int       # just past the closing mark (or the content, when never closed)


def _straight_opens(text: str, i: int, width: int = 1) -> bool:
    """A straight mark opens when it follows a space/start/bracket and precedes a non-space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if after.isspace():
        return False
    return before.isspace() or before in "([{\u2014\u2013-/:" or i == 0


def _opens(text: str, i: int, mark: str) -> bool:
    """Whether the mark at i opens a quotation.

    Curly marks usually say which way they face, but some copy has them backwards ('“It's
    unusual,“ said ...', '” … they are so not like him,” she said'): where the spacing around a
    curly mark contradicts it, the spacing wins."""
    if mark in OPENING:
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        return not (after.isspace() and not before.isspace())
    if mark in CLOSING:
        return _straight_opens(text, i) and (i == 0 or text[i - 1] in " \n\t(")
    return mark == "``" or (mark in (STRAIGHT, "''") and _straight_opens(text, i, len(mark)))


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """All quotations in text[start:end], in order, as content spans inside the marks."""
    end = len(text) if end is None else end
    quotes: list[Quote] = []
    open_at: int | None = None          # offset of the current opening mark
    open_len = 1
    paragraph_break_after: int | None = None   # where the current quote's paragraph ended

    def close(at: int | None, content_end: int, mark_len: int = 1) -> None:
        nonlocal open_at
        content_start = open_at + open_len
        # Trailing whitespace of an unclosed quote is not part of what was said.
        while content_end > content_start and text[content_end - 1].isspace():
            content_end -= 1
        if content_end > content_start:
            outer = at + mark_len if at is not None else content_end
            quotes.append(Quote(open_at, at, content_start, content_end, outer))
        open_at = None

    for match in _MARK.finditer(text, start, end):
        i, mark = match.start(), match.group()
        if mark.startswith("\n"):
            # Paragraph boundary (a blank line, or a single newline: both are used in news text).
            if open_at is not None and paragraph_break_after is None:
                paragraph_break_after = i
            continue
        opens = _opens(text, i, mark)
        if open_at is None:
            if opens:
                open_at, open_len, paragraph_break_after = i, len(mark), None
            continue                     # a stray closing mark: nothing to pair it with
        if opens:
            if paragraph_break_after is not None and _only_space(text, paragraph_break_after, i):
                paragraph_break_after = None   # multi-paragraph quote: this paragraph continues it
                continue
            # Unbalanced: the earlier quote never closed. End it at its paragraph, start anew.
            close(None, paragraph_break_after if paragraph_break_after is not None else i)
            open_at, open_len, paragraph_break_after = i, len(mark), None
            continue
        if paragraph_break_after is not None:
            # The quote's paragraph ended unclosed and the next did not continue it: this mark is stray.
            close(None, paragraph_break_after)
            continue
        close(i, i, len(mark))
    if open_at is not None:
        close(None, paragraph_break_after if paragraph_break_after is not None else end)
    return quotes


def _only_space(text: str, a: int, b: int) -> bool:
    return text[a:b].strip() == ""


def looks_like_title(piece: str) -> bool:
    """'said in his 2012 book, "An American Son."': a quoted title, not something said."""
    words = re.findall(r"[A-Za-z']+", piece)
    return 0 < len(words) <= _MAX_TITLE_WORDS and all(
        w[0].isupper() for w in words if len(w) > 3) and words[0][0].isupper() \
        and not piece.rstrip().endswith((",", "?", "!"))


_MAX_TITLE_WORDS = 6
