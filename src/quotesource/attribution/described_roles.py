"""The roles an article gives a named person beside the name, wherever it does so: 'Jane Roe, a
spokeswoman for the city,', 'city spokeswoman Jane Roe', 'Jane Roe is a spokeswoman for the
city'. A later "the spokeswoman said" is then that person (coreference.py, `_described`);
before, only a role written in a speaker's own mention, or a capitalised title, counted, so a
person introduced in a sentence that reports nothing left "the spokeswoman" anonymous."""
from __future__ import annotations

import re

# ", a spokeswoman for the city,", ", the company's chief executive.": the words of an
# apposition up to its first preposition, relative or conjunction
_APPOSED = re.compile(r",\s+(?:a|an|the)\s+([^,.;:()\"\u201c\u201d]{1,60})")
# "Jane Roe is a spokeswoman", "Roe, who is the agency's director"
_COPULA = re.compile(r"\s*,?\s+(?:who\s+)?(?:is|was|serves as|served as)\s+(?:a|an|the)\s+"
                     r"([^,.;:()\"\u201c\u201d]{1,60})")
# "city spokeswoman Jane Roe": lower-case words right before the name
_BEFORE = re.compile(r"((?:[a-z][a-z-]*\s+){1,3})$")
_ENDS = {"for", "of", "at", "in", "on", "with", "from", "to", "who", "that", "which", "and", "but",
         "or", "said", "says", "told"}


def described_roles(text: str, start: int, end: int, role_words: frozenset[str]) -> set[str]:
    """The role words (among `role_words`) the text gives the name at text[start:end]: in an
    apposition or a copula right after it, or lower-case right before it. A possessive is
    someone else's role ("Jane Roe, the mayor's spokeswoman": not the mayor)."""
    found: set[str] = set()
    after = text[end:end + 80]
    for pattern in (_APPOSED, _COPULA):
        match = pattern.match(after)
        if match:
            found |= _role_words(match.group(1).split(), role_words)
    before = _BEFORE.search(text[max(0, start - 40):start])
    if before:          # read back from the name, role words only: "city | spokeswoman Jane
        for word in before.group(1).split()[::-1]:      # Roe"; not "source inside the | Rukban"
            if word not in role_words:
                break
            found.add(word)
    return found


def _role_words(words: list[str], role_words: frozenset[str]) -> set[str]:
    kept = set()
    for word in words:
        lower = word.lower()
        if lower in _ENDS:
            break
        if lower in role_words and not re.search(r"['\u2019]s?$", word):
            kept.add(lower)
    return kept
