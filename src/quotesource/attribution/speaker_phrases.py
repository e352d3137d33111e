"""The word ranges a speaker mention is read from, and their repair.

The dependency subject's words (`subject_phrase`: appositions kept, clauses hanging off it
dropped), the noun phrase right before a word (`noun_phrase_before`) or right after one
(`noun_phrase_after`: "said the official", "according to a poll released ..."), and
`repair_span`, which mends what a wrong sentence split or attachment leaves in a span.
speakers.py chooses among them for a cue; disclosures.py uses them for its own cues.
"""
from __future__ import annotations

import re

from .. import lexicons
from .cues import inside_quote
from .tree import PUNCT_TRIM, SUBJECT_RELS, Tree

MAX_SPEAKER_WORDS = 20
_NP_TAGS = {"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON", "PART"}
_NP_LINKS = {",", "and", "of", "from", "at", "for", "with", "to", "'s", "’s", "-", "the", "a", "an"}
# links a phrase may hold but not open with ("to Blackstone")
_LEADING_LINKS = _NP_LINKS - {",", "the", "a", "an"}
_DATELINE_DASHES = {"\u2014", "--", "\u2013"}
BOUNDARY = {".", ";", ":", "?", "!", "\u201c", '"', "\u2014"}
RELATIVE = {"who", "which", "that", "whom"}
# Clauses hanging off a subject that are not part of how it is identified.
_STOP_RELS = ("acl:relcl", "parataxis", "advcl", "ccomp", "dep")
# Last words of an aside between a subject and its verb: "X, for example, said".
ASIDE_ENDS = {"example", "instance", "however", "though", "too", "meanwhile", "instead", "then",
              "also", "fact", "turn", "contrast", "addition", "particular", "part", "course"}


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
        opens = name_start == 1 or word(name_start - 1).text in BOUNDARY | {",", "(", "\u201d", '"'}
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
    if last < cue_first and word(last).text.lower() in ASIDE_ENDS:
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
            w.text in BOUNDARY or w.text.lower() in RELATIVE or
            (w.upos in ("VERB", "AUX") and w.xpos not in ("VBN", "VBG")) for w in inside):
        return None
    return close - 1


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
    word = tree.sentence.word
    if head.text.lower() == "old" and first == head.id and first > 4 and \
            [word(i).text.lower() for i in range(first - 3, first)] in _AGE_WORDS and \
            word(first - 4).upos == "NUM":
        first -= 4              # "The 45 - year/nsubj - old/nsubj said": the tokenizer split it
        first -= first > 1 and word(first - 1).upos == "DET"
    words = tree.sentence.words
    if last == head.id and head.upos == "NOUN":
        while last < len(words) and words[last].upos == "PROPN" and words[last].text[:1].isupper():
            last += 1           # "front-runner/nsubj Hillary Clinton/nsubj(of another verb)"
    first = _after_dateline(tree, first, last)
    if first > last:      # "PARIS/nsubj, Aug 31 (Reuters) - X, Y, voiced": the phrase after it
        return noun_phrase_after(tree, first - 1, quotes, stop_at_verb=True)
    span = tree.trimmed(first, last)
    if span and span[1] - span[0] >= MAX_SPEAKER_WORDS:
        span = tree.trimmed(*tree.contiguous_span(_compound_ids(tree, head), head.id))
    return span


_AGE_WORDS = (["-", "year", "-"], ["-", "years", "-"])


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
    """'WASHINGTON — The United States and Iraq' -> start after the dateline's dash; also a
    wire's 'PARIS, Aug 31 (Reuters) - ' (the place, a date, the agency, a spaced hyphen)."""
    for wid in range(first, last):
        if tree.sentence.word(wid).text in _DATELINE_DASHES:
            before = [tree.sentence.word(i).text for i in range(first, wid)]
            if before and all(t.isupper() or not t.isalpha() for t in before):
                return wid + 1
    words = tree.sentence.words[first - 1:first + 11]     # (a dateline is short)
    if not words[0].text.isupper() or len(words[0].text) < 2:
        return first
    surface = "".join(" " * (w.start - prev.end) + w.text       # the words as spaced
                      for prev, w in zip([words[0], *words], words))
    wire = _WIRE_DATELINE.match(surface)
    if wire:              # past `last` where the parser made the place the subject ("PARIS")
        end = words[0].start + wire.end()
        return next((w.id for w in words if w.start >= end), first)
    return first


# "PARIS, Aug 31 (Reuters) - ", "WASHINGTON (AP) -- ": a place in capitals, a date, the wire
_WIRE_DATELINE = re.compile(r"[A-Z][A-Z.' -]*[A-Z.](?:\s*,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
                            r"\s*(?:\([A-Za-z. ]{2,30}\))?\s*(?:-|--|\u2014|\u2013)\s")


def _compound_ids(tree: Tree, head) -> set[int]:
    ids = {head.id}
    for kid in tree.children(head, "compound", "flat", "amod", "det", "nummod", "nmod:poss"):
        ids |= tree.subtree_ids(kid)
    return ids


def noun_phrase_after(tree: Tree, last: int, quotes, stop_at_verb: bool = False) -> tuple[int, int] | None:
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
        if inside_quote(w.start, quotes) or w.text in BOUNDARY or \
                (w.text.lower() in RELATIVE and end > last):
            break         # "said Paul H. Chipok, a lawyer in Orlando | who specializes ..."
        if w.text == "," and (stop_at_verb or
                              tree.sentence.word(min(w.id + 1, len(words))).upos != "DET"):
            break     # keep an apposition (", the Pentagon's spokeswoman,") only
        if w.text == "," and name_end is None:
            name_end = end
        participle = w.xpos in ("VBN", "VBG") and end > last and (
            tree.sentence.word(end).upos in ("NOUN", "PROPN", "PUNCT")  # "a source involved in",
            or (stop_at_verb and end == last + 1))     # "according to data/VERB compiled by"
        # "a publishing/VERB executive": a modifier of a noun still to come
        prenominal = w.deprel in ("amod", "compound") and w.head > w.id and (
            end == last or tree.sentence.word(end).upos in ("DET", "ADJ", "NUM"))
        verb = w.upos in ("VERB", "SCONJ", "AUX") and not participle and not prenominal \
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
        if w.text == "," and wid != first - 1 and not (
                wid > 1 and word(wid - 1).upos == "PROPN"
                and word(wid - 1).text.lower() not in lexicons.load().time_words):
            break         # (not towards a day: "announced Monday, | a person familiar ...")
        if _nominal_here(tree, w) or w.text.lower() in _NP_LINKS or \
                (wid == 1 and first == 2 and w.text[:1].isupper()):   # "Welch/ADV added"
            if w.upos == "PRON" and wid != first - 1:
                break
            start = wid
        else:
            break
        if first - start >= MAX_SPEAKER_WORDS:
            break
    while start < first - 1 and word(start).text.lower() in _LEADING_LINKS:
        start += 1        # "was sold | to Blackstone, which": the phrase, not the preposition
    return tree.trimmed(start, first - 1) if start < first else None


def _nominal_here(tree: Tree, w) -> bool:
    if w.upos in _NP_TAGS:
        return True
    if w.id > 1 and w.text[:1].isupper():
        return True       # a name the tagger took for a verb ("Tom Ebeling/VERB said")
    previous = tree.sentence.word(w.id - 1) if w.id > 1 else None
    # A reduced relative inside the phrase: "those surveyed", "a person familiar".
    return w.xpos in ("VBN", "VBG") and previous is not None and previous.upos in ("DET", "NOUN", "PRON")
