"""Stage 2: the speaker mention of a cue, as a word range of its sentence.

Surface patterns come first, because the compact parser often misattaches a cue: the phrase
between a quote and its cue ('"...," the economist Jared Bernstein wrote'), ", who said" (the
mention is "who", resolved to the phrase before it), ", saying ..." (the main clause's subject),
inverted "said X" and "according to X". Then the dependency subject, then the noun phrase right
before the cue. Those phrases, and the repair of a span, are speaker_phrases.py's.
"""
from __future__ import annotations

from .. import lexicons
from .cues import Cue, inside_quote, is_speech_verb, participle_comma
from .edge_speakers import as_clause, comma_speaker_at_end
from .noun_kinds import learned_noun_kind
from .participle_phrases import participle_aside, participle_phrase_before, released_then
from .name_words import role_as_verb
from .quotes import Quote
from .speaker_phrases import (ASIDE_ENDS, BOUNDARY, MAX_SPEAKER_WORDS, RELATIVE,
                              noun_phrase_after, noun_phrase_before, repair_span,
                              subject_phrase)
from .tree import SUBJECT_RELS, Tree

RECIPIENT_VERBS = {"tell", "ask", "warn", "assure", "inform", "remind", "urge", "notify"}
_NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X"}


def find_speaker(tree: Tree, cue: Cue, quotes: list[Quote]) -> tuple[int, int] | None:
    span = _find_speaker(tree, cue, quotes)
    if span is None:
        return None
    span = repair_span(tree, span, cue.first)
    if span is None:
        return None
    word = tree.sentence.word
    slip = word(cue.first - 1) if span[1] == cue.first - 2 else None
    if slip is not None and slip.upos == "VERB" and slip.text[:1].isupper() and \
            word(span[1]).text[:1].isupper() and word(cue.first).head == slip.id:
        span = span[0], slip.id     # "Human Rights Watch/VERB criticized": the name's last word
    words = [tree.sentence.word(i) for i in range(span[0], span[1] + 1)]
    time_words = lexicons.load().time_words
    nominal = [w for w in words if w.upos in _NOMINAL or (w.id > 1 and w.text[:1].isupper())
               or (w.upos == "ADJ" and w.id == span[1] and words[0].upos == "DET")  # the lawsuit/ADJ
               or (w.upos == "ADJ" and w.id == span[1] == cue.first - 1 and span[0] > 1
                   and tree.sentence.word(span[0] - 1).text == ",")       # ", analyst/ADJ says"
               or w.text.lower() in lexicons.load().group_words
               or (cue.according and w.id == cue.last + 1)     # "according to data/VERB"
               or (w.id == 1 == span[0] == span[1] and w.text[:1].isupper()
                   and w.upos not in ("ADP", "SCONJ", "CCONJ", "PART")      # "In asking ..."
                   and (cue.first == 2 or w.deprel in ("nsubj", "csubj")))]
    # (the last: a lone capitalised first word, the subject or right before the cue:
    # "Boreing/VERB said ...")
    if not nominal or all(w.text.lower() in time_words for w in nominal):
        return None       # "Wednesday said": a time word is never a speaker
    return span


