"""Speakers at a clause's edge, read from the words around the cue whatever the parser made of
them: the phrase between the last comma and a sentence-final cue ("..., former rival says.",
"..., a person familiar with the matter said.") and the words of "As The Washington Post
reported, ...". speakers.py asks these before the dependency subject."""
from __future__ import annotations

from .. import lexicons
from .cues import Cue
from .speaker_phrases import RELATIVE
from .tree import Tree


def comma_speaker_at_end(tree: Tree, cue: Cue) -> tuple[int, int] | None:
    """'..., former rival says.': a short phrase between the last comma and a sentence-final
    cue is the speaker, whatever the tagger made of it."""
    words = tree.words
    end = cue.last
    times = lexicons.load().time_words
    while end < len(words) and (words[end].text.lower() in times or (    # "said on Monday."
            words[end].text.lower() == "on" and end + 1 < len(words)
            and words[end + 1].text.lower() in times)):
        end += 1
    if end < len(words) and words[end].upos != "PUNCT":
        return None
    comma = next((w.id for w in reversed(words[:cue.first - 1]) if w.text == ","), None)
    if comma is None:
        return None
    phrase = words[comma:cue.first - 1]
    if not phrase or phrase[0].upos == "CCONJ" or any(
            w.upos in ("AUX", "SCONJ", "PUNCT") or w.text.lower() in RELATIVE or (
                w.upos == "VERB" and not _reduced_relative_in(phrase, w)) for w in phrase):
        return None       # (", but the mayor said", ", who Beck on Wednesday called")
    if not any(w.upos in ("ADP", "VERB") for w in phrase):
        return (comma + 1, cue.first - 1) if len(phrase) <= _MAX_END_SPEAKER else None
    # "..., a person familiar with/briefed on the matter said.": a noun first, then its phrase,
    # and a finite cue that ends the sentence (after ", saying" or "said, because ..." the
    # content is not all before the phrase)
    if phrase[0].upos == "ADP" or len(phrase) > _MAX_END_SPEAKER_WITH_PHRASE or \
            not any(w.upos in ("NOUN", "PROPN", "PRON") for w in phrase[:3]) or \
            words[cue.first - 1].xpos == "VBG" or \
            (end < len(words) and words[end].text not in (".", "!", "?")):
        return None
    return comma + 1, cue.first - 1


def _reduced_relative_in(phrase, verb) -> bool:
    """'a person briefed/VBN on the matter': a past participle right after a noun, then a
    preposition (the tagger's VBD too: before a final cue it cannot be the clause's verb)."""
    at = phrase.index(verb)
    return verb.xpos in ("VBN", "VBD") and 0 < at < len(phrase) - 1 and \
        phrase[at - 1].upos in ("NOUN", "PROPN") and phrase[at + 1].upos == "ADP"


_MAX_END_SPEAKER = 5
_MAX_END_SPEAKER_WITH_PHRASE = 10


def as_clause(tree: Tree, cue: Cue) -> tuple[int, int] | None:
    """'As The Washington Post reported, ...', 'As NBC News and Bloomberg have reported, ...':
    the words between 'As' and the cue (and its auxiliaries)."""
    words = tree.words
    if cue.first < 3 or cue.last >= len(words) or words[cue.last].text != ",":
        return None
    start = next((w.id for w in words[:3] if w.text.lower() == "as"), None)
    end = cue.first - 1
    while start is not None and end > start + 1 and words[end - 1].upos == "AUX":
        end -= 1
    if start is None or end <= start or \
            any(w.upos in ("VERB", "AUX", "PUNCT") for w in words[start:end]):
        return None
    return tree.trimmed(start + 1, end)
