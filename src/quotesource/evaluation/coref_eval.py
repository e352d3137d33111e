"""Pronoun resolution scored on GUM's gold coreference (CoNLL-U MISC `Entity=`).

For every "he"/"she" (any case) whose gold chain holds a person named before it, the resolver of
`coreference.ArticleContext` is asked who it refers to, from the gold words and tags of the
document (no model: this scores the resolver alone). It is right when the person it picks has a
mention in the pronoun's gold chain. Only GUM's CC BY genres are read; GUM's wikiHow and fiction
documents (CC BY-NC-SA) are skipped.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..attribution.coreference import ArticleContext
from ..nlp import Sentence, Word
from ..attribution.sources import PRONOUN_GENDER

CC_BY_GENRES = ("news", "bio", "interview", "voyage", "textbook", "speech", "vlog", "conversation")
PRONOUNS = {"he", "she"}
_OPEN = re.compile(r"\((\d+)-([a-z]+)")
_CLOSE = re.compile(r"(\d+)\)")


@dataclass
class GumDocument:
    id: str
    text: str
    sentences: list[Sentence]
    mentions: list[tuple[int, int, int, str]]      # (start, end, entity id, entity type)


def read_gum(path) -> list[GumDocument]:
    """CC BY documents of a GUM CoNLL-U file, with text, gold words and entity mentions."""
    docs, doc_id, lines = [], None, []
    for line in open(path, encoding="utf-8"):
        if line.startswith("# newdoc id = "):
            if doc_id and lines:
                docs.append(_document(doc_id, lines))
            doc_id, lines = line.split("=", 1)[1].strip(), []
        else:
            lines.append(line.rstrip("\n"))
    if doc_id and lines:
        docs.append(_document(doc_id, lines))
    return [d for d in docs if d.id.split("_")[1] in CC_BY_GENRES]


def _document(doc_id: str, lines: list[str]) -> GumDocument:
    text, sentences, words, mentions = "", [], [], []
    open_at: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for line in lines + [""]:
        if not line.strip():
            if words:
                sentences.append(Sentence(words[0].start, words[-1].end, words))
                words = []
                text += "\n"
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if not cols[0].isdigit():
            continue                                  # multi-word tokens and empty nodes
        start = len(text)
        text += cols[1]
        misc = dict(kv.split("=", 1) for kv in cols[9].split("|") if "=" in kv)
        if misc.get("SpaceAfter") != "No":
            text += " "
        words.append(Word(int(cols[0]), cols[1], cols[2], cols[3], cols[4], int(cols[6]),
                          cols[7], start, start + len(cols[1]), cols[5]))
        entity = misc.get("Entity", "")
        for m in _OPEN.finditer(entity):
            open_at[int(m.group(1))].append((start, m.group(2)))
        # "(3-person-...)" opens and closes on one word; "3)" closes an earlier opening
        for m in re.finditer(r"\((\d+)-[^()]*\)|(?<![\w-])(\d+)\)", entity):
            eid = int(m.group(1) or m.group(2))
            if open_at[eid]:
                s, etype = open_at[eid].pop()
                mentions.append((s, start + len(cols[1]), eid, etype))
    return GumDocument(doc_id, text, sentences, mentions)


def score_pronouns(docs: list[GumDocument], entities: dict | None = None) -> dict:
    """`entities`: document id -> named entities (e.g. from the NER model); without them every
    capitalised name run may be a person."""
    judged, correct, by_pronoun = 0, 0, Counter()
    errors = []
    for doc in docs:
        chain = {(s, e): eid for s, e, eid, _ in doc.mentions}
        spans_of = defaultdict(list)
        for s, e, eid, etype in doc.mentions:
            spans_of[eid].append((s, e, etype))
        context = ArticleContext(doc.text, 0, len(doc.text), doc.sentences, (),
                                 (entities or {}).get(doc.id, ()))
        for sentence in doc.sentences:
            for w in sentence.words:
                if w.text.lower() not in PRONOUNS or (w.start, w.end) not in chain:
                    continue
                eid = chain[(w.start, w.end)]
                named_before = any(etype == "person" and s < w.start and
                                   doc.text[s:e][:1].isupper() and doc.text[s:e].lower() not in PRONOUNS
                                   for s, e, etype in spans_of[eid])
                if not named_before:
                    continue
                person = context._nearest_person(w.start, PRONOUN_GENDER[w.text.lower()])
                # a _Person's mentions (None, or a speaker Source, has none to compare)
                ok = any(any(a < e and s < b for s, e, _ in spans_of[eid])
                         for a, b in getattr(person, "mentions", ()) if a < w.start)
                judged += 1
                correct += ok
                by_pronoun[(w.text.lower(), ok)] += 1
                if not ok:
                    errors.append((doc.id, w.start, getattr(person, "name", None)))
    return {"documents": len(docs), "pronouns": judged, "correct": correct,
            "accuracy": correct / judged if judged else None,
            "by_pronoun": {p: {"n": by_pronoun[(p, True)] + by_pronoun[(p, False)],
                               "correct": by_pronoun[(p, True)]} for p in sorted(PRONOUNS)},
            "errors": errors}
