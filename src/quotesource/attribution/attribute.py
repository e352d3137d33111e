"""The attribution stages in order: quotes -> cues -> speakers -> content -> sources -> coreference
(questions put to a source take the place of speakers and content for a passive "asked").

`attribute(article, parsed)` takes an ingested article and its parse and returns everything the
store needs. Nothing outside the article body yields a record.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import disclosures
from .confidence import AttributionModel, shipped_model, shipped_source_model
from .content import find_content
from .coreference import ArticleContext
from .cues import find_cues
from .embeds import embedded_posts
from .evidence import candidate_features, path_features, source_features
from ..nlp import ParsedDoc
from .questions import find_question
from .quote_runs import continue_quotes, paragraph_pieces
from .quotes import find_quotes
from ..records import Article, ArticleResult, Attribution, Span
from .relatives import relative_mention
from .sources import analyse
from .speakers import antecedent, find_speaker
from .tree import Tree


_SHIPPED = object()     # the default model argument: the model the package ships


def attribute(article: Article, parsed: ParsedDoc, include_beliefs: bool = False,
              model: AttributionModel | None = _SHIPPED,
              source_model: AttributionModel | None = _SHIPPED) -> ArticleResult:
    """With `model=None`, every candidate the rules make is kept, with its features in
    `Attribution.evidence` and no confidence (how the model's training data is made); with
    `source_model=None`, no source_confidence."""
    if model is _SHIPPED:
        model = shipped_model()
    if source_model is _SHIPPED:
        source_model = shipped_source_model()
    text = article.text
    body_start, body_end = article.body_start, article.body_end
    # Claims start after a headline line; a sentence the tokenizer ran on from the headline
    # (or from the title before body_start) into the lede is still read, from there on.
    lede = _after_headline(text, body_start, body_end) if article.title else body_start
    quotes = find_quotes(text, body_start, body_end)
    context = ArticleContext(text, body_start, body_end, parsed.sentences, quotes, parsed.entities)
    result = ArticleResult(article)
    claimed: list[tuple[int, int]] = []      # content already attributed: one cue per content
    cue_starts: list[int] = []               # cues that made an attribution (or "according to")
    silent = disclosures.non_response_spans(text, body_start, body_end)
    undisclosed = disclosures.anonymity_spans(text, body_start, body_end)
    for sentence in parsed.sentences:
        if sentence.end <= lede or sentence.end > body_end:
            continue
        tree = Tree(sentence)
        near = [q for q in quotes if q.open < sentence.end + 2 and q.outer_end > sentence.start - 2]
        # "X found Y, according to Z": Z is who the article has it from, so "according to"
        # claims its content before any cue inside it (one cue per content; docs/accuracy.md)
        for cue in sorted(find_cues(tree, near), key=lambda c: not c.according):
            if cue.cls == "belief" and not include_beliefs:
                continue
            cue_start = sentence.word(cue.first).start
            if cue_start < lede:
                continue
            if cue.according:
                cue_starts.append(cue_start)
            if _inside(silent, cue_start):
                continue      # "did not respond": a non-response, recorded on its own
            if _inside(undisclosed, cue_start):
                continue      # "who asked not to be named": why a source is unnamed, not speech
            if _inside(article.furniture, cue_start):
                continue      # a promo or credit line: it claims no content (ingest/furniture.py)
            question = find_question(text, tree, cue, near)
            named = None          # the phrase a speaker "who" stands for
            if question:          # "Asked whether ..., X said": the asker, if named, is 'by X'
                speaker, content = question.asker, question.content
            else:
                speaker = find_speaker(tree, cue, near)
                # '..., a person familiar with it, who ..., said': the content ends before
                # the phrase "who" stands for
                named = speaker and antecedent(tree, speaker, near)
                content = speaker and find_content(
                    text, tree, cue, (named[0], speaker[1]) if named else speaker, near)
            if content is None or content.start < lede or \
                    _overlaps(claimed, content.start, content.end):
                continue
            if content.kind == "indirect" and _opens_with(silent, text, content.start):
                continue      # "said she couldn't comment on ...": a non-response, not a claim
            cue_start, cue_end = tree.offsets(cue.first, cue.last)
            speaker_span = source = None
            if speaker is not None:
                s_start, s_end = tree.offsets(*speaker)
                if content.kind != "direct" and content.start < s_end and s_start < content.end \
                        and not _parenthetical(text, min(s_start, cue_start), max(s_end, cue_end)):
                    continue      # a speaker inside a paraphrase means the parse went wrong
                if named and content.kind == "indirect" and \
                        content.end > tree.offsets(*named)[0] and content.end <= s_start and \
                        not any(q.open > cue_end for q in near):
                    continue      # "A beat B, who added to her lead": a relative clause does
                    # not report the clause its antecedent sits in (a quote after the cue may
                    # still be what it reports)
                # "X, who said": X
                mention = relative_mention(text, tree, speaker, named, near, parsed.entities)
                speaker_span = Span.of(text, s_start, s_end)
                if _unnamed_aside(text, undisclosed, s_end):
                    # "said the woman, who spoke on the condition of anonymity": whoever the
                    # article named before, not her
                    mention.definite = False
                source = context.resolve(mention, speaker_span)
            evidence = candidate_features(text, tree, cue, content.kind,
                                          (content.start, content.end), speaker,
                                          _type_of(source), parsed.entities)
            confidence, kept = _judge(model, evidence)
            if not kept and not question:
                continue      # the learned decision: not a report of speech
                # (a question put to a source is the rule's: the features see no asker)
            result.attributions.append(Attribution(
                content.kind, Span.of(text, content.start, content.end),
                Span.of(text, cue_start, cue_end), speaker_span, source,
                tuple(Span.of(text, *piece) for piece in content.pieces),
                confidence=confidence, evidence=evidence))
            claimed.append((content.start, content.end))
            cue_starts.append(cue_start)
    for colon in _colon_attributions(text, parsed, lede, body_end, claimed):
        mention = analyse(text, colon.words, parsed.entities)
        source = context.resolve(mention, colon.speaker)
        evidence = path_features("colon", text, colon.sentence, colon.kind,
                                 (colon.content.start, colon.content.end), _type_of(source))
        confidence, kept = _judge(model, evidence)
        if not kept:
            continue
        result.attributions.append(Attribution(colon.kind, colon.content, colon.cue,
                                               colon.speaker, source, confidence=confidence,
                                               evidence=evidence))
    for post in embedded_posts(text, parsed, lede, body_end):
        if _overlaps(claimed, post.content.start, post.content.end):
            continue
        source = context.resolve(analyse(text, post.words, parsed.entities), post.speaker)
        evidence = path_features("post", text, None, "direct",
                                 (post.content.start, post.content.end), _type_of(source))
        confidence, _ = _judge(model, evidence)
        # kept whatever the model says: it has seen no embedded post (no PolNeAR text has one)
        result.attributions.append(Attribution("direct", post.content, post.cue, post.speaker,
                                               source, confidence=confidence, evidence=evidence))
        claimed.append((post.content.start, post.content.end))
    continue_quotes(text, quotes, result.attributions, cue_starts)
    for index, item in enumerate(result.attributions):
        if item.cue is None and not item.evidence:      # a resumed quote: judged on its own
            evidence = path_features("continued", text, None, item.kind,
                                     (item.content.start, item.content.end),
                                     _type_of(item.source))
            result.attributions[index] = replace(item, evidence=evidence,
                                                 confidence=_judge(model, evidence)[0])
    result.attributions = [paragraph_pieces(text, a) for a in result.attributions
                           if not _in_furniture(article.furniture, a)]
    result.attributions.sort(key=lambda a: a.content.start)
    if source_model is not None:
        result.attributions = [
            replace(a, source_confidence=round(source_model.probability(source_features(a)), 4))
            for a in result.attributions]
    result.disclosures = disclosures.find_disclosures(text, parsed, body_start, body_end)
    result.non_responses = disclosures.find_non_responses(text, parsed, body_start, body_end,
                                                          context)
    return result


def _after_headline(text: str, body_start: int, body_end: int) -> int:
    """Where the body starts once a headline line at its top is left out: 'Julian Assange:
    Sweden drops rape investigation' is the page's title, not a claim (a page with a title often
    repeats it, or a variant, as the body's first line). A headline is short and ends without a
    full stop. Asked only of articles that have a title: a text without one may open with a
    claim ('NY Daily News: Paris Attacks Highlight Threat')."""
    line_end = text.find("\n", body_start, body_end)
    if line_end < 0:
        return body_start
    line = text[body_start:line_end].strip()
    if 0 < len(line.split()) <= _HEADLINE_WORDS and not line.endswith(_SENTENCE_ENDS):
        return line_end + 1
    return body_start


_HEADLINE_WORDS = 20
_SENTENCE_ENDS = (".", ".\"", ".\u201d", ":", ";", ",")


def _type_of(source) -> str | None:
    return source.source_type if source is not None else None


def _judge(model: AttributionModel | None, evidence: dict) -> tuple[float | None, bool]:
    """The model's confidence in a candidate and whether it is kept (all are, without a model)."""
    if model is None:
        return None, True
    confidence = round(model.probability(evidence), 4)
    return confidence, confidence >= model.threshold


@dataclass
class _Colon:
    words: list
    speaker: Span
    cue: Span
    content: Span
    kind: str
    sentence: object = None


def _colon_attributions(text, parsed, body_start, body_end, claimed) -> list[_Colon]:
    """Headline style 'NY Daily News: Paris Attacks Highlight Threat': a name, a colon, a claim.

    Only at the start of a line, with a short capitalised name before the colon and no verb.
    """
    found = []
    for sentence in parsed.sentences:
        if sentence.start < body_start or sentence.end > body_end:
            continue
        if sentence.start > 0 and text[sentence.start - 1] != "\n":
            continue
        words = sentence.words
        colon = next((i for i, w in enumerate(words[:_MAX_COLON_SPEAKER + 1]) if w.text == ":"), None)
        if not colon or any(w.upos in ("VERB", "AUX") or not w.text[:1].isupper()
                            for w in words[:colon] if w.text not in _NAME_GLUE):
            continue
        if _listed(text, sentence.start) or "\n" in text[words[0].start:words[colon].start]:
            continue      # a list item, or a heading line run into the name ("TIP-INS\nThunder:")
        line_end = text.find("\n", words[colon].end)
        line_end = body_end if line_end < 0 else min(line_end, body_end)
        start = words[colon].end
        while start < line_end and text[start].isspace():
            start += 1
        end = line_end
        while end > start and text[end - 1] in " .":
            end -= 1
        if len(text[start:end].split()) < 3 or _overlaps(claimed, start, end):
            continue
        piece = text[start:end]
        kind = "direct" if piece[:1] in "\u201c\"" and piece[-1:] in "\u201d\"" else \
            "mixed" if any(c in piece for c in "\u201c\u201d\"") else "indirect"
        found.append(_Colon(words[:colon], Span.of(text, words[0].start, words[colon - 1].end),
                            Span.of(text, words[colon].start, words[colon].end),
                            Span.of(text, start, end), kind, sentence))
        claimed.append((start, end))
    return found


def _unnamed_aside(text: str, undisclosed: list[tuple[int, int]], after: int) -> bool:
    """Whether a clause saying why a source is not named follows the mention ending at `after`
    ("the woman, who spoke on the condition of anonymity", "the aide, speaking anonymously")."""
    return any(0 <= start - after <= 40 and re.fullmatch(r"[\s,]*(?:who\s+)?", text[after:start])
               for start, _ in undisclosed)


def _opens_with(spans, text: str, start: int) -> bool:
    """One of the spans begins within the first three words from `start`, as their predicate
    ("she | could not comment"; not "Hoff, who declined to comment, ...")."""
    return any(start <= a and len(text[start:a].split()) <= 2 and "," not in text[start:a]
               for a, _ in spans)


def _inside(spans, offset: int) -> bool:
    return any(s <= offset < e for s, e in spans)


def _in_furniture(spans, item: Attribution) -> bool:
    """A promo, credit or pull-quote line (ingest/furniture.py) holds the content or the cue."""
    return _inside(spans, item.content.start) or (item.cue is not None and
                                                   _inside(spans, item.cue.start))


_MAX_COLON_SPEAKER = 6
_NAME_GLUE = {"'s", "\u2019s", "-", ".", "&", "of"}


def _listed(text: str, line_start: int) -> bool:
    """An item of a list introduced by a colon ("... on the following charges:" then "Jane Roe:
    possession of ...", one per line) or by a heading in capitals ("TIP-INS" then "Thunder: F
    Jane Roe missed ..."), not a claim: the nearest line above that does not itself start with a
    capitalised name and a colon ends in a colon or is such a heading."""
    while line_start > 0:
        before = text[:line_start].rstrip()
        line_start = text.rfind("\n", 0, len(before)) + 1
        if not _NAME_COLON_LINE.match(text, line_start):
            line = before[line_start:]
            return before.endswith(":") or (
                len(line.split()) <= _MAX_HEADING_WORDS and any(c.isalpha() for c in line)
                and line.upper() == line)
    return False


_MAX_HEADING_WORDS = 5


# A line opening with up to six capitalised words and a colon, as 'Name: ...' lines do.
_NAME_COLON_LINE = re.compile(r"[A-Z][\w.'\u2019&-]*(?: (?:[A-Z][\w.'\u2019&-]*|of|&|-)){0,5}:")


def _parenthetical(text: str, start: int, end: int) -> bool:
    """'Riding alone ..., they said, can be hazardous': a cue clause set off by commas."""
    return text[:start].rstrip().endswith(",") and text[end:].lstrip().startswith(",")


def _overlaps(claimed: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in claimed)
