"""Stage 1: cues, the words that report speech ("said", "confirmed", "according to")."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from .. import lexicons
from ..nlp import Word
from .quotes import Quote
from .tree import Tree

# Reporting verbs whose tag the compact tagger sometimes gets wrong: trust the form.
_FORMS = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "added": "add",
          "stated": "state", "noted": "note", "wrote": "write", "say": "say"}
# Forms that are also common nouns: read as nouns after a determiner ("have a say in ...").
_NOUN_FORMS = {"say"}


# Forms far more often nouns than verbs: "Rust Belt states that have suffered"
_NOUNS = {"states"}

# "showed up", "added up", "found out": phrasal verbs that report nothing
_PARTICLES = {"up", "out", "off"}


@dataclass
class Cue:
    first: int           # word ids in the sentence (inclusive)
    last: int
    lemma: str           # "say", "according to"
    cls: str             # "speech" or "belief"
    content: str         # "clause" or "object" (see lexicons/reporting_verbs.tsv)

    @property
    def according(self) -> bool:
        return self.lemma == "according to"


def inside_quote(offset: int, quotes: list[Quote]) -> bool:
    return any(q.open <= offset < q.outer_end for q in quotes)


def could_be_cue(words: list[Word], i: int) -> bool:
    """The part of find_cues that needs no parse: "according to", or a reporting verb's form or
    lemma. find_cues accepts a cue only where this is true (candidates.py relies on that)."""
    following = words[i + 1] if i + 1 < len(words) else None
    return _according_to(words, i) or _phrasal(words[i], following) is not None or \
        _verb_lemma(words[i], following) in lexicons.load().reporting_verbs


def _phrasal(word: Word, following: Word | None) -> str | None:
    """'pointed out', 'shot back': a reporting verb of two words, the lemma of the first and
    the particle written after it (lexicons/reporting_verbs.tsv)."""
    if following is None or word.upos != "VERB" or (
            following.upos not in ("ADP", "ADV", "PART") and following.text.lower() != "it"):
        return None       # ("as one resident put it, '...'")
    phrasal = f"{word.lemma.lower()} {following.text.lower()}"
    return phrasal if phrasal in lexicons.load().reporting_verbs else None


def _according_to(words: list[Word], i: int) -> bool:
    return words[i].text.lower() == "according" and i + 1 < len(words) \
        and words[i + 1].text.lower() == "to"


def find_cues(tree: Tree, quotes: list[Quote]) -> list[Cue]:
    """Cue candidates in one sentence, outside quotations, in order."""
    verbs = lexicons.load().reporting_verbs
    found = []
    words = tree.words
    for i, word in enumerate(words):
        if inside_quote(word.start, quotes):
            continue
        lower = word.text.lower()
        if _according_to(words, i):
            found.append(Cue(word.id, words[i + 1].id, "according to", "speech", "clause"))
            continue
        following = words[i + 1] if i + 1 < len(words) else None
        previous = words[i - 1] if i else None
        if previous is not None and previous.text == "-" and previous.end == word.start:
            continue      # "the self-proclaimed outsider", "self-described": one adjective
        phrasal = _phrasal(word, following)
        if phrasal is not None and not _modifier(word, previous, following):
            verb = verbs[phrasal]
            found.append(Cue(word.id, following.id, phrasal, verb.cls, verb.content))
            continue
        lemma = _verb_lemma(word, following)
        noun_use = _noun_use(previous) if word.upos != "VERB" and (
            lower not in _FORMS or lower in _NOUN_FORMS) else _modifier(word, previous, following)
        if lemma in verbs and not noun_use and not _idiom(previous, word, following) and \
                not _amount_added(lemma, following) and \
                not _reduced_relative(word, previous, words) and \
                (following is None or following.text.lower() not in _PARTICLES):
            verb = verbs[lemma]
            found.append(Cue(word.id, word.id, lemma, verb.cls, verb.content))
    return found


@functools.cache
def _inflected_forms() -> dict[str, str]:
    """'insists', 'claimed', 'denies' -> lemma, for every reporting verb (regular inflection)."""
    forms = {}
    for lemma in lexicons.load().reporting_verbs:
        stem = lemma[:-1] + "i" if lemma.endswith("y") and lemma[-2:-1] not in "aeiou" else lemma
        es = "es" if lemma.endswith(("s", "sh", "ch", "x", "z")) or stem != lemma else "s"
        past = stem + ("d" if lemma.endswith("e") else "ed")
        for form in (lemma, stem + es, past):
            forms.setdefault(form, lemma)
    return forms


def _idiom(previous: Word | None, word: Word, following: Word | None) -> bool:
    """'That said, ...', 'Having said that, ...': a discourse marker, not a report."""
    lower = word.text.lower()
    if lower == "said" and previous is not None and previous.id == 1 \
            and previous.text.lower() == "that" and following is not None and following.text == ",":
        return True
    return lower == "said" and previous is not None and previous.text.lower() == "having" \
        and following is not None and following.text.lower() == "that"


def _amount_added(lemma: str | None, following: Word | None) -> bool:
    """'Shares added $1.60', 'the index added 3 points': an amount added is arithmetic, not
    speech ('added that ...', '"...," he added' are)."""
    return lemma == "add" and following is not None and (
        following.upos == "NUM" or following.text in ("$", "\u20ac", "\u00a3", "%"))


def _noun_use(previous: Word | None) -> bool:
    """'the claims that ...', 'Trump's claims that': a noun; 'the suit/ADJ claims that': a verb;
    'some say', 'many say': a determiner standing for its noun, then a verb."""
    if previous is not None and previous.text.lower() in lexicons.load().group_words:
        return False
    return previous is None or previous.upos in ("DET", "ADP") or previous.xpos == "PRP$" \
        or previous.text.lower() in ("'s", "\u2019s")


def _modifier(word: Word, previous: Word | None, following: Word | None = None) -> bool:
    """'the proposed plan', 'a confirmed case': a participle used as an adjective.

    Only before something it could modify: 'the 43-year-old/ADJ asked in ...' is a verb."""
    if following is None or following.upos not in ("NOUN", "PROPN", "ADJ", "NUM"):
        return False
    if previous is not None and previous.upos == "ADJ" and word.text.lower() in _FORMS:
        return False      # "the 34-year-old/ADJ told police": "said", "told" modify nothing
    if previous is not None and previous.upos in ("DET", "ADJ"):
        return True
    if previous is not None and previous.text == "," and word.xpos == "VBG":
        return False      # ", saying ...": a participle clause, whatever the parser hung it on
    return word.deprel == "amod" and previous is not None and previous.upos not in ("PROPN", "PRON") \
        and word.text.lower() not in _FORMS          # "union officials told/amod POLITICO"


def _reduced_relative(word: Word, previous: Word | None, words: list[Word]) -> bool:
    """'a third judgeship added/acl to it', 'The report, written by X, was released': a past
    participle right after the noun it modifies (or the comma after it) says what was done to
    that noun; the noun is not a speaker, the sentence's verb not its content."""
    if word.xpos != "VBN" or word.deprel.split(":")[0] != "acl" or previous is None:
        return False
    if previous.text == ",":             # set off by commas, the participle's agent says so
        return word.head == previous.id - 1 and any(
            w.head == word.id and w.deprel == "obl:agent" for w in words)
    return previous.upos == "NOUN" and word.head == previous.id


