"""Stage 2: the speaker mention of a cue, as a word range of its sentence.

Surface patterns come first, because the compact parser often misattaches a cue: the phrase
between a quote and its cue ('"...," the economist Jared Bernstein wrote'), ", who said" (the
mention is "who", resolved to the phrase before it), ", saying ..." (the main clause's subject),
inverted "said X" and "according to X". Then the dependency subject, then the noun phrase right
before the cue.
"""
from __future__ import annotations

from .. import lexicons
from .cues import Cue, inside_quote, is_speech_verb
from .quotes import Quote
from .tree import PUNCT_TRIM, SUBJECT_RELS, Tree

MAX_SPEAKER_WORDS = 20
_NP_TAGS = {"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON", "PART"}
_NP_LINKS = {",", "and", "of", "from", "at", "for", "with", "to", "'s", "’s", "-", "the", "a", "an"}
_DATELINE_DASHES = {"\u2014", "--", "\u2013"}
RECIPIENT_VERBS = {"tell", "ask", "warn", "assure", "inform", "remind", "urge"}
_NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X"}
_BOUNDARY = {".", ";", ":", "?", "!", "\u201c", '"', "\u2014"}
_RELATIVE = {"who", "which", "that", "whom"}
# Clauses hanging off a subject that are not part of how it is identified.
_STOP_RELS = ("acl:relcl", "parataxis", "advcl", "ccomp", "dep")


def find_speaker(tree: Tree, cue: Cue, quotes: list[Quote]) -> tuple[int, int] | None:
    span = _find_speaker(tree, cue, quotes)
    if span is None:
        return None
    span = repair_span(tree, span, cue.first)
    if span is None:
        return None
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


def repair_span(tree: Tree, span: tuple[int, int], cue_first: int) -> tuple[int, int] | None:
    """Repair what a wrong sentence split or attachment leaves in a speaker span."""
    first, last = span
    word = tree.sentence.word
    # A sentence boundary inside ("... Netanyahu. Adelson"): keep the side next to the cue.
    for i in range(first, last):
        if _ends_sentence(word(i).text, word(i - 1).text if i > 1 else "") \
                and word(i + 1).text[:1].isupper():
            if last < cue_first:
                first = i + 1
            else:
                last = i
                break
    # Leading prepositional phrases, adverbs and conjunctions are not part of who spoke:
    # "In a clip, ..." opening the sentence is a misparse; "(percent) of voters who said" is not.
    if word(first).upos == "ADP":
        if first == 1:
            return None
        first += 1
    while first <= last and word(first).upos in ("ADV", "CCONJ", "SCONJ", "INTJ") \
            and not (first == last == cue_first - 1 and word(first).text[:1].isupper()):
        first += 1        # (but "Welch/ADV added": a lone capitalised word before the cue)
    # "election law expert | Rick Hasen tweeted": modifiers the parser left unattached.
    time_words = lexicons.load().time_words
    # (not before a personal pronoun: "At the time she said", "the metrics it had")
    while first > 1 and last < cue_first and word(first - 1).upos in ("NOUN", "PROPN", "ADJ") \
            and not (first == last and word(first).xpos == "PRP") \
            and word(first - 1).text.lower() not in time_words \
            and word(first - 1).text not in PUNCT_TRIM:
        first -= 1
    # "Blackwell, a graduate of Harvard Law School, argued": take the name in too; also when
    # no comma closes the description ("Jane Roe, a former agent for X has written") and when
    # it is a bare role ("Jane Roe, executive director of X, said"), if the name opens the
    # sentence or a clause.
    if first > 2 and word(first - 1).text == "," and word(first - 2).upos == "PROPN" \
            and last < cue_first and word(first - 2).text.lower() not in time_words:
        name_start = first - 2                                      # "on Sunday, The Hill said"
        while name_start > 1 and word(name_start - 1).upos == "PROPN":
            name_start -= 1
        opens = name_start == 1 or word(name_start - 1).text in _BOUNDARY | {",", "(", "\u201d", '"'}
        description = word(first).upos == "DET" or (
            word(first).upos in ("ADJ", "NOUN") and not word(first).text[:1].isupper())
        if description and (word(last + 1).text == "," or opens):
            first = name_start
    # "Jane Roe, director of the Institute for X, said": the name with its apposition, which
    # gives the source's role.
    if last < cue_first - 3 and word(last + 1).text == "," and \
            all(word(i).upos == "PROPN" for i in range(first, last + 1)):
        last = _apposition_end(tree, last + 2, cue_first) or last
    # "Six in 10 say", "one in five say": the proportion, not its last number.
    if first == last and first > 2 and word(first).upos == "NUM" and word(first - 1).text == "in" \
            and word(first - 2).upos == "NUM":
        first -= 2
    # "The county clerk, for example, said": the aside is not part of who spoke.
    if last < cue_first and word(last).text.lower() in _ASIDE_ENDS:
        comma = next((i for i in range(last, first, -1) if word(i).text == ","), None)
        if comma is not None:
            last = comma - 1
    # "..., the agency's spokeswoman, Rita Gomez, told": the description before the name too.
    if first > 3 and last < cue_first and word(first - 1).text == "," \
            and all(word(i).upos == "PROPN" for i in range(first, last + 1)):
        start = first - 1
        while start > 1 and (word(start - 1).upos in ("DET", "ADJ", "NOUN", "PROPN")
                             or word(start - 1).text in ("'s", "\u2019s")):
            start -= 1
        if start < first - 2 and start > 1 and word(start - 1).text == "," \
                and word(first - 2).upos == "NOUN":
            first = start
    return tree.trimmed(first, last)


