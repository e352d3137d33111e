"""Stage 4: what a speaker mention says about its source, before coreference.

From the mention's words (and the NER entities over them): the sourcing type, how many people it
stands for, their affiliation ("U.S.", "Pentagon") and role ("deputy press secretary"), and a
canonical name: determiners dropped, appositions split off, short country forms expanded.
The mention is cut into its parts first (mention_parts.py); which words make a name, and which
are titles before it, is name_words.py's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicons
from ..nlp import Entity, Word
from .mention_parts import (after_dash, after_time_phrase, before_trailing_adjunct, document_noun,
                            index_of_head, split_apposition, without_determiners,
                            without_parentheses)
from .name_words import (GROUP_WORDS, acronym, family_named, hyphenated, is_proper, is_title,
                         name_run, name_token, singular, spelled_as_a_brand, strip_titles,
                         title_before)
from .names import article_before_name, described_as_body, name_of_a_body, person_probability
from .person_nouns import noun_kind, people_after_of, person_noun, quantity_of_people

_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}


@dataclass
class Mention:
    """A speaker mention analysed: `kind` is a source type, or "pronoun" until resolved."""
    kind: str
    name: str
    head: str                     # lowercased head word ("officials", "statement", "he")
    count: int | None = None
    affiliation: str | None = None
    role: str | None = None
    plural: bool = False
    definite: bool = False        # "the senator", "his wife": may describe someone named earlier
    possessed: bool = False       # "his wife", "her lawyer": someone other than the possessor
    gender: str | None = None     # "m"/"f" where the words say so ("spokeswoman", "Mr.")
    place: bool = False           # a lone name the entities call a place
    surname_like: bool = False    # a lone name the entities call an organization ("Bozell")
    people_noun: bool = False     # the head names people ("men", "two", "couple"), not things


def join(text: str, words: list[Word]) -> str:
    """The words as written, keeping original spacing between neighbours."""
    out = ""
    for prev, word in zip([None, *words], words):
        if prev is not None:
            gap = text[prev.end:word.start]
            out += gap if prev.id + 1 == word.id and len(gap) <= 1 else " "
        out += text[word.start:word.end]
    return out.strip()


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
                       role, definite=_definite(core), people_noun=True)
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
                       lemma, count, affiliation, role, plural=not one, definite=_definite(core),
                       people_noun=True)
    entity_types = {e.type for e in entities
                    if e.start < head.end and head.start < e.end}
    # "Firefighters said": a plural the tagger calls a common noun, opening the sentence, that no
    # entity calls a person and the article never writes after a first name ("Fields said" is
    # Michelle Fields)
    opening_plural = head.id == 1 and head.upos == "NOUN" and head.xpos == "NNS" and \
        not entity_types and not re.search(rf"\b[A-Z][\w.'\u2019-]* {re.escape(head.text)}\b", text)
    # "a Republican", "Democrats", "the Wisconsin Republican": a party's member is a person (a
    # definite one described, as "the senator" is), never the party (a title noun that may end
    # a name is left to the name: "The New Hampshire Union Leader")
    if is_proper(head) and not opening_plural and \
            not (lemma in lex.anonymous_nouns and (plural or _indefinite(core) or (
                _definite(core) and lemma not in lex.role_nouns))):
        return _proper(text, core, name_words, head, apposition, entity_types, count,
                       affiliation, role, lex, entities)
    if lemma in lex.collective_nouns:
        # "the crowd chanted", "the audience shouted": many people, none of them named
        return Mention("anonymous_group", join(text, name_words), lemma,
                       lex.collective_nouns[lemma], affiliation, role, True,
                       definite=_definite(core), people_noun=True)
    noun = noun_kind(head, lex, plural)
    if noun == "thing" and people_after_of(core, head_index, lex):
        noun, plural = "person", True      # "Two-thirds of Democratic insiders", "a share of voters"
    if noun == "organization" and (any(is_proper(w) for w in pre_head) or not plural
                                   or _definite(core) or core[0].text.lower() == "both"):
        # "the companies", "its rivals", "both campaigns": bodies the article names
        return Mention("named_organization", _expand_aliases(text, name_words, head, lex),
                       head_lower, count, affiliation, role, definite=_definite(core))
    if noun == "thing" or (_definite(core) and not plural and not person_noun(head, lex)):
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
    counted = _definite(core) or core[0].text.lower() in ("both", "all")
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
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


def noun_gender(noun: str) -> str | None:
    """'f' or 'm' where a noun for a person says it ('spokeswoman', 'mother'), else None."""
    if noun.endswith(("woman", "women")) or noun in ("mother", "wife", "daughter", "sister"):
        return "f"
    if noun.endswith(("man", "men")) or noun in ("father", "husband", "son", "brother"):
        return "m"
    return None


def _indefinite(core: list[Word]) -> bool:
    return core[0].text.lower() in ("a", "an", "one", "another")


def _definite(core: list[Word]) -> bool:
    first = core[0].text.lower()
    return first in ("the", "this", "that") or first in PRONOUN_GENDER or \
        any(w.text in _POSSESSIVE for w in core[1:-1])


def _proper(text, core, name_words, head, apposition, entity_types, count, affiliation, role,
            lex, entities) -> Mention:
    """A mention whose head is a capitalised name: a person, an organization, or a lone name
    for coreference to settle."""
    head_lower = head.text.lower()
    proper = [w for w in name_words if w.id <= head.id]
    if any(w.text.lower() in ("and", "&") and not hyphenated(proper, i)
           for i, w in enumerate(proper)):      # "the U.S. and Iraq", not "warm-and-fuzzy"
        people = _conjoined_people(text, proper, entities, lex)
        if people:                               # "Noel and Thomas", "Sens. Jane Roe and ..."
            return Mention("named_person", " and ".join(people), head_lower, len(people),
                           affiliation, role, plural=True)
        described = _described_person(text, proper, entities, lex)
        if described:                            # "Japanese journalist and author Hiro Aida"
            return Mention("named_person", described, head_lower, 1, affiliation, role)
        return Mention("named_organization", _expand_aliases(text, name_words, head, lex),
                       head_lower, count, affiliation, role)
    run = name_run(proper)                      # "warm-and-fuzzy | Trump", "counsel | Jane Roe"
    described = len(run) < len(proper)
    person = strip_titles(run, lex)
    titled = len(person) < len(run) or title_before(proper, run, lex)
    name = join(text, person)
    tokens = name.split()
    # "Business Insider", "the Daily Observer": a capitalised noun for people that ends a
    # longer name is a title of a publication or body, not a surname.
    org_head = head.lemma.lower() in lex.organization_nouns or head_lower in lex.organization_nouns \
        or acronym(head.text) or name in lex.aliases \
        or (len(tokens) >= 2 and head_lower in lex.anonymous_nouns and not titled)
    # "The Wrap", "the Pentagon": English gives a person's bare name no article; nor a plural
    # one but a family's the article names ("the Khans" after "Khizr Khan"): "the Lakers",
    # "the Saudis" are a team, a country
    org_head = org_head or (article_before_name(core, run) and not titled and (
        head.xpos != "NNPS" or (len(run) == 1 and not family_named(text, head))))
    other_types = entity_types - {"PER"}
    apposition_head = _apposition_head(apposition, lex)
    person_apposition = apposition_head == "person"
    gender = "m" if any(w.text in ("Mr.", "Mr") for w in proper) else \
        "f" if any(w.text in ("Mrs.", "Ms.", "Mrs", "Ms") for w in proper) else None
    # "X Y, the super PAC ...": an apposition saying what kind of body it is outranks all else
    description_words = proper[:len(proper) - len(run)]      # empty unless described
    if tokens and not org_head and apposition_head != "organization" and \
            (titled or not described_as_body(description_words, lex)) and \
            all(name_token(t) for t in tokens) and not spelled_as_a_brand(name) and (
            titled or "PER" in entity_types or person_apposition
            or (2 <= len(tokens) <= 4 and (not other_types or described)
                and not name_of_a_body(text, name, tokens))):
        description = join(text, description_words) if described else None
        return Mention("named_person", name, head_lower, 1, affiliation,
                       role or description or _title_role(text, run, lex), gender=gender)
    if len(tokens) == 1 and not org_head and name_token(tokens[0]) and \
            not other_types - {"LOC"} and apposition_head != "organization":
        # A lone name ("Alaaldin"): coreference decides between a surname and a place.
        return Mention("proper", tokens[0], head_lower, None, affiliation, role, gender=gender,
                       place="LOC" in entity_types)
    # The tagger calls a lone surname an organization as often as not ("Bozell says" after
    # "Brent Bozell III"): coreference makes it the person where the article names one so.
    surname_like = len(tokens) == 1 and not org_head and name_token(tokens[0]) and \
        apposition_head != "organization"
    return Mention("named_organization", _expand_aliases(text, name_words, head, lex),
                   head_lower, count, affiliation, role, surname_like=surname_like)


def _conjoined_people(text: str, proper: list[Word], entities: list[Entity], lex) -> list[str]:
    """The names of 'Jane Roe and John Doe', 'Noel and Thomas': every conjunct of "and" a
    person's name (_person_name); [] where one is not ("the U.S. and Iraq"), or the names join
    by "&" ("Procter & Gamble")."""
    if any(w.text == "&" for w in proper):
        return []
    parts = _conjuncts(proper)
    names = []
    for part in parts:
        run = strip_titles(name_run(part), lex) if part else []
        if not run or not all(name_token(w.text) for w in run) or acronym(run[-1].text):
            return []
        name = _person_name(text, run, entities)
        if name is None:
            return []
        names.append(name)
    return names if len(names) >= 2 else []


def _person_name(text: str, run: list[Word], entities: list[Entity]) -> str | None:
    """The name a run of name words writes, where it reads as a person's: the entities say PER
    over it, or none says otherwise and the name model finds a person's."""
    types = {e.type for e in entities if e.start < run[-1].end and run[0].start < e.end}
    name = join(text, run)
    probability = person_probability(name)
    if types - {"PER"} or not ("PER" in types or (probability is not None and
                                                   probability >= 0.5)):
        return None
    return name