def _find_speaker(tree: Tree, cue: Cue, quotes: list[Quote]) -> tuple[int, int] | None:
    if cue.according:
        # "according to a poll released ..."
        return noun_phrase_after(tree, cue.last, quotes, stop_at_verb=True)
    # Surface patterns first: they hold where the compact parser misattaches the cue.
    span = _between_quote_and_cue(tree, cue, quotes) or _relative_antecedent(tree, cue, quotes) \
        or _participle_subject(tree, cue, quotes) or as_clause(tree, cue) \
        or comma_speaker_at_end(tree, cue) or released_then(tree, cue, quotes) \
        or participle_aside(tree, cue, quotes) or participle_phrase_before(tree, cue, quotes)
    if span:
        return span
    verb = tree.sentence.word(cue.first)
    subject = tree.subject(verb)
    time_words = lexicons.load().time_words
    if subject is not None and subject.text.lower() in time_words:
        # "Dianne Feinstein (D-Calif.) last week said": the parser took the time for the subject
        subject = _other_subject_before(tree, verb, subject,
                                        lambda w: w.text.lower() not in time_words)
    if subject is not None and _in_parentheses(tree, subject):
        # "Sen. Bernie Sanders (I-Vt.) said": the parser made "I" of the party a second subject
        subject = _other_subject_before(tree, verb, subject,
                                        lambda w: not _in_parentheses(tree, w)) or subject
    if subject is None and cue.first > 2 and tree.sentence.word(cue.first - 1).xpos in ("VBN", "VBD") \
            and tree.sentence.word(cue.first - 2).text.lower() in lexicons.load().group_words:
        return cue.first - 2, cue.first - 1          # "those surveyed said"
    if subject is not None and subject.head != verb.id and _conj_after_phrase(tree, verb):
        subject = None    # the phrase before the cue speaks (noun_phrase_before, below)
    if subject is not None and subject.head != verb.id:
        subject = _earlier_speaker(tree, subject) or subject
    if subject is not None and subject.text.lower() in RELATIVE:
        if antecedent(tree, (subject.id, subject.id), quotes):
            return subject.id, subject.id      # "X, who said ...": resolved to X later
        subject = tree.head_of(tree.head_of(subject) or subject)
    # "..., told AFP": after a recipient verb the noun phrase is who was told, not who spoke.
    after = noun_phrase_after(tree, cue.last, quotes) \
        if _inverted(tree, cue) and cue.lemma not in RECIPIENT_VERBS else None
    if after and (_only_time_words(tree, after) or not any(
            tree.sentence.word(i).upos in _NOMINAL for i in range(after[0], after[1] + 1))):
        after = None      # "a Republican, said Tuesday that ...", "..., said the ''old model''"
    if after:
        return after      # "..., said Jane Doe, the mayor.": the surface phrase, apposition kept
    if subject is not None and subject.id > cue.last:
        subject = None    # a subject after the cue belongs to the content ("confirmed talks ...")
    relative = _relative_before_cue(tree, cue)
    named = relative and antecedent(tree, (relative, relative), quotes, restrictive=True)
    if not named:
        relative = None               # "Sen. Roe (D-Mo.), who ...": no phrase found before it
    if subject is not None and not inside_quote(subject.start, quotes):
        span = subject_phrase(tree, subject, quotes)
        span = span and (_name_after_relative(tree, span, cue) or span)
        if span:
            # "Roe, who made billions on X, told investors": X is in the relative clause;
            # "The deal is done, a person familiar with it, who ..., said": the subject the
            # parser found is the content's, before the phrase "who" stands for
            return _relative_span(tree, relative, quotes) if relative and (
                span[0] > relative or (_verb_between(tree, span[1], named[0]) and
                                       tree.sentence.word(relative).text.lower() == "who")) \
                else span
    if relative and not after:
        return _relative_span(tree, relative, quotes)
    # "Three people who attended the meeting described it": a relative clause that ends right
    # before the cue tells whose; the phrase before the cue ("the meeting") is inside it
    return after or _restrictive_relative_head(tree, cue, quotes) or \
        noun_phrase_before(tree, cue.first, quotes)


def _restrictive_relative_head(tree: Tree, cue: Cue, quotes) -> tuple[int, int] | None:
    """'An official who was not authorized to speak publicly said': a relative clause that
    ends right before the cue, with no comma, tells which one of its noun spoke; the noun's
    phrase (the parser may hang the noun on the content)."""
    for w in tree.words[:cue.first - 1]:
        if w.deprel == "acl:relcl" and 0 < w.head < w.id and \
                max(tree.subtree_ids(w)) == cue.first - 1 and \
                tree.sentence.word(w.head).upos in ("NOUN", "PROPN"):
            return subject_phrase(tree, tree.sentence.word(w.head), quotes)
    return None


