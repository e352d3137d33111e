"""Quote reuse: the same direct quote in several articles and outlets.

Two direct quotes are the same when their normalised texts are equal (case, punctuation,
whitespace, curly or straight quote marks and apostrophes ignored), or near-duplicates: a
rapidfuzz ratio of at least NEAR_RATIO, i.e. a few characters edited in a sentence ("we will
build the wall" / "we will build that wall"). Comparing every pair would grow with the square of the corpus, so only
quotes that share their first or their last BLOCK_WORDS words are compared: a small edit
leaves one end intact. Quotes under MIN_WORDS words ("No", "fake news") are left out: they
would join unrelated articles.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

MIN_WORDS = 4
NEAR_RATIO = 90.0
BLOCK_WORDS = 4
_APOSTROPHES = str.maketrans({"\u2019": "", "\u2018": "", "'": "", "\u02bc": ""})


def normalise(text: str) -> str:
    """"We’ll WIN,” she said" and "we'll win" -> "well win"."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


def cluster(texts: dict[str, str]) -> dict[str, str]:
    """{id: cluster key} for ids whose text has MIN_WORDS words or more; the key is the
    normalised text of the cluster's shortest-then-first member, so it is stable."""
    keys = {i: normalise(t) for i, t in texts.items()}
    keys = {i: k for i, k in keys.items() if len(k.split()) >= MIN_WORDS}
    distinct = sorted(set(keys.values()))
    parent = {k: k for k in distinct}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    blocks = defaultdict(list)
    for k in distinct:
        words = k.split()
        blocks["<" + " ".join(words[:BLOCK_WORDS])].append(k)
        blocks[">" + " ".join(words[-BLOCK_WORDS:])].append(k)
    for members in blocks.values():
        if len(members) > 1:
            _join_near(members, parent, root)
    roots = {}
    for k in distinct:
        roots.setdefault(root(k), []).append(k)
    label = {k: min(group, key=lambda g: (len(g), g)) for group in roots.values() for k in group}
    return {i: label[k] for i, k in keys.items()}


def _join_near(members: list[str], parent: dict, root) -> None:
    from rapidfuzz import fuzz
    from rapidfuzz.process import cdist

    scores = cdist(members, members, scorer=fuzz.ratio, score_cutoff=NEAR_RATIO, workers=1)
    for a in range(len(members)):
        for b in range(a + 1, len(members)):
            if scores[a][b]:
                parent[root(members[a])] = root(members[b])


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return round(fuzz.ratio(normalise(a), normalise(b)), 1)
