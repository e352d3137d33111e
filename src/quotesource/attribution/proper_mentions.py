"""A speaker mention whose head is a capitalised name: a person, an organization, or a lone
name for coreference to settle (sources.analyse hands it here)."""
from __future__ import annotations

from ..nlp import Entity, Word
from .mention_parts import index_of_head
from .mentions import Mention, conjuncts, expand_aliases, join
from .name_words import (acronym, family_named, hyphenated, is_title, name_run, name_token,
                         spelled_as_a_brand, strip_titles, title_before)
from .names import article_before_name, described_as_body, name_of_a_body, person_probability
from .person_nouns import person_noun


def proper_mention(text, core, name_words, head, apposition, entity_types, count,
                   affiliation, role, lex, entities) -> Mention:
    """A mention whose head is a capitalised name: a person, an organization, or a lone
    name for coreference to settle."""
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
        return Mention("named_organization", expand_aliases(text, name_words, head, lex),
                       head_lower, count, affiliation, role)
    run = name_run(proper)                      # "warm-and-fuzzy | Trump", "counsel | Jane Roe"
    described = len(run) < len(proper)
    person = strip_titles(run, lex)
    if len(person) == 1 < len(run) and _inside_a_body_name(run[len(run) - len(person) - 1], head,
                                                     entities):
        person = run                  # "the Golden State Warriors", "General Electric": no title
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
        # A lone name ("Alaaldin"): coreference decides between a surname, a place and a
        # body; a description of a person before it is its role ("Band member Flea")
        person_description = join(text, description_words) if description_words and \
            not described_as_body(description_words, lex) else None
        return Mention("proper", tokens[0], head_lower, None, affiliation,
                       role or person_description, gender=gender,
                       place="LOC" in entity_types, plural=head.xpos == "NNPS")
    # The tagger calls a lone surname an organization as often as not ("Bozell says" after
    # "Brent Bozell III"): coreference makes it the person where the article names one so.
    surname_like = len(tokens) == 1 and not org_head and name_token(tokens[0]) and \
        apposition_head != "organization"
    return Mention("named_organization", expand_aliases(text, name_words, head, lex),
                   head_lower, count, affiliation, role, surname_like=surname_like)


def _inside_a_body_name(title: Word, head: Word, entities: list[Entity]) -> bool:
    """Whether an organization's entity runs from a word read as a title through the head: a
    word of a title ("State" of "Secretary of State") is then a word of the body's name. (Only
    asked where one word is left after it: the tagger also spans "Republican National
    Committee Chairman Reince Priebus" as one organization.)"""
    return any(e.type == "ORG" and e.start <= title.start and head.end <= e.end
               for e in entities)


def _conjoined_people(text: str, proper: list[Word], entities: list[Entity], lex) -> list[str]:
    """The names of 'Jane Roe and John Doe', 'Noel and Thomas': every conjunct of "and" a
    person's name (_person_name); [] where one is not ("the U.S. and Iraq"), or the names join
    by "&" ("Procter & Gamble")."""
    if any(w.text == "&" for w in proper):
        return []
    parts = conjuncts(proper)
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
    parts = conjuncts(proper)
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
