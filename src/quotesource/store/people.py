"""People and organizations across the corpus: the named sources of all articles, their forms
joined into one row each.

Within an article, coreference already gives each source one canonical name ("Mr. Trump" and
"he" -> "Donald Trump"). Across articles the same person still comes in several forms: a full
name with or without a middle name or initial, a surname alone where an article never gave the
full name, a title before it. `resolve(forms)` joins them:

- a full form is keyed by its first name and surname, titles and middle names dropped
  ("Sen. Ted Cruz" -> ted cruz, "Hillary Rodham Clinton" -> hillary clinton);
  a suffix stays part of the surname, so "Donald Trump Jr." is not "Donald Trump";
- a one-word form (surname only, or titled: "Mr. Obama") joins the full name that holds
  DOMINANT_SHARE of the articles giving that surname in full; when several share it ("Bill
  Clinton", "Hillary Clinton") it stays apart, and so does a word that is no full name's surname;
- organizations are keyed by their name without case, punctuation or a leading "the".

Titles are the role nouns of `lexicons/role_nouns.txt` plus `lexicons/name_titles.txt`. No
name library is needed: the names arrive already cut to the name by sources.py, and the rules
above are what decides a join (nameparser would only split the same tokens).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from .. import lexicons
from ..attribution.name_words import GENERATIONAL

PERSON, ORGANIZATION = "person", "organization"
KINDS = {"named_person": PERSON, "named_organization": ORGANIZATION}


@cache
def _titles() -> frozenset[str]:
    return lexicons.load().role_nouns | lexicons.load().name_titles


def fold(word: str) -> str:
    """Casefolded, accents and dots removed: "Sánchez" -> "sanchez", "U.S." -> "us"."""
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in word if not unicodedata.combining(ch) and ch not in ".,")


def person_parts(name: str) -> list[str]:
    """The folded words of a person's name, titles and a possessive dropped, a suffix joined to
    the surname: "Sen. Ted Cruz's" -> ["ted", "cruz"]; "Donald Trump Jr." -> ["donald", "trump jr"]."""
    words = re.sub(r"['\u2019]s$", "", name.strip()).split()
    while len(words) > 1 and fold(words[0]) in _titles():
        words = words[1:]
    parts = [fold(w) for w in words if fold(w)]
    if len(parts) > 2 and parts[-1] in GENERATIONAL:
        parts[-2:] = [f"{parts[-2]} {parts[-1]}"]
    return parts


def organization_key(name: str) -> str:
    words = [fold(w) for w in re.sub(r"['\u2019]s$", "", name.strip()).split()]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(w for w in words if w)


@dataclass
class Person:
    """One row of `people`: the key its forms share, and the forms (source names) joined."""
    kind: str
    key: str
    forms: Counter = field(default_factory=Counter)

    @property
    def name(self) -> str:
        """The most frequent of the longest-keyed forms: a full name over a surname."""
        return max(self.forms, key=lambda f: (len(person_parts(f)) > 1 if self.kind == PERSON
                                              else True, self.forms[f], len(f), f))

    def named_in(self, mention: str | None) -> bool:
        """Whether a speaker mention names this source ("Trump said", "the White House said")
        rather than describing it ("he", "the Republican nominee", "the administration")."""
        if not mention:
            return False
        if self.kind == ORGANIZATION:
            return f" {self.key} " in f" {organization_key(mention)} "
        words = {fold(w) for w in re.sub(r"['\u2019]s\b", "", mention).split()}
        return any(person_parts(form)[-1].split()[0] in words for form in self.forms
                   if person_parts(form))


# A bare surname joins a full name holding at least this share of the articles that give
# someone of that surname in full: a one-off "Melania Trump" leaves "Trump" to Donald Trump,
# while Hillary and Bill Clinton (about 94 : 6 in PolNeAR) or Jeb and George W. Bush keep
# "Clinton" and "Bush" apart.
DOMINANT_SHARE = 0.95


def resolve(forms: Counter) -> dict[tuple[str, str], Person]:
    """{(source_type, name): Person} for every (source_type, name) form counted in `forms`
    (counts: in how many articles the form names a source)."""
    people: dict[tuple[str, str], Person] = {}
    by_form: dict[tuple[str, str], Person] = {}

    def person(kind: str, key: str) -> Person:
        return people.setdefault((kind, key), Person(kind, key))

    fulls, singles = {}, []
    for (source_type, name), count in forms.items():
        kind = KINDS.get(source_type)
        if kind == ORGANIZATION:
            by_form[source_type, name] = person(kind, organization_key(name) or fold(name))
        elif kind == PERSON:
            parts = person_parts(name)
            if len(parts) >= 2:
                fulls[source_type, name] = parts
            else:
                singles.append((source_type, name, parts[0] if parts else fold(name)))
    keys = _full_keys(fulls, forms)
    articles: dict[str, Counter] = defaultdict(Counter)    # surname -> articles by full key
    for form, key in keys.items():
        by_form[form] = person(PERSON, key)
        articles[fulls[form][-1]][key] += forms[form]
    for source_type, name, word in singles:
        ranked = articles.get(word, Counter()).most_common(1)
        share = ranked[0][1] / sum(articles[word].values()) if ranked else 0
        key = ranked[0][0] if share >= DOMINANT_SHARE else word
        by_form[source_type, name] = person(PERSON, key)
    for form, who in by_form.items():
        who.forms[form[1]] += forms[form]
    return by_form


def _full_keys(fulls: dict, forms: Counter) -> dict:
    """A key per full form: "first surname", middle names dropped, unless two forms of that
    key disagree on them (George W. and George H.W. Bush). Words before a known first name
    of the surname are dropped too: "Republican Donald Trump", "Vermont Sen. Bernie Sanders"
    join the most frequent "first surname" whose first name they contain."""
    plain = Counter()
    for form, parts in fulls.items():
        plain[parts[0], parts[-1]] += forms[form]
    middles = defaultdict(set)
    keys = {}
    for form, parts in fulls.items():
        candidates = [(plain[first, parts[-1]], first) for first in parts[:-1]
                      if (first, parts[-1]) in plain]
        first = max(candidates)[1]            # its own first word is always a candidate
        keys[form] = (first, parts[parts.index(first) + 1:-1], parts[-1])
        if keys[form][1]:
            middles[first, parts[-1]].add(" ".join(keys[form][1]))
    return {form: " ".join([first, *(middle if len(middles[first, last]) > 1 else []), last])
            for form, (first, middle, last) in keys.items()}
