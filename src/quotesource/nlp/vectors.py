"""The shipped word vectors (GloVe 6B 50d, models/en/pretrain.pt) as a word -> vector lookup.

The learned decisions over word meaning (attribution/noun_kinds.py) were trained on these
vectors, so they read the shipped file whatever model set the parser uses. Read once, with
torch, from Stanza's pretrain format (a vocabulary and an embedding matrix).
"""
from __future__ import annotations

from functools import cache

from . import SHIPPED_MODELS

SHIPPED_VECTORS = SHIPPED_MODELS / "pretrain.pt"
VECTOR_SIZE = 50


@cache
def _table():
    """(word -> row, matrix), or ({}, None) where no vectors are shipped."""
    if not SHIPPED_VECTORS.exists():
        return {}, None
    import torch

    data = torch.load(SHIPPED_VECTORS, map_location="cpu", weights_only=False)
    return data["vocab"]["_unit2id"], data["emb"].numpy()


def word_vector(word: str):
    """The word's vector (a numpy row, lowercased lookup as GloVe is), or None where the
    vocabulary has no such word (or no vectors are shipped)."""
    index, matrix = _table()
    row = index.get(word.lower())
    return None if row is None else matrix[row]
