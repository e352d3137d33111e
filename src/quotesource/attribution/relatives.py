"""Whom ', who said' stands for, among the noun phrases before the comma.

The phrase before ", who" often holds more than one noun phrase: "a damning reaction from
President Barack Obama, who called ...", "made no mention of Jeb Bush, who announced ...". "Who"
stands for a person or people, so when the phrase's own head is not one ("reaction",
"mention"), the nearest phrase after a preposition that is one is the antecedent. Where the
head is a person ("Armin Laschet, the leader of the opposition in ..."), the whole phrase stays,
as the parse is often wrong about where the relative clause attaches. "Which" stands for a body
or a document, so "a win for the teachers union, which had argued" is the union.
"""
from __future__ import annotations

from .. import lexicons
from ..nlp import Entity
from .mentions import Mention
from .sources import analyse
from .speaker_phrases import noun_phrase_before
from .tree import Tree

_PEOPLE = {"named_person", "anonymous_person", "anonymous_group", "pronoun"}


def relative_mention(text: str, tree: Tree, speaker: tuple[int, int],
                     named: tuple[int, int] | None, quotes, entities: list[Entity]) -> Mention:
    """The mention analysed for a speaker span: for ', who' its antecedent (see above; `named`
    is speakers.antecedent's phrase for the span, or None), else the span itself."""
    words = tree.sentence.words
    if named is None:
        return analyse(text, words[speaker[0] - 1:speaker[1]], entities)
    whole = analyse(text, words[named[0] - 1:named[1]], entities)
    relative = words[speaker[0] - 1].text.lower()
    fits = _person if relative == "who" else _body_or_document
    if fits(whole):
        return whole
    spans = [named]
    before = named[0] - 1         # "derision from political opponents on | the left, who"
    if before > 1 and tree.sentence.word(before).upos == "ADP":
        longer = noun_phrase_before(tree, before, quotes)
        if longer is not None:
            spans.append((longer[0], named[1]))
    for first, last in spans:
        if (first, last) != named:
            longer_mention = analyse(text, words[first - 1:last], entities)
            if fits(longer_mention):
                return longer_mention
        for start in reversed(_after_prepositions(tree, (first, last))):
            part = analyse(text, words[start - 1:last], entities)
            if fits(part):
                return part
    return whole


def _person(mention: Mention) -> bool:
    return mention.kind in _PEOPLE


def _body_or_document(mention: Mention) -> bool:
    """What ', which said' may stand for: a body, or an artifact that speaks ("a report"), not
    a thing that cannot ("a win for the union, which had argued")."""
    return mention.kind == "named_organization" or (
        mention.kind == "document" and mention.head in lexicons.load().document_nouns)


def _after_prepositions(tree: Tree, span: tuple[int, int]) -> list[int]:
    """The first word after each preposition inside the span ("from", "of", "for")."""
    word = tree.sentence.word
    return [wid + 1 for wid in range(span[0], span[1])
            if word(wid).upos == "ADP" and word(wid).xpos == "IN"]
