"""Questions put to a source: 'Asked whether ..., Clinton said', 'he said when asked by a
reporter if ...'.

The question is reported speech whose asker is usually the unnamed reporter, so it is found
here rather than by the speaker stage, which would take the answering source for the asker.
The asker is the agent ('asked by a host') or None; the content is the question, from the word
after 'asked' to the end of its clause.
"""
from __future__ import annotations

from dataclasses import dataclass

from .content import QUESTION_WORDS, Content, paraphrase_kind
from .text_spans import strip_end
from .cues import Cue
from .quotes import Quote
from .tree import Tree

# What introduces an adverbial 'asked': 'When asked', 'After being asked', 'if asked'.
_LEADS = {"when", "after", "once", "if", "as", "before", "being", "while", "until"}
_PASSIVE = {"was", "were", "is", "are", "been", "be", "being", "'s", "\u2019s"}
# The agent phrase ends where the question starts: 'asked by a reporter | whether ...'.
_QUESTION_STARTS = QUESTION_WORDS | {"about", "to", ","}
_MAX_AGENT = 8


@dataclass
class Question:
    asker: tuple[int, int] | None     # word ids of 'by X', or None: the reporter
    content: Content


def find_question(text: str, tree: Tree, cue: Cue, quotes: list[Quote]) -> Question | None:
    """A passive 'asked' with its question, or None for the active 'X asked ...'."""
    if cue.lemma != "ask" or not _passive(tree, cue):
        return None
    words = tree.words
    after = cue.last            # the last word before the question
    asker = None
    if after < len(words) and words[after].text.lower() == "by":
        end = next((w.id for w in words[after + 1:after + 1 + _MAX_AGENT]
                    if w.text.lower() in _QUESTION_STARTS), None)
        if end is None:
            return None
        asker = tree.trimmed(after + 2, end - 1)
        after = end - 1
    if after >= len(words):
        return None
    start = words[after].start
    while start < len(text) and (text[start].isspace() or text[start] in ",:"):
        start += 1
    end = strip_end(text, start, _clause_end(tree, cue, quotes))
    if end <= start or any(q.open <= start < q.outer_end for q in quotes):
        return None        # 'was asked, “Now, you famously said ...”': the quote stage's
    return Question(asker, Content(start, end, paraphrase_kind(text[start:end])))


def _passive(tree: Tree, cue: Cue) -> bool:
    word = tree.sentence.word(cue.first)
    if word.text.lower() != "asked":
        return False
    previous = tree.sentence.word(cue.first - 1).text.lower() if cue.first > 1 else ""
    following = tree.sentence.word(cue.last + 1).text.lower() if cue.last < len(tree.words) else ""
    if previous == ",":        # 'Trump, asked about ..., said'; not '..., asked Smith'
        return following in _QUESTION_STARTS or following == "by"
    return cue.first == 1 or previous in _LEADS or previous in _PASSIVE


def _clause_end(tree: Tree, cue: Cue, quotes: list[Quote]) -> int:
    """Where the question ends: before the main clause that follows ('Asked if ..., Clinton
    said'), or at the sentence end ('he said when asked whether ...')."""
    sentence = tree.sentence
    lead = cue.first - 1 if cue.first > 1 and sentence.word(cue.first - 1).text.lower() in _LEADS \
        else cue.first
    if lead > 1 and sentence.word(lead - 1).text == ",":
        # 'Trump, when asked about X, often ...': a clause set off by commas ends at the next
        # one (a relative clause inside it is kept: 'about Y, which ...,').
        words = tree.words
        comma = next((w for w in words[cue.last:-1] if w.text == ","
                      and words[w.id].text.lower() not in ("which", "who", "whose")), None)
        if comma is not None:
            return comma.start
    root = next((w for w in tree.words if w.head == 0), None)
    if root is not None and root.id == cue.first:
        root = _clause_joined_to(tree, cue) or root
    if root is not None and root.id > cue.last:
        subject = tree.subject(root)
        limit = subject.id if subject is not None and subject.id > cue.last else root.id
        commas = [w for w in tree.words if cue.last < w.id < limit and w.text == ","]
        if commas:
            return commas[-1].start
    quote = next((q for q in quotes if sentence.start <= q.open < sentence.end
                  and q.open > sentence.word(cue.last).end), None)
    return quote.open if quote else sentence.end


def _clause_joined_to(tree: Tree, cue: Cue):
    """'Asked/root about X, Trump told/conj CNN ...': the parse hung the main clause on "asked";
    it is the verb joined to it whose subject follows the cue."""
    for w in tree.words[cue.last:]:
        verb = tree.head_of(w) if w.deprel.startswith("nsubj") else None
        if verb is not None and verb.head == cue.first and \
                verb.deprel.split(":")[0] in ("conj", "parataxis"):
            return verb
    return None
