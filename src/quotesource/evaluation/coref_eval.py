"""Pronoun resolution scored on GUM's gold coreference (CoNLL-U MISC `Entity=`).

For every "he"/"she" (any case) whose gold chain holds a person named before it, the resolver of
`coreference.ArticleContext` is asked who it refers to, from the gold words and tags of the
document (no model: this scores the resolver alone). It is right when the person it picks has a
mention in the pronoun's gold chain. Only GUM's CC BY genres are read; GUM's wikiHow and fiction
documents (CC BY-NC-SA) are skipped.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from ..attribution.coreference import ArticleContext
from ..attribution.sources import PRONOUN_GENDER
from ..training.gum import GumDocument

PRONOUNS = {"he", "she"}


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
                person = context.nearest_person(w.start, PRONOUN_GENDER[w.text.lower()])
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
