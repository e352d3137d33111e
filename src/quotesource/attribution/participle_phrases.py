"""Speakers that a past participle hides: the parser makes the participle the sentence's verb
and the cue its dependent ("A poll released Saturday found ...", "The lawsuit, filed in federal
court, alleges ..."), or the participle the cue's content ("An official involved in the talks
said"), so the cue's subject is missing or wrong. speakers.py asks these first."""
from __future__ import annotations

from .. import lexicons
from .cues import Cue
from .speaker_phrases import noun_phrase_before
from .tree import Tree


def released_then(tree: Tree, cue: Cue, quotes) -> tuple[int, int] | None:
    """'A poll released Saturday found ...', 'The report, published Tuesday, said ...': the
    parser makes the participle the main verb and the day the cue's subject; the speaker is
    the noun phrase before the participle, with it and its time."""
    word = tree.sentence.word
    time_words = lexicons.load().time_words
    wid = cue.first - 1
    if wid > 1 and word(wid).text == ",":
        wid -= 1
    end_of_time = wid
    while wid > 1 and (word(wid).text.lower() in time_words or
                       word(wid).text.lower() in _TIME_LINKS):
        wid -= 1
    if wid == end_of_time or word(wid + 1).text.lower() in _TIME_LINKS or \
            word(wid).xpos not in ("VBN", "VBD") or word(wid).upos != "VERB":
        return None
    before = wid - 1 if wid > 2 and word(wid - 1).text == "," else wid
    phrase = noun_phrase_before(tree, before, quotes)
    if phrase is None or word(phrase[1]).upos not in ("NOUN", "PROPN"):
        return None
    return tree.trimmed(phrase[0], end_of_time)


_TIME_LINKS = {"on", "last", "this", "earlier", "late", "early", "next"}


def participle_aside(tree: Tree, cue: Cue, quotes) -> tuple[int, int] | None:
    """'The lawsuit, filed in federal court in Detroit, alleges ...': an aside a past
    participle opens between commas, right before the cue; the parser makes the participle
    the main verb and the cue its conjunct. The speaker is the noun phrase before the aside,
    with it."""
    word = tree.sentence.word
    close = cue.first - 1
    if close < 4 or word(close).text != ",":
        return None
    opening = next((i for i in range(close - 1, max(1, close - _MAX_ASIDE) - 1, -1)
                    if word(i).text == ","), None)
    if opening is None or opening < 2:
        return None
    participle = word(opening + 1)
    if word(cue.first).xpos == "VBG" or participle.upos != "VERB" or \
            participle.xpos not in ("VBN", "VBD") or word(opening + 2).upos != "ADP" or any(
            word(i).upos in ("VERB", "AUX") and word(i).xpos not in ("VBN", "VBG")
            for i in range(opening + 2, close)):
        return None       # (", endorsed Cruz last week, saying": a predicate, not an aside)
    phrase = noun_phrase_before(tree, opening, quotes)
    if phrase is None or phrase[1] != opening - 1 or word(phrase[1]).upos not in ("NOUN", "PROPN") \
            or (phrase[0] > 1 and word(phrase[0] - 1).upos == "ADP"):
        return None       # ("A projection by | the firm X, prepared for Y, shows")
    return tree.trimmed(phrase[0], close - 1)


_MAX_ASIDE = 12


def participle_phrase_before(tree: Tree, cue: Cue, quotes) -> tuple[int, int] | None:
    """'An official involved in the talks said ...', 'A woman injured in the blast said ...': a
    past participle right after a noun, with the phrases it governs, right before the cue; the
    parser makes the participle the cue's content ("injured/ccomp ... said/root"), so the noun
    phrase before the cue ("the talks", "the blast") looked like the speaker. The speaker is the
    noun with all of it. Only a finite cue: not "-ing" ("Trump appealed to voters saying") or
    "to" ("X reached for a metaphor to describe"), whose subject is the sentence's; nor one with
    a subject of its own. (Where the parser makes the participle the main verb and the cue its
    clause, "A memo sent/root to employees said/ccomp", the same reading was tried and dropped:
    docs/accuracy.md.)"""
    word = tree.sentence.word
    verb = word(cue.first)
    if verb.xpos not in _FINITE or tree.subject(verb) is not None or cue.first < 4:
        return None
    participle = next((w for w in reversed(tree.words[:cue.first - 1])
                       if w.upos not in _PHRASE_WORDS), None)
    if participle is None or participle.upos != "VERB" or \
            participle.xpos not in ("VBN", "VBD") or participle.id < 2 or \
            participle.head != verb.id or word(participle.id + 1).upos != "ADP":
        return None
    phrase = noun_phrase_before(tree, participle.id, quotes)
    if phrase is None or phrase[1] != participle.id - 1 or not (
            word(phrase[1]).upos in ("NOUN", "PROPN") or (      # "An official/ADJ involved"
                word(phrase[1]).upos == "ADJ" and phrase[0] == phrase[1] - 1
                and word(phrase[0]).upos == "DET")):
        return None
    return tree.trimmed(phrase[0], cue.first - 1)


# what the participle's phrases hold between it and the cue ("in the talks", "by the city's
# own auditors", "on Monday"): no verb, no comma, no conjunction
_PHRASE_WORDS = {"ADP", "DET", "NOUN", "PROPN", "ADJ", "NUM", "PART", "ADV"}
_FINITE = {"VBD", "VBZ", "VBP"}