def _name_after_relative(tree: Tree, span: tuple[int, int], cue: Cue) -> tuple[int, int] | None:
    """'The company that runs the AMAs, Dick Clark Productions, denies ...': a name set off by
    commas right before the cue, after a relative clause on the subject, is the subject's
    apposition (the parser often hangs it inside the clause)."""
    word = tree.sentence.word
    end = cue.first - 1
    if end <= span[1] + 2 or word(end).text != "," or \
            word(span[1] + 1).text.lower() not in ("that", "who", "which"):
        return None
    start = next((i for i in range(end - 1, span[1], -1) if word(i).text == ","), None)
    name = [word(i) for i in range(start + 1, end)] if start else []
    if not name or not all(w.upos == "PROPN" and w.text[:1].isupper() for w in name) or \
            any(word(i).text in BOUNDARY for i in range(span[1] + 1, start)):
        return None
    return span[0], end - 1


def _relative_span(tree: Tree, relative: int, quotes) -> tuple[int, int] | None:
    """The speaker for the 'who' of _relative_before_cue: ', who' itself (resolved to what it
    stands for by `antecedent`), or for a restrictive 'a refugee who ..., said' the noun phrase."""
    if _comma_who(tree, relative) and tree.sentence.word(relative).text.lower() != "whose":
        return relative, relative
    # "Jane Doe, a spokeswoman for X, whose chief executive is Y, said": the phrase before
    return antecedent(tree, (relative, relative), quotes, restrictive=True)


def _relative_before_cue(tree: Tree, cue: Cue) -> int | None:
    """The 'who' of 'X, who ..., said': a relative clause that a comma closes right before the
    cue (adverbs and auxiliaries between allowed)."""
    word = tree.sentence.word
    end = _before_adverbs(tree, cue.first - 1)
    if end < 4 or word(end).text != ",":
        return None
    for i in range(end - 1, 2, -1):
        if word(i).text in BOUNDARY:
            return None
        if _comma_who(tree, i, restrictive=True):
            return i
    return None


def _between_quote_and_cue(tree: Tree, cue: Cue, quotes) -> tuple[int, int] | None:
    """'"...," the economist Jared Bernstein, a former adviser, wrote': the phrase between."""
    cue_start = tree.sentence.word(cue.first).start
    closed = [q for q in quotes if q.close is not None and q.outer_end <= cue_start]
    if not closed or cue.first == 1:
        return None
    quote = max(closed, key=lambda q: q.outer_end)
    between = [w for w in tree.words[:cue.first - 1] if w.start >= quote.outer_end]
    for i, w in enumerate(between[1:], 1):
        if w.text.lower() in ("who", "whose", "which") and (
                between[i - 1].text == "," or _restrictive_clause(between[i - 1], between[i + 1:])):
            between = between[:i]       # '"...," Harry Bond, 30, | who was among those polled,'
            break                       # ('"...," Nate Silver, the polling guru | who founded')
    inside = [w for w in tree.words if quote.start <= w.start < quote.end]
    if not between or len(between) > MAX_SPEAKER_WORDS or not inside or \
            inside[-1].text[-1:] not in ",?!":
        return None       # the quote must end like a quote that a cue follows: '...,"'
    if any(w.text in BOUNDARY or w.text.lower() in RELATIVE or
           (w.upos in ("VERB", "AUX") and w.xpos not in ("VBN", "VBG") and not w.text[:1].isupper()
            and not role_as_verb(w, tree.sentence.word(w.id + 1) if w.id < len(tree.words)
                                 else None))
           for w in between):
        return None
    if not any(w.upos in _NOMINAL for w in between):
        return None
    return tree.trimmed(between[0].id, between[-1].id)


def _restrictive_clause(before, clause) -> bool:
    """'the polling guru | who founded fivethirtyeight.com' before the cue: a relative clause
    on a noun with a verb of its own and no comma (not 'commentators who have | suggested', where
    the cue is the clause's verb, nor '..., used part of his address to | call')."""
    return before.upos in ("NOUN", "PROPN") and not any(w.text == "," for w in clause) and \
        any(w.upos == "VERB" for w in clause)


def _verb_between(tree: Tree, after: int, before: int) -> bool:
    return any(tree.sentence.word(i).upos in ("VERB", "AUX") for i in range(after + 1, before))