def _apposition_end(tree: Tree, start: int, cue_first: int) -> int | None:
    """The last word of a description from `start` to a comma that closes it right before the
    cue (adverbs and time words may stand between); None if it is not a plain noun phrase."""
    word = tree.sentence.word
    close = cue_first - 1
    time_words = lexicons.load().time_words
    while close > start and (word(close).upos in ("ADV", "AUX") or
                             word(close).text.lower() in time_words):
        close -= 1
    if close <= start or word(close).text != ",":
        return None
    inside = [word(i) for i in range(start, close)]
    if inside[0].upos not in ("DET", "ADJ", "NOUN", "PROPN", "NUM") or any(
            w.text in _BOUNDARY or w.text.lower() in _RELATIVE or
            (w.upos in ("VERB", "AUX") and w.xpos not in ("VBN", "VBG")) for w in inside):
        return None
    return close - 1


def _find_speaker(tree: Tree, cue: Cue, quotes: list[Quote]) -> tuple[int, int] | None:
    if cue.according:
        return _after(tree, cue.last, quotes, stop_at_verb=True)   # "according to a poll released ..."
    # Surface patterns first: they hold where the compact parser misattaches the cue.
    span = _between_quote_and_cue(tree, cue, quotes) or _relative_antecedent(tree, cue, quotes) \
        or _participle_subject(tree, cue, quotes) or _as_clause(tree, cue) \
        or _comma_speaker_at_end(tree, cue)
    if span:
        return span
    verb = tree.sentence.word(cue.first)
    subject = tree.subject(verb)
    time_words = lexicons.load().time_words
    if subject is not None and subject.text.lower() in time_words:
        # "Dianne Feinstein (D-Calif.) last week said": the parser took the time for the subject
        others = [w for w in tree.children(verb, *SUBJECT_RELS) if w.id < subject.id
                  and w.text.lower() not in time_words]
        subject = others[-1] if others else None
    if subject is None and cue.first > 2 and tree.sentence.word(cue.first - 1).xpos in ("VBN", "VBD") \
            and tree.sentence.word(cue.first - 2).text.lower() in lexicons.load().group_words:
        return cue.first - 2, cue.first - 1          # "those surveyed said"
    if subject is not None and subject.head != verb.id and _conj_after_phrase(tree, verb):
        subject = None    # the phrase before the cue speaks (noun_phrase_before, below)
    if subject is not None and subject.head != verb.id:
        subject = _earlier_speaker(tree, subject) or subject
    if subject is not None and subject.text.lower() in _RELATIVE:
        if antecedent(tree, (subject.id, subject.id), quotes):
            return subject.id, subject.id      # "X, who said ...": resolved to X later
        subject = tree.head_of(tree.head_of(subject) or subject)
    # "..., told AFP": after a recipient verb the noun phrase is who was told, not who spoke.
    after = _after(tree, cue.last, quotes) \
        if _inverted(tree, cue) and cue.lemma not in RECIPIENT_VERBS else None
    if after and (_only_time_words(tree, after) or not any(
            tree.sentence.word(i).upos in _NOMINAL for i in range(after[0], after[1] + 1))):
        after = None      # "a Republican, said Tuesday that ...", "..., said the ''old model''"
    if after:
        return after      # "..., said Jane Doe, the mayor.": the surface phrase, apposition kept
    if subject is not None and subject.id > cue.last:
        subject = None    # a subject after the cue belongs to the content ("confirmed talks ...")
    relative = _relative_before_cue(tree, cue)
    if relative and not antecedent(tree, (relative, relative), quotes):
        relative = None               # "Sen. Roe (D-Mo.), who ...": no phrase found before it
    if subject is not None and not inside_quote(subject.start, quotes):
        span = subject_phrase(tree, subject, quotes)
        if span:
            # "Roe, who made billions on X, told investors": X is in the relative clause
            return (relative, relative) if relative and span[0] > relative else span
    if relative and not after:
        return relative, relative
    return after or noun_phrase_before(tree, cue.first, quotes)


