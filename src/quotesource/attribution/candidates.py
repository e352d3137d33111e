"""Which sentences the attribution stages read a dependency parse of.

The dependency parse is half of Stanza's time (issue 12's profile: depparse 52 %), and most
sentences of a news article report nothing. Attribution reads the parse only where find_cues
can find a cue (`cues.could_be_cue`: a reporting verb's form or lemma, "according to") and
where a non-response phrase stands ("did not respond to requests for comment"); everywhere
else it reads words, tags and lemmas, which every sentence gets. Coreference also wants to know
which names are subjects in every sentence: `shallow_subjects` marks them from the tags where
no parse was made.
"""
from __future__ import annotations

from ..nlp import Sentence
from .cues import could_be_cue
from .disclosures import non_response_spans


def needs_parse(text: str, sentence: Sentence) -> bool:
    """True where find_cues or find_non_responses could find something: a superset of the
    sentences whose parse they read, so leaving the others unparsed changes none of their
    results."""
    words = sentence.words
    return any(could_be_cue(words, i) for i in range(len(words))) or \
        bool(non_response_spans(text, sentence.start, sentence.end))


# Words after which a new clause (and so a new subject) may start.
_CLAUSE_BREAKS = {",", ";", ":", "--", "\u2014", "(", ")", '"', "\u201c", "\u201d", "and", "but",
                  "that", "because", "while", "when", "although", "though", "after", "before",
                  "since", "as", "if", "so", "whether", "unless", "where", "who", "which", "whom"}
_NOMINAL = {"DET", "ADJ", "PROPN", "NOUN", "NUM", "PRON"}
_APPOSITION_WORDS = 30      # ", the former governor of Texas," between a subject and its verb


def shallow_subjects(sentence: Sentence) -> set[int]:
    """Ids of the words of noun phrases that open a clause and stand right before its verb
    ("Roe, a former official, later said ...": Roe), read from tags alone."""
    words, found, i = sentence.words, set(), 0
    while i < len(words):
        if (i and words[i - 1].text.lower() not in _CLAUSE_BREAKS) or \
                words[i].text.lower() in _CLAUSE_BREAKS:
            i += 1
            continue
        j = i
        while j < len(words) and (words[j].upos in _NOMINAL or words[j].xpos == "POS" or (
                words[j].text in ("of", "and") and j > i and words[j - 1].upos == "PROPN"
                and j + 1 < len(words) and words[j + 1].upos in ("PROPN", "PRON"))):
            j += 1
        if j == i:
            i += 1
            continue
        head_end = j          # the subject proper; prepositional phrases after it are skipped
        while j + 1 < len(words) and words[j].upos == "ADP" and words[j + 1].upos in _NOMINAL \
                and words[j].text.lower() not in _CLAUSE_BREAKS:   # "Roe's tone in the talks was"
            j += 1
            while j < len(words) and (words[j].upos in _NOMINAL or words[j].xpos == "POS"):
                j += 1
        k = j
        if k < len(words) and words[k].text in (",", "("):   # an apposition, a relative clause
            close = next((m for m in range(k + 1, min(len(words), k + 2 + _APPOSITION_WORDS))
                          if words[m].text in (",", ")") and _verb_follows(words, m + 1)), None)
            k = close + 1 if close is not None else k
        if _verb_follows(words, k):
            found.update(w.id for w in words[i:head_end])
        i = j
    return found


def _verb_follows(words, k: int) -> bool:
    while k < len(words) and words[k].upos == "ADV":
        k += 1
    return k < len(words) and words[k].upos in ("VERB", "AUX")
