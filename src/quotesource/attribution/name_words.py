"""Which words of a speaker mention make up a name, word by word.

The trailing run of name words ("senior trial counsel | Jane Roe"), the titles and honorifics
before it ("Sen.", "counsel", "Mr."), the lower-case particles of personal names ("bin", "van
der", "al-"), acronyms ("FBI"), a hyphenated compound the tokenizer split ("Holtz-Eakin",
"warm-and-fuzzy"), and the words that open a sentence without being a name ("Officials said").
sources.py reads a mention with these; coreference (article_people.py) finds names with the
same titles and particles.
"""
from __future__ import annotations

import re

from .. import lexicons
from ..nlp import Word

# Words that stand alone for an unnamed group: "Some say", "Those over 60 say".
GROUP_WORDS = lexicons.load().group_words


def name_run(words: list[Word]) -> list[Word]:
    """The trailing run of name words: 'Justice Department senior trial counsel Jane Roe' ->
    'Jane Roe'; the whole list when every word is a name word."""
    start = len(words)
    while start > 0 and (is_proper(words[start - 1]) or
                         (_particle(words[start - 1].text) and start < len(words)) or
                         _inner_hyphen(words, start - 1)):
        start -= 1
    return words[start:] if start < len(words) else words


def hyphenated(words: list[Word], i: int) -> bool:
    """Word i inside a hyphenated compound ('warm-and-fuzzy'), split off by the tokenizer."""
    return any(0 <= j < len(words) and _inner_hyphen(words, j) for j in (i - 1, i + 1))


def _inner_hyphen(words: list[Word], i: int) -> bool:
    """The '-' of 'Holtz-Eakin', split off by the tokenizer."""
    return 0 < i < len(words) - 1 and words[i].text == "-" and \
        words[i - 1].end == words[i].start and words[i].end == words[i + 1].start


def title_before(proper: list[Word], run: list[Word], lex) -> bool:
    """A title just before the name run: 'trial counsel Jane Roe', 'senator Jane Roe'."""
    before = proper[:len(proper) - len(run)]
    return bool(before) and _is_title(before[-1], lex)


def _is_title(word: Word, lex) -> bool:
    return is_title(word.text, lex, word.lemma)


def is_title(token: str, lex, lemma: str = "") -> bool:
    """A role noun or honorific ('senator', 'Sen.', 'counsel', 'Mr.')."""
    lower = token.lower()
    return lower in lex.role_nouns or lower.rstrip(".") in lex.role_nouns or \
        lemma.lower() in lex.role_nouns or \
        (token[:1].isupper() and lower.replace(".", "") in lex.name_titles - _REGNAL
         # "Sgt.", "Sir"; an abbreviation needs its dot ("Gen Nakatani" is a first name)
         and (token.endswith(".") or len(token) > 3 or lower == "sir"))


# Titles that are part of the name a person goes by ("Pope Francis", "Prince Harry")
_REGNAL = frozenset({"pope", "king", "queen", "prince", "princess"})


# What follows a surname without being one: "Brent Bozell III", "Robert F. Kennedy Jr."
GENERATIONAL = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def acronym(token: str) -> bool:
    """'FBI', 'CNN', 'NATO' (not 'U.S.' or 'I', nor the 'III' of a name)."""
    return len(token) >= 2 and token.isalpha() and token.isupper() and \
        token.lower() not in GENERATIONAL


def surname(name: str) -> str:
    """The last word of a person's name that is not a generational suffix: 'Bozell' of
    'Brent Bozell III', 'Kennedy' of 'Robert F. Kennedy Jr.'."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1].lower() in GENERATIONAL:
        words.pop()
    return words[-1] if words else ""


def is_proper(word: Word) -> bool:
    if word.id == 1 and (_common(word) or word.upos in _FUNCTION_TAGS):
        return False          # "Officials said", "Figures released Tuesday show", "Some say"
    # a lower-case word is no name, whatever its tag ("Florida delegate/PROPN John Archer")
    return word.text[:1].isupper() or word.text.startswith("al-") or \
        (word.upos == "PROPN" and (not word.text[:1].islower() or _particle(word.text)))


# A capital that only opens the sentence, on a word the tagger calls none of a name's parts:
# "That suggests", "So says", "Another said" (not ADJ or NUM: "Big Machine", "One Direction")
_FUNCTION_TAGS = frozenset({"PRON", "DET", "ADV", "SCONJ", "CCONJ", "ADP", "AUX", "PART", "INTJ"})


def _common(word: Word) -> bool:
    lex = lexicons.load()
    lower, lemma = word.text.lower(), word.lemma.lower()
    # The tagger may take a capitalised first word for a plural name ("Polls/NNPS show"): its
    # singular is looked up too, and a plural role noun is a group ("Ministers said").
    one = singular(lower)
    if one != lower and one in lex.role_nouns:
        return True
    return any(x in vocab for x in (lower, lemma, one) for vocab in (
        lex.anonymous_nouns, lex.document_nouns, lex.pronouns, GROUP_WORDS, lex.dropped_determiners))


def singular(lower: str) -> str:
    """A plain English plural's singular ('polls', 'studies', 'ministers'); else the word."""
    if len(lower) > 4 and lower.endswith("ies"):
        return lower[:-3] + "y"
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return lower


