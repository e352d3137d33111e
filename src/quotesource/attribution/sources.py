"""Stage 4: what a speaker mention says about its source, before coreference.

From the mention's words (and the NER entities over them): the sourcing type, how many people it
stands for, their affiliation ("U.S.", "Pentagon") and role ("deputy press secretary"), and a
canonical name: determiners dropped, appositions split off, short country forms expanded.
The mention is cut into its parts first (mention_parts.py); which words make a name, and which
are titles before it, is name_words.py's; a mention headed by a name is proper_mentions.py's.
"""
from __future__ import annotations

from .. import lexicons
from ..nlp import Entity, Word
from .mention_parts import (after_dash, after_time_phrase, before_trailing_adjunct, document_noun,
                            index_of_head, split_apposition, without_determiners,
                            without_parentheses)
from .mentions import (POSSESSIVE, PRONOUN_GENDER, Mention, definite, expand_aliases, indefinite,
                       join, noun_gender)
from .name_words import GROUP_WORDS, after_a_name_word, is_proper, singular, titled_body_end
from .person_nouns import noun_kind, people_after_of, person_noun, quantity_of_people
from .proper_mentions import proper_mention


def analyse(text: str, words: list[Word], entities: list[Entity]) -> Mention:
    lex = lexicons.load()
    words = after_dash(without_parentheses(words)) or words
    words = after_time_phrase(words, lex) or words
    words = before_trailing_adjunct(words, lex) or words
    core, apposition = split_apposition(words)
    head_index = index_of_head(core)
    head = core[head_index]
    head_lower = head.text.lower()
    lemma = head.lemma.lower()
    name_words = without_determiners(core, lex)
    pre_head = without_determiners(core[:head_index], lex)
    count = _count(core, lex)
    plural = head.xpos in ("NNS", "NNPS") or (lemma != head_lower and head_lower.endswith("s"))
    has_and = any(w.text.lower() == "and" for w in core[:head_index + 1])
    if has_and:
        count = count if count and count > 1 else None
        plural = True
    affiliation = _affiliation(text, core, head_index, apposition, lex)
    role = _role(text, core, head_index, apposition, lex)

    if len(core) == 1 and head_lower in lex.pronouns:
        return _pronoun(head, lex)
    if [w.text.lower() for w in core[-3:]] in (["year", "-", "old"], ["years", "-", "old"]) or \
            core[-1].text.lower().endswith("year-old"):
        # "the 46-year-old": a person described by age, who coreference may find named before
        return Mention("anonymous_person", join(text, name_words), "year-old", 1, affiliation,
                       role, definite=definite(core), people_noun=True)
    if head_lower in GROUP_WORDS and not any(is_proper(w) for w in core):
        # "Some say", "Those over 60 say", "many"; "both" counts two.
        return Mention("anonymous_group", join(text, core), head_lower,
                       count if head_lower != "both" else 2, affiliation, role, True,
                       definite=head_lower == "both", people_noun=True)
    if (document_noun(head) or singular(head_lower) in lex.document_nouns) \
            and not is_proper(head):
        name = join(text, pre_head + [head])
        return Mention("document", name, lemma, count, affiliation, role)
    quantity = quantity_of_people(core, head_index, lex) and \
        not any(is_proper(w) for w in apposition)
    if head.upos == "NUM" and (quantity or (head_lower in lex.numbers and
                                            head_index == len(core) - 1)):
        # "two of them", "one in five", "Two said": so many of an unnamed plural; "one of the
        # officials" is one of them (never the name "One")
        one = head_lower == "one" and (head_index == len(core) - 1
                                       or core[head_index + 1].text.lower() == "of")
        share = "in" in (w.text.lower() for w in core[max(0, head_index - 1):head_index + 2])
        count = 1 if one else None if share else lex.numbers.get(head_lower)   # "4 in 10": a share
        return Mention("anonymous_person" if one else "anonymous_group", join(text, name_words),
                       lemma, count, affiliation, role, plural=not one, definite=definite(core),
                       people_noun=True)
    body_end = titled_body_end(core, head_index, entities)
    if body_end is not None:
        return Mention("named_organization",
                       join(text, [w for w in name_words if w.id < core[body_end - 1].id + 1]),
                       head_lower, None, affiliation, role)
    entity_types = {e.type for e in entities
                    if e.start < head.end and head.start < e.end}
    # "Firefighters said": a plural the tagger calls a common noun, opening the sentence, that no
    # entity calls a person and the article never writes after a first name ("Fields said" is
    # Michelle Fields)
    opening_plural = head.id == 1 and head.upos == "NOUN" and head.xpos == "NNS" and \
        not entity_types and not after_a_name_word(text, head.text)
    # "a Republican", "Democrats", "the Wisconsin Republican": a party's member is a person (a
    # definite one described, as "the senator" is), never the party (a title noun that may end
    # a name is left to the name: "The New Hampshire Union Leader")
    if is_proper(head) and not opening_plural and \
            not (lemma in lex.anonymous_nouns and (plural or indefinite(core) or (
                definite(core) and lemma not in lex.role_nouns))):
        return proper_mention(text, core, name_words, head, apposition, entity_types, count,
                              affiliation, role, lex, entities)
    if lemma in lex.collective_nouns:
        # "the crowd chanted", "the audience shouted": many people, none of them named
        return Mention("anonymous_group", join(text, name_words), lemma,
                       lex.collective_nouns[lemma], affiliation, role, True,
                       definite=definite(core), people_noun=True)
    noun = noun_kind(head, lex, plural)
    if noun == "thing" and people_after_of(core, head_index, lex):
        noun, plural = "person", True      # "Two-thirds of Democratic insiders", "a share of voters"
    if noun == "organization" and (any(is_proper(w) for w in pre_head) or not plural
                                   or definite(core) or core[0].text.lower() == "both"):
        # "the companies", "its rivals", "both campaigns": bodies the article names
        return Mention("named_organization", expand_aliases(text, name_words, head, lex),
                       head_lower, count, affiliation, role, definite=definite(core))
    if noun == "thing" or (definite(core) and not plural and not person_noun(head, lex)):
        # "The charge against X shows", "the stream of new money confirms", "talks showed":
        # an artifact, not people
        return Mention("document", join(text, pre_head + [head]), lemma, None, affiliation, role)
    if core[0].text.lower() == "both" and plural:
        count = 2                         # "both lawyers"
    if quantity:
        # "a majority of voters", "a full 79 percent of Democrats", "many of the leaders": the
        # people counted, not the one the article's "a" counts
        plural, count = True, None if count == 1 else count
    kind = "anonymous_group" if plural or (count or 1) > 1 else "anonymous_person"
    if kind == "anonymous_person" and count is None:
        count = 1
    # "the two lawyers", "both men", "all three candidates": people the article may have named
    counted = definite(core) or core[0].text.lower() in ("both", "all")
    return Mention(kind, join(text, name_words), lemma, count, affiliation, role, plural,
                   definite=counted,
                   people_noun=bool(counted and plural and count and count > 1
                                    and person_noun(head, lex)),
                   possessed=core[0].text.lower() in _POSSESSIVE_PRONOUNS,
                   gender=noun_gender(head_lower))


