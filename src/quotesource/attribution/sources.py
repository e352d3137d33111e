"""Stage 4: what a speaker mention says about its source, before coreference.

From the mention's words (and the NER entities over them): the sourcing type, how many people it
stands for, their affiliation ("U.S.", "Pentagon") and role ("deputy press secretary"), and a
canonical name: determiners dropped, appositions split off, short country forms expanded.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import lexicons
from ..nlp import Entity, Word
from .names import article_before_name, described_as_body, name_of_a_body

_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
_POST_HEAD = {"familiar", "close", "who", "with", "from", "at", "of", "in", "for", "on", "to",
              "involved", "briefed", "speaking", "knowledgeable", "aware", "that"}


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
    gender: str | None = None     # "m"/"f" where the words say so ("spokeswoman", "Mr.")
    place: bool = False           # a lone name the entities call a place


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
    words = _after_dash(_without_parentheses(words)) or words
    words = _after_time_phrase(words, lex) or words
    core, apposition = _split_apposition(words)
    head_index = _head_index(core)
    head = core[head_index]
    head_lower = head.text.lower()
    lemma = head.lemma.lower()
    name_words = _without_determiners(core, lex)
    pre_head = _without_determiners(core[:head_index], lex)
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
    if head_lower in GROUP_WORDS and not any(_is_proper(w) for w in core):
        # "Some say", "Those over 60 say", "many"; "both" counts two.
        return Mention("anonymous_group", join(text, core), head_lower,
                       count if head_lower != "both" else 2, affiliation, role, True)
    if (lemma in lex.document_nouns or head_lower in lex.document_nouns) and not _is_proper(head):
        name = join(text, pre_head + [head])
        return Mention("document", name, lemma, count, affiliation, role)
    entity_types = {e.type for e in entities
                    if e.start < head.end and head.start < e.end}
    if _is_proper(head) and not (lemma in lex.anonymous_nouns and (plural or _indefinite(core))):
        return _proper(text, core, name_words, head, apposition, entity_types, count,
                       affiliation, role, lex)
    if lemma in lex.organization_nouns and (any(_is_proper(w) for w in pre_head) or not plural):
        return Mention("named_organization", _expand_aliases(text, name_words, head, lex),
                       head_lower, count, affiliation, role, definite=_definite(core))
    if _definite(core) and not plural and not person_noun(head, lex):
        # "The charge against X shows", "the stream of new money confirms": an artifact
        return Mention("document", join(text, pre_head + [head]), lemma, None, affiliation, role)
    kind = "anonymous_group" if plural or (count or 1) > 1 else "anonymous_person"
    if kind == "anonymous_person" and count is None:
        count = 1
    return Mention(kind, join(text, name_words), lemma, count, affiliation, role, plural,
                   definite=kind == "anonymous_person" and _definite(core),
                   gender=_noun_gender(head_lower))


# Words that stand alone for an unnamed group: "Some say", "Those over 60 say".
GROUP_WORDS = lexicons.load().group_words
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


PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "aire", "ee", "ive",
                    "-alike", "-runner", "host", "boss", "chief", "head", "star", "mate")


def person_noun(head: Word, lex) -> bool:
    """A noun that names a person's role ("the senator", "the author", "the fund manager"):
    the role and anonymous-source lexicons, else the agent-noun endings of English, on the word
    or its lemma. Plural '-als' are people ("liberals", "millennials"); a singular '-al' is
    more often a thing ("the proposal")."""
    lemma, lower = head.lemma.lower(), head.text.lower()
    return lemma in lex.role_nouns or lemma in lex.anonymous_nouns or lower in lex.role_nouns or \
        lower.endswith(_PERSON_SUFFIXES) or lemma.endswith(_PERSON_SUFFIXES) or \
        head.upos == "PRON" or (head.xpos in ("NNS", "NNPS") and
                                (lemma.endswith("al") or lower.endswith("als")))


def _noun_gender(noun: str) -> str | None:
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
            lex) -> Mention:
    """A mention whose head is a capitalised name: a person, an organization, or a lone name
    for coreference to settle."""
    head_lower = head.text.lower()
    proper = [w for w in name_words if w.id <= head.id]
    if any(w.text.lower() in ("and", "&") and not _hyphenated(proper, i)
           for i, w in enumerate(proper)):      # "the U.S. and Iraq", not "warm-and-fuzzy"
        return Mention("named_organization", _expand_aliases(text, name_words, head, lex),
                       head_lower, count, affiliation, role)
    run = _name_run(proper)                     # "warm-and-fuzzy | Trump", "counsel | Jane Roe"
    described = len(run) < len(proper)
    person = _strip_titles(run, lex)
    titled = len(person) < len(run) or _title_before(proper, run, lex)
    name = join(text, person)
    tokens = name.split()
    # "Business Insider", "the Daily Observer": a capitalised noun for people that ends a
    # longer name is a title of a publication or body, not a surname.
    org_head = head.lemma.lower() in lex.organization_nouns or head_lower in lex.organization_nouns \
        or _acronym(head.text) or name in lex.aliases \
        or (len(tokens) >= 2 and head_lower in lex.anonymous_nouns and not titled)
    # "The Wrap", "the Pentagon": English gives a person's bare name no article
    org_head = org_head or (article_before_name(core, run) and not titled and
                            head.xpos != "NNPS")
    other_types = entity_types - {"PER"}
    apposition_head = _apposition_head(apposition, lex)
    person_apposition = apposition_head == "person"
    gender = "m" if any(w.text in ("Mr.", "Mr") for w in proper) else \
        "f" if any(w.text in ("Mrs.", "Ms.", "Mrs", "Ms") for w in proper) else None
    # "X Y, the super PAC ...": an apposition that says what kind of body it is outranks
    # everything else ("National" as a title, two capitalised words)
    description_words = proper[:len(proper) - len(run)]      # empty unless described
    if tokens and not org_head and apposition_head != "organization" and \
            (titled or not described_as_body(description_words, lex)) and \
            all(_name_token(t) for t in tokens) and (
            titled or "PER" in entity_types or person_apposition
            or (2 <= len(tokens) <= 4 and (not other_types or described)
                and not name_of_a_body(text, name, tokens))):
        description = join(text, description_words) if described else None
        return Mention("named_person", name, head_lower, 1, affiliation,
                       role or description or _title_role(text, run, lex), gender=gender)
    if len(tokens) == 1 and not org_head and _name_token(tokens[0]) and \
            not other_types - {"LOC"} and apposition_head != "organization":
        # A lone name ("Alaaldin"): coreference decides between a surname and a place.
        return Mention("proper", tokens[0], head_lower, None, affiliation, role, gender=gender,
                       place="LOC" in entity_types)
    return Mention("named_organization", _expand_aliases(text, name_words, head, lex),
                   head_lower, count, affiliation, role)


def _name_run(words: list[Word]) -> list[Word]:
    """The trailing run of name words: 'Justice Department senior trial counsel Jane Roe' ->
    'Jane Roe'; the whole list when every word is a name word."""
    start = len(words)
    while start > 0 and (_is_proper(words[start - 1]) or
                         (_particle(words[start - 1].text) and start < len(words)) or
                         _inner_hyphen(words, start - 1)):
        start -= 1
    return words[start:] if start < len(words) else words


def _hyphenated(words: list[Word], i: int) -> bool:
    """Word i inside a hyphenated compound ('warm-and-fuzzy'), split off by the tokenizer."""
    return any(0 <= j < len(words) and _inner_hyphen(words, j) for j in (i - 1, i + 1))


def _inner_hyphen(words: list[Word], i: int) -> bool:
    """The '-' of 'Holtz-Eakin', split off by the tokenizer."""
    return 0 < i < len(words) - 1 and words[i].text == "-" and \
        words[i - 1].end == words[i].start and words[i].end == words[i + 1].start


def _title_before(proper: list[Word], run: list[Word], lex) -> bool:
    """A title just before the name run: 'trial counsel Jane Roe', 'senator Jane Roe'."""
    before = proper[:len(proper) - len(run)]
    return bool(before) and _is_title(before[-1], lex)


def _is_title(word: Word, lex) -> bool:
    return is_title(word.text, lex, word.lemma)


def is_title(token: str, lex, lemma: str = "") -> bool:
    """A role noun or honorific ('senator', 'Sen.', 'counsel', 'Mr.')."""
    lower = token.lower()
    return lower in lex.role_nouns or lower.rstrip(".") in lex.role_nouns or \
        lemma.lower() in lex.role_nouns


def _acronym(token: str) -> bool:
    """'FBI', 'CNN', 'NATO' (not 'U.S.' or 'I')."""
    return len(token) >= 2 and token.isalpha() and token.isupper()


def _apposition_head(apposition: list[Word], lex) -> str | None:
    """'person' for 'a top adviser', 'executive director of X'; 'organization' for 'a watchdog
    group'; None otherwise."""
    words = [w for w in apposition if w.text.lower() not in lex.dropped_determiners]
    if not words:
        return None
    head = words[_head_index(words)]
    lemma, lower = head.lemma.lower(), head.text.lower()
    if lemma in lex.organization_nouns or lower in lex.organization_nouns or _acronym(head.text):
        return "organization"                # "a watchdog group", "the super PAC"
    if lemma in lex.role_nouns or lemma in lex.anonymous_nouns or lower in lex.role_nouns:
        return "person"
    return None