def _relative_before_cue(tree: Tree, cue: Cue) -> int | None:
    """The 'who' of 'X, who ..., said': a relative clause that a comma closes right before the
    cue (adverbs and auxiliaries between allowed)."""
    word = tree.sentence.word
    end = _before_adverbs(tree, cue.first - 1)
    if end < 4 or word(end).text != ",":
        return None
    for i in range(end - 1, 2, -1):
        if word(i).text in _BOUNDARY:
            return None
        if _comma_who(tree, i):
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
        if w.text.lower() in ("who", "whose", "which") and between[i - 1].text == ",":
            between = between[:i]       # '"...," Harry Bond, 30, | who was among those polled,'
            break
    inside = [w for w in tree.words if quote.start <= w.start < quote.end]
    if not between or len(between) > MAX_SPEAKER_WORDS or not inside or \
            inside[-1].text[-1:] not in ",?!":
        return None       # the quote must end like a quote that a cue follows: '...,"'
    if any(w.text in _BOUNDARY or w.text.lower() in _RELATIVE or
           (w.upos in ("VERB", "AUX") and w.xpos not in ("VBN", "VBG") and not w.text[:1].isupper())
           for w in between):
        return None
    if not any(w.upos in _NOMINAL for w in between):
        return None
    return tree.trimmed(between[0].id, between[-1].id)


def _relative_antecedent(tree: Tree, cue: Cue, quotes) -> tuple[int, int] | None:
    """'..., said Mr. Ekovich, who noted that ...': the mention 'who' (see `antecedent`)."""
    first = _before_adverbs(tree, cue.first - 1)       # "who also said", "who's argued"
    return (first, first) if _comma_who(tree, first) else None


def _before_adverbs(tree: Tree, wid: int) -> int:
    """The word at or before `wid` once adverbs and auxiliaries ("also", "has") are passed."""
    while wid > 1 and tree.sentence.word(wid).upos in ("ADV", "AUX"):
        wid -= 1
    return wid


def antecedent(tree: Tree, span: tuple[int, int], quotes=()) -> tuple[int, int] | None:
    """For a speaker mention that is ', who', the noun phrase it stands for; else None."""
    first, last = span
    if first != last or not _comma_who(tree, first):
        return None
    return noun_phrase_before(tree, first - 1, quotes)


def _comma_who(tree: Tree, wid: int) -> bool:
    word = tree.sentence.word
    return wid >= 3 and word(wid).text.lower() in ("who", "which") and word(wid - 1).text == ","


def _participle_subject(tree: Tree, cue: Cue, quotes) -> tuple[int, int] | None:
    """', adding ...': the subject of the nearest reporting clause before ('X will meet, Spicer
    said, adding ...'), else the main clause's ('Fiorina was upfront about ..., saying ...')."""
    word = tree.sentence.word(cue.first)
    if word.xpos != "VBG" or cue.first < 3 or tree.sentence.word(cue.first - 1).text != ",":
        return None
    subjects = [w for w in tree.words[:cue.first - 2] if w.deprel in ("nsubj", "nsubj:pass")
                and not inside_quote(w.start, quotes) and w.upos in _NOMINAL]
    verbs = lexicons.load().reporting_verbs
    for w in reversed(subjects):
        head = tree.head_of(w)                               # '"...," she said, adding ...'
        if head is not None and head.lemma.lower() in verbs and not inside_quote(head.start, quotes):
            return subject_phrase(tree, w, quotes)
    for w in subjects:
        head = tree.head_of(w)
        if head is not None and head.head == 0:
            return subject_phrase(tree, w, quotes)           # the main clause's subject
    return None


