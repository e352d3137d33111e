"""Learn what an unlisted head noun stands for: an organization, a document or a person.

"The brokerage said", "the daily reported", "the filing states": a definite description whose
head is in none of the hand lists (lexicons/organization_nouns.txt, document_nouns.txt,
role_nouns.txt, anonymous_nouns.txt) used to be typed a document by default. This recipe places
every common noun of a treebank (the lemmas UD EWT train tags NOUN) among the listed words by
its shipped GloVe vector: the class of most of its five nearest listed words, when the nearest
is close enough (cosine >= MIN_SIMILARITY). The result, lexicons/learned_head_nouns.tsv, is read
by typing only where no hand list knows the noun.

    quotesource models train-noun-classes --treebank ../shared/nlp/data/ewt/en_ewt-ud-train.conllu
"""
from __future__ import annotations

from pathlib import Path

from .. import lexicons
from ..nlp import SHIPPED_MODELS

CLASSES = {"organization": ("organization_nouns.txt",),
           "document": ("document_nouns.txt",),
           "person": ("role_nouns.txt", "anonymous_nouns.txt")}
NEIGHBOURS = 5
MIN_VOTES = 3
MIN_SIMILARITY = 0.6
OUTPUT = lexicons.LEXICON_DIR / "learned_head_nouns.tsv"


def seed_words() -> dict[str, str]:
    seeds: dict[str, str] = {}
    for cls, files in CLASSES.items():
        for name in files:
            for word in lexicons.words(name):
                if " " not in word:
                    seeds.setdefault(word, cls)
    return seeds


def treebank_nouns(conllu: Path) -> set[str]:
    nouns = set()
    for line in conllu.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[3] == "NOUN" and cols[2].isalpha():
            nouns.add(cols[2].lower())
    return nouns


def load_vectors(path: Path = SHIPPED_MODELS / "pretrain.pt"):
    import torch

    data = torch.load(path, weights_only=False)
    return list(data["vocab"]["_id2unit"]), data["emb"].numpy()


def train(treebank: Path, output: Path = OUTPUT) -> dict:
    from collections import Counter

    import numpy as np

    words, vectors = load_vectors()
    index = {w: i for i, w in enumerate(words)}
    unit = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)
    seeds = {w: c for w, c in seed_words().items() if w in index}
    seed_words_ = list(seeds)
    seed_matrix = unit[[index[w] for w in seed_words_]]
    rows = []
    for noun in sorted(treebank_nouns(treebank)):
        if noun in seeds or noun not in index:
            continue
        similarity = seed_matrix @ unit[index[noun]]
        nearest = np.argsort(-similarity)[:NEIGHBOURS]
        (cls, votes), = Counter(seeds[seed_words_[i]] for i in nearest).most_common(1)
        if votes >= MIN_VOTES and similarity[nearest[0]] >= MIN_SIMILARITY:
            rows.append((noun, cls, float(similarity[nearest[0]])))
    header = ("# Head nouns placed by their word vectors, not by hand: quotesource models\n"
              "# train-noun-classes (training/noun_classes.py). Read only where no hand list has the noun.\n"
              "# noun\tclass\tsimilarity to the nearest listed noun\n")
    output.write_text(header + "".join(f"{w}\t{c}\t{p:.2f}\n" for w, c, p in rows),
                      encoding="utf-8")
    return {"seeds": len(seeds), "written": len(rows),
            "per_class": dict(Counter(r[1] for r in rows))}
