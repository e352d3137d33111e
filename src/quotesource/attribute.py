"""The attribution stages in order: quotes -> cues -> speakers -> content -> sources -> coreference.

`attribute(article, parsed)` takes an ingested article and its parse and returns everything the
store needs. Nothing outside the article body yields a record.
"""
from __future__ import annotations

from . import disclosures
from .content import find_content
from .coreference import ArticleContext
from .cues import find_cues
from .nlp import ParsedDoc
from .quotes import find_quotes
from .records import Article, ArticleResult, Attribution, Span
from .sources import analyse
from .speakers import find_speaker
from .tree import Tree


def attribute(article: Article, parsed: ParsedDoc, include_beliefs: bool = False) -> ArticleResult:
    text = article.text
    body_start, body_end = article.body_start, article.body_end
    quotes = find_quotes(text, body_start, body_end)
    context = ArticleContext(text, body_start, body_end)
    result = ArticleResult(article)
    claimed: list[tuple[int, int]] = []      # content already attributed: one cue per content
    for sentence in parsed.sentences:
        if sentence.start < body_start or sentence.end > body_end:
            continue
        tree = Tree(sentence)
        near = [q for q in quotes if q.open < sentence.end + 2 and q.outer_end > sentence.start - 2]
        for cue in find_cues(tree, near):
            if cue.cls == "belief" and not include_beliefs:
                continue
            speaker = find_speaker(tree, cue, near)
            if speaker is None:
                continue
            content = find_content(text, tree, cue, speaker, near)
            if content is None or _overlaps(claimed, content.start, content.end):
                continue
            s_start, s_end = tree.offsets(*speaker)
            if content.start < s_end and s_start < content.end:
                continue      # a speaker inside its own content means the parse went wrong
            mention = analyse(text, sentence.words[speaker[0] - 1:speaker[1]], parsed.entities)
            speaker_span = Span.of(text, s_start, s_end)
            source = context.resolve(mention, speaker_span)
            cue_span = Span.of(text, *tree.offsets(cue.first, cue.last))
            result.attributions.append(Attribution(
                content.kind, Span.of(text, content.start, content.end), cue_span, speaker_span,
                source))
            claimed.append((content.start, content.end))
    _continue_quotes(text, quotes, result.attributions)
    result.attributions.sort(key=lambda a: a.content.start)
    result.disclosures = disclosures.find_disclosures(text, parsed, body_start, body_end)
    result.non_responses = disclosures.find_non_responses(text, parsed, body_start, body_end,
                                                          context)
    return result


def _continue_quotes(text: str, quotes, attributions: list[Attribution]) -> None:
    """Quotes with no cue of their own continue the speaker before them.

    '"Okay," I said, attempting to regroup. "I was seventeen ..."' extends that attribution;
    a paragraph that is only a quote, right after an attributed one, gets the same source.
    """
    for quote in quotes:
        if any(a.content.start < quote.end and quote.start < a.content.end for a in attributions):
            continue
        previous = [a for a in attributions if a.content.end <= quote.open]
        if not previous:
            continue
        last = max(previous, key=lambda a: a.content.end)
        between = text[last.content.end:quote.open]
        if last.source is None or len(between) > _MAX_GAP or any(
                q.open >= last.content.end and q.end <= quote.open for q in quotes):
            continue
        if "\n" not in between:
            index = attributions.index(last)
            kind = last.kind if last.kind == "direct" else "mixed"
            attributions[index] = Attribution(kind, Span.of(text, last.content.start, quote.end),
                                              last.cue, last.speaker, last.source)
        elif quote.open == 0 or text[quote.open - 1] == "\n":
            attributions.append(Attribution("direct", Span.of(text, quote.start, quote.end),
                                            None, None, last.source))


_MAX_GAP = 300


def _overlaps(claimed: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in claimed)
