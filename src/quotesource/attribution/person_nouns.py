"""Which common nouns stand for people, and when a phrase counts people.

`noun_kind` answers "person", "organization" or "thing" for a speaker's head noun (the lexicons,
then the noun-kind model of noun_kinds.py); `person_noun` says whether a noun names a person's
role; `quantity_of_people` and `people_after_of` find the people a quantity counts ("a majority
of voters", "two-thirds of Democratic insiders"). sources.py types mentions with them;
coreference.py looks for people among an article's plural nouns with `person_noun`.
"""
from __future__ import annotations

from ..nlp import Word
from .mention_parts import document_noun, index_of_head
from .name_words import GROUP_WORDS, is_proper
from .noun_kinds import learned_noun_kind, names_people

_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "aire", "ee", "ive",
                    "-alike", "-runner", "host", "boss", "chief", "head", "star", "mate")


def noun_kind(head: Word, lex, plural: bool | None = None) -> str | None:
    """"person", "organization" or "thing" for a common noun: the lexicons first (organization
    nouns, roles and anonymous-source nouns, document nouns), then the noun-kind model
    (noun_kinds.py) for a NOUN they lack, which says "organization", "thing" or, where it is
    sure, "person"; None where nothing says (the caller reads the noun's ending)."""
    lemma, lower = head.lemma.lower(), head.text.lower()
    if lemma in lex.organization_nouns or lower in lex.organization_nouns:
        return "organization"
    if lemma in lex.role_nouns or lemma in lex.anonymous_nouns or lower in lex.role_nouns or \
            lemma in lex.name_titles:
        return "person"     # "the senator", "the official", "the pope" (a title before names)
    if document_noun(head):
        return "thing"
    if head.upos != "NOUN":
        return None
    return learned_noun_kind(lemma, head.xpos == "NNS" if plural is None else plural)


def people_after_of(core: list[Word], head_index: int, lex) -> bool:
    """'two-thirds | of Democratic insiders': the head is a quantity of the people after "of"."""
    rest = core[head_index + 1:]
    if not rest or rest[0].text.lower() != "of":
        return False
    nouns = [w for w in rest[1:] if w.upos == "NOUN"]
    return bool(nouns) and nouns[0].xpos == "NNS" and person_noun(nouns[0], lex)


_PLURAL_PRONOUNS = {"them", "us", "those", "these"}


def quantity_of_people(core: list[Word], head_index: int, lex) -> bool:
    """'a majority | of voters', '79 percent | of Democrats', 'many | of them', 'one | in five':
    the head counts or measures the plural people after "of" (not "leaders of the party")."""
    head, rest = core[head_index], core[head_index + 1:]
    if head.upos == "NUM" and (
            (head_index >= 2 and core[head_index - 1].text.lower() == "in"
             and core[head_index - 2].upos == "NUM")
            or (len(rest) >= 2 and rest[0].text.lower() == "in" and rest[1].upos == "NUM")):
        return True                                  # "one in five", "Four in 10"
    if len(rest) < 2 or rest[0].text.lower() != "of" or (is_proper(head) and head.upos != "NUM"):
        return False
    if not (head.upos == "NUM" or head.text.lower() in GROUP_WORDS or
            (head.upos == "NOUN" and noun_kind(head, lex) != "person")):
        return False
    of_phrase = rest[1:]
    people = of_phrase[index_of_head(of_phrase)]
    if people.upos == "PRON":
        return people.text.lower() in _PLURAL_PRONOUNS
    if people.xpos not in ("NNS", "NNPS"):
        return False
    if people.upos == "PROPN" or people.lemma.lower() in lex.anonymous_nouns:
        return True                                  # "of Democrats", "of officials"
    learned = names_people(people.lemma.lower(), True)
    return person_noun(people, lex) if learned is None else learned


def person_noun(head: Word, lex) -> bool:
    """A noun that names a person's role ("the senator", "the author", "the fund manager"):
    noun_kind's answer where it has one, else (a pronoun, a number, no model) the agent-noun
    endings of English on the word or its lemma. Plural '-als' are people ("liberals",
    "millennials"); a singular '-al' is more often a thing ("the proposal")."""
    kind = noun_kind(head, lex)
    if kind is not None:
        return kind == "person"
    lemma, lower = head.lemma.lower(), head.text.lower()
    if head.upos == "NOUN" and (learned := names_people(lemma, head.xpos == "NNS")) is not None:
        return learned            # "the number", "the bluster": things, whatever their ending
    return lower.endswith(_PERSON_SUFFIXES) or lemma.endswith(_PERSON_SUFFIXES) or \
        head.upos == "PRON" or (head.xpos in ("NNS", "NNPS") and
                                (lemma.endswith("al") or lower.endswith("als")))