# The first and second person outside quotes: the (unnamed) writer and the readers.
_AUTHOR_PRONOUNS = {"i": ("anonymous_person", "the author"), "we": ("anonymous_group", "we"),
                    "you": ("anonymous_group", "readers")}


def _pronoun(head: Word, lex) -> Mention:
    lower = head.text.lower()
    if lower in _AUTHOR_PRONOUNS:
        kind, name = _AUTHOR_PRONOUNS[lower]
        return Mention(kind, name, lower, 1 if kind == "anonymous_person" else None,
                       plural=kind == "anonymous_group")
    return Mention("pronoun", head.text, lower, plural=lex.pronouns[lower] == "group",
                   gender=PRONOUN_GENDER.get(lower))


_POSSESSIVE_PRONOUNS = {"his", "her", "its", "their", "my", "our", "your"}


def _count(core: list[Word], lex) -> int | None:
    for w, after in zip(core[:3], [*core[1:4], None]):
        lower = w.text.lower()
        if after is not None and after.text == "-" and after.start == w.end:
            continue                      # "the former three-term governor" is one person
        if lower in lex.numbers and lower not in ("a", "an", "both"):
            return lex.numbers[lower]
        if lower.isdigit():
            return int(lower)
        if lower in ("a", "an"):
            return 1
    return None


def _affiliation(text, core, head_index, apposition, lex) -> str | None:
    # A possessor: "the Pentagon's deputy press secretary".
    for part in (apposition, core):
        for i, w in enumerate(part[1:], 1):
            if w.text in POSSESSIVE and is_proper(part[i - 1]):
                start = i - 1
                while start > 0 and is_proper(part[start - 1]):
                    start -= 1
                return join(text, part[start:i])
    # Proper modifiers before the head: "senior U.S. official", "three Iraqi officials".
    proper = [w for w in core[:head_index] if is_proper(w) and w.text.lower() not in lex.role_nouns
              and w.text.lower() not in lex.dropped_determiners and w.upos != "NUM"]
    if proper and not is_proper(core[head_index]):
        return join(text, proper)
    # A prepositional phrase: "an official at the Pentagon".
    for i, w in enumerate(core[head_index + 1:], head_index + 1):
        if w.text.lower() in ("at", "from", "with", "of"):
            rest = [x for x in core[i + 1:] if is_proper(x)]
            if rest and rest[0].id == core[i + 1].id or (rest and core[i + 1].text.lower() == "the"):
                return join(text, rest)
    return None


def _role(text, core, head_index, apposition, lex) -> str | None:
    if not apposition:
        return None
    words = list(apposition)
    while words and words[0].text.lower() in lex.dropped_determiners:
        words = words[1:]
    # Drop a possessor: "the Pentagon's deputy press secretary" -> "deputy press secretary".
    for i, w in enumerate(words):
        if w.text in POSSESSIVE:
            words = words[i + 1:]
            break
    return join(text, words) if words else None
