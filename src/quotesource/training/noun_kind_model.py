"""Train the noun-kind model (attribution/noun_kinds.py): person, organization or thing, for a
common noun, from its GloVe vector and its letters.

Examples: the head noun (UPOS NOUN; the one word of the mention whose syntactic head lies
outside it) of every entity mention of GUM's CC BY documents, labelled by the mention's entity
type: person, organization, and "thing" for every other type (abstract, object, event, place,
...). Classes are weighted to balance: a speaker's head is far more often a person or a body
than GUM's nouns are. Held out for the figures in the model's `meta`: GUM dev and test, all of
them and the nouns whose lemma training never saw.

    quotesource models train-noun-kinds ../shared/nlp/data
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ..attribution.noun_kinds import (NOUN_KIND_MODEL_PATH, NounKindModel, noun_features,
                                      noun_vector)
from .gum import entity_mentions, gum_cc_by_docs, word_rows

GUM_KINDS = {"person": "person", "organization": "organization"}
MIN_WEIGHT = 0.005                                 # smaller sparse weights are left out


def head_nouns(data_dir: Path, split: str) -> list[tuple[str, bool, str]]:
    """(lemma, plural, kind) for the common-noun head of every GUM mention of one split."""
    examples = []
    for _, blocks in gum_cc_by_docs(data_dir, split):
        for block in blocks:
            rows = word_rows(block)
            for first, last, _, entity_type, _ in entity_mentions(rows):
                ids = {rows[i][0] for i in range(first, last + 1)}
                heads = [rows[i] for i in range(first, last + 1) if rows[i][6] not in ids]
                if len(heads) == 1 and heads[0][3] == "NOUN":
                    examples.append((heads[0][2].lower(), heads[0][4] == "NNS",
                                     GUM_KINDS.get(entity_type, "thing")))
    return examples


def _scores(model: NounKindModel, examples) -> dict:
    by_kind = {kind: [0, 0, 0] for kind in model.kinds}      # right, predicted, gold
    right = 0
    for lemma, plural, kind in examples:
        probabilities = model.probabilities(lemma, plural)
        guess = max(probabilities, key=probabilities.get)
        right += guess == kind
        by_kind[guess][1] += 1
        by_kind[kind][2] += 1
        by_kind[kind][0] += guess == kind
    return {"n": len(examples), "accuracy": round(right / max(len(examples), 1), 4),
            **{kind: {"precision": round(r / max(p, 1), 4), "recall": round(r / max(g, 1), 4)}
               for kind, (r, p, g) in by_kind.items()}}


def train_noun_kinds(data_dir: Path, output: Path = NOUN_KIND_MODEL_PATH,
                     c: float = 1.0) -> dict:
    """Train on GUM train, score on dev and test, write the model; returns its meta."""
    import numpy
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    data_dir = Path(data_dir)
    train = head_nouns(data_dir, "train")
    held_out = head_nouns(data_dir, "dev") + head_nouns(data_dir, "test")
    vectorizer = DictVectorizer()
    sparse = vectorizer.fit_transform([noun_features(lemma, plural) for lemma, plural, _ in train])
    dense = csr_matrix(numpy.array([noun_vector(lemma) for lemma, _, _ in train]))
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=0).fit(
        hstack([sparse, dense]).tocsr(), [kind for _, _, kind in train])
    kinds = [str(k) for k in clf.classes_]
    names = list(vectorizer.get_feature_names_out())
    weights = {name: [round(float(clf.coef_[k][i]), 4) for k in range(len(kinds))]
               for i, name in enumerate(names)
               if max(abs(clf.coef_[k][i]) for k in range(len(kinds))) >= MIN_WEIGHT}
    dense_weights = [[round(float(w), 4) for w in clf.coef_[k][len(names):]]
                     for k in range(len(kinds))]
    bias = [round(float(b), 4) for b in clf.intercept_]
    model = NounKindModel(tuple(kinds), weights, dense_weights, bias, {})
    seen = {lemma for lemma, _, _ in train}
    meta = {"trained_on": dict(sorted(Counter(kind for _, _, kind in train).items())),
            "held_out": _scores(model, held_out),
            "held_out_unseen_lemmas": _scores(model, [x for x in held_out if x[0] not in seen]),
            "c": c, "recipe": "quotesource models train-noun-kinds ../shared/nlp/data"}
    model = NounKindModel(tuple(kinds), weights, dense_weights, bias, meta)
    Path(output).write_text(json.dumps(model.as_dict(), sort_keys=True) + "\n", encoding="utf-8")
    return meta