def _without_parentheses(words: list[Word]) -> list[Word]:
    """'Sen. Jane Roe (D-Vt.)' -> 'Sen. Jane Roe': a party and state, or an aside."""
    kept, depth = [], 0
    for w in words:
        if w.text == "(":
            depth += 1
        elif w.text == ")":
            depth = max(0, depth - 1)
        elif not depth:
            kept.append(w)
    return kept


def _after_time_phrase(words: list[Word], lex) -> list[Word]:
    """'October, Mr. Roe': a time phrase before a comma is not part of who spoke."""
    comma = next((i for i, w in enumerate(words) if w.text == ","), None)
    if comma and all(w.text.lower() in lex.time_words or w.upos in ("ADP", "DET", "NUM")
                     for w in words[:comma]):
        return words[comma + 1:]
    return words


def _after_dash(words: list[Word]) -> list[Word]:
    """'Palm Beach - Roe': a dash closes an aside (or a dateline) before the speaker."""
    dashes = [i for i, w in enumerate(words) if w.text in ("-", "--", "\u2014", "\u2013")
              and i > 0 and (i + 1 == len(words) or words[i + 1].start > w.end)]
    return words[dashes[-1] + 1:] if dashes else words


def _without_determiners(words: list[Word], lex) -> list[Word]:
    """Drop determiners that open the phrase or one of its conjuncts ('both a X and a Y')."""
    kept = []
    for w in words:
        opener = not kept or kept[-1].text.lower() == "and"
        if opener and w.text.lower() in lex.dropped_determiners:
            continue
        kept.append(w)
    return kept