def participle_comma(sentence, cue: Cue) -> int | None:
    """The id of the comma that opens a participle clause cue (', adding that ...', ',
    repeatedly calling for ...': adverbs may stand between), else None."""
    if sentence.word(cue.first).xpos != "VBG":
        return None
    comma = cue.first - 1
    while comma > 1 and sentence.word(comma).upos == "ADV":
        comma -= 1
    return comma if comma >= 1 and sentence.word(comma).text == "," else None


def is_speech_verb(word: Word) -> bool:
    """A verb the tagger tagged as one whose lemma is a speech verb ("said", "adding")."""
    entry = lexicons.load().reporting_verbs.get(word.lemma.lower())
    return word.upos == "VERB" and entry is not None and entry.cls == "speech"


def _verb_lemma(word: Word, following: Word | None = None) -> str | None:
    lower = word.text.lower()
    if lower in _FORMS:
        return _FORMS[lower]
    if word.upos != "VERB":
        # "Blocher insists/NOUN that ...": a reporting verb's form right before "that".
        if following is not None and following.text.lower() == "that" and lower not in _NOUNS:
            return _inflected_forms().get(lower)
        return None
    # The compact lemmatizer misses some forms ("conceded" -> "conced"): the inflection decides.
    lemma = word.lemma.lower()
    return lemma if lemma in lexicons.load().reporting_verbs else _inflected_forms().get(lower, lemma)
