"""Train the name model (attribution/names.py): person or not, from a name's letters and words.

Examples: every PER, ORG and LOC name of Universal NER on EWT (train, dev and test files) and the
person, organization and place names of GUM's CC BY documents (training/gum.py reads them as
NER tags). Label 1 for a person's name. A logistic regression (scikit-learn) over the sparse
features of attribution/names.py; the weights are written as JSON. Held out for the figure in
the model's `meta`: UNER dev and test and GUM dev and test, by split, never trained on.

    quotesource models train-names ../shared/nlp/data
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ..attribution.confidence import AttributionModel
from ..attribution.names import NAME_MODEL_PATH, name_features
from .gum import cc_by_documents, gum_entities

UNER_SKIP = {"B-O", "I-O", "B-OTH", "I-OTH"}      # "no entity" in UNER's first release
MIN_WEIGHT = 0.01                                  # smaller weights are left out of the file


def names_of(tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name, type) for every BIO-tagged name of one sentence."""
    names, current, kind = [], [], None
    for token, tag in [*tagged, ("", "O")]:
        if tag.startswith("I-") and kind == tag[2:]:
            current.append(token)
            continue
        if current:
            names.append((" ".join(current), kind))
        current, kind = ([token], tag[2:]) if tag[:2] in ("B-", "I-") else ([], None)
    return names


def uner_names(path: Path) -> list[tuple[str, str]]:
    names, sentence = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            names += names_of(sentence)
            sentence = []
            continue
        cols = line.split("\t")
        sentence.append((cols[1], "O" if cols[2] in UNER_SKIP else cols[2]))
    return names + names_of(sentence)


def gum_names(path: Path) -> list[tuple[str, str]]:
    names = []
    for _, blocks in cc_by_documents(path):
        for block in blocks:
            tokens, tags = gum_entities(block)
            names += names_of(list(zip(tokens, tags)))
    return names


def split_names(data_dir: Path, splits) -> list[tuple[str, str]]:
    data_dir = Path(data_dir)
    names = []
    for split in splits:
        names += uner_names(data_dir / "uner" / f"en_ewt-ud-{split}.iob2")
        names += gum_names(data_dir / "gum" / f"en_gum-ud-{split}.conllu")
    return names


def train_names(data_dir: Path, output: Path = NAME_MODEL_PATH, c: float = 1.0) -> dict:
    """Train on the train splits, score on dev and test, write the model; returns its meta."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    train, held_out = split_names(data_dir, ["train"]), split_names(data_dir, ["dev", "test"])
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([name_features(name) for name, _ in train])
    clf = LogisticRegression(C=c, max_iter=3000, random_state=0).fit(
        x, [int(kind == "PER") for _, kind in train])
    weights = {name: round(float(w), 4) for name, w in
               zip(vectorizer.get_feature_names_out(), clf.coef_[0]) if abs(w) >= MIN_WEIGHT}
    model = AttributionModel(weights, round(float(clf.intercept_[0]), 4), 0.5, {})
    right = sum(int((model.probability(name_features(name)) >= 0.5) == (kind == "PER"))
                for name, kind in held_out)
    meta = {"trained_on": dict(Counter(kind for _, kind in train)),
            "held_out": len(held_out), "held_out_accuracy": round(right / len(held_out), 4),
            "c": c, "recipe": "quotesource models train-names ../shared/nlp/data"}
    model = AttributionModel(weights, model.bias, 0.5, meta)
    Path(output).write_text(json.dumps(model.as_dict(), indent=0, sort_keys=True) + "\n",
                            encoding="utf-8")
    return meta
