"""The parts of a speaker mention's words, before sources.py reads what they say.

Asides cut off (a parenthesis, a dash before the speaker, a time phrase before a comma or
after the noun), the
determiners that open the phrase dropped, the apposition split off ("Jane Roe | , a senior
adviser"; "his top aide, | Tad Devine"), and the head word found before any post-modifier
("officials | familiar with ...").
"""
from __future__ import annotations

from .. import lexicons
from ..nlp import Word
from .name_words import is_proper, name_run, role_as_verb
from .names import person_probability
from .noun_kinds import learned_noun_kind

_POST_HEAD = {"familiar", "close", "who", "with", "from", "at", "of", "in", "for", "on", "to",
              "involved", "briefed", "speaking", "knowledgeable", "aware", "that"}


def without_parentheses(words: list[Word]) -> list[Word]:
    """'Sen. Jane Roe (D-Vt.)' -> 'Sen. Jane Roe': a party and state, or an aside."""
    kept, depth = [], 0
    for w in words:
        if w.text == "(":
            depth += 1
        elif w.text == ")":
            depth = max(0, depth - 1)
        elif not depth:
            kept.append(w)
    return kept


def after_time_phrase(words: list[Word], lex) -> list[Word]:
    """'October, Mr. Roe': a time phrase before a comma is not part of who spoke; nor is a
    phrase that a preposition opens or a time word ends ('at a debate last September, Donald
    Trump')."""
    comma = next((i for i, w in enumerate(words) if w.text == ","), None)
    if comma and (all(w.text.lower() in lex.time_words or w.upos in ("ADP", "DET", "NUM")
                      for w in words[:comma])
                  or (comma + 1 < len(words) and (
                      (words[0].upos == "ADP" and words[0].text.lower() != "of")
                      or _time_word_ends(words[:comma], lex)))):
        return words[comma + 1:]
    return words


def _time_word_ends(words: list[Word], lex) -> bool:
    """'in Ohio last September', 'at Tuesday's debate on Tuesday'; not 'Yin Myint May'."""
    last = words[-1]
    return last.text.lower() in lex.time_words and (
        not last.text[:1].isupper() or (len(words) > 1 and words[-2].text.lower() in
                                        ("last", "this", "next", "past", "in", "on", "early",
                                         "late", "mid")))


def before_trailing_adjunct(words: list[Word], lex) -> list[Word]:
    """'the Sanders campaign on Monday', 'a statement Thursday night', 'the editorial board
    recently', 'reporters to': a time phrase, an adverb or a stray function word after the
    speaker's noun is not part of it (nor of its name)."""
    def time_word(w: Word) -> bool:
        return w.text.lower() in lex.time_words and not w.text.isupper()

    end = len(words)
    while end > 1:
        last, before = words[end - 1], words[end - 2]
        if last.upos in ("ADV", "PART", "ADP", "CCONJ", "SCONJ", "PUNCT") and \
                last.xpos != "POS" and before.xpos != "POS" and not is_proper(last) and \
                not document_noun(last):
            end -= 1                      # (not "the foundation's tally/RB", "a CNN tally")
        elif time_word(last) and (last.text.islower() or before.text.islower()):
            end -= 1
            # "on | Monday", "earlier this | week", "Thursday | night"
            while end > 1 and (time_word(words[end - 1]) or (words[end - 1].text.islower()
                                                              and words[end - 1].upos in
                                                              ("ADP", "DET", "ADJ"))):
                end -= 1
        else:
            break
    kept = words[:end]
    return kept if _names_something(kept) else words     # "a newly ...": nothing left to name


def _names_something(words: list[Word]) -> bool:
    return any(w.upos in ("NOUN", "PROPN", "PRON", "NUM") for w in words)


def after_dash(words: list[Word]) -> list[Word]:
    """'Palm Beach - Roe': a dash closes an aside (or a dateline) before the speaker."""
    dashes = [i for i, w in enumerate(words) if w.text in ("-", "--", "\u2014", "\u2013", "\u2015")
              and i > 0 and (i + 1 == len(words) or words[i + 1].start > w.end)]
    after = words[dashes[-1] + 1:] if dashes else words
    # ("the Democratic nominee -- presumptively": an aside after the dash, not who spoke)
    return after if _names_something(after) else words


def without_determiners(words: list[Word], lex) -> list[Word]:
    """Drop determiners that open the phrase or one of its conjuncts ('both a X and a Y')."""
    kept = []
    for w in words:
        opener = not kept or kept[-1].text.lower() == "and"
        if opener and w.text.lower() in lex.dropped_determiners:
            continue
        kept.append(w)
    return kept


def split_apposition(words: list[Word]) -> tuple[list[Word], list[Word]]:
    """(the mention's core, its apposition). A description before a name ("his top aide, Tad
    Devine") puts the name in the core and the description in the apposition."""
    for i, w in enumerate(words):
        if w.text == "," and i > 0:
            core, rest = words[:i], words[i + 1:]
            comma = next((j for j, x in enumerate(rest) if x.text == ","), len(rest))
            name = rest[:comma]
            run = name_run(name) if name else []
            head = core[index_of_head(core)]
            # ("One of the men, Jessie Elkins": a number opening the sentence is no name)
            if run and (not is_proper(head) or head.upos == "NUM") and \
                    not document_noun(head) and (len(run) >= 2 or
                                                 all(x.upos == "PROPN" for x in run)):
                # "his wife, longtime aide Jane Roe": the name, then all that describes it
                return run, core + name[:len(name) - len(run)]
            return core, [x for x in rest if x.text != ","]
    return words, []