def _relative_antecedent(tree: Tree, cue: Cue, quotes) -> tuple[int, int] | None:
    """'..., said Mr. Ekovich, who noted that ...': the mention 'who' (see `antecedent`)."""
    first = _before_adverbs(tree, cue.first - 1)       # "who also said", "who's argued"
    return (first, first) if _comma_who(tree, first) else None


def _before_adverbs(tree: Tree, wid: int) -> int:
    """The word at or before `wid` once adverbs and auxiliaries ("also", "has") are passed."""
    while wid > 1 and tree.sentence.word(wid).upos in ("ADV", "AUX"):
        wid -= 1
    return wid


def antecedent(tree: Tree, span: tuple[int, int], quotes=(),
               restrictive: bool = False) -> tuple[int, int] | None:
    """For a speaker mention that is ', who' (with `restrictive`, also the 'who' of 'X who ...,
    said'), the noun phrase it stands for; else None."""
    first, last = span
    if first != last or not _comma_who(tree, first, restrictive):
        return None
    comma = tree.sentence.word(first - 1).text == ","
    return noun_phrase_before(tree, first - 1 if comma else first, quotes)


def _comma_who(tree: Tree, wid: int, restrictive: bool = False) -> bool:
    """', who' / ', which' after a noun phrase; with `restrictive`, also 'who' right after a noun
    ('a refugee who asked not to be identified, said': a clause a comma closes before the cue)."""
    word = tree.sentence.word
    if wid < 3:
        return False
    lower = word(wid).text.lower()
    return (lower in ("who", "which", "whose") and word(wid - 1).text == ",") or \
        (restrictive and lower == "who" and word(wid - 1).upos in ("NOUN", "PROPN"))


_TIME_UNITS = {"second", "minute", "hour", "day", "moment", "decade", "century"}


def _participle_subject(tree: Tree, cue: Cue, quotes) -> tuple[int, int] | None:
    """', adding ...': the subject of the nearest reporting clause before ('X will meet, Spicer
    said, adding ...'), else the main clause's ('Fiorina was upfront about ..., saying ...')."""
    comma = participle_comma(tree.sentence, cue)        # (", repeatedly calling for ...")
    if comma is None or comma < 2:
        return None
    times = lexicons.load().time_words | _TIME_UNITS
    subjects = [w for w in tree.words[:comma - 1] if w.deprel in ("nsubj", "nsubj:pass")
                and not inside_quote(w.start, quotes) and w.upos in _NOMINAL
                and w.lemma.lower() not in times]                    # "Hours later, X ..."
    verbs = lexicons.load().reporting_verbs
    for w in reversed(subjects):
        head = tree.head_of(w)                               # '"...," she said, adding ...'
        if head is not None and head.lemma.lower() in verbs and not inside_quote(head.start, quotes):
            return subject_phrase(tree, w, quotes)
    for w in subjects:
        head = tree.head_of(w)
        if head is not None and head.head == 0:
            if _a_mere_thing(w):       # "The fracas erupted after the tycoon ..., calling"
                agents = [x for x in subjects if x.id > w.id and not _a_mere_thing(x)]
                w = agents[-1] if agents else w
            return subject_phrase(tree, w, quotes)           # the main clause's subject
    return None


def _a_mere_thing(word) -> bool:
    """A common noun the noun-kind model calls a thing, and no document: it does not speak
    ("the fracas", "the speech"; not "the report")."""
    lemma = word.lemma.lower()
    return word.upos == "NOUN" and lemma not in lexicons.load().document_nouns and \
        learned_noun_kind(lemma, word.xpos == "NNS") == "thing"


def _conj_after_phrase(tree: Tree, verb) -> bool:
    """'Fares will not rise, the agency's spokeswoman, Rita Gomez, told reporters': a trailing
    cue the parser coordinated with the content's verb (conj, no 'and'), right after a noun
    phrase and its comma. It does not share that verb's subject; the phrase is its speaker."""
    if verb.deprel.split(":")[0] != "conj" or verb.id < 3 or tree.children(verb, "cc"):
        return False
    word = tree.sentence.word
    return word(verb.id - 1).text == "," and word(verb.id - 2).upos in ("NOUN", "PROPN")


