"""Small helpers over a parsed sentence's dependency tree (plain `nlp.Sentence` objects)."""
from __future__ import annotations

from functools import cached_property

from ..nlp import Sentence, Word

SUBJECT_RELS = ("nsubj", "nsubj:pass", "csubj")
# Verbs whose object, not their subject, does what their infinitive says, and does it ("allowed
# him to claim", "forced her to admit"); "asked him to say" reports no saying, so it is not here.
OBJECT_CONTROL = frozenset("allow permit enable force compel lead prompt persuade convince "
                           "inspire".split())
PUNCT_TRIM = ",;:.-\u2014\u2013\"'\u201c\u201d\u2018\u2019()"


class Tree:
    def __init__(self, sentence: Sentence):
        self.sentence = sentence
        self.words = sentence.words

    @cached_property
    def _children(self) -> dict[int, list[Word]]:
        kids: dict[int, list[Word]] = {w.id: [] for w in self.words}
        kids[0] = []
        for w in self.words:
            if w.head in kids and w.head != w.id:
                kids[w.head].append(w)
        return kids

    def children(self, word: Word, *rels: str) -> list[Word]:
        kids = self._children.get(word.id, [])
        if not rels:
            return kids
        return [k for k in kids if k.deprel in rels or k.deprel.split(":")[0] in rels]

    def head_of(self, word: Word) -> Word | None:
        return self.sentence.word(word.head) if word.head else None

    def subtree_ids(self, word: Word, stop_rels: tuple[str, ...] = ()) -> set[int]:
        """Ids of word and its descendants, not descending into relations in stop_rels."""
        ids, todo = set(), [word]
        while todo:
            w = todo.pop()
            if w.id in ids:
                continue
            ids.add(w.id)
            todo.extend(k for k in self.children(w)
                        if not (k.deprel in stop_rels or k.deprel.split(":")[0] in stop_rels))
        return ids

    def contiguous_span(self, ids: set[int], anchor: int) -> tuple[int, int]:
        """The run of consecutive word ids around anchor that are all in ids (first, last)."""
        first = last = anchor
        while first - 1 in ids:
            first -= 1
        while last + 1 in ids:
            last += 1
        return first, last

    def trimmed(self, first: int, last: int) -> tuple[int, int] | None:
        """Drop punctuation and quote marks at both ends of a word range."""
        while first <= last and self.sentence.word(first).text in PUNCT_TRIM:
            first += 1
        while last >= first and self.sentence.word(last).text in PUNCT_TRIM:
            last -= 1
        return (first, last) if first <= last else None

    def offsets(self, first: int, last: int) -> tuple[int, int]:
        return self.sentence.word(first).start, self.sentence.word(last).end

    def word_at(self, offset: int) -> Word | None:
        for w in self.words:
            if w.start <= offset < w.end:
                return w
        return None

    def subject(self, verb: Word) -> Word | None:
        """The verb's subject; shared subjects of coordinated verbs and xcomp chains are inherited."""
        seen = set()
        while verb is not None and verb.id not in seen:
            seen.add(verb.id)
            subjects = [s for s in self.children(verb, *SUBJECT_RELS)
                        if not self._opening_participle(s, verb)]
            if subjects:
                # The nearest subject before the verb: a bad parse can hang a second one on it.
                # But one whose phrase reaches past it holds it: "Sen./nsubj Jane/nsubj Roe/flat>Sen."
                before = [s for s in subjects if s.id < verb.id]
                if not before:
                    return subjects[0]
                nearest = before[-1]
                holding = [s for s in before[:-1] if max(self.subtree_ids(s)) > nearest.id]
                if holding:
                    return holding[0]
                if len(before) > 1 and self._apposition(nearest, before[-2]):
                    return before[-2]
                return nearest
            participle = verb.xpos == "VBG" and verb.deprel.split(":")[0] == "advcl"
            controller = self._object_controller(verb)
            if controller is not None:
                return controller
            if verb.deprel.split(":")[0] in ("conj", "xcomp") or participle:   # ", saying ..."
                verb = self.head_of(verb)
            elif (noun := self._infinitive_on_object(verb)) is not None:
                verb = self.head_of(noun)   # "launched a campaign to condemn": who launched it
            else:
                return None
        return None

    def _infinitive_on_object(self, verb: Word) -> Word | None:
        """The object noun a 'to' infinitive modifies ('launched an extraordinary public
        campaign to condemn', 'made a push to say'), else None."""
        head = self.head_of(verb)
        if verb.deprel != "acl" or head is None or head.upos != "NOUN" or \
                head.deprel != "obj" or head.id > verb.id or \
                not any(m.text.lower() == "to" for m in self.children(verb, "mark")):
            return None
        return head

    def _object_controller(self, verb: Word) -> Word | None:
        """'allowed Mosseri to claim': the object before a 'to' infinitive that an OBJECT_CONTROL
        verb takes as its xcomp is who does what it says, not the verb's subject."""
        head = self.head_of(verb) if verb.deprel.split(":")[0] == "xcomp" else None
        if head is None or head.lemma not in OBJECT_CONTROL or \
                not any(m.text.lower() == "to" for m in self.children(verb, "mark")):
            return None
        return next((o for o in self.children(head, "obj", "iobj")
                     if o.id < verb.id and o.upos in ("PROPN", "NOUN", "PRON")), None)

    def _apposition(self, nearest: Word, earlier: Word) -> bool:
        """'Gov. Chris Christie/nsubj (R), a staunch ally/nsubj, acknowledged': a common-noun
        phrase set off by commas right after a name is that name's apposition, not a subject."""
        if nearest.upos != "NOUN" or earlier.upos != "PROPN":
            return False
        ids = sorted(i for i in self.subtree_ids(nearest) if self.sentence.word(i).upos != "PUNCT")
        first, last = ids[0], ids[-1]
        return 1 < first and last < len(self.words) and \
            self.sentence.word(first - 1).text == "," and self.sentence.word(last + 1).text == "," and \
            max(self.subtree_ids(earlier)) < first

    def _opening_participle(self, subject: Word, verb: Word) -> bool:
        """'Speaking/csubj on CNBC on Monday, Mr. Roe called ...': a participle clause that
        opens the sentence and a comma closes is no clausal subject, whatever the parse says
        ('Speaking out is hard' has no comma)."""
        return subject.deprel == "csubj" and subject.xpos == "VBG" and subject.id == 1 and \
            any(w.text == "," for w in self.words[:verb.id - 1])
