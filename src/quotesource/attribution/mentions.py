"""The record of a speaker mention analysed (sources.py fills it), and the small readings of its
words that the typing of a mention and coreference share: how the words are written, whether
they are definite, which gender a noun or pronoun gives, the parts of a name joined by "and".
"""
from __future__ import annotations

from dataclasses import dataclass

from ..nlp import Word

POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}


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


PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


def noun_gender(noun: str) -> str | None:
    """'f' or 'm' where a noun for a person says it ('spokeswoman', 'mother'), else None."""
    if noun.endswith(("woman", "women")) or noun in ("mother", "wife", "daughter", "sister"):
        return "f"
    if noun.endswith(("man", "men")) or noun in ("father", "husband", "son", "brother"):
        return "m"
    return None


def indefinite(core: list[Word]) -> bool:
    return core[0].text.lower() in ("a", "an", "one", "another")


def definite(core: list[Word]) -> bool:
    first = core[0].text.lower()
    return first in ("the", "this", "that") or first in PRONOUN_GENDER or \
        any(w.text in POSSESSIVE for w in core[1:-1])


def expand_aliases(text, words, head, lex) -> str:
    """'the U.S. and Iraq' -> 'United States and Iraq'; 'U.S. officials' stays as written."""
    parts = conjuncts(words, before=head.id + 1)
    named = []
    for part in parts:
        written = join(text, part)
        named.append(lex.aliases.get(written, written))
    return " and ".join(p for p in named if p)


def conjuncts(words: list[Word], before: int | None = None) -> list[list[Word]]:
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