def _split_apposition(words: list[Word]) -> tuple[list[Word], list[Word]]:
    """(the mention's core, its apposition). A description before a name ("his top aide, Tad
    Devine") puts the name in the core and the description in the apposition."""
    for i, w in enumerate(words):
        if w.text == "," and i > 0:
            core, rest = words[:i], words[i + 1:]
            comma = next((j for j, x in enumerate(rest) if x.text == ","), len(rest))
            name = rest[:comma]
            run = _name_run(name) if name else []
            if run and not _is_proper(core[_head_index(core)]) and \
                    (len(run) >= 2 or all(x.upos == "PROPN" for x in run)):
                # "his wife, longtime aide Jane Roe": the name, then all that describes it
                return run, core + name[:len(name) - len(run)]
            return core, [x for x in rest if x.text != ","]
    return words, []


def _head_index(core: list[Word]) -> int:
    """The last noun before post-modifiers ("sources | familiar with ...", "officials | from ...")."""
    head = 0
    for i, w in enumerate(core):
        if i > 0 and (w.text.lower() in _POST_HEAD or (w.upos == "VERB" and not _capitalised(w)) or (
                w.upos == "ADP" and not _bare_noun_follows(core, i))) \
                and (core[i - 1].upos in ("NOUN", "PROPN", "PRON") or _capitalised(core[i - 1])):
            break
        if w.upos in ("NOUN", "PROPN", "PRON", "NUM", "X") or w.text[:1].isupper():
            head = i
    return head