def _comma_speaker_at_end(tree: Tree, cue: Cue) -> tuple[int, int] | None:
    """'..., former rival says.': a short phrase between the last comma and a sentence-final
    cue is the speaker, whatever the tagger made of it."""
    words = tree.words
    if cue.last < len(words) and words[cue.last].upos != "PUNCT":
        return None
    comma = next((w.id for w in reversed(words[:cue.first - 1]) if w.text == ","), None)
    if comma is None or not 0 < cue.first - comma - 1 <= _MAX_END_SPEAKER or any(
            w.upos in ("VERB", "AUX", "ADP", "SCONJ", "PUNCT") for w in words[comma:cue.first - 1]):
        return None
    return comma + 1, cue.first - 1


_MAX_END_SPEAKER = 5
# Last words of an aside between a subject and its verb: "X, for example, said".
_ASIDE_ENDS = {"example", "instance", "however", "though", "too", "meanwhile", "instead", "then",
               "also", "fact", "turn", "contrast", "addition", "particular", "part", "course"}


def _as_clause(tree: Tree, cue: Cue) -> tuple[int, int] | None:
    """'As The Washington Post reported, ...': the words between 'As' and the cue."""
    words = tree.words
    if cue.first < 3 or cue.last >= len(words) or words[cue.last].text != ",":
        return None
    start = next((w.id for w in words[:3] if w.text.lower() == "as"), None)
    if start is None or any(w.upos in ("VERB", "AUX", "PUNCT") for w in words[start:cue.first - 1]):
        return None
    return tree.trimmed(start + 1, cue.first - 1)


def subject_phrase(tree: Tree, head, quotes=()) -> tuple[int, int] | None:
    """The subject's words (appositions kept, clauses hanging off it dropped)."""
    ids = tree.subtree_ids(head, _STOP_RELS)
    verb = tree.head_of(head)
    for other in tree.children(verb, *SUBJECT_RELS) if verb is not None else ():
        if min(ids) < other.id < max(ids):
            ids |= tree.subtree_ids(other, _STOP_RELS)   # "Sen./nsubj Jane/nsubj Roe/flat>Sen."
    ids = {i for i in ids if not inside_quote(tree.sentence.word(i).start, quotes)}
    first, last = tree.contiguous_span(ids, head.id)
    while first > 1 and tree.sentence.word(first - 1).upos == "NUM" and \
            tree.sentence.word(first).upos in ("NUM", "NOUN", "SYM"):
        first -= 1              # "26/nsubj %/nsubj say": a number parsed apart from its noun
    words = tree.sentence.words
    if last == head.id and head.upos == "NOUN":
        while last < len(words) and words[last].upos == "PROPN" and words[last].text[:1].isupper():
            last += 1           # "front-runner/nsubj Hillary Clinton/nsubj(of another verb)"
    first = _after_dateline(tree, first, last)
    span = tree.trimmed(first, last)
    if span and span[1] - span[0] >= MAX_SPEAKER_WORDS:
        span = tree.trimmed(*tree.contiguous_span(_compound_ids(tree, head), head.id))
    return span


def _ends_sentence(token: str, previous: str) -> bool:
    """'.', 'Act.', or a closing mark after a period ('Message.’'); not initials like 'H.'."""
    if token in {".", "?", "!"}:
        return True
    if token in {"\u2019", "\u201d", "'", '"', "''"}:
        return previous.endswith((".", "?", "!"))
    return token.endswith(".") and len(token) > 3 and token[:-1].isalpha() \
        and token.lower() not in _ABBREVIATIONS


_ABBREVIATIONS = frozenset(lexicons.load().abbreviations)


def _after_dateline(tree: Tree, first: int, last: int) -> int:
    """'WASHINGTON — The United States and Iraq' -> start after the dateline's dash."""
    for wid in range(first, last):
        if tree.sentence.word(wid).text in _DATELINE_DASHES:
            before = [tree.sentence.word(i).text for i in range(first, wid)]
            if before and all(t.isupper() or not t.isalpha() for t in before):
                return wid + 1
    return first


def _compound_ids(tree: Tree, head) -> set[int]:
    ids = {head.id}
    for kid in tree.children(head, "compound", "flat", "amod", "det", "nummod", "nmod:poss"):
        ids |= tree.subtree_ids(kid)
    return ids


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


def _only_time_words(tree: Tree, span: tuple[int, int]) -> bool:
    time_words = lexicons.load().time_words
    return all(tree.sentence.word(i).text.lower() in time_words for i in range(span[0], span[1] + 1))


