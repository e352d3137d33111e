"""Where a paraphrase hands back to its speaker, or to another.

"She said she admires his determination and highlighted their shared commitment": she
highlighted it; she did not say she highlighted it. The compact parser attaches such a second
predicate to the nearest verb, inside the content, as often as to the cue. Tense tells the two
apart where the parse cannot: a predicate without a subject of its own, joined by "and"/"but",
in the cue's finite form ("said ... and highlighted", "insists ... and has championed") while
the reported clause has another ("she admires", "must be"), is the speaker's own next act, and
the content ends before it. Where the clause and the cue share a tense ("said the plan failed
and cost millions") nothing is cut: both readings are open. A cue in a relative clause reports
no further than that clause, and a report nested in one (", which he argued ...") is another
speaker's or another claim.
"""
from __future__ import annotations

from .. import lexicons
from .cues import Cue, inside_quote
from .quotes import Quote
from .speaker_phrases import RELATIVE
from .tree import SUBJECT_RELS, Tree

FINITE = {"VBD", "VBZ", "VBP", "MD"}
_JOINERS = {"and", "but"}
_SUBJECTS = (*SUBJECT_RELS, "expl")
# What the reported clause's own head is attached as (to the cue, or, misparsed, as the root)
_CLAUSE_HEADS = {"ccomp", "root", "parataxis", "xcomp"}


def handed_back(tree: Tree, cue: Cue, start: int, end: int, quotes: list[Quote]) -> int | None:
    """Where the paraphrase [start, end) of `cue` must end, or None: the speaker's next act,
    the end of the relative clause the cue is in, or a report nested in a relative clause."""
    return (speakers_next_predicate(tree, cue, start, end, quotes)
            or relative_clause_end(tree, cue, start, end)
            or nested_report(tree, cue, start, end, quotes))


def finite_form(tree: Tree, verb) -> str | None:
    """The verb's finite tag, or its first auxiliary's or copula's ("has championed",
    "is proud" -> VBZ)."""
    for aux in tree.children(verb, "aux", "aux:pass", "cop"):
        if aux.xpos in FINITE:
            return aux.xpos
    return verb.xpos if verb.xpos in FINITE else None


def speakers_next_predicate(tree: Tree, cue: Cue, start: int, end: int,
                            quotes: list[Quote]) -> int | None:
    """The offset where the content [start, end) must end (before the joiner, and the comma
    before it), or None. Only a second predicate of the reported clause's own head is read
    (not one inside a relative or adverbial clause: "candidates who could have run but
    didn't"), and none inside quotation marks."""
    cue_form = finite_form(tree, tree.sentence.word(cue.first))
    if cue_form is None or cue.according:
        return None
    for verb in tree.words:
        if not start <= verb.start < end or verb.deprel != "conj" or \
                verb.upos not in ("VERB", "AUX") or tree.children(verb, *_SUBJECTS) or \
                finite_form(tree, verb) != cue_form:
            continue
        first = tree.head_of(verb)      # the first conjunct: the reported clause's own head
        if first is None or first.deprel.split(":")[0] not in _CLAUSE_HEADS or \
                first.start < start or finite_form(tree, first) in (None, cue_form):
            continue
        if verb.xpos == "VBD" and not tree.children(verb, "aux", "aux:pass") and \
                tree.children(first, "aux", "aux:pass"):
            continue      # "has criticized X and called him weak": called (VBN) shares "has"
        joiners = [c for c in tree.children(verb, "cc") if c.text.lower() in _JOINERS
                   and start < c.start < verb.start and not inside_quote(c.start, quotes)]
        if not joiners:
            continue
        cut = joiners[0]
        before = tree.sentence.word(cut.id - 1) if cut.id > 1 else None
        return before.start if before is not None and before.text == "," else cut.start
    return None


def relative_clause_end(tree: Tree, cue: Cue, start: int, end: int) -> int | None:
    """"Clinton, who praised Garland and said Republicans should give him a hearing, stopped
    short of ...": a cue inside a relative clause reports no further than that clause; the
    content ends at the comma before the verb its antecedent is the subject of."""
    verb = tree.sentence.word(cue.first)
    while verb is not None and verb.deprel == "conj":
        verb = tree.head_of(verb)
    if verb is None or verb.deprel != "acl:relcl":
        return None
    opening = min(tree.subtree_ids(verb))        # a clause set off by a comma: "X, who said"
    if opening < 2 or tree.sentence.word(opening - 1).text not in (",", "(", "\u2014"):
        return None
    antecedent = tree.head_of(verb)
    governor = tree.head_of(antecedent) if antecedent is not None else None
    if governor is None or governor.upos not in ("VERB", "AUX") or \
            not (start < governor.start < end) or governor.start < verb.start:
        return None
    commas = [w for w in tree.words if start < w.start < governor.start and w.text == ","]
    return commas[-1].start if commas else None


def nested_report(tree: Tree, cue: Cue, start: int, end: int,
                  quotes: list[Quote]) -> int | None:
    """"... would have a path to the nomination, which he declared 'a total disaster'", "...
    had been rigged, a charge that party leaders denied": a relative clause with a reporting
    verb and a subject of its own is another attribution about the phrase it hangs on; the
    content ends at the comma or dash that sets that phrase off. (Not where the clause holds
    a quote, "which he called 'an evil act'": the quote would be read as this content's,
    resumed.)"""
    verbs = lexicons.load().reporting_verbs
    for verb in tree.words:
        if not start < verb.start < end or verb.id in (cue.first, cue.last) or \
                verb.deprel != "acl:relcl" or verb.lemma.lower() not in verbs:
            continue
        subjects = tree.children(verb, "nsubj")
        if not subjects or subjects[0].text.lower() in RELATIVE:
            continue                  # "officials who said": they speak, nothing is nested
        clause = tree.subtree_ids(verb)
        after = [w for w in tree.words if w.id > max(clause) and w.start < end]
        if after and not (after[0].text == "," and len(after) > 1 and after[1].xpos == "VBG") \
                and any(w.upos != "PUNCT" for w in after):
            continue      # "the plan, which critics called reckless, would go ahead": inside
        antecedent = tree.head_of(verb)
        if antecedent is not None and antecedent.deprel == "appos":
            clause = tree.subtree_ids(antecedent)                # ", a charge that X denied"
        opening = min(i for i in clause if tree.sentence.word(i).upos != "PUNCT")
        first, last = tree.offsets(opening, max(clause))
        if any(first <= q.open < last for q in quotes):
            continue
        mark = tree.sentence.word(opening - 1) if opening > 1 else None
        if mark is not None and mark.start > start and mark.text in (",", "\u2014", "--", "-") \
                and not inside_quote(mark.start, quotes):
            return mark.start
    return None