def _capitalised(word: Word) -> bool:
    """'National Nurses United/VERB for ...': a capitalised verb inside a phrase is a name word."""
    return word.text[:1].isupper()


def _bare_noun_follows(core: list[Word], i: int) -> bool:
    """'conservative outside/ADP groups': a word tagged as a preposition right before the last
    noun, with no determiner, modifies that noun (the tagger's mistake); 'officials outside the
    government' is a post-modifier."""
    return i + 2 == len(core) and core[i + 1].upos == "NOUN"


def _is_proper(word: Word) -> bool:
    if word.id == 1 and _common(word):
        return False          # "Officials said", "Figures released Tuesday show", "Some say"
    # a lower-case word is no name, whatever its tag ("Florida delegate/PROPN John Archer")
    return word.text[:1].isupper() or word.text.startswith("al-") or \
        (word.upos == "PROPN" and (not word.text[:1].islower() or _particle(word.text)))


def _common(word: Word) -> bool:
    lex = lexicons.load()
    lower, lemma = word.text.lower(), word.lemma.lower()
    return any(x in vocab for x in (lower, lemma) for vocab in (
        lex.anonymous_nouns, lex.document_nouns, lex.pronouns, GROUP_WORDS, lex.dropped_determiners))


# Lower-case words inside personal names ("bin", "van der", "al-"); coreference's name runs use
# the same list.
NAME_PARTICLES = frozenset({"bin", "ibn", "al", "el", "de", "van", "von", "da", "di", "le", "du", "del",
                        "la", "der"})


def _particle(token: str) -> bool:
    return token in NAME_PARTICLES or token.startswith(("al-", "el-"))


def _name_token(token: str) -> bool:
    return token[:1].isupper() or _particle(token)


def _strip_titles(words: list[Word], lex) -> list[Word]:
    """'Iraqi Prime Minister Mohammed Shia al-Sudani' -> the words after the last title word."""
    last_title = -1
    for i, w in enumerate(words[:-1]):
        if w.text.lower().rstrip(".") in lex.role_nouns or w.text.lower() in lex.role_nouns:
            last_title = i
    return words[last_title + 1:]


def _title_role(text: str, words: list[Word], lex) -> str | None:
    names = _strip_titles(words, lex)
    titles = [w for w in words[:len(words) - len(names)] if w.text.lower() in lex.role_nouns
              or w.text.lower().rstrip(".") in lex.role_nouns]
    return join(text, titles) if titles else None


def _count(core: list[Word], lex) -> int | None:
    for w in core[:3]:
        lower = w.text.lower()
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
            if w.text in _POSSESSIVE and _is_proper(part[i - 1]):
                start = i - 1
                while start > 0 and _is_proper(part[start - 1]):
                    start -= 1
                return join(text, part[start:i])
    # Proper modifiers before the head: "senior U.S. official", "three Iraqi officials".
    proper = [w for w in core[:head_index] if _is_proper(w) and w.text.lower() not in lex.role_nouns
              and w.text.lower() not in lex.dropped_determiners and w.upos != "NUM"]
    if proper and not _is_proper(core[head_index]):
        return join(text, proper)
    # A prepositional phrase: "an official at the Pentagon".
    for i, w in enumerate(core[head_index + 1:], head_index + 1):
        if w.text.lower() in ("at", "from", "with", "of"):
            rest = [x for x in core[i + 1:] if _is_proper(x)]
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
    parts, current = [], []
    for w in words:
        if w.text.lower() == "and" and w.id < head.id + 1:
            parts.append(current)
            current = []
        else:
            current.append(w)
    parts.append(current)
    named = []
    for part in parts:
        written = join(text, part)
        named.append(lex.aliases.get(written, written))
    return " and ".join(p for p in named if p)
