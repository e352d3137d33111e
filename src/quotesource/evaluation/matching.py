"""Prediction records and their pairing with gold attributions, for `evaluate` and `report`.

Predictions are JSONL dicts (`load_predictions`) of three kinds (`prediction_kind`); their spans
are read as (start, end) pieces (`pieces_of`, `content_of`) and compared by non-space characters.

Content matching. `overlap(text, pred, gold)` is the share of the gold content's non-space
characters that the prediction covers. Predictions and gold attributions of an article are paired
one-to-one, greedily by best overlap (ties: the tighter prediction, by shared/union); a pair counts
as a true positive at threshold t when its overlap is >= t. Greedy pairing is threshold-free: pairs
below t are only ever taken after every pair at or above t, so one pairing serves all thresholds.
`align` makes that pairing; `paired` lists it per prediction.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .gold import GoldAttribution, GoldSet, Pieces


# ---------------------------------------------------------------------------- spans

def pieces_of(span) -> Pieces | None:
    """A prediction span ({"start","end",...}, a list of them, or None) as (start, end) pieces."""
    if not span:
        return None
    if isinstance(span, dict):
        return ((int(span["start"]), int(span["end"])),)
    return tuple(p for s in span for p in (pieces_of(s) or ()))


def content_of(pred: dict) -> Pieces | None:
    """A prediction's content: its pieces when discontinuous, else its one span."""
    return pieces_of(pred.get("content_pieces") or pred.get("content"))


def span_text(span) -> str | None:
    """The text of a prediction span (pieces joined by a space), or None."""
    if not span:
        return None
    if isinstance(span, dict):
        return span.get("text")
    return " ".join(s.get("text") or "" for s in span)


def nonspace(text: str, pieces: Pieces | None) -> frozenset[int]:
    return frozenset(i for s, e in (pieces or ()) for i in range(max(s, 0), min(e, len(text)))
                     if not text[i].isspace())


def overlap(text: str, pred: Pieces | None, gold: Pieces | None) -> float:
    """Shared non-space characters / the gold's non-space characters, in [0, 1]."""
    g = nonspace(text, gold)
    return len(nonspace(text, pred) & g) / len(g) if g else 0.0


def normalise_name(name: str | None) -> str:
    s = re.sub(r"\s+", " ", (name or "").replace("’", "'").lower()).strip(" .,;:")
    return re.sub(r"^(?:(?:the|a|an|both)\s+)+", "", s)


# a sentence ends at . ! ? (and closing marks) followed by space and a capital, or at a newline;
# not after a lone capital ("U.S. Army") or a common title
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)"
                           r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n")


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence(s) holding text[start:end], by a simple boundary regex."""
    left = 0
    for m in _SENTENCE_END.finditer(text):     # not endpos=start: the lookahead needs text[start]
        if m.end() > start:
            break
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.start() + len(m.group().rstrip()) if m else len(text)
    out = re.sub(r"\s+", " ", text[left:right]).strip()
    return out if len(out) <= limit else out[:limit - 1] + "…"


def prediction_kind(pred: dict) -> str:
    rec = pred.get("record")
    if rec in ("no_comment", "non_response") or (not rec and "content" not in pred
                                                  and "group" not in pred and "cue" in pred):
        return "non_response"
    if rec in ("disclosure", "source_disclosure") or (not rec and "group" in pred):
        return "disclosure"
    return "attribution"


def load_predictions(paths) -> list[dict]:
    """JSONL files (or directories of *.jsonl) -> prediction dicts."""
    preds = []
    for p in [paths] if isinstance(paths, (str, Path)) else paths:
        p = Path(p)
        for f in sorted(p.glob("*.jsonl")) if p.is_dir() else [p]:
            preds += [json.loads(l) for l in f.read_text("utf-8").splitlines() if l.strip()]
    return preds


# ---------------------------------------------------------------------------- alignment

@dataclass
class Alignment:
    gold: GoldSet
    preds: list[dict] = field(default_factory=list)        # attribution predictions, in gold
    pair_of_pred: dict[int, tuple[int, float]] = field(default_factory=dict)
    pair_of_gold: dict[int, tuple[int, float]] = field(default_factory=dict)
    touches: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    ignored: int = 0
    span_mismatch: int = 0


def align(gold: GoldSet, predictions: list[dict]) -> Alignment:
    al = Alignment(gold)
    by_article: dict[str, list[int]] = defaultdict(list)
    for gi, g in enumerate(gold.attributions):
        by_article[g.article].append(gi)
    pred_by_article: dict[str, list[int]] = defaultdict(list)
    for p in predictions:
        if prediction_kind(p) != "attribution" or not p.get("content"):
            continue
        if p.get("article") not in gold.articles:
            al.ignored += 1
            continue
        text, c = gold.articles[p["article"]], p["content"]
        if any("text" in x and text[x["start"]:x["end"]] != x["text"]
               for x in ([c] if isinstance(c, dict) else c)):
            al.span_mismatch += 1
        pred_by_article[p["article"]].append(len(al.preds))
        al.preds.append(p)
    for art, pis in pred_by_article.items():
        text = gold.articles[art]
        gsets = {gi: nonspace(text, gold.attributions[gi].content) for gi in by_article[art]}
        candidates = []
        for pi in pis:
            pset = nonspace(text, content_of(al.preds[pi]))
            for gi, gset in gsets.items():
                shared = len(pset & gset)
                if shared and gset:
                    al.touches[pi].add(gi)
                    union = len(pset | gset)
                    candidates.append((shared / len(gset), shared / union,
                                       not gold.attributions[gi].optional, pi, gi))
        for ov, _, _, pi, gi in sorted(candidates, reverse=True):
            if pi not in al.pair_of_pred and gi not in al.pair_of_gold:
                al.pair_of_pred[pi] = (gi, ov)
                al.pair_of_gold[gi] = (pi, ov)
    return al


def greedy_pairs(cands: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs from (score, a, b) candidates, best score first (ties: higher a, b)."""
    used_p, used_g, out = set(), set(), []
    for _, pi, gi in sorted(cands, reverse=True):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi), used_g.add(gi), out.append((pi, gi))
    return out


def paired(gold: GoldSet, predictions: list[dict]) -> list[tuple[dict, GoldAttribution | None, float]]:
    """Each attribution prediction with the gold attribution it is paired with (one-to-one, as
    `score` pairs them) and their overlap; (p, None, 0.0) where it is paired with none."""
    al = align(gold, predictions)
    out = []
    for pi, p in enumerate(al.preds):
        gi, ov = al.pair_of_pred.get(pi, (None, 0.0))
        out.append((p, gold.attributions[gi] if gi is not None else None, ov))
    return out
