"""What a common noun stands for: a person, an organization or a thing. A learned answer.

A speaker's head noun that no lexicon lists ("the insurer", "a defendant", "talks") was once
typed by its ending: "-er" and "-or" made a person, so "the broadcaster" spoke as someone and
"the border" could too, and every unknown plural was an anonymous group. This model, a
multinomial logistic regression over the noun's GloVe vector (the shipped models/en/pretrain.pt)
and its letters, trained by `quotesource models train-noun-kinds` (training/noun_kind_model.py)
on the head nouns of GUM's CC BY entity mentions (person, organization, everything else), says
which of the three it is. The lexicons still answer first; the model only for nouns they lack.
Shipped as JSON weights: one dot product per kind.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..nlp.vectors import VECTOR_SIZE, word_vector

NOUN_KIND_MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "noun_kinds.json"


def noun_features(lemma: str, plural: bool) -> dict[str, float]:
    """The sparse features of a lowercased lemma: the word, its character 3- to 5-grams, its
    number, and whether the vectors know it."""
    features = {f"w={lemma}": 1.0, "plural": float(plural),
                "oov": float(word_vector(lemma) is None)}
    bounded = f"^{lemma}$"
    for n in (3, 4, 5):
        for i in range(len(bounded) - n + 1):
            features[f"c{n}={bounded[i:i + n]}"] = 1.0
    return features


def noun_vector(lemma: str) -> list[float]:
    vector = word_vector(lemma)
    return [0.0] * VECTOR_SIZE if vector is None else [float(x) for x in vector]


@dataclass(frozen=True)
class NounKindModel:
    kinds: tuple[str, ...]
    sparse: dict[str, list[float]]        # feature -> one weight per kind
    dense: list[list[float]]              # per kind, one weight per vector dimension
    bias: list[float]
    meta: dict

    def probabilities(self, lemma: str, plural: bool) -> dict[str, float]:
        scores = list(self.bias)
        for name, value in noun_features(lemma, plural).items():
            for k, weight in enumerate(self.sparse.get(name, ())):
                scores[k] += weight * value
        vector = noun_vector(lemma)
        for k, weights in enumerate(self.dense):
            scores[k] += sum(w * x for w, x in zip(weights, vector))
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        return {kind: e / sum(exps) for kind, e in zip(self.kinds, exps)}

    @classmethod
    def from_dict(cls, data: dict) -> "NounKindModel":
        return cls(tuple(data["kinds"]), data["sparse"], data["dense"], data["bias"],
                   data.get("meta", {}))

    def as_dict(self) -> dict:
        return {"kinds": list(self.kinds), "bias": self.bias, "meta": self.meta,
                "dense": self.dense, "sparse": dict(sorted(self.sparse.items()))}


@cache
def noun_kind_model() -> NounKindModel | None:
    """The shipped model, or None where there is none (nouns then typed by their endings)."""
    if not NOUN_KIND_MODEL_PATH.exists():
        return None
    return NounKindModel.from_dict(json.loads(NOUN_KIND_MODEL_PATH.read_text(encoding="utf-8")))


# The model learnt GUM's nouns with the kinds balanced; a speaker's head is far more often a
# person or a body than a thing, so "thing" needs this much of the probability to be said.
THING_MIN = 0.9
# "person" likewise: at 0.8 "the retired neurosurgeon" and "the gambling tycoon" are the people
# named before them; the argmax alone ("the mailer", 0.53) made documents speak as people.
PERSON_MIN = 0.8


def _likeliest(lemma: str, plural: bool) -> tuple[str, float] | None:
    """The model's likeliest kind for the noun and its probability; None without a model."""
    model = noun_kind_model()
    if model is None:
        return None
    probabilities = model.probabilities(lemma, plural)
    kind = max(probabilities, key=probabilities.get)
    return kind, probabilities[kind]


@cache
def learned_noun_kind(lemma: str, plural: bool) -> str | None:
    """"organization" where that is the likeliest kind, "thing" where it has THING_MIN,
    "person" where it has PERSON_MIN, else None: the caller reads the noun's ending, as without
    a model. A definite description of a person resolves to the person named before it
    (coreference.py); taken at its likeliest, nouns the model barely calls people ("the
    mailer") made documents speak as named people on the check half of the PolNeAR labels
    (docs/accuracy.md), hence the threshold."""
    likeliest = _likeliest(lemma, plural)
    if likeliest is None:
        return None
    kind, probability = likeliest
    if kind == "organization" or (kind == "thing" and probability >= THING_MIN) or \
            (kind == "person" and probability >= PERSON_MIN):
        return kind
    return None


@cache
def names_people(lemma: str, plural: bool) -> bool | None:
    """Whether the model's likeliest kind for the noun is a person ("voters", "backers"; not
    "states"), for the people a quantity counts ("a majority of voters"); None without a
    model."""
    likeliest = _likeliest(lemma, plural)
    return None if likeliest is None else likeliest[0] == "person"