def document_noun(head: Word) -> bool:
    """A head word (or its lemma) of lexicons/document_nouns.txt. No name apposes a document:
    in 'A report by the auditor, Tom Hill, found' the name describes a noun inside the report's
    post-modifier, and the report stays the speaker (split_apposition)."""
    nouns = lexicons.load().document_nouns
    return head.lemma.lower() in nouns or head.text.lower() in nouns


def index_of_head(core: list[Word]) -> int:
    """The last noun before post-modifiers ("sources | familiar with ...", "officials | from ...")."""
    head, adjective = 0, None
    for i, w in enumerate(core):
        if i > 0 and w.xpos == "VBN" and core[i - 1].upos == "VERB" and \
                core[i - 1].xpos in ("VB", "VBP") and i + 1 < len(core) and \
                (core[i + 1].upos == "ADP" or
                 core[i + 1].text.lower() in lexicons.load().time_words):
            return i - 1      # "data/VERB compiled by Reuters": a noun the tagger took for a verb
        if i > 0 and (w.text.lower() in _POST_HEAD or (w.upos == "VERB" and not _capitalised(w)) or (
                w.upos == "ADP" and not _bare_noun_follows(core, i))) \
                and (core[i - 1].upos in ("NOUN", "PROPN", "PRON") or _capitalised(core[i - 1])
                     or _source_noun_as_adjective(core, i - 1)) \
                and not _title_of_domain(core, i) and \
                not role_as_verb(w, core[i + 1] if i + 1 < len(core) else None):
            break
        if w.upos in ("NOUN", "PROPN", "PRON", "NUM", "X") or w.text[:1].isupper() or \
                _source_noun_as_adjective(core, i):
            head = i
        elif w.upos == "ADJ":
            adjective = i
    # "The daily/ADJ reported": no noun after the determiner, the adjective is the head
    return adjective if core[head].text.lower() in ("the", "a", "an") and adjective is not None \
        else head


def _source_noun_as_adjective(core: list[Word], i: int) -> bool:
    """'a senior official/ADJ familiar with ...', 'an executive/ADJ close to ...': a noun of
    anonymous sources the tagger took for an adjective, right before a post-modifier (not
    'the liberal/ADJ elected officials')."""
    word = core[i]
    return word.upos == "ADJ" and word.text.lower() in lexicons.load().anonymous_nouns and \
        i + 1 < len(core) and core[i + 1].text.lower() in _POST_HEAD


def _title_of_domain(core: list[Word], i: int) -> bool:
    """'secretary of | state Hillary Clinton', 'chief of | staff Reince Priebus': the "of" at i
    belongs to a title ending in the name of who holds it; not 'a friend of Jane Roe' (no role
    before "of"), 'an aide of Sen. Jane Roe' or 'a spokesman of President Roe' (the words after
    "of" name a person's title: the name is the object, the aide the speaker)."""
    lex = lexicons.load()
    before, rest = core[i - 1], core[i + 1:]
    if core[i].text.lower() != "of" or before.lemma.lower() not in lex.role_nouns:
        return False
    run = name_run(rest) if rest else []
    if not all(is_proper(w) for w in run):
        return False                       # name_run gives back all the words when none is one
    names = [w for w in run if w.text.lower().rstrip(".") not in lex.role_nouns | lex.name_titles]
    domain = rest[:len(rest) - len(names)]
    if len(names) < 2 or (person_probability(" ".join(w.text for w in names)) or 0) < 0.3:
        return False                       # "director of the Campaign Legal Center": a body
    if domain and domain[0].text.lower() == "the":
        domain = domain[1:]                # "Speaker of the House Rep. Paul Ryan"
    # the domain opens with what the office is over, not with a person's title; an honorific
    # may follow it before the name ("the House | Rep.")
    while domain and domain[-1].text.lower().rstrip(".") in lex.name_titles and len(domain) > 1:
        domain = domain[:-1]
    return 1 <= len(domain) <= 3 and all(
        w.text.isalpha() and w.upos in ("NOUN", "PROPN", "ADJ")
        and w.text.lower() not in lex.dropped_determiners
        and w.text.lower().rstrip(".") not in lex.name_titles
        and learned_noun_kind(w.lemma.lower(), w.xpos in ("NNS", "NNPS")) != "person"
        for w in domain)


def _capitalised(word: Word) -> bool:
    """'National Nurses United/VERB for ...': a capitalised verb inside a phrase is a name word."""
    return word.text[:1].isupper()


def _bare_noun_follows(core: list[Word], i: int) -> bool:
    """'conservative outside/ADP groups': a word tagged as a preposition right before the last
    noun, with no determiner, modifies that noun (the tagger's mistake); 'officials outside the
    government' is a post-modifier."""
    return i + 2 == len(core) and core[i + 1].upos == "NOUN"