# Lower-case words inside personal names ("bin", "van der", "al-"); coreference's name runs use
# the same list.
NAME_PARTICLES = frozenset({"bin", "ibn", "al", "el", "de", "van", "von", "da", "di", "le", "du", "del",
                        "la", "der"})


def _particle(token: str) -> bool:
    return token in NAME_PARTICLES or token.startswith(("al-", "el-"))


def name_token(token: str) -> bool:
    return token[:1].isupper() or _particle(token)


def strip_titles(words: list[Word], lex) -> list[Word]:
    """'Iraqi Prime Minister Mohammed Shia al-Sudani' -> the words after the last title word."""
    last_title = -1
    for i, w in enumerate(words[:-1]):
        if is_title(w.text, lex) or \
                lex.abbreviations.get(w.text.lower()) in lex.role_nouns:   # "Rep.": representative
            last_title = i
    return words[last_title + 1:]


def family_named(text: str, head: Word) -> bool:
    """'the Khans' where the article writes a first name or title before 'Khan'."""
    one = head.lemma if head.lemma.lower() != head.text.lower() else head.text.rstrip("s")
    before = r"\b(?!(?:The|A|An|This|That)\b)[A-Z][\w.'\u2019-]* "
    return bool(re.search(before + re.escape(one) + r"\b", text))


def role_as_verb(word: Word, following: Word | None) -> bool:
    """'Raptors coach/VERB Nick Nurse': a role noun the tagger took for a verb, before a name."""
    return word.upos == "VERB" and word.text.lower() in lexicons.load().role_nouns and \
        following is not None and following.text[:1].isupper()


def spelled_as_a_brand(name: str) -> bool:
    """'BuzzFeed', 'ProPublica', 'GunBroker.com': a capital inside one word (not after a
    surname prefix: 'McConnell', 'DeSantis', 'LeBron') or a web address is a body's name."""
    if name.lower().endswith((".com", ".org", ".net")):
        return True
    return " " not in name and bool(re.search(r"[a-z][A-Z]", name)) and \
        not re.match(r"(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von)[A-Z]", name)


def after_a_name_word(text: str, name: str) -> bool:
    """Whether the text writes `name` after a capitalised word anywhere ("Michelle Fields" for
    "Fields", "Jane Roe" for "Roe"): someone bears it as a surname, or it ends a longer name."""
    return re.search(rf"\b[A-Z][\w.'\u2019-]* {re.escape(name)}\b", text) is not None


def titled_body_end(core: list[Word], head_index: int, entities) -> int | None:
    """'Doctors Without Borders', 'Americans for Prosperity', 'Mothers Against Drunk Driving':
    a capitalised plural, then a preposition that title case keeps inside a name ("for", or any
    capitalised one) and capitalised words: the name of a body, not the people its plural
    names. The index in `core` after the name, else None. 'Democrats in Congress', 'officials
    at the Pentagon', 'residents of New York' are people (their prepositions place them), and
    so are 'Attorneys for Clinton', 'Executives for Mondelez': "for" a named entity is whom
    they work for."""
    head = core[head_index]
    if not head.text[:1].isupper() or head.xpos not in ("NNS", "NNPS") or \
            head_index + 2 >= len(core):
        return None
    preposition = core[head_index + 1]
    if preposition.upos != "ADP" or not (preposition.text == "for" or
                                         preposition.text[:1].isupper()):
        return None
    start = head_index + 2 + (core[head_index + 2].text.lower() == "the")
    end = start
    while end < len(core) and (core[end].text[:1].isupper() or (
            core[end].text in ("of", "and", "the", "&") and end + 1 < len(core)
            and core[end + 1].text[:1].isupper())):
        end += 1
    if end == start or (preposition.text == "for" and (
            head.lemma.lower() in lexicons.load().role_nouns or
            any(core[start].start <= e.start < core[end - 1].end for e in entities))):
        return None
    return end