def _earlier_speaker(tree: Tree, subject):
    """'Moreno said he accepted the ruling and added, ...': a subject shared through 'and' that
    sits inside an earlier speech verb's content belongs to that content; the earlier speaker
    also speaks here."""
    for w in reversed(tree.words[:subject.id - 1]):
        if is_speech_verb(w):
            earlier = tree.subject(w)
            return earlier if earlier is not None and earlier.id < w.id else None
    return None


def _other_subject_before(tree: Tree, verb, subject, keep):
    """The verb's last other subject before `subject` that `keep` accepts, else None."""
    others = [w for w in tree.children(verb, *SUBJECT_RELS) if w.id < subject.id and keep(w)]
    return others[-1] if others else None


def _in_parentheses(tree: Tree, word) -> bool:
    """Whether a word stands inside a pair of parentheses of its sentence."""
    words = tree.words
    opened = next((w.text == "(" for w in reversed(words[:word.id - 1]) if w.text in "()"), False)
    return opened and any(w.text == ")" for w in words[word.id:])


def _only_time_words(tree: Tree, span: tuple[int, int]) -> bool:
    time_words = lexicons.load().time_words
    return all(tree.sentence.word(i).text.lower() in time_words for i in range(span[0], span[1] + 1))


def _subject_relative_before(tree: Tree, cue: Cue) -> bool:
    """'One resident, who asked not to be named, said': the relative clause a comma closes
    before the cue is on the cue's own subject, before it; not '"... whites who wish ...,"
    said Jane Roe' (a clause of the content)."""
    relative = _relative_before_cue(tree, cue)
    clause = tree.head_of(tree.sentence.word(relative)) if relative else None
    return clause is not None and clause.deprel == "acl:relcl" and any(
        s.id == clause.head for s in tree.children(tree.sentence.word(cue.first), "nsubj"))


def _apposed_subject(tree: Tree, cue: Cue) -> bool:
    """'Jane Doe, a spokeswoman for the hospital, confirmed': the cue's subject is a name, and
    the commas after it and before the cue set off a description of it (no verb, no quote)."""
    verb = tree.sentence.word(cue.first)
    subject = tree.subject(verb)
    if subject is None or subject.upos != "PROPN" or subject.head != verb.id or \
            subject.id >= cue.first:
        return False
    name_end = max([subject.id] + [w.id for w in tree.children(subject, "flat")])
    between = tree.words[name_end:cue.first - 1]
    return 2 <= len(between) <= MAX_SPEAKER_WORDS and between[0].text == "," and \
        between[-1].text == "," and not any(
            w.upos in ("VERB", "AUX") or w.text in ('"', "\u201c", "\u201d") for w in between)


def _inverted(tree: Tree, cue: Cue) -> bool:
    """'..., said the official': the cue follows a comma or a closing quote.

    Only speech verbs invert: after 'called' or 'endorsed' the noun phrase is the object."""
    if cue.first == 1 or cue.cls != "speech":
        return False
    prev = tree.sentence.word(cue.first - 1).text
    if prev == "," and cue.first > 2 and \
            tree.sentence.word(cue.first - 2).text.lower() in ASIDE_ENDS:
        return False      # "Will Rogers, for example, said ...": an aside, the subject before
    if prev == "," and (_subject_relative_before(tree, cue) or _apposed_subject(tree, cue)):
        return False      # "One resident, who asked not to be named, said the water ...",
        # "Jane Doe, a spokeswoman for the hospital, confirmed the death"
    subject = tree.subject(tree.sentence.word(cue.first)) if cue.content == "object" else None
    if subject is not None and subject.id < cue.first and subject.head == cue.first:
        return False      # "The senator, a Democrat, criticized the bill as ...": a verb that
        # takes its content as an object, with its subject before it; the phrase after is the
        # object ("..., said Jane Roe" keeps inverting: the parser often finds a subject there)
    return prev in {",", "\u2014"} or prev.endswith(",") or \
        all(c in "\"'\u201c\u201d\u2018\u2019" for c in prev)       # any closing mark
