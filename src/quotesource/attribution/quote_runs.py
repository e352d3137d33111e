"""Quotations that run on past their cue: a quote with no cue of its own continues the speaker
before it ('"A," she said. "B."', a paragraph that is only a quote), or is the speaker's who
follows it in the same sentence ('"A," X weighed in, telling Y, "B"'); a quotation over several
paragraphs is one piece a paragraph. attribute.py runs these after every cue of an article.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..records import Attribution, Span, source_key
from .quotes import looks_like_title


def continue_quotes(text: str, quotes, attributions: list[Attribution],
                    cue_starts: list[int]) -> None:
    """Quotes with no cue of their own continue the speaker before them.

    '"Okay," I said, attempting to regroup. "I was seventeen ..."' adds the second quote as a
    piece of that attribution, so the cue clause between them is not content; a paragraph that
    is only a quote, right after an attributed one, gets the same source.
    """
    quotes = [q for q in quotes if not looks_like_title(text[q.start:q.end])]   # "Meet the Press"
    for quote in quotes:
        if any(a.content.start < quote.end and quote.start < a.content.end for a in attributions):
            continue
        following = _speaker_after(text, quote, attributions)
        if following is not None:
            # '"Q1," Benioff weighed in, telling Cook, "Q2"': Q1 is the speaker's who follows it
            # in the same sentence, not a continuation of the paragraph before
            index = attributions.index(following)
            pieces = (Span.of(text, quote.start, quote.end),
                      *(following.pieces or (following.content,)))
            attributions[index] = replace(following, content=Span.of(
                text, quote.start, following.content.end), pieces=pieces)
            continue
        previous = [a for a in attributions if a.content.end <= quote.open]
        if not previous:
            continue
        last = max(previous, key=lambda a: a.content.end)
        own_cues = {last.cue.start if last.cue else None}
        quoted = _quote_before_aside(text, previous, last)
        if quoted is not None:      # '"Q1," Jealous said, suggesting that ... . "Q2"': Q1's
            own_cues.add(quoted.cue.start if quoted.cue else None)
            last = quoted
        between = text[last.content.end:quote.open]
        if last.source is None or len(between) > _MAX_GAP or any(
                q.open >= last.content.end and q.end <= quote.open for q in quotes) or any(
                last.content.end <= c < quote.open and c not in own_cues for c in cue_starts):
            continue      # another cue in between ("..., suggesting that ...") starts a new claim
        if "\n" not in between:
            index = attributions.index(last)
            kind = last.kind if last.kind == "direct" else "mixed"
            pieces = (*(last.pieces or (last.content,)), Span.of(text, quote.start, quote.end))
            attributions[index] = replace(last, kind=kind,
                                          content=Span.of(text, last.content.start, quote.end),
                                          pieces=pieces)
        elif quote.open == 0 or text[quote.open - 1] == "\n":
            attributions.append(Attribution("direct", Span.of(text, quote.start, quote.end),
                                            None, None, last.source))


_MAX_GAP = 300


def _speaker_after(text: str, quote, attributions: list[Attribution]):
    """The direct attribution whose speaker comes right after this quote in the same sentence
    ('"Q1," X added, telling Y, "Q2"': the quote ends in a comma), or None."""
    after_marks = text[quote.end:quote.end + 3].lstrip("\u201d\u2019\"' ")
    if not after_marks.startswith(",") and not text[quote.start:quote.end].rstrip().endswith(","):
        return None
    for a in attributions:
        if a.kind == "direct" and a.speaker is not None and quote.end <= a.speaker.start and \
                a.speaker.start - quote.end <= 40 and a.content.start > a.speaker.start and \
                not re.search(r"[\n.!?]", text[quote.end:a.speaker.start]):
            return a
    return None


def _quote_before_aside(text: str, previous: list[Attribution], last: Attribution):
    """The direct quote whose speaker goes on in a paraphrase ('"Q1," Jealous said, suggesting
    that ...'): a quote resumed after that aside continues Q1, not the aside."""
    if last.kind == "direct" or last.source is None:
        return None
    earlier = [a for a in previous if a.content.end <= last.content.start]
    if not earlier:
        return None
    quoted = max(earlier, key=lambda a: a.content.end)
    if quoted.kind != "direct" or quoted.source is None or \
            source_key(quoted.source) != source_key(last.source) or \
            "\n" in text[quoted.content.end:last.content.start] or \
            any(c in ".!?" for c in text[quoted.content.end:last.content.start].strip(".!?\u201d\"' ")):
        return None
    return quoted


def paragraph_pieces(text: str, item: Attribution) -> Attribution:
    """A quotation that runs on over paragraphs ('"A.\n\n"B."') is one piece a paragraph, as
    a reader (and the web gold) sees it: each paragraph is a statement of its own."""
    pieces = item.pieces or (item.content,)
    if not any("\n" in p.text for p in pieces):
        return item
    split = []
    for piece in pieces:
        start = piece.start
        for line in piece.text.split("\n"):
            lead = len(line) - len(line.lstrip(_PARAGRAPH_TRIM))
            body = line.strip(_PARAGRAPH_TRIM)
            if len(body.split()) >= 1 and any(c.isalnum() for c in body):
                split.append(Span.of(text, start + lead, start + lead + len(body)))
            start += len(line) + 1
    return replace(item, pieces=tuple(split)) if len(split) > 1 else item


_PARAGRAPH_TRIM = " \t\r\"\u201c\u201d\u201e\u00ab\u00bb"
