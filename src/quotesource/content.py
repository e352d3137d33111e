"""Stage 3: what was said, for a cue and its speaker, as character offsets into the article.

Order of evidence: a quotation next to the cue clause (direct), the clause the cue governs
("said that ...", indirect), the clause before ", X said" or ", according to X" (indirect), the
object of cues like "outlined" or "affirmed". Content holding a quote mark is `mixed`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import Cue
from .quotes import Quote
from .tree import Tree

_TRIM = " \t\n,;:\u2014\u2013-"
_SENTENCE_END = ".?!"
_QUOTE_CHARS = "\u201c\u201d\"\u201e"
_BRIDGE = re.compile(r"^[\s,:\u2014\u2013-]*(that)?[\s,:]*$", re.I)   # between cue and quote
_COMMA_GAP = re.compile(r"^[\s,\u2014\u2013-]*$")                      # between quote and clause
_CONTENT_RELS = ("ccomp", "parataxis", "xcomp")


@dataclass
class Content:
    start: int
    end: int
    kind: str


def find_content(text: str, tree: Tree, cue: Cue, speaker: tuple[int, int] | None,
                 quotes: list[Quote]) -> Content | None:
    sent = tree.sentence
    cue_start, cue_end = tree.offsets(cue.first, cue.last)
    clause_start = min(cue_start, tree.offsets(*speaker)[0]) if speaker else cue_start
    clause_end = max(cue_end, tree.offsets(*speaker)[1]) if speaker else cue_end

    after = _quote_after(text, quotes, clause_end, cue_end)
    before = _quote_before(text, quotes, clause_start, sent.end)
    if after and before:
        return Content(before.start, after.end, "direct")   # "Part one," he said, "part two."
    if after or before:
        q = after or before
        return Content(q.start, _strip_end(text, q.start, q.end, keep_period=True), "direct")

    span = None
    if cue.according:
        if _clause_runs_to_end(text, clause_end, sent.end):
            span = (sent.start, _comma_before(text, sent.start, clause_start))
        else:
            span = (_skip_comma(text, clause_end, sent.end), sent.end)
    else:
        span = _governed_clause(tree, cue)
        if span is None and _clause_runs_to_end(text, clause_end, sent.end):
            span = (sent.start, _comma_before(text, sent.start, clause_start))
    if span is None or None in span:
        return None
    start, end = span
    while start < end and text[start] in _TRIM:
        start += 1
    end = _strip_end(text, start, end)
    if end - start < 3:
        return None
    piece = text[start:end]
    kind = "mixed" if any(c in piece for c in _QUOTE_CHARS) else "indirect"
    return Content(start, end, kind)


def _quote_after(text, quotes, clause_end, cue_end) -> Quote | None:
    for q in quotes:
        if q.open >= cue_end and _BRIDGE.match(text[clause_end:q.open]):
            return q
    return None


def _quote_before(text, quotes, clause_start, sentence_end) -> Quote | None:
    for q in quotes:
        if q.close is not None and q.close < clause_start \
                and _COMMA_GAP.match(text[q.close + 1:clause_start]) \
                and "," in text[q.start:clause_start]:
            return q
    return None


def _governed_clause(tree: Tree, cue: Cue) -> tuple[int, int] | None:
    verb = tree.sentence.word(cue.first)
    rels = _CONTENT_RELS + (("obj",) if cue.content == "object" else ())
    for kid in tree.children(verb, *rels):
        if kid.id < verb.id:
            continue   # content before the cue is found by the comma pattern
        if kid.deprel == "xcomp" and cue.cls == "belief":
            continue   # "expected to remain" is not a stance on a proposition
        ids = {i for i in tree.subtree_ids(kid) if i > verb.id}
        # From the first word of the clause (minus "that") to its last word: the compact parser
        # often hangs pieces of the clause ("while ...") on the cue instead of the clause head.
        first, last = min(ids), max(ids)
        while first < last and tree.sentence.word(first).text.lower() in {"that", ",", ":"}:
            first += 1
        if kid.deprel == "obj":
            # ... and cuts an object's infinitive or relative clause off
            # ("outlined plans | to phase out ..."): object content runs to the sentence end.
            last = len(tree.words)
        span = tree.trimmed(first, last)
        if span:
            return tree.offsets(*span)
    return None


def _clause_runs_to_end(text, clause_end, sentence_end) -> bool:
    """The cue clause closes the sentence: ', X said.' or ', X said, adding ...'."""
    rest = text[clause_end:sentence_end].strip()
    return rest == "" or rest[0] in _SENTENCE_END or rest.startswith(",")


def _comma_before(text, sentence_start, clause_start) -> int | None:
    gap = text[sentence_start:clause_start].rstrip()
    if not gap.endswith(",") and not gap.endswith("\u2014"):
        return None
    return sentence_start + len(gap) - 1


def _skip_comma(text, pos, end) -> int:
    while pos < end and text[pos] in " ,":
        pos += 1
    return pos


def _strip_end(text, start, end, keep_period=False) -> int:
    while end > start and (text[end - 1] in _TRIM or
                           (not keep_period and text[end - 1] in _SENTENCE_END)):
        end -= 1
    return end
