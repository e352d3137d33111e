"""Where a paraphrase hands back to its speaker: "She said she admires his determination and
highlighted their shared commitment" (she highlighted it; she did not say she highlighted it).

The compact parser attaches such a second predicate to the nearest verb, inside the content,
as often as to the cue. Tense tells the two apart where the parse cannot: a predicate without a
subject of its own, joined by "and"/"but", in the cue's finite form ("said ... and
highlighted", "insists ... and has championed") while the reported clause has another ("she
admires", "must be"), is the speaker's own next act, and the content ends before it. Where the
clause and the cue share a tense ("said the plan failed and cost millions") nothing is cut:
both readings are open.
"""
from __future__ import annotations

from .cues import Cue, inside_quote
from .quotes import Quote
from .tree import Tree

FINITE = {"VBD", "VBZ", "VBP", "MD"}
_JOINERS = {"and", "but"}
_SUBJECTS = ("nsubj", "nsubj:pass", "csubj", "expl")
# What the reported clause's own head is attached as (to the cue, or, misparsed, as the root)
_CLAUSE_HEADS = {"ccomp", "root", "parataxis", "xcomp"}


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
    cue_verb = tree.sentence.word(cue.first)
    cue_form = finite_form(tree, cue_verb) if cue_verb is not None else None
    if cue_form is None or cue.according:
        return None
    for verb in tree.words:
        if not start <= verb.start < end or verb.deprel != "conj" or \
                verb.upos not in ("VERB", "AUX") or tree.children(verb, *_SUBJECTS) or \
                finite_form(tree, verb) != cue_form:
            continue
        first = tree.head_of(verb)
        if first is None:
            continue
        if first.deprel.split(":")[0] in _CLAUSE_HEADS and first.start >= start:
            clause_form = finite_form(tree, first)
        else:
            continue
        if clause_form in (None, cue_form):
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