def _inverted(tree: Tree, cue: Cue) -> bool:
    """'..., said the official': the cue follows a comma or a closing quote.

    Only speech verbs invert: after 'called' or 'endorsed' the noun phrase is the object."""
    if cue.first == 1 or cue.cls != "speech":
        return False
    prev = tree.sentence.word(cue.first - 1).text
    if prev == "," and cue.first > 2 and \
            tree.sentence.word(cue.first - 2).text.lower() in _ASIDE_ENDS:
        return False      # "Will Rogers, for example, said ...": an aside, the subject before
    return prev in {",", "\u2014"} or prev.endswith(",") or \
        all(c in "\"'\u201c\u201d\u2018\u2019" for c in prev)       # any closing mark


def _after(tree: Tree, last: int, quotes, stop_at_verb: bool = False) -> tuple[int, int] | None:
    """The noun phrase right after a word, when a clause boundary follows it ('said the official.')."""
    words = tree.words
    if last >= len(words):
        return None
    # After "according to" a noun phrase always follows, whatever the tagger made of its first
    # word ("to election/VERB lawyer Charlie Spies": "to" read as an infinitive marker).
    if words[last].upos not in _NP_TAGS - {"PART"} and not stop_at_verb \
            and not words[last].text[:1].isupper():       # "said United/VERB Auto Workers ..."
        return None
    end = last
    name_end = None       # where the name ends when an apposition follows ("Jane Doe | , a ...")
    for w in words[last:]:
        if stop_at_verb and _in_short_title(w, words[last].start, quotes):
            end = w.id    # 'according to the "Medicare for all" document'
            continue
        if inside_quote(w.start, quotes) or w.text in _BOUNDARY or \
                (w.text.lower() in _RELATIVE and end > last):
            break         # "said Paul H. Chipok, a lawyer in Orlando | who specializes ..."
        if w.text == "," and (stop_at_verb or
                              tree.sentence.word(min(w.id + 1, len(words))).upos != "DET"):
            break     # keep an apposition (", the Pentagon's spokeswoman,") only
        if w.text == "," and name_end is None:
            name_end = end
        participle = w.xpos in ("VBN", "VBG") and end > last and \
            tree.sentence.word(end).upos in ("NOUN", "PROPN", "PUNCT")  # "a source involved in",
        verb = w.upos in ("VERB", "SCONJ", "AUX") and not participle \
            and not (w.id > 1 and w.text[:1].isupper()) \
            and not (stop_at_verb and w.id == last + 1)        # "Associated/VERB Press"
        if verb or end - last >= MAX_SPEAKER_WORDS:             # "a Florida-based strategist"
            if (stop_at_verb and end > last) or name_end is not None:
                end = end if stop_at_verb else name_end
                if stop_at_verb and end > last + 1 and words[end - 1].upos == "PRON":
                    end -= 1      # "the document | he released"
                break
            return None
        end = w.id
    return tree.trimmed(last + 1, end) if end > last else None


def _in_short_title(w, after: int, quotes) -> bool:
    """Whether w is in (or a mark of) a short quotation opened at or after offset `after`."""
    for q in quotes:
        if q.open >= after and q.open <= w.start < q.outer_end:
            return q.close is not None and q.end - q.start <= _MAX_TITLE_CHARS
    return False


_MAX_TITLE_CHARS = 40


def noun_phrase_before(tree: Tree, first: int, quotes=()) -> tuple[int, int] | None:
    """The noun phrase right before the cue (walking left over nouns, determiners, links).

    An inner comma is crossed only towards a name ("Farhad Alaaldin, foreign affairs adviser
    ..., confirmed"), so "... since 2006, the group says" stops at the comma.
    """
    word = tree.sentence.word
    start = first
    for wid in range(first - 1, 0, -1):
        w = word(wid)
        if inside_quote(w.start, quotes):
            break
        if w.text == "," and wid != first - 1 and not (wid > 1 and word(wid - 1).upos == "PROPN"):
            break
        if _nominal_here(tree, w) or w.text.lower() in _NP_LINKS or \
                (wid == 1 and first == 2 and w.text[:1].isupper()):   # "Welch/ADV added"
            if w.upos == "PRON" and wid != first - 1:
                break
            start = wid
        else:
            break
        if first - start >= MAX_SPEAKER_WORDS:
            break
    return tree.trimmed(start, first - 1) if start < first else None


def _nominal_here(tree: Tree, w) -> bool:
    if w.upos in _NP_TAGS:
        return True
    if w.id > 1 and w.text[:1].isupper():
        return True       # a name the tagger took for a verb ("Tom Ebeling/VERB said")
    previous = tree.sentence.word(w.id - 1) if w.id > 1 else None
    # A reduced relative inside the phrase: "those surveyed", "a person familiar".
    return w.xpos in ("VBN", "VBG") and previous is not None and previous.upos in ("DET", "NOUN", "PRON")
