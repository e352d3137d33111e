"""What journalists disclose about sourcing besides quotes.

- anonymity disclosures: "Sources include five U.S. officials, ... all speaking on condition of
  anonymity due to the sensitive nature of the discussions" -> each described group, its count,
  affiliation and the stated reason;
- non-responses: "The U.S.-led coalition did not respond to queries" -> who, and the cue;
- which disclosure explains an anonymous source (`choose_disclosure`).
"""
from __future__ import annotations

import re
from functools import cache

from .. import lexicons
from ..nlp import ParsedDoc, Sentence
from ..records import Disclosure, NonResponse, Source, Span
from .sources import analyse
from .speaker_phrases import noun_phrase_before, repair_span, subject_phrase
from .tree import Tree

_CLAUSE_END = re.compile(r"\s*(,|;|\s[\u2014\u2013]\s|\s--\s)")
_SPEAKING_BEFORE = re.compile(r"\b(speaking|spoke|spoken|talking|talked)\s+$", re.I)
_GROUP_BREAK = {",", ";", "and", "all", "who", "speaking", "spoke", "."}


@cache
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    """One pattern for a lexicon's phrases, built once per process (several calls an article)."""
    return re.compile(r"\b(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
                      + r")\b", re.I)


def _sentences_in_body(parsed: ParsedDoc, start: int, end: int):
    return [s for s in parsed.sentences if s.start >= start and s.end <= end]


def find_disclosures(text: str, parsed: ParsedDoc, start: int, end: int) -> list[Disclosure]:
    lex = lexicons.load()
    anonymity = _phrase_pattern(lex.anonymity_phrases)
    reasons = _phrase_pattern(lex.reason_markers)
    found = []
    for sent in _sentences_in_body(parsed, start, end):
        match = anonymity.search(text, sent.start, sent.end)
        if not match:
            continue
        reason = None
        after = reasons.search(text, match.end(), sent.end)
        if after and text[match.end():after.start()].strip(" ,") == "":
            # The reason ends with its clause: "A city official, who asked not to be named
            # because the talks were private, said ...": not on into what was said.
            clause_end = _CLAUSE_END.search(text, after.end(), sent.end)
            reason_end = clause_end.start() if clause_end else sent.end
            while reason_end > after.start() and text[reason_end - 1] in " .,;":
                reason_end -= 1
            reason = Span.of(text, after.start(), reason_end)
        sentence = Span.of(text, sent.start, sent.end)
        for words in _groups(sent, lex):
            mention = analyse(text, words, parsed.entities)
            group = Span.of(text, words[0].start, words[-1].end)
            found.append(Disclosure(group, mention.count, mention.affiliation, reason, sentence))
    return found


def _groups(sent: Sentence, lex) -> list[list]:
    """Noun phrases that describe anonymous people: '[number] [modifiers] noun [from/at ...]'."""
    groups, words, i = [], sent.words, 0
    while i < len(words):
        lower = words[i].text.lower()
        if lower in lex.numbers or lower.isdigit():
            j = i + 1
            while j < len(words) and j - i <= 4 and words[j].lemma.lower() not in lex.anonymous_nouns \
                    and words[j].text.lower() not in lex.anonymous_nouns:
                j += 1
            if j < len(words) and j - i <= 4:
                k = j + 1
                if k < len(words) and words[k].text.lower() in ("from", "at", "in", "with"):
                    while k < len(words) and words[k].text.lower() not in _GROUP_BREAK:
                        k += 1
                    groups.append(words[i:k])
                else:
                    groups.append(words[i:j + 1])
                i = k if k > j + 1 else j + 1
                continue
        i += 1
    return groups


def anonymity_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the body says why a source is not named ("who asked not to be named", "requested
    anonymity", "speaking on condition of anonymity", the verb of speaking before the phrase
    included): a disclosure about the source (find_disclosures), never a report of what was
    said; the labelling guide keeps these as source_disclosure lines. "said on condition of
    anonymity that ..." keeps its "said": only the phrase itself and "speaking"/"spoke" are in."""
    anonymity = _phrase_pattern(lexicons.load().anonymity_phrases)
    spans = []
    for match in anonymity.finditer(text, start, end):
        before = _SPEAKING_BEFORE.search(text, max(start, match.start() - 20), match.start())
        spans.append((before.start() if before else match.start(), match.end()))
    return spans


def non_response_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the body says someone did not comment: no speech cue is read inside these."""
    cues = _phrase_pattern(lexicons.load().non_response_cues)
    return [m.span() for m in cues.finditer(text, start, end)]


def find_non_responses(text: str, parsed: ParsedDoc, start: int, end: int,
                       context) -> list[NonResponse]:
    found = []
    for sent in _sentences_in_body(parsed, start, end):
        tree = Tree(sent)
        for cue_start, cue_end in non_response_spans(text, sent.start, sent.end):
            speaker, source = _subject_before(text, tree, cue_start, parsed, context)
            found.append(NonResponse(speaker, Span.of(text, cue_start, cue_end), source))
    return found


def _subject_before(text, tree: Tree, cue_start: int, parsed, context):
    span = None
    verbs = [w for w in tree.words if w.start >= cue_start and w.upos in ("VERB", "AUX")]
    for verb in verbs[:2]:
        subject = tree.subject(verb)
        if subject is not None and subject.end <= cue_start:
            span = subject_phrase(tree, subject)
            break
    cue_word = tree.word_at(cue_start)
    if span is None and cue_word:
        span = noun_phrase_before(tree, cue_word.id)
    if span is not None and cue_word:
        span = repair_span(tree, span, cue_word.id)
    if span is None:
        return None, None
    words = tree.words[span[0] - 1:span[1]]
    mention = analyse(text, words, parsed.entities)
    speaker = Span.of(text, words[0].start, words[-1].end)
    return speaker, context.resolve(mention, speaker)


def choose_disclosure(source: Source, disclosures: list[Disclosure]) -> Disclosure | None:
    """The disclosure that explains an anonymous source: the best-matching group (same
    affiliation beats same head noun); failing a reason there, the first disclosure stating
    one; None when the article has no disclosure that fits."""
    def score(disclosure: Disclosure) -> int:
        group = disclosure.group.text.lower()
        affiliations = {a.lower() for a in (source.affiliation, disclosure.affiliation) if a}
        same_affiliation = bool(source.affiliation) and (
            len(affiliations) == 1 or source.affiliation.lower() in group)
        return 2 * same_affiliation + (_head(source.name) in map(_stem, group.split()))

    ranked = sorted(disclosures, key=lambda d: -score(d))  # stable: ties keep order
    best = ranked[0] if ranked and score(ranked[0]) > 0 else None
    if best is None or best.reason is None:
        best = next((d for d in disclosures if d.reason), best)
    return best


def _stem(word: str) -> str:
    word = re.sub(r"\W", "", word.lower())
    return word[:-1] if word.endswith("s") else word


# Words after which a description stops naming its head noun: "sources familiar with ..."
_POSTMODIFIERS = {"familiar", "close", "with", "from", "of", "in", "at", "who", "to", "on"}


def _head(name: str) -> str:
    words = []
    for word in name.split():
        if word.lower() in _POSTMODIFIERS:
            break
        words.append(word)
    return _stem(words[-1]) if words else ""