def _described_person(text: str, proper: list[Word], entities: list[Entity], lex) -> str | None:
    """'journalist and author Hiro Aida': roles joined by "and" before one person's name (each
    conjunct but the last holds a role noun, the last ends in a name of two words or more)."""
    parts = _conjuncts(proper)
    run = strip_titles(name_run(parts[-1]), lex) if parts[-1] else []
    if len(run) < 2 or not all(name_token(w.text) for w in run) or \
            not all(any(is_title(w.text, lex, w.lemma) or
                        (w.upos == "NOUN" and person_noun(w, lex)) for w in part)
                    for part in parts[:-1]):
        return None
    return _person_name(text, run, entities)


def _apposition_head(apposition: list[Word], lex) -> str | None:
    """'person' for 'a top adviser', 'executive director of X'; 'organization' for 'a watchdog
    group'; None otherwise."""
    words = [w for w in apposition if w.text.lower() not in lex.dropped_determiners]
    if not words:
        return None
    head = words[index_of_head(words)]
    last = words[-1]
    if head is not last and last.upos == "NOUN" and last.xpos != "NNS" and (
            last.lemma.lower() in lex.role_nouns or last.lemma.lower() in lex.anonymous_nouns):
        return "person"                      # "a University of Washington professor"
    lemma, lower = head.lemma.lower(), head.text.lower()
    if lemma in lex.organization_nouns or lower in lex.organization_nouns or acronym(head.text):
        return "organization"                # "a watchdog group", "the super PAC"
    if lemma in lex.role_nouns or lemma in lex.anonymous_nouns or lower in lex.role_nouns:
        return "person"
    return None


def _title_role(text: str, words: list[Word], lex) -> str | None:
    names = strip_titles(words, lex)
    titles = [w for w in words[:len(words) - len(names)] if w.text.lower() in lex.role_nouns
              or w.text.lower().rstrip(".") in lex.role_nouns]
    return join(text, titles) if titles else None


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
            if w.text in _POSSESSIVE and is_proper(part[i - 1]):
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
        if w.text in _POSSESSIVE:
            words = words[i + 1:]
            break
    return join(text, words) if words else None


def _expand_aliases(text, words, head, lex) -> str:
    """'the U.S. and Iraq' -> 'United States and Iraq'; 'U.S. officials' stays as written."""
    parts = _conjuncts(words, before=head.id + 1)
    named = []
    for part in parts:
        written = join(text, part)
        named.append(lex.aliases.get(written, written))
    return " and ".join(p for p in named if p)


def _conjuncts(words: list[Word], before: int | None = None) -> list[list[Word]]:
    """The words split at each "and" (only at those before word id `before`, where given)."""
    parts, current = [], []
    for w in words:
        if w.text.lower() == "and" and (before is None or w.id < before):
            parts.append(current)
            current = []
        else:
            current.append(w)
    parts.append(current)
    return parts
